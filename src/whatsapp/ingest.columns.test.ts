import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AdLeadsTable,
  ContactsTable,
  ConversationsTable,
  MessagesTable,
  PendingStatusesTable,
} from "../inbox/inbox.tables.js";
import type { Db } from "../platform/db/database.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import type { JobsTable } from "../platform/outbox/outbox.tables.js";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../test/harness.js";
import { ingestStatements } from "./ingest.repository.js";

// The webhook's ingest path writes contacts, conversations, messages, jobs, ad leads and pending statuses in
// hand-written SQL (ingest.sql.ts: one program for both dialects, run synchronously on SQLite), so Kysely's
// types do not check it. These tests do: a column renamed or added in a migration and a table type fails here.

/** A table's columns as its Kysely row type declares them: the object must name every key and no other. */
function columnsOf<Row>(names: Record<keyof Row, true>): string[] {
  return Object.keys(names).sort();
}

const TABLES: Record<string, string[]> = {
  contacts: columnsOf<ContactsTable>({
    id: true,
    wa_id: true,
    user_id: true,
    profile_name: true,
    username: true,
    language: true,
    customer_id: true,
    created_at: true,
    updated_at: true,
  }),
  conversations: columnsOf<ConversationsTable>({
    id: true,
    phone_number_id: true,
    contact_id: true,
    role: true,
    state: true,
    assignee_id: true,
    last_inbound_at: true,
    last_inbound_wamid: true,
    last_message_at: true,
    last_message_preview: true,
    unread_count: true,
    anonymised_at: true,
    preview: true,
    needs_reply: true,
    created_at: true,
    updated_at: true,
  }),
  messages: columnsOf<MessagesTable>({
    id: true,
    conversation_id: true,
    direction: true,
    wamid: true,
    type: true,
    text: true,
    raw: true,
    status: true,
    error_code: true,
    error_reason: true,
    sent_by_user_id: true,
    context_wamid: true,
    target_wamid: true,
    media_id: true,
    media_mime: true,
    media_size: true,
    media_key: true,
    media_status: true,
    created_at: true,
    status_at: true,
    automatic: true,
  }),
  jobs: columnsOf<JobsTable>({
    id: true,
    type: true,
    payload: true,
    status: true,
    dedupe_key: true,
    run_at: true,
    priority: true,
    attempts: true,
    max_attempts: true,
    locked_by: true,
    locked_until: true,
    last_error: true,
    result: true,
    created_at: true,
    updated_at: true,
  }),
  whatsapp_ad_leads: columnsOf<AdLeadsTable>({
    message_id: true,
    conversation_id: true,
    source_id: true,
    source_type: true,
    source_url: true,
    headline: true,
    ctwa_clid: true,
    created_at: true,
  }),
  whatsapp_pending_statuses: columnsOf<PendingStatusesTable>({
    wamid: true,
    status: true,
    status_at: true,
    error_code: true,
    error_title: true,
    raw: true,
    received_at: true,
  }),
};

/** Columns a dialect has beyond the row types: SQLite's messages.seq is the rowid the FTS5 index points at. */
const INTERNAL: Record<"sqlite" | "postgres", Record<string, string[]>> = {
  sqlite: { messages: ["seq"] },
  postgres: {},
};

interface Write {
  statement: string;
  table: string;
  /** The columns an insert names, or an update sets. */
  columns: string[];
  insert: boolean;
}

/** Splits at the commas outside parentheses. */
function topLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * The tables and columns a statement writes: each `insert into t (a, b) …` and `update t set a = …, b = … from|where`
 * in it (a PostgreSQL batch statement writes several tables from its common table expressions).
 */
function writesOf(name: string, text: string): Write[] {
  const flat = text.replace(/\s+/g, " ");
  const found: Write[] = [];
  for (const insert of flat.matchAll(/\binsert into (\w+) \(([^)]*)\)/gi)) {
    found.push({ statement: name, table: insert[1]!, columns: topLevel(insert[2]!), insert: true });
  }
  for (const update of flat.matchAll(/\bupdate (\w+) set (.*?) (?:from|where) /gi)) {
    const columns = topLevel(update[2]!).map((assignment) => assignment.split("=")[0]!.trim());
    found.push({ statement: name, table: update[1]!, columns, insert: false });
  }
  return found;
}

/** Every write of the ingest path, in both dialects' texts. */
function writes(): Write[] {
  return Object.entries(ingestStatements).flatMap(([name, s]) =>
    [s.sqlite, s.postgres].flatMap((text) => (text ? writesOf(name, text) : [])),
  );
}

