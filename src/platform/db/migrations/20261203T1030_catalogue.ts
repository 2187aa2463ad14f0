import { type Kysely, sql } from "kysely";

// Catalogue facts on products, for pre-sales answers (policy/catalogue): a price, the names customers use,
// the PHP versions and OpenCart flavours supported, and the owner's own questions and answers. Lists are
// JSON text, as platform_versions already is.

const COLUMNS = [
  ["price_cents", sql`integer`],
  ["currency", sql`text not null default 'USD'`],
  ["aliases", sql`text not null default '[]'`],
  ["php_versions", sql`text not null default '[]'`],
  ["flavours", sql`text not null default '[]'`],
  ["qa", sql`text not null default '[]'`],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of COLUMNS) {
    await sql`alter table products add column ${sql.ref(name)} ${type}`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...COLUMNS].reverse()) {
    await sql`alter table products drop column ${sql.ref(name)}`.execute(db);
  }
}
