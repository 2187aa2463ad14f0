import { type Kysely, sql } from "kysely";

// The first hour: an owner's first sign-in asks a few questions (issue 14). `onboarded_at` says when the
// account finished or skipped them; accounts that exist already have long since begun, so they count as done.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("onboarded_at", "text").execute();
  await sql`UPDATE users SET onboarded_at = created_at`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("onboarded_at").execute();
}
