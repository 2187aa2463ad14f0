import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { deleteMailRows, mailDataRows } from "./mail-data.repository.js";

export type MailData = Awaited<ReturnType<typeof mailDataRows>>;

export async function mailData(ctx: AppContext, email: string): Promise<MailData> {
  return mailDataRows(ctx.db.kysely, email);
}

/** Inside the caller's transaction. */
export function eraseMail(
  trx: Kysely<Database>,
  who: { email?: string; relatedIds: string[] },
): Promise<number> {
  return deleteMailRows(trx, who);
}
