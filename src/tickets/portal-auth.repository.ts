import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

export async function insertMagicLink(
  db: Kysely<Database>,
  link: { id: string; customerId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto("magic_links")
    .values({
      id: link.id,
      customer_id: link.customerId,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
      used_at: null,
    })
    .execute();
}

/** A link still usable at `now` (unused, unexpired): its customer, without using it up. */
export async function findUsableMagicLink(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("magic_links")
    .select("customer_id")
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row?.customer_id;
}

/** Use a link up, atomically: of two simultaneous uses, exactly one gets the customer id. */
export async function consumeMagicLink(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .updateTable("magic_links")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("customer_id")
    .executeTakeFirst();
  return row?.customer_id;
}

export async function deleteExpiredMagicLinks(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom("magic_links").where("expires_at", "<", before).execute();
}

export async function insertCustomerSession(
  db: Kysely<Database>,
  session: { id: string; customerId: string; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto("customer_sessions")
    .values({
      id: session.id,
      customer_id: session.customerId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findCustomerSession(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<{ customerId: string; csrfToken: string } | undefined> {
  const row = await db
    .selectFrom("customer_sessions")
    .select(["customer_id", "csrf_token"])
    .where("id", "=", id)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? { customerId: row.customer_id, csrfToken: row.csrf_token } : undefined;
}

export async function deleteCustomerSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("customer_sessions").where("id", "=", id).execute();
}

export async function deleteExpiredCustomerSessions(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom("customer_sessions").where("expires_at", "<=", now).execute();
}
