import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { User } from "../../users/users.service.js";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";
import { authenticate, type Principal } from "./auth.js";
import type { RateLimit, RateLimiter } from "./rate-limit.js";

/**
 * Who may call a route. "public" routes must be on the allow-list test (security.test.ts);
 * "agent" = any signed-in user; "owner" = the owner role. API keys act as the owner who created them,
 * limited to routes their scope names.
 */
export type Access = "public" | "agent" | "owner";

export interface RouteSpec<
  B extends z.ZodType,
  Q extends z.ZodType,
  P extends z.ZodType,
  R extends z.ZodType = z.ZodUnknown,
> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  /** API key scope (besides "all") that may call this route. */
  scope?: string;
  body?: B;
  query?: Q;
  params?: P;
  /** Response schema: the one definition of the shape (OpenAPI, the handler's type, the agent app's types). */
  response?: R;
  status?: number;
  /** Counted before the body is read: `key` sees the headers and the address, never the body. */
  rateLimit?: RateLimit & { key?: (req: FastifyRequest) => string };
  /** Returns the response (typed by `response`), or sends one itself through `reply`. */
  handler: (input: HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<z.input<R> | FastifyReply>;
}

export interface HandlerInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  principal: Principal | undefined;
  /** The signed-in user; present on every non-public route. */
  user: User;
  req: FastifyRequest;
  /** For status, headers and cookies only: the handler returns the body and the route sends it. */
  reply: Omit<FastifyReply, "send" | "then">;
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access;
  summary: string;
  tags: string[];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  status: number;
  scope?: string;
}

/** What route modules need from the app: the context, the shared limiter and the route table. */
export interface HttpDeps {
  ctx: AppContext;
  limiter: RateLimiter;
  /** Route table shared by the OpenAPI generator and the security test. */
  routeTable: RouteRecord[];
  /** Every route Fastify knows, however it was registered (the security test walks it). */
  allRoutes: { method: string; url: string }[];
}

/**
 * Lists a route registered straight on Fastify (a webhook that needs its raw body for the signature) in the
 * route table, so the OpenAPI document shows it like the routes registerRoutes adds.
 */
export function documentRoute(
  deps: HttpDeps,
  record: Omit<RouteRecord, "status"> & { status?: number },
): void {
  deps.routeTable.push({ ...record, status: record.status ?? 200 });
}

export function defineRoute<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<B, Q, P, R>): RouteSpec<B, Q, P, R> {
  return spec;
}

/** Who called, from the onRequest hook to the handler of the same request. */
const principals = new WeakMap<FastifyRequest, Principal | undefined>();

export function registerRoutes(
  app: FastifyInstance,
  deps: HttpDeps,
  // biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of specs.
  specs: RouteSpec<any, any, any, any>[],
): void {
  const { ctx, limiter } = deps;
  for (const spec of specs) {
    deps.routeTable.push({
      method: spec.method,
      url: spec.url,
      access: spec.access,
      summary: spec.summary,
      tags: spec.tags,
      body: spec.body,
      query: spec.query,
      params: spec.params,
      response: spec.response,
      status: spec.status ?? 200,
      scope: spec.scope,
    });
    app.route({
      method: spec.method,
      url: spec.url,
      // Rate limit and authentication run on request, before Fastify reads the body: an anonymous or
      // limited caller never gets a body buffered (the CSV import takes 20 MB).
      onRequest: async (req) => {
        if (spec.rateLimit) {
          const key = spec.rateLimit.key ? spec.rateLimit.key(req) : req.ip;
          await limiter.hit(spec.rateLimit, key);
        }
        principals.set(req, await authenticate(ctx, req, spec.access, spec.scope));
      },
      handler: async (req, reply) => {
        const principal = principals.get(req);
        // The usual status; a handler may set another on `reply` before it returns its body.
        reply.code(spec.status ?? 200);
        const params = parse(spec.params, req.params, "path parameters");
        const query = parse(spec.query, req.query, "query");
        const body = parse(spec.body, req.body, "body");
        const result = await spec.handler({
          body,
          query,
          params,
          principal,
          user: principal?.user as User,
          req,
          reply,
        });
        // Fastify sends the returned body (an object, a Buffer, a stream) exactly once. A handler that
        // sent the reply itself would race it: awaiting a reply ends when the client hangs up, which can
        // be before the response has ended, and a second send then fails with ERR_HTTP_HEADERS_SENT.
        return result ?? null;
      },
    });
  }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value ?? (where === "body" ? undefined : {}));
  if (result.success) return result.data;
  throw new AppError(
    "validation_failed",
    `Invalid ${where}: ${result.error.issues.map((i) => `${i.path.join(".") || where} ${i.message}`).join("; ")}`,
    result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}

export const idParams = z.object({ id: z.string().min(1).max(64) });
