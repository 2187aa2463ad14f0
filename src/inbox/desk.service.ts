/**
 * What an agent does to a conversation besides replying: see and link the contact's customer, set the
 * contact's language, keep internal notes. Premium conversations are the owner's unless the owner opened
 * premium work to the agent; to anyone else they do not exist (404, not 403: no probing for them).
 */
import {
  findCustomerByEmail,
  findCustomerById,
  findLicenseByKey,
  listLicensesForCustomer,
  updateCustomer,
} from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { pinLanguage } from "../policy/policy.public.js";
import { outboundFor } from "../policy/policy.send.js";
import { type ReplyContent, renderReply } from "../policy/policy-texts.js";
import type { Language } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf, canSee } from "../users/policies.js";
import type { User } from "../users/users.service.js";
import { findUserById } from "../users/users.service.js";
import { sendOutbound } from "../whatsapp/send.service.js";
import {
  assignConversation,
  type Conversation,
  linkContactToCustomer,
  setContactLanguage,
  setConversationState,
} from "./inbox.repository.js";
import type { CustomerPanelView } from "./inbox.schema.js";
import { visibleConversation } from "./inbox.service.js";
import { type ConversationNote, insertNote, listNotes } from "./notes.repository.js";

/** Premium conversations are the owner's unless opened to the agent: to others they do not exist. */
export const conversationForUser = visibleConversation;

/** The panel is presented here: its shape is the route's schema. */
export type CustomerPanel = CustomerPanelView;

export async function customerPanel(ctx: AppContext, conversation: Conversation): Promise<CustomerPanel> {
  const language = conversation.contact.language === "es" || conversation.contact.language === "en";
  const base = { language: language ? (conversation.contact.language as Language) : null };
  const customerId = conversation.contact.customerId;
  const customer = customerId ? await findCustomerById(ctx.db.kysely, customerId) : undefined;
  if (!customer) return { ...base, customer: null, licenses: [] };
  const licenses = await listLicensesForCustomer(ctx, customer.id);
  return {
    ...base,
    customer: { id: customer.id, name: customer.name, email: customer.email, phones: customer.phones },
    licenses: licenses.map((l) => ({
      id: l.id,
      key: l.key,
      product: l.productName,
      supportUntil: l.supportUntil,
      status: l.status,
      support: l.support.reason,
      supportActive: l.support.active,
      daysLeft: l.support.daysLeft,
    })),
  };
}

/** Links the contact to the customer with that email or owning that license key. */
export async function linkContact(
  ctx: AppContext,
  user: User,
  conversationId: string,
  by: { email?: string; licenseKey?: string },
): Promise<CustomerPanel> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  const db = ctx.db.kysely;
  let customerId: string | undefined;
  if (by.email) {
    customerId = (await findCustomerByEmail(db, by.email))?.id;
    if (!customerId) throw new AppError("not_found", "No customer has that email address");
  } else if (by.licenseKey) {
    customerId = (await findLicenseByKey(db, by.licenseKey))?.customerId;
    if (!customerId) throw new AppError("not_found", "No license has that key");
  } else {
    throw new AppError("validation_failed", "Give the customer's email or a license key");
  }
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async ({ trx }) => {
    await linkContactToCustomer(trx, conversation.contact.id, customerId, at);
    await recordAudit(trx, {
      actorType: "user",
      actorId: user.id,
      action: "contact.link",
      subjectType: "contact",
      subjectId: conversation.contact.id,
      details: { customerId, via: by.email ? "email" : "license_key" },
      at,
    });
  });
  ctx.events.publish({
    type: "conversation.updated",
    audience: audienceOf(conversation.role),
    data: { conversationId, customerId },
  });
  const phoneAdded = await addContactPhone(ctx, user, customerId, conversation.contact.waId);
  const panel = await customerPanel(ctx, {
    ...conversation,
    contact: { ...conversation.contact, customerId },
  });
  return { ...panel, phoneAdded };
}

/**
 * The reverse of linking by phone: the contact's WhatsApp number joins the customer's phones, unless they
 * have it or another customer does (then nothing changes). Answers the number added, or null.
 */
async function addContactPhone(
  ctx: AppContext,
  user: User,
  customerId: string,
  waId: string | null,
): Promise<string | null> {
  if (!waId) return null;
  const customer = await findCustomerById(ctx.db.kysely, customerId);
  if (!customer || customer.phones.includes(waId)) return null;
  try {
    await updateCustomer(
      ctx,
      customerId,
      { phones: [...customer.phones.map((p) => `+${p}`), `+${waId}`] },
      { type: "user", id: user.id },
    );
    return `+${waId}`;
  } catch (e) {
    if (e instanceof AppError && (e.code === "conflict" || e.code === "validation_failed")) return null;
    throw e;
  }
}

