import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** One registry per app instance, so tests can build several apps in one process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "beedesk_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "beedesk_http_requests_total",
      help: "HTTP requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "beedesk_http_request_duration_seconds",
      help: "HTTP request duration by method and route",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: "beedesk_jobs_processed_total",
      help: "Outbox jobs run, by type and outcome (ok, retry, dead)",
      labelNames: ["type", "outcome"] as const,
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: "beedesk_outbox_jobs",
      help: "Outbox jobs by status (pending, running, dead)",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
