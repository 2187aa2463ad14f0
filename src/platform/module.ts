import type { FastifyInstance } from "fastify";
import type { InboundListener } from "../whatsapp/inbound-events.js";
import type { AppContext } from "./context.js";
import type { HttpDeps } from "./http/route.js";
import type { JobDefinition } from "./outbox/job.js";
import type { Schedule } from "./schedules.js";

/**
 * A domain plugs into the app through this, and only through this (no registration as an import side
 * effect): its routes, its jobs, its inbound listeners, its schedules, its demo data.
 */
export interface DomainModule {
  name: string;
  register?(app: FastifyInstance, deps: HttpDeps): void | Promise<void>;
  jobs?: JobDefinition[];
  /**
   * Run for every new inbound WhatsApp message of this server, in the `whatsapp.inbound` job (in module order).
   * A listener that throws makes the job retry and every listener run again: each must be idempotent.
   */
  inboundListeners?: InboundListener[];
  /** Background intervals, started with the worker role in one place (BeedeskServer.startBackground). */
  schedules?: Schedule[];
  /**
   * Long-running background work that is not an interval (the mailbox reader), started with the worker role
   * beside the schedules; returns its stop function.
   */
  startBackground?(ctx: AppContext): (() => Promise<void> | void) | undefined;
  /** Demo data for a fresh install (runs once, on an empty database). */
  seedDemo?(ctx: AppContext): Promise<void>;
  /** Releases what the module holds (a mail transport…) when the server stops. */
  close?(ctx: AppContext): Promise<void> | void;
}
