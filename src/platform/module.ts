import type { FastifyInstance } from "fastify";
import type { AppContext } from "./context.js";
import type { HttpDeps } from "./http/route.js";
import type { JobDefinition } from "./outbox/job.js";

/** A domain plugs into the app through this: its routes, its jobs, its demo data, its background work. */
export interface DomainModule {
  name: string;
  register?(app: FastifyInstance, deps: HttpDeps): void | Promise<void>;
  jobs?: JobDefinition[];
  /** Demo data for a fresh install (runs once, on an empty database). */
  seedDemo?(ctx: AppContext): Promise<void>;
  /** Work started with the worker role (schedulers); returns a stop function. */
  startBackground?(ctx: AppContext): (() => Promise<void> | void) | undefined;
}
