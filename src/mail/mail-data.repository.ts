import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

// Mail sent to a customer, as the data-rights export shows it and as erasure removes it.

export async function mailDataRows(db: Kysely<Database>, email: string) {
  const rows = await db
    .selectFrom("mail_messages")
    .select(["kind", "subject", "text_body", "language", "status", "created_at", "sent_at"])
    .where((eb) => eb(eb.fn("lower", ["to_address"]), "=", email.toLowerCase()))
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    subject: r.subject,
    text: r.text_body,
    language: r.language,
    status: r.status,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/**
 * Mail to this address, and mail about these records (a ticket's notices to the team quote the customer), is
 * deleted outright: it is a copy of what was sent.
 */
export async function deleteMailRows(
  trx: Kysely<Database>,
  who: { email?: string; relatedIds: string[] },
): Promise<number> {
  const result = await trx
    .deleteFrom("mail_messages")
    .where((eb) =>
      eb.or([
        ...(who.email ? [eb(eb.fn("lower", ["to_address"]), "=", who.email.toLowerCase())] : []),
        ...(who.relatedIds.length ? [eb("related_id", "in", who.relatedIds)] : []),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
