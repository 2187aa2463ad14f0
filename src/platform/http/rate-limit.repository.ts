import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { RateLimitStore } from "./rate-limit.js";

/**
 * Counts in the database, so every process of one desk enforces the same limit. One upsert per hit:
 * ON CONFLICT serializes concurrent hits of one key, and a window that has ended starts again in the
 * same statement.
 */
export class DatabaseRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Kysely<Database>) {}

  async increment(id: string, windowMs: number, now: number) {
    const nowIso = new Date(now).toISOString();
    const resetAt = new Date(now + windowMs).toISOString();
    const row = await this.db
      .insertInto("rate_limits")
      .values({ id, hits: 1, reset_at: resetAt })
      .onConflict((oc) =>
        oc.column("id").doUpdateSet({
          hits: sql<number>`case when rate_limits.reset_at <= ${nowIso} then 1 else rate_limits.hits + 1 end`,
          reset_at: sql<string>`case when rate_limits.reset_at <= ${nowIso} then ${resetAt} else rate_limits.reset_at end`,
        }),
      )
      .returning(["hits", "reset_at"])
      .executeTakeFirstOrThrow();
    return { count: Number(row.hits), resetAt: Date.parse(row.reset_at) };
  }

  async sweep(now: number): Promise<void> {
    await this.db.deleteFrom("rate_limits").where("reset_at", "<=", new Date(now).toISOString()).execute();
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom("rate_limits").execute();
  }
}
