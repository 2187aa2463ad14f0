import type { Kysely } from "kysely";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Db } from "./db/database.js";
import type { Database } from "./db/schema.js";
import type { EventBus } from "./events.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import { insertJob, type NewJob } from "./outbox/outbox.repository.js";
import type { SecretBox } from "./secrets.js";

/** What every service and job handler receives: the process's long-lived parts. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly events: EventBus;
  readonly secrets: SecretBox;
  readonly outbox: Outbox;
}

export interface Outbox {
  /** Write a job row in the caller's transaction. */
  enqueue(trx: Kysely<Database>, job: NewJob): Promise<string>;
  /** Tell the worker(s) there is new work; call after the enqueuing transaction commits. */
  wake(): void;
  /** The worker registers itself here. */
  onWake(listener: () => void): void;
}

export function createOutbox(clock: Clock): Outbox {
  const listeners: Array<() => void> = [];
  return {
    enqueue: (trx, job) => insertJob(trx, job, clock.now().toISOString()),
    wake: () => {
      for (const l of listeners) l();
    },
    onWake: (l) => {
      listeners.push(l);
    },
  };
}