/** Columns the row types do not declare, as "statement: table.column". */
function undeclared(found: Write[]): string[] {
  return found.flatMap((w) =>
    w.columns.filter((c) => !TABLES[w.table]?.includes(c)).map((c) => `${w.statement}: ${w.table}.${c}`),
  );
}

describe("ingest SQL against the table types", () => {
  it("writes only columns the Kysely row types declare", () => {
    const found = writes();
    // Both dialects of: contacts, conversations (insert and touch), messages (insert, status), jobs (insert, append).
    expect(new Set(found.map((w) => w.table))).toEqual(new Set(Object.keys(TABLES)));
    expect(found.filter((w) => w.insert).length).toBeGreaterThanOrEqual(10);
    expect(undeclared(found)).toEqual([]);
  });

  it("catches a column the types do not declare", () => {
    const bad = [
      ...writesOf("x", "insert into messages (id, wamid, sender) values (?, ?, ?)"),
      ...writesOf("y", "update jobs set payload = ?, run_after = coalesce(?, run_at) where id = ?"),
      ...writesOf(
        "z",
        "with a as (select 1), b as (insert into jobs (id, kind) select 1) update conversations set seen = 1 from b where true",
      ),
    ];
    expect(undeclared(bad)).toEqual([
      "x: messages.sender",
      "y: jobs.run_after",
      "z: jobs.kind",
      "z: conversations.seen",
    ]);
  });
});

interface LiveColumn {
  name: string;
  /** NOT NULL without a default: an insert has to give it. */
  required: boolean;
}

async function liveColumns(db: Db, table: string): Promise<LiveColumn[]> {
  if (db.sqlite) {
    const rows = db.sqlite
      .prepare('select name, type, "notnull" as not_null, dflt_value, pk from pragma_table_info(?)')
      .all(table) as {
      name: string;
      type: string;
      not_null: number;
      dflt_value: string | null;
      pk: number;
    }[];
    // An INTEGER PRIMARY KEY is the rowid, numbered by SQLite when an insert leaves it out; another primary key
    // is required even without NOT NULL.
    const rowid = (r: (typeof rows)[number]) => r.pk === 1 && r.type.toUpperCase() === "INTEGER";
    return rows.map((r) => ({
      name: r.name,
      required: (r.not_null === 1 || r.pk > 0) && !rowid(r) && r.dflt_value === null,
    }));
  }
  const { rows } = await sql<{ column_name: string; is_nullable: string; column_default: string | null }>`
    select column_name, is_nullable, column_default from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db.kysely);
  return rows.map((r) => ({
    name: r.column_name,
    required: r.is_nullable === "NO" && r.column_default === null,
  }));
}

/** Compiles a statement against the live schema without running it: an unknown table or column fails. */
async function prepare(db: Db, text: string): Promise<void> {
  if (db.sqlite) {
    db.sqlite.prepare(text);
    return;
  }
  const client = await db.pool!.connect();
  try {
    await client.query(`prepare ingest_check as ${text}`);
    await client.query("deallocate ingest_check");
  } finally {
    client.release();
  }
}

describeEachDatabase("ingest SQL against the migrated schema", (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.db.close();
    await database.cleanup();
  });

  it("finds the tables with exactly the columns their row types declare", async () => {
    for (const [table, declared] of Object.entries(TABLES)) {
      const internal = INTERNAL[dialect][table] ?? [];
      const live = (await liveColumns(database.db, table))
        .map((c) => c.name)
        .filter((c) => !internal.includes(c));
      expect({ table, columns: live.sort() }).toEqual({ table, columns: declared });
    }
  });

  it("compiles every statement", async () => {
    for (const [name, s] of Object.entries(ingestStatements)) {
      const text = dialect === "sqlite" ? s.sqlite : s.postgres;
      if (text === null) continue;
      await expect(prepare(database.db, text), name).resolves.toBeUndefined();
    }
    await expect(prepare(database.db, "update messages set sender = 'x' where id = 'y'")).rejects.toThrow();
  });

  it("gives every column an insert needs (NOT NULL, no default)", async () => {
    for (const write of writes().filter((w) => w.insert)) {
      const required = (await liveColumns(database.db, write.table)).filter((c) => c.required);
      const missing = required.map((c) => c.name).filter((c) => !write.columns.includes(c));
      expect({ statement: write.statement, missing }).toEqual({ statement: write.statement, missing: [] });
    }
  });
});
