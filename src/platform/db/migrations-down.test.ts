import { type Kysely, sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../../test/harness.js";
import { migrations } from "./migrations/index.js";

// Every migration's down() undoes exactly its up(): the schema (tables, columns, indexes, constraints,
// triggers and the functions they call) after up() then down() is the schema before up(), and up() applies
// again on top. A down() that forgets to put back what its up() replaced fails here.

// biome-ignore lint/suspicious/noExplicitAny: the schema is read as it is, not as today's types say.
type AnyDb = Kysely<any>;

/** The rows, with runs of white space in definitions made one space (a definition may be rewritten). */
async function rows(db: AnyDb, query: ReturnType<typeof sql>): Promise<unknown[]> {
  return (await query.execute(db)).rows.map((row) =>
    Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === "string" ? v.replace(/\s+/g, " ").trim() : v,
      ]),
    ),
  );
}

async function sqliteSchema(db: AnyDb): Promise<unknown[]> {
  return rows(
    db,
    sql`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%'
      order by type, name`,
  );
}

async function postgresSchema(db: AnyDb): Promise<unknown[]> {
  const here = sql`(select oid from pg_namespace where nspname = current_schema())`;
  return [
    await rows(
      db,
      sql`select table_name, column_name, data_type, is_nullable, column_default
        from information_schema.columns where table_schema = current_schema() order by 1, 2`,
    ),
    await rows(
      db,
      sql`select indexname, indexdef from pg_indexes where schemaname = current_schema() order by 1`,
    ),
    await rows(
      db,
      sql`select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
        from pg_constraint where connamespace = ${here} order by 1, 2`,
    ),
    await rows(
      db,
      sql`select tgrelid::regclass::text as tbl, tgname, pg_get_triggerdef(t.oid) as def
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal and c.relnamespace = ${here} order by 1, 2`,
    ),
    await rows(
      db,
      sql`select proname, pg_get_functiondef(oid) as def from pg_proc where pronamespace = ${here} order by 1`,
    ),
  ];
}

describeEachDatabase("migrations: down() undoes up()", (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.db.close();
    await database.cleanup();
  });

  it("leaves the schema as it was before each migration, which then applies again", async () => {
    const db = database.db.kysely as AnyDb;
    const schema = () => (dialect === "sqlite" ? sqliteSchema(db) : postgresSchema(db));
    for (const name of Object.keys(migrations).sort()) {
      const migration = migrations[name]!;
      const before = await schema();
      await migration.up(db);
      const after = await schema();
      await migration.down!(db);
      expect(await schema(), `${name}: down() after up()`).toEqual(before);
      await migration.up(db);
      expect(await schema(), `${name}: up() again after down()`).toEqual(after);
    }
  });
});
