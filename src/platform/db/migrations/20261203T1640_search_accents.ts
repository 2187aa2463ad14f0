import { type Kysely, PostgresAdapter, sql } from "kysely";

// PostgreSQL search folds accents as SQLite's FTS5 does (remove_diacritics): "cancion" finds "canción" and the
// other way round. search_fold() decomposes the text (NFD) and drops the combining marks, so "ñ" is "n" and
// "é" is "e"; it is plain SQL over built-in immutable functions, so it needs no extension (unaccent is not
// immutable, and a restore would have to install it first). It costs about 10 µs a message; a translate() of
// every accented letter cost 300 µs. normalize() needs a UTF8 database: elsewhere nothing is folded.
// The words index is rebuilt over the folded text.
//
// The index also stops collecting new rows in a pending list (fastupdate off): the inbox search asks it once per
// conversation, and every one of those probes had to read the whole pending list (up to 4 MB) first, which
// made a probe cost a millisecond instead of microseconds. Each stored message now updates the index directly.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const { rows } = await sql<{ installed: boolean; utf8: boolean }>`
    select exists (select 1 from pg_extension where extname = 'btree_gin') as installed,
      pg_encoding_to_char(encoding) = 'UTF8' as utf8 from pg_database where datname = current_database()`.execute(
    db,
  );
  const fold = rows[0]?.utf8
    ? `regexp_replace(normalize(coalesce(t, ''), NFD), '[\\u0300-\\u036f]', '', 'g')`
    : `coalesce(t, '')`;
  await sql`create function search_fold(t text) returns text language sql immutable parallel safe
    as ${sql.raw(`$$ select ${fold} $$`)}`.execute(db);
  await sql`drop index messages_text_fts_idx`.execute(db);
  // With btree_gin (see 20261203T1510_search_by_conversation) the conversation leads, else words only.
  const columns = rows[0]?.installed
    ? sql`conversation_id, to_tsvector('simple', search_fold(text))`
    : sql`to_tsvector('simple', search_fold(text))`;
  await sql`create index messages_text_fts_idx on messages using gin (${columns}) with (fastupdate = off)`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const { rows } = await sql<{ installed: boolean }>`
    select exists (select 1 from pg_extension where extname = 'btree_gin') as installed`.execute(db);
  await sql`drop index messages_text_fts_idx`.execute(db);
  const columns = rows[0]?.installed
    ? sql`conversation_id, to_tsvector('simple', coalesce(text, ''))`
    : sql`to_tsvector('simple', coalesce(text, ''))`;
  await sql`create index messages_text_fts_idx on messages using gin (${columns})`.execute(db);
  await sql`drop function search_fold(text)`.execute(db);
}
