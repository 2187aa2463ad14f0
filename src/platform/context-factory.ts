import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { type AppContext, createOutbox } from "./context.js";
import { type Db, openDatabase } from "./db/database.js";
import { EventBus } from "./events.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { ensurePrivateDir } from "./private-files.js";
import { createSecretBox, loadSecretKey } from "./secrets.js";

export interface ContextOptions {
  db?: Db;
  log?: Logger;
  clock?: Clock;
}

export function createContext(config: Config, options: ContextOptions = {}): AppContext {
  ensurePrivateDir(config.dataDir);
  const clock = options.clock ?? systemClock;
  return {
    config,
    db: options.db ?? openDatabase(config.database),
    log: options.log ?? createLogger(config),
    clock,
    metrics: createMetrics(),
    events: new EventBus(),
    secrets: createSecretBox(loadSecretKey(config.secretKey, config.dataDir)),
    outbox: createOutbox(clock),
  };
}
