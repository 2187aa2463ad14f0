import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.js";
import { ping } from "../db/database.js";
import { pendingMigrations } from "../db/migrate.js";
import { countJobsByStatus } from "../outbox/outbox.repository.js";

/** Probes for load balancers and Prometheus; outside /api, no auth, no database work on /healthz. */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    try {
      await ping(ctx.db);
      const pending = await pendingMigrations(ctx.db);
      if (pending.length > 0) return reply.code(503).send({ status: "migrations_pending", pending });
      return { status: "ready", database: ctx.db.dialect };
    } catch (error) {
      ctx.log.warn({ err: error }, "readiness check failed");
      return reply.code(503).send({ status: "database_unreachable" });
    }
  });

  app.get("/metrics", async (_req, reply) => {
    try {
      const counts = await countJobsByStatus(ctx.db.kysely);
      for (const [status, n] of Object.entries(counts)) ctx.metrics.outboxBacklog.set({ status }, n);
    } catch (error) {
      ctx.log.warn({ err: error }, "could not count outbox jobs");
    }
    reply.header("content-type", ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
