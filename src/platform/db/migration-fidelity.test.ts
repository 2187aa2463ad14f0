import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../../test/harness.js";
import { migrateToLatest } from "./migrate.js";
import * as fidelity from "./migrations/20261203T1100_whatsapp_fidelity.js";

// The migration that adds preview and needs_reply fills them for conversations that already exist.

describeEachDatabase("migration 20261203T1100_whatsapp_fidelity", (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await migrateToLatest(database.db);
  });
  afterEach(async () => {
    await database.db.close();
    await database.cleanup();
  });

  it("fills the preview with the customer's last message and marks who still waits for a human", async () => {
    const db = database.db.kysely;
    await fidelity.down(db);
    const at = (m: number) => `2026-11-25T10:${String(m).padStart(2, "0")}:00.000Z`;
    await sql`insert into users (id, email, name, role, language, password_hash, created_at)
      values ('u1', 'a@example.com', 'Ana', 'agent', 'en', 'x', ${at(0)})`.execute(db);
    for (const c of ["c1", "c2"]) {
      await sql`insert into contacts (id, wa_id, created_at, updated_at) values (${c}, ${`346000${c}`}, ${at(0)}, ${at(0)})`.execute(
        db,
      );
      await sql`insert into conversations (id, phone_number_id, contact_id, role, state, last_message_at,
        last_message_preview, unread_count, created_at, updated_at)
        values (${c}, 'p1', ${c}, 'presales', 'waiting', ${at(5)}, 'auto', 0, ${at(0)}, ${at(0)})`.execute(
        db,
      );
    }
    const message = (id: string, c: string, direction: string, text: string, minute: number, by?: string) =>
      sql`insert into messages (id, conversation_id, direction, wamid, type, text, raw, status, sent_by_user_id,
        created_at) values (${id}, ${c}, ${direction}, ${`wamid.${id}`}, 'text', ${text}, '{}', 'received',
        ${by ?? null}, ${at(minute)})`.execute(db);
    await message("m1", "c1", "in", "Is there a demo?", 1);
    await message("m2", "c1", "out", "Hello! (automatic)", 2);
    await message("m3", "c2", "in", "Does it work with OC 4?", 1);
    await message("m4", "c2", "out", "Yes it does", 2, "u1");
    await fidelity.up(db);

    const rows = await sql<{ id: string; preview: string; needs_reply: number }>`
      select id, preview, needs_reply from conversations order by id`.execute(db);
    expect(rows.rows.map((r) => ({ ...r, needs_reply: Number(r.needs_reply) }))).toEqual([
      { id: "c1", preview: "Is there a demo?", needs_reply: 1 },
      { id: "c2", preview: "Does it work with OC 4?", needs_reply: 0 },
    ]);
  });
});
