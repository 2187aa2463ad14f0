import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { closeImap, connectImap, imapErrorText } from "./imap-client.js";
import { type ImapTarget, parseImapUrl, redactImapUrl } from "./imap-url.js";
import { readMailInConfig, writeMailInConfig } from "./mail-in.repository.js";

const DEFAULT_PROCESSED_FOLDER = "Processed";

/** The mailbox email-in reads: MAIL_IN_URL wins over the owner's setting. */
export interface MailInSetup {
  target: ImapTarget | undefined;
  /** Where the URL comes from: the environment (locked in the settings), the owner's settings, or nowhere. */
  source: "env" | "settings" | "none";
  /** The URL with the password hidden. */
  redactedUrl: string;
  processedFolder: string;
  /** Changes when the owner saves, so a running reader reconnects. */
  version: string;
}

export async function mailInSetup(ctx: AppContext): Promise<MailInSetup> {
  const row = await readMailInConfig(ctx.db.kysely);
  const processedFolder = row?.processed_folder || DEFAULT_PROCESSED_FOLDER;
  const version = row?.updated_at ?? "";
  const envUrl = ctx.config.mail.inUrl;
  const url = envUrl ?? (row?.url_sealed ? ctx.secrets.decrypt(row.url_sealed) : undefined);
  if (!url) return { target: undefined, source: "none", redactedUrl: "", processedFolder, version };
  return {
    target: parseImapUrl(url),
    source: envUrl ? "env" : "settings",
    redactedUrl: redactImapUrl(url),
    processedFolder,
    version,
  };
}

function validFolderName(folder: string): string {
  const name = folder.trim();
  if (!name || name.length > 100 || /[\r\n\t"*%\\]/.test(name) || name.toUpperCase() === "INBOX")
    throw new AppError(
      "validation_failed",
      "Choose a folder name other than INBOX, without quotes or wildcards",
    );
  return name;
}

/**
 * Save the owner's mailbox settings. `url` undefined keeps the stored one, "" removes it; a URL is checked
 * for shape (not reachability: that is "Test connection") and stored sealed.
 */
export async function saveMailInSetup(
  ctx: AppContext,
  input: { url?: string; processedFolder: string },
  by: string,
): Promise<MailInSetup> {
  const folder = validFolderName(input.processedFolder);
  if (input.url !== undefined && input.url.trim() !== "" && ctx.config.mail.inUrl)
    throw new AppError("conflict", "MAIL_IN_URL is set on the server; the mailbox is changed there");
  const row = await readMailInConfig(ctx.db.kysely);
  let sealed = row?.url_sealed ?? null;
  if (input.url !== undefined) {
    const url = input.url.trim();
    if (url) parseImapUrl(url);
    sealed = url ? ctx.secrets.encrypt(url) : null;
  }
  await writeMailInConfig(ctx.db.kysely, {
    url_sealed: sealed,
    processed_folder: folder,
    updated_by: by,
    updated_at: ctx.clock.now().toISOString(),
  });
  return mailInSetup(ctx);
}

/** Log in and open the mailbox read-only: what the reader would do, without touching a mail. */
export async function testMailInConnection(
  ctx: AppContext,
  url?: string,
): Promise<{ ok: true; mailbox: string; count: number } | { ok: false; error: string }> {
  const target = url?.trim() ? parseImapUrl(url) : (await mailInSetup(ctx)).target;
  if (!target) throw new AppError("validation_failed", "No mailbox URL is set");
  let client: Awaited<ReturnType<typeof connectImap>> | undefined;
  try {
    client = await connectImap(target);
    const status = await client.status(target.mailbox, { messages: true });
    return { ok: true, mailbox: target.mailbox, count: status === false ? 0 : (status.messages ?? 0) };
  } catch (error) {
    return { ok: false, error: imapErrorText(error) };
  } finally {
    await closeImap(client);
  }
}
