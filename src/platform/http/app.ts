import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { AppContext } from "../context.js";
import { registerHealthRoutes } from "../health/health.routes.js";
import { randomToken } from "../ids.js";
import { installErrorHandler } from "./errors.js";
import { jsonBodyParser } from "./json-body.js";
import { buildOpenApi } from "./openapi.js";
import { MemoryRateLimitStore, RateLimiter } from "./rate-limit.js";
import { DatabaseRateLimitStore } from "./rate-limit.repository.js";
import type { HttpDeps, RouteRecord } from "./route.js";

export interface HttpModule {
  /** Registers the module's routes. */
  register(app: FastifyInstance, deps: HttpDeps): void | Promise<void>;
}

export interface BuiltApp {
  app: FastifyInstance;
  deps: HttpDeps;
}

const QUIET_PREFIXES = [
  "/webhooks/",
  "/simulator/",
  "/healthz",
  "/readyz",
  "/metrics",
  "/app/assets/",
  "/assets/",
];

/** Assemble the HTTP server from the platform parts and the domain modules. */
export async function buildHttpApp(ctx: AppContext, modules: HttpModule[]): Promise<BuiltApp> {
  // Typed as a plain FastifyInstance: route modules do not care which pino flavour logs.
  const app = Fastify({
    loggerInstance: ctx.log,
    // Our own onResponse hook logs one line per request (quieter for webhooks and probes).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 4 * 1024 * 1024,
    requestIdHeader: "x-request-id",
    genReqId: () => randomToken(16),
    // Forwarding headers are believed only from the proxies the operator names (TRUST_PROXY).
    trustProxy: trustProxy(ctx.config.trustProxy),
  }) as unknown as FastifyInstance;
  const deps: HttpDeps = {
    ctx,
    limiter: createRateLimiter(ctx),
    routeTable: [] as RouteRecord[],
    allRoutes: [],
  };
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) deps.allRoutes.push({ method, url: route.url });
  });

  await app.register(cookie);
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, jsonBodyParser(app));
  installErrorHandler(app);

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    reply.header("x-frame-options", "DENY");
    if (ctx.config.secureCookies)
      reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    return payload;
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    const seconds = reply.elapsedTime / 1000;
    ctx.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: req.method, route }, seconds);
    const quiet = reply.statusCode < 400 && QUIET_PREFIXES.some((p) => req.url.startsWith(p));
    const line = {
      reqId: req.id,
      method: req.method,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (reply.statusCode >= 500) req.log.error(line, "request failed");
    else if (!quiet) req.log.info(line, "request");
  });

  registerHealthRoutes(app, ctx);
  for (const module of modules) await module.register(app, deps);

  app.get("/api/openapi.json", async () =>
    buildOpenApi(deps.routeTable, { version: "1", serverUrl: ctx.config.publicUrl }),
  );

  return { app, deps };
}

/**
 * PostgreSQL desks may run several processes: their limits are counted in the database so they hold
 * across processes. SQLite serves one process, which counts exactly in memory (a table there would put
 * a durable commit, contending with the webhook's writer, in front of every limited request).
 */
function createRateLimiter(ctx: AppContext): RateLimiter {
  const local = new MemoryRateLimitStore();
  const shared = ctx.db.dialect === "postgres" ? new DatabaseRateLimitStore(ctx.db.kysely) : local;
  return new RateLimiter(shared, local, () => ctx.clock.now().getTime());
}

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest N hops". */
function trustProxy(setting: AppContext["config"]["trustProxy"]) {
  if (typeof setting === "number") return (_address: string, hop: number) => hop < setting;
  return setting === false ? false : [...setting];
}
