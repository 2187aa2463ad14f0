/**
 * The policy at work: for every new customer message (after it is stored, never for a duplicate
 * delivery) load what decide() needs, run it, and carry out its actions in ONE transaction: replies
 * queued through the channel's outbox, markers claimed, state and language updated, an engagement
 * requested. A reply guarded by a marker is queued only when this transaction claimed the marker.
 */

import {
  createRequestedEngagement,
  findOpenEngagementForConversation,
} from "../billing/engagements.service.js";
import {
  clearNeedsReply,
  linkContactToCustomer,
  setContactLanguage,
  setConversationState,
} from "../inbox/inbox.public.js";
import {
  cachedProducts,
  findCustomerById,
  findCustomerByPhone,
  listLicensesForCustomer,
} from "../licenses/licenses.service.js";
import type { AppContext } from "../platform/context.js";
import { isAppError } from "../platform/errors.js";
import { inSharedTransaction } from "../platform/transaction.js";
import type { Language, Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf } from "../users/policies.js";
import type { InboundMessageEvent } from "../whatsapp/inbound-events.js";
import { lastMarkedProduct, setMessageMark } from "./catalogue/catalogue.repository.js";
import { type DecideInput, type Decision, decide, type InboundSummary } from "./decide.js";
import { claimMarker, conversationHistory, markHandled, stampMarker } from "./policy.repository.js";
import { sendPolicyReply } from "./policy.send.js";
import { renderReply } from "./policy-texts.js";

/** Not the customer writing: these never start a conversation (no greeting, no redirect). */
const NOT_CONVERSATIONAL = new Set(["system", "unsupported", "reaction", "edit", "revoke", "errors"]);

function summarise(event: InboundMessageEvent): InboundSummary {
  const fromAd = event.fromAd ? { fromAd: true } : {};
  if (NOT_CONVERSATIONAL.has(event.message.type)) return { kind: "none" };
  if (event.reply) return { kind: "tap", replyId: event.reply.id, text: event.reply.title, ...fromAd };
  if (event.message.type === "text" && event.message.text) {
    return { kind: "text", text: event.message.text, ...fromAd };
  }
  return { kind: "other", ...fromAd };
}

/** Nothing automatic is ever sent from a business number beedesk was not given. */
function configuredNumber(settings: Settings, phoneNumberId: string): boolean {
  const { presales, premium } = settings.channels;
  return phoneNumberId === presales.phoneNumberId || phoneNumberId === premium.phoneNumberId;
}

function asLanguage(value: string | null | undefined): Language | undefined {
  return value === "es" || value === "en" ? value : undefined;
}

/** The products and the conversation's product (a question or answer within the cooldown) for decide(). */
async function catalogueInput(
  ctx: AppContext,
  settings: Settings,
  conversationId: string,
): Promise<DecideInput["catalogue"]> {
  const products = await cachedProducts(ctx);
  if (products.length === 0) return undefined;
  const since = new Date(
    ctx.clock.now().getTime() - Math.max(1, settings.presales.autoReplyCooldownHours) * 3600_000,
  ).toISOString();
  const contextProductId = await lastMarkedProduct(ctx.db.kysely, conversationId, since);
  return { products, ...(contextProductId ? { contextProductId } : {}) };
}

export interface PolicyOutcome {
  decision: Decision;
  /** Replies actually queued (a marker claimed elsewhere, or a closed window, drops one). */
  queued: number;
  handled: boolean;
}

