import { type Kysely, PostgresAdapter, sql } from "kysely";

// SQLite message search: messages are added to the FTS5 index in bulk after they are committed, instead of
// by a trigger inside every commit. An FTS5 insert flushes its pending terms at each commit, so a trigger
// made every webhook commit pay for a small index segment: bulk indexing the same rows costs a sixth as much.
// messages_fts_progress holds the highest seq already indexed (rows are never deleted by the app, and new
// rows always get a higher seq); see inbox/search-index.ts. PostgreSQL's GIN index is unchanged.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table messages_fts_progress (
      id integer primary key check (id = 1),
      indexed_seq integer not null
    )`.execute(db);
  // Everything already stored was indexed by the trigger this migration removes.
  await sql`insert into messages_fts_progress (id, indexed_seq) select 1, coalesce(max(seq), 0) from messages`.execute(
    db,
  );
  await sql`drop trigger messages_fts_insert`.execute(db);
  await sql`drop trigger messages_fts_delete`.execute(db);
  await sql`drop trigger messages_fts_update`.execute(db);
  // Only rows already in the index are taken out of it; a row not indexed yet is indexed later as it is then.
  await sql`create trigger messages_fts_delete after delete on messages
      when old.text is not null and old.seq <= (select indexed_seq from messages_fts_progress) begin
        insert into messages_fts(messages_fts, rowid, text) values ('delete', old.seq, old.text);
      end`.execute(db);
  await sql`create trigger messages_fts_update after update of text on messages
      when old.seq <= (select indexed_seq from messages_fts_progress) begin
        insert into messages_fts(messages_fts, rowid, text) select 'delete', old.seq, old.text where old.text is not null;
        insert into messages_fts(rowid, text) select new.seq, new.text where new.text is not null;
      end`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`drop trigger messages_fts_delete`.execute(db);
  await sql`drop trigger messages_fts_update`.execute(db);
  await sql`drop table messages_fts_progress`.execute(db);
  await sql`insert into messages_fts(messages_fts) values ('rebuild')`.execute(db);
  await sql`create trigger messages_fts_insert after insert on messages when new.text is not null begin
      insert into messages_fts(rowid, text) values (new.seq, new.text);
    end`.execute(db);
  await sql`create trigger messages_fts_delete after delete on messages when old.text is not null begin
      insert into messages_fts(messages_fts, rowid, text) values ('delete', old.seq, old.text);
    end`.execute(db);
  await sql`create trigger messages_fts_update after update of text on messages begin
      insert into messages_fts(messages_fts, rowid, text) select 'delete', old.seq, old.text where old.text is not null;
      insert into messages_fts(rowid, text) select new.seq, new.text where new.text is not null;
    end`.execute(db);
}
