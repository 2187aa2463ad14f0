import type { Settings } from "../settings/settings.schema.js";
import type { MailInSetup } from "./mail-in.config.js";
import type { MailInRecord } from "./mail-in.repository.js";
import type { MailInSetupView, MailInView } from "./mail-in.schema.js";
import { decodeNotes } from "./mail-notes.js";

export function presentMailIn(m: MailInRecord): MailInView {
  return {
    id: m.id,
    from: m.from,
    subject: m.subject,
    language: m.language,
    state: m.state,
    outcome: m.outcome,
    notes: decodeNotes(m.note),
    ticketId: m.ticketId,
    ticketMessageId: m.ticketMessageId,
    createdAt: m.createdAt,
  };
}

export function presentSetup(setup: MailInSetup, settings: Settings): MailInSetupView {
  return {
    source: setup.source,
    url: setup.redactedUrl,
    processedFolder: setup.processedFolder,
    replyTo: settings.vendor.supportEmail,
  };
}
