import type { LightMyRequestResponse } from "fastify";
import { z } from "zod";
import type { RouteRecord } from "../platform/http/route.js";
import type { BeedeskServer } from "../server.js";

/** The route of the table that answers METHOD path: static segments win over parameters. */
function routeFor(table: RouteRecord[], method: string, path: string): RouteRecord | undefined {
  const candidates = table.filter((r) => {
    if (r.method !== method) return false;
    const pattern = r.url
      .split("/")
      .map((segment) =>
        segment
          .split(/(:[A-Za-z]+)/)
          .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
          .join(""),
      )
      .join("/");
    return new RegExp(`^${pattern}$`).test(path);
  });
  const params = (r: RouteRecord) => (r.url.match(/:/g) ?? []).length;
  return candidates.sort((a, b) => params(a) - params(b))[0];
}

/**
 * The JSON body of a successful response, after checking it against the zod response schema of the route
 * that answered it: the shape the API documents (and the agent app's types come from) is the shape it sends.
 * Throws on an error status, a route without a response schema, or a body its schema does not allow.
 */
// biome-ignore lint/suspicious/noExplicitAny: like res.json(), for tests to read.
export function checkedJson<T = any>(server: BeedeskServer, res: LightMyRequestResponse): T {
  const method = res.raw.req.method ?? "GET";
  const path = new URL(res.raw.req.url ?? "/", "http://localhost").pathname;
  if (res.statusCode >= 300) throw new Error(`${method} ${path} answered ${res.statusCode}: ${res.body}`);
  const route = routeFor(server.deps.routeTable, method, path);
  if (!route) throw new Error(`No route answers ${method} ${path}`);
  if (!route.response) throw new Error(`${method} ${route.url} declares no response schema`);
  const body = res.json() as unknown;
  const parsed = route.response.safeParse(body);
  if (!parsed.success)
    throw new Error(`${method} ${route.url} answered outside its schema:\n${z.prettifyError(parsed.error)}`);
  return body as T;
}

/** The response as it is, after checkedJson() when it is a successful JSON answer (for tests' HTTP helpers). */
export function checkedResponse(server: BeedeskServer, res: LightMyRequestResponse): LightMyRequestResponse {
  const json = String(res.headers["content-type"] ?? "").startsWith("application/json");
  if (res.statusCode < 300 && json) checkedJson(server, res);
  return res;
}
