import type { LightMyRequestResponse } from "fastify";
import type { BeedeskServer } from "../server.js";
import { checkedResponse } from "./api-shape.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who asks: a session cookie header (`beedesk_session=…`, as signInCookie() gives it), an API key
 * (`{ bearer }`), or nobody.
 */
export type Caller = string | { bearer: string } | undefined;

export interface RequestOptions {
  as?: Caller;
  /** Sent as JSON on a write (a write without one sends `{}`, as the agent app does); never on a GET. */
  body?: unknown;
  /** More headers (they win over the ones the caller and the body give). */
  headers?: Record<string, string>;
}

/** The route tests' one HTTP client: every method takes the URL first, then who asks, then the body. */
export interface TestHttp {
  request(method: Method, url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  get(url: string, as?: Caller, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, as?: Caller, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, as?: Caller, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, as?: Caller, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string, as?: Caller, body?: unknown): Promise<LightMyRequestResponse>;
}

function callerHeaders(as: Caller): Record<string, string> {
  if (as === undefined) return {};
  return typeof as === "string" ? { cookie: as } : { authorization: `Bearer ${as.bearer}` };
}

/**
 * Requests through a test server's Fastify app (`server` is read at each request, so a test may start a new
 * server per test). A write carries `Content-Type: application/json` (the session cookie is accepted on
 * writes only with it). Every successful JSON answer is checked against its route's response schema
 * (api-shape.ts), so each route test also proves the shape the API documents.
 */
export function testHttp(server: () => BeedeskServer): TestHttp {
  const request = async (method: Method, url: string, options: RequestOptions = {}) => {
    const write = method !== "GET";
    const res = await server().app.inject({
      method,
      url,
      headers: {
        ...callerHeaders(options.as),
        ...(write ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      ...(write ? { payload: JSON.stringify(options.body ?? {}) } : {}),
    });
    return checkedResponse(server(), res);
  };
  return {
    request,
    get: (url, as, headers) => request("GET", url, { as, headers }),
    post: (url, as, body) => request("POST", url, { as, body }),
    put: (url, as, body) => request("PUT", url, { as, body }),
    patch: (url, as, body) => request("PATCH", url, { as, body }),
    delete: (url, as, body) => request("DELETE", url, { as, body }),
  };
}
