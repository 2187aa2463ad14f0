import { type Kysely, PostgresAdapter, sql } from "kysely";

// PostgreSQL search: the words index also holds each message's conversation (a GIN index over both, which
// needs the btree_gin extension), so "does this conversation have a message with these words" is one index
// probe. The inbox's search walks the newest conversations asking that (inbox/search-postgres.repository.ts).
// Where btree_gin cannot be installed (not shipped, or no right to create it), the words-only index stays and
// search still works, more slowly. SQLite's FTS5 needs nothing here.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Extensions are per database: serialise with any other schema migrating on the same database.
  await sql`select pg_advisory_xact_lock(hashtext('beedesk:btree_gin'))`.execute(db);
  const { rows } = await sql<{ installed: boolean; possible: boolean }>`
    select exists (select 1 from pg_extension where extname = 'btree_gin') as installed,
      exists (select 1 from pg_available_extensions where name = 'btree_gin')
        and ((select rolsuper from pg_roles where rolname = current_user)
          or (has_database_privilege(current_database(), 'CREATE') and has_schema_privilege('public', 'CREATE')))
        as possible`.execute(db);
  const { installed, possible } = rows[0]!;
  if (!installed && !possible) return;
  // In public, not in this schema: dropping a schema (tests give each run one) must not take it along.
  if (!installed) await sql`create extension if not exists btree_gin with schema public`.execute(db);
  await sql`drop index messages_text_fts_idx`.execute(db);
  await sql`create index messages_text_fts_idx on messages using gin (conversation_id, to_tsvector('simple', coalesce(text, '')))`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // The extension stays: other databases' schemas may use it.
  await sql`drop index messages_text_fts_idx`.execute(db);
  await sql`create index messages_text_fts_idx on messages using gin (to_tsvector('simple', coalesce(text, '')))`.execute(
    db,
  );
}
