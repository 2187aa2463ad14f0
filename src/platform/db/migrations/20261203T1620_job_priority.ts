import { type Kysely, sql } from "kysely";

// Claim order: a job's priority first, then its due time. A WhatsApp send (someone waits for it) goes ahead of
// the inbound backlog that produced it, so greetings keep flowing while new contacts arrive faster than the
// policy handles them. The partial index holds only pending jobs, walked in claim order: a claim reads the
// first few due rows and stops, however long the backlog (done jobs, the bulk of the table, are not in it).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("jobs")
    .addColumn("priority", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`create index jobs_due_idx on jobs (priority, run_at) where status = 'pending'`.execute(db);
  await sql`create index jobs_lease_idx on jobs (locked_until) where status = 'running'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index jobs_lease_idx`.execute(db);
  await sql`drop index jobs_due_idx`.execute(db);
  await db.schema.alterTable("jobs").dropColumn("priority").execute();
}
