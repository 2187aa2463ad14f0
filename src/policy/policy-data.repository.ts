import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

/** Erasure: the contact's pinned language goes with the contact's identity. */
export async function deleteLanguagePin(trx: Kysely<Database>, contactId: string): Promise<void> {
  await trx.deleteFrom("policy_language_pins").where("contact_id", "=", contactId).execute();
}