export async function unlinkContact(
  ctx: AppContext,
  user: User,
  conversationId: string,
): Promise<CustomerPanel> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await linkContactToCustomer(tx.trx, conversation.contact.id, null, at);
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "contact.unlink",
      subjectType: "contact",
      subjectId: conversation.contact.id,
      details: { customerId: conversation.contact.customerId },
      at,
    });
  });
  ctx.events.publish({
    type: "conversation.updated",
    audience: audienceOf(conversation.role),
    data: { conversationId, customerId: null },
  });
  return customerPanel(ctx, { ...conversation, contact: { ...conversation.contact, customerId: null } });
}

/** An agent sets the contact's language: the policy answers in it from now on and stops guessing. */
export async function setLanguage(
  ctx: AppContext,
  user: User,
  conversationId: string,
  language: Language,
): Promise<{ language: Language }> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await setContactLanguage(tx.trx, conversation.contact.id, language, at);
    await pinLanguage(tx.trx, conversation.contact.id, language, user.id, at);
  });
  ctx.events.publish({
    type: "conversation.updated",
    audience: audienceOf(conversation.role),
    data: { conversationId, language },
  });
  return { language };
}

export async function notesFor(
  ctx: AppContext,
  user: User,
  conversationId: string,
): Promise<ConversationNote[]> {
  await conversationForUser(ctx, user, conversationId);
  return listNotes(ctx.db.kysely, conversationId);
}

export async function addNote(
  ctx: AppContext,
  user: User,
  conversationId: string,
  body: string,
): Promise<ConversationNote> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  const text = body.trim();
  if (text === "") throw new AppError("validation_failed", "A note needs some text");
  const note = {
    id: newId(),
    conversationId,
    authorId: user.id,
    body: text,
    createdAt: ctx.clock.now().toISOString(),
  };
  await insertNote(ctx.db.kysely, note);
  ctx.events.publish({
    type: "note.created",
    audience: audienceOf(conversation.role),
    data: { conversationId, noteId: note.id },
  });
  return { ...note, authorName: user.name };
}

export type QuickReply = "portal_link" | "premium_info";

/** The policy's own words for a quick action, in the contact's language (or the vendor's default). */
export async function quickReplyContent(
  ctx: AppContext,
  conversation: Conversation,
  kind: QuickReply,
): Promise<ReplyContent> {
  const settings = await getSettings(ctx);
  const contactLanguage = conversation.contact.language;
  const language: Language =
    contactLanguage === "es" || contactLanguage === "en" ? contactLanguage : settings.vendor.defaultLanguage;
  const env = { settings, language, publicUrl: ctx.config.publicUrl };
  if (kind === "portal_link") return renderReply({ kind: "portalLink" }, env);
  // On the premium line itself the rate card (with its service list) says what the premium info would.
  return renderReply(conversation.role === "premium" ? { kind: "rateCard" } : { kind: "premiumInfo" }, env);
}

/** Sends a quick action's text as the agent's reply (409 window_closed outside the 24-hour window). */
export async function sendQuickReply(
  ctx: AppContext,
  user: User,
  conversationId: string,
  kind: QuickReply,
): Promise<{ messageId: string }> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  const content = await quickReplyContent(ctx, conversation, kind);
  const queued = await sendOutbound(ctx, outboundFor(conversation.id, content, user.id));
  return { messageId: queued.messageId ?? "" };
}

/** Assigns the conversation (null: nobody). Premium ones only go to people allowed to see them. */
export async function assign(
  ctx: AppContext,
  user: User,
  conversationId: string,
  assigneeId: string | null,
): Promise<{ assigneeId: string | null }> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  if (assigneeId !== null) {
    const assignee = await findUserById(ctx.db.kysely, assigneeId);
    if (!assignee || assignee.disabled) throw new AppError("not_found", "No such agent");
    if (!canSee(await getSettings(ctx), assignee, audienceOf(conversation.role))) {
      throw new AppError(
        "forbidden",
        "Premium conversations go only to the owner or agents the owner opened them to",
      );
    }
  }
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await assignConversation(tx.trx, conversation.id, assigneeId, at);
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "conversation.assign",
      subjectType: "conversation",
      subjectId: conversation.id,
      details: { from: conversation.assigneeId, to: assigneeId },
      at,
    });
  });
  ctx.events.publish({
    type: "conversation.updated",
    audience: audienceOf(conversation.role),
    data: { conversationId, assigneeId },
  });
  return { assigneeId };
}

/** Closes (or reopens, back to waiting) a conversation; a new customer message reopens it anyway. */
export async function setClosed(
  ctx: AppContext,
  user: User,
  conversationId: string,
  closed: boolean,
): Promise<{ state: "closed" | "waiting" }> {
  const conversation = await conversationForUser(ctx, user, conversationId);
  const state = closed ? "closed" : "waiting";
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await setConversationState(tx.trx, conversation.id, state, at);
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: closed ? "conversation.close" : "conversation.reopen",
      subjectType: "conversation",
      subjectId: conversation.id,
      at,
    });
  });
  ctx.events.publish({
    type: "conversation.updated",
    audience: audienceOf(conversation.role),
    data: { conversationId, state },
  });
  return { state };
}