export async function handleInboundMessage(
  event: InboundMessageEvent,
  ctx: AppContext,
): Promise<PolicyOutcome> {
  const { conversation, contact, message } = event;
  const db = ctx.db.kysely;
  const settings = await getSettings(ctx);
  if (!configuredNumber(settings, conversation.phoneNumberId)) {
    ctx.log.info(
      { conversationId: conversation.id, phoneNumberId: conversation.phoneNumberId },
      "no automatic reply: the business number is not in the settings",
    );
    return {
      decision: { language: settings.vendor.defaultLanguage, signals: [], actions: [] },
      queued: 0,
      handled: false,
    };
  }

  // A contact whose phone belongs to a customer is linked on first sight.
  let customerId = contact.customerId;
  let linkByPhone = false;
  if (!customerId && contact.waId) {
    const owner = await findCustomerByPhone(db, contact.waId);
    if (owner) {
      customerId = owner.id;
      linkByPhone = true;
    }
  }
  const customer = customerId ? await findCustomerById(db, customerId) : undefined;
  const licenses = customer ? await listLicensesForCustomer(ctx, customer.id) : [];
  const history = await conversationHistory(db, conversation.id, contact.id, message);
  const pin = history.pin;
  const openEngagement =
    conversation.role === "premium" &&
    (await findOpenEngagementForConversation(db, conversation.id)) !== undefined;

  const summary = summarise(event);
  const input: DecideInput = {
    role: conversation.role,
    now: ctx.clock.now(),
    messageAt: new Date(message.createdAt),
    settings,
    message: summary,
    contact: {
      waId: contact.waId ?? undefined,
      language: pin?.language ?? asLanguage(contact.language),
      languagePinned: pin !== undefined,
    },
    lastSent: history.markers,
    previousInboundAt: history.previousInboundAt,
    customer: customer
      ? {
          name: customer.name || contact.profileName || "",
          licenses: licenses.map((l) => ({
            product: l.productName,
            status: l.status,
            supportUntil: l.supportUntil,
          })),
        }
      : undefined,
    openEngagement,
    catalogue:
      conversation.role === "presales" && summary.kind === "text"
        ? await catalogueInput(ctx, settings, conversation.id)
        : undefined,
  };
  const decision = decide(input);
  const now = ctx.clock.now().toISOString();
  const env = { settings, language: decision.language, publicUrl: ctx.config.publicUrl };

  // Shared with the other messages decided at the same moment (one commit for all of them on SQLite).
  const result = await inSharedTransaction(ctx, async (tx) => {
    if (!(await markHandled(tx.trx, message.id, now))) {
      return { handled: false, queued: [] as string[], state: undefined, engagement: undefined };
    }
    if (linkByPhone && customerId) await linkContactToCustomer(tx.trx, contact.id, customerId, now);
    const queued: string[] = [];
    let state: string | undefined;
    let engagement: { id: string; serviceType: string } | undefined;
    for (const action of decision.actions) {
      switch (action.type) {
        case "rememberLanguage":
          await setContactLanguage(tx.trx, contact.id, action.language, now);
          break;
        case "setState":
          if (conversation.state !== action.state)
            await setConversationState(tx.trx, conversation.id, action.state, now);
          state = action.state;
          break;
        case "requestEngagement":
          engagement = await createRequestedEngagement(tx, {
            conversationId: conversation.id,
            contactId: contact.id,
            customerId: customerId ?? null,
            serviceType: action.serviceType,
          });
          break;
        case "markQuestion":
          await setMessageMark(tx.trx, message.id, action.mark);
          break;
        case "reply": {
          if (
            action.once &&
            !(await claimMarker(tx.trx, conversation.id, action.once.marker, action.once.cutoff, now))
          ) {
            break;
          }
          for (const marker of action.stamps ?? []) await stampMarker(tx.trx, conversation.id, marker, now);
          try {
            const { messageId } = await sendPolicyReply(tx, conversation, renderReply(action.reply, env));
            if (messageId) queued.push(messageId);
            if (messageId && action.source) await setMessageMark(tx.trx, messageId, action.source);
            if (messageId && action.answers && message.wamid) {
              await clearNeedsReply(tx.trx, conversation.id, message.wamid, now);
            }
          } catch (error) {
            // A message that arrived long after it was written leaves no window to answer in.
            if (!(isAppError(error) && error.code === "window_closed")) throw error;
            ctx.log.info(
              { conversationId: conversation.id },
              "auto-reply skipped: the 24-hour window is closed",
            );
          }
          break;
        }
      }
    }
    return { handled: true, queued, state, engagement };
  });

  if (result.handled) {
    const audience = audienceOf(conversation.role);
    if (result.queued.length > 0) ctx.outbox.wake();
    for (const messageId of result.queued) {
      ctx.events.publish({
        type: "message.created",
        audience,
        data: { conversationId: conversation.id, messageId, direction: "out" },
      });
    }
    // The owner sees a new premium request at once (premium work is the owner's).
    if (result.engagement) {
      ctx.events.publish({
        type: "engagement.requested",
        audience: "premium",
        data: {
          conversationId: conversation.id,
          engagementId: result.engagement.id,
          serviceType: result.engagement.serviceType,
        },
      });
    }
    ctx.events.publish({
      type: "conversation.updated",
      audience,
      data: {
        conversationId: conversation.id,
        state: result.state ?? conversation.state,
        intent: decision.intent ?? null,
        language: decision.language,
      },
    });
  }
  return { decision, queued: result.queued.length, handled: result.handled };
}
