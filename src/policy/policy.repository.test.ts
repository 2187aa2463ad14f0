import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateToLatest } from "../platform/db/migrate.js";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../test/harness.js";
import { claimMarker, lastMarkers, markHandled, stampMarker } from "./policy.repository.js";

describeEachDatabase("policy markers", (dialect) => {
  let t: TestDatabase;
  const at = (h: number) => new Date(Date.UTC(2026, 10, 25, h)).toISOString();

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await migrateToLatest(t.db);
    const db = t.db.kysely;
    await db
      .insertInto("contacts")
      .values({
        id: "c1",
        wa_id: "34612345678",
        user_id: null,
        profile_name: "Lucía",
        username: null,
        language: null,
        customer_id: null,
        created_at: at(0),
        updated_at: at(0),
      })
      .execute();
    for (const id of ["v1", "v2", "v3"]) {
      await db
        .insertInto("conversations")
        .values({
          id,
          phone_number_id: `p-${id}`,
          contact_id: "c1",
          role: "presales",
          state: "waiting",
          assignee_id: null,
          last_inbound_at: null,
          last_inbound_wamid: null,
          last_message_at: at(0),
          last_message_preview: "",
          unread_count: 0,
          created_at: at(0),
          updated_at: at(0),
        })
        .execute();
    }
  });
  afterAll(async () => {
    await t.db.close();
    await t.cleanup();
  });

  it("claims a reply once per cooldown: first time, not within, again after", async () => {
    const db = t.db.kysely;
    expect(await claimMarker(db, "v1", "greeting", at(0), at(10))).toBe(true);
    expect(await claimMarker(db, "v1", "greeting", at(9), at(11))).toBe(false);
    expect(await claimMarker(db, "v1", "greeting", at(10), at(12))).toBe(false);
    expect(await claimMarker(db, "v1", "greeting", at(11), at(13))).toBe(true);
    expect(await lastMarkers(db, "v1")).toEqual({ greeting: at(13) });
  });

  it("lets exactly one of many concurrent transactions claim the same reply", async () => {
    const claims = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.db.kysely.transaction().execute((trx) => claimMarker(trx, "v2", "greeting", at(5), at(6))),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("stamps a marker whatever it held, so an asked-for reply still starts the cooldown", async () => {
    const db = t.db.kysely;
    await stampMarker(db, "v3", "redirect", at(3));
    await stampMarker(db, "v3", "redirect", at(4));
    expect(await lastMarkers(db, "v3")).toEqual({ redirect: at(4) });
    expect(await claimMarker(db, "v3", "redirect", at(2), at(5))).toBe(false);
  });

  it("acts on an inbound message once, even when the job runs twice", async () => {
    expect(await markHandled(t.db.kysely, "m1", at(1))).toBe(true);
    expect(await markHandled(t.db.kysely, "m1", at(2))).toBe(false);
  });
});
