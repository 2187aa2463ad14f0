import type { Kysely } from "kysely";
import { findConversation } from "../inbox/inbox.public.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import type { LiveEvent } from "../platform/events.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import { inTransaction } from "../platform/transaction.js";
import { defaultSettings } from "../settings/settings.defaults.js";
import type { ServiceType, Settings } from "../settings/settings.schema.js";
import { getSettings, readSettingRows } from "../settings/settings.service.js";
import { authorizeArea, authorizeResource } from "../users/policies.js";
import type { User } from "../users/users.service.js";
import type { EngagementState } from "./billing.tables.js";
import { type EngagementAction, nextState } from "./engagement-state.js";
import {
  type Engagement,
  type EngagementListRow,
  findEngagement,
  findOpenEngagementForConversation,
  insertEngagement,
  insertEngagementEvent,
  listEngagements,
  lockEngagement,
  setEngagementState,
} from "./engagements.repository.js";
import { findPremiumContact } from "./premium-channel.js";
import { type Agreement, closeOpenQuotes, findAgreement } from "./quotes.repository.js";
import { sumTimeEntryMinutes } from "./time.repository.js";

// What the policy reads of billing: whether a conversation already has an engagement open.
export { findOpenEngagementForConversation } from "./engagements.repository.js";

/** Refusals of work on one engagement, time entry or invoice: as if it did not exist. */
export const ENGAGEMENT: PremiumRefusal = { notFound: "No such engagement" };
export const TIME_ENTRY: PremiumRefusal = { notFound: "No such time entry" };
export const INVOICE: PremiumRefusal = { notFound: "No such invoice" };

/** Who made a change: an agent, the customer (on WhatsApp), or beedesk itself. */
export interface Actor {
  type: "user" | "customer" | "system";
  id: string | null;
}

export function userActor(user: User): Actor {
  return { type: "user", id: user.id };
}

/**
 * How a refusal of premium work answers (users/policies.ts): one engagement, quote, time entry or invoice
 * named by its id is refused like a missing one (404 with that message); the premium area as a whole (the
 * list, starting an engagement) with 403.
 */
export type PremiumRefusal = { notFound: string } | "area";

export function authorizePremium(
  settings: Settings,
  user: Pick<User, "id" | "role">,
  refusal: PremiumRefusal,
): void {
  if (refusal === "area") authorizeArea(settings, user, "premium");
  else authorizeResource(settings, user, "premium", refusal.notFound);
}

export async function assertPremiumAccess(
  ctx: AppContext,
  user: Pick<User, "id" | "role">,
  refusal: PremiumRefusal,
): Promise<void> {
  authorizePremium(await getSettings(ctx), user, refusal);
}

export interface RequestedEngagementInput {
  conversationId: string;
  contactId: string;
  customerId?: string | null;
  serviceType: ServiceType;
}

/**
 * The premium customer picked a service from the rate card: an engagement in state `requested`.
 * Called by the policy in its own transaction. When the conversation already has an open engagement,
 * that one is returned (a still-requested one takes the newly chosen service type) instead of a second.
 */
export async function createRequestedEngagement(
  tx: TxContext,
  input: RequestedEngagementInput,
): Promise<Engagement> {
  const at = tx.clock.now().toISOString();
  const open = await findOpenEngagementForConversation(tx.trx, input.conversationId);
  if (open) {
    if (open.state === "requested" && open.serviceType !== input.serviceType) {
      await setEngagementState(tx.trx, open.id, "requested", "requested", at, {
        service_type: input.serviceType,
      });
      await recordEvent(
        tx.trx,
        open.id,
        "change_service",
        "requested",
        "requested",
        { type: "customer", id: input.contactId },
        at,
        {
          serviceType: input.serviceType,
        },
      );
      tx.publish(engagementUpdated(open.id));
      return (await findEngagement(tx.trx, open.id)) as Engagement;
    }
    return open;
  }
  const contact = await findPremiumContact(tx.trx, input.contactId);
  if (!contact) throw new AppError("not_found", "No such contact");
  const id = newId();
  await insertEngagement(tx.trx, {
    id,
    state: "requested",
    service_type: input.serviceType,
    conversation_id: input.conversationId,
    contact_id: input.contactId,
    customer_id: input.customerId ?? contact.customerId,
    contact_wa_id: contact.waId,
    contact_name: contact.name,
    language: contact.language ?? (await defaultLanguageIn(tx)),
    current_quote_id: null,
    current_agreement_id: null,
    created_by: null,
    created_at: at,
    updated_at: at,
  });
  await recordEvent(tx.trx, id, "request", null, "requested", { type: "customer", id: input.contactId }, at, {
    serviceType: input.serviceType,
  });
  tx.publish(engagementUpdated(id));
  return (await findEngagement(tx.trx, id)) as Engagement;
}

/** The business's default language, read through the caller's transaction (see premiumTransaction). */
async function defaultLanguageIn(tx: TxContext): Promise<"es" | "en"> {
  const vendor = (await readSettingRows(tx.trx)).get("vendor") as { defaultLanguage?: unknown } | undefined;
  const language = vendor?.defaultLanguage;
  return language === "es" || language === "en"
    ? language
    : defaultSettings(tx.config).vendor.defaultLanguage;
}

/**
 * The owner starts an engagement from a premium conversation (the customer asked in their own words
 * instead of picking from the rate card). Same rules as the customer's pick: one open engagement per
 * conversation.
 */
export async function startEngagement(
  ctx: AppContext,
  user: User,
  input: { conversationId: string; serviceType: ServiceType },
): Promise<Engagement> {
  const engagement = await premiumTransaction(ctx, user, "area", async (tx) => {
    const conversation = await findConversation(tx.trx, input.conversationId);
    if (!conversation) throw new AppError("not_found", "No such conversation");
    if (conversation.role !== "premium") {
      throw new AppError("invalid_state", "Engagements belong to conversations on the premium number");
    }
    return createRequestedEngagement(tx, {
      conversationId: conversation.id,
      contactId: conversation.contact.id,
      customerId: conversation.contact.customerId,
      serviceType: input.serviceType,
    });
  });
  publishEngagement(ctx, engagement.id);
  return engagement;
}

export async function listPremiumEngagements(
  ctx: AppContext,
  user: User,
  filter: {
    states?: EngagementState[] | undefined;
    conversationId?: string | undefined;
    limit?: number | undefined;
  },
): Promise<EngagementListRow[]> {
  await assertPremiumAccess(ctx, user, "area");
  return listEngagements(ctx.db.kysely, {
    states: filter.states,
    conversationId: filter.conversationId,
    limit: filter.limit ?? 200,
  });
}

/**
 * A transaction on premium work for `user` (null: the customer or beedesk itself). The settings are read
 * and the access checked BEFORE the transaction opens: on SQLite a read through ctx.db inside a
 * transaction would wait for the connection the transaction holds.
 */
export async function premiumTransaction<T>(
  ctx: AppContext,
  user: Pick<User, "id" | "role"> | null,
  refusal: PremiumRefusal,
  work: (tx: TxContext, settings: Settings) => Promise<T>,
): Promise<T> {
  const settings = await getSettings(ctx);
  if (user) authorizePremium(settings, user, refusal);
  return inTransaction(ctx, (tx) => work(tx, settings));
}

/** The customer's language now (the contact's, else the engagement's). */
export async function customerLanguageOf(
  trx: Kysely<Database>,
  engagement: Engagement,
): Promise<"es" | "en"> {
  const contact = await findPremiumContact(trx, engagement.contactId);
  return contact?.language ?? engagement.language;
}

/** The agreement in force, or 409 agreement_required. */
export async function agreementOf(trx: Kysely<Database>, engagement: Engagement): Promise<Agreement> {
  const agreement = engagement.currentAgreementId
    ? await findAgreement(trx, engagement.currentAgreementId)
    : undefined;
  if (!agreement) throw new AppError("agreement_required", "This engagement has no accepted agreement");
  return agreement;
}

/** Loads and locks an engagement for a change (access is checked by premiumTransaction). */
export async function engagementForChange(tx: TxContext, id: string): Promise<Engagement> {
  const engagement = await lockEngagement(tx.trx, id, tx.clock.now().toISOString());
  if (!engagement) throw new AppError("not_found", "No such engagement");
  return engagement;
}

/**
 * Applies `action` to the engagement, checked against the state machine and compare-and-set on the
 * state, and records who did it and when. Returns the new state.
 */
export async function transition(
  tx: TxContext,
  engagement: Engagement,
  action: EngagementAction,
  actor: Actor,
  details: Record<string, unknown> = {},
  patch: Parameters<typeof setEngagementState>[5] = {},
): Promise<EngagementState> {
  const to = nextState(engagement.state, action);
  if (!to) {
    throw new AppError(
      "invalid_state",
      `Cannot ${action.replace(/_/g, " ")} an engagement that is ${engagement.state.replace("_", " ")}`,
      {
        state: engagement.state,
        action,
      },
    );
  }
  const at = tx.clock.now().toISOString();
  const moved = await setEngagementState(tx.trx, engagement.id, engagement.state, to, at, patch);
  if (!moved) throw new AppError("invalid_state", "The engagement changed meanwhile; reload and try again");
  if (action !== "record_time")
    await recordEvent(tx.trx, engagement.id, action, engagement.state, to, actor, at, details);
  engagement.state = to;
  return to;
}

async function recordEvent(
  trx: Kysely<Database>,
  engagementId: string,
  action: string,
  from: EngagementState | null,
  to: EngagementState,
  actor: Actor,
  at: string,
  details: Record<string, unknown>,
): Promise<void> {
  await insertEngagementEvent(trx, {
    id: newId(),
    engagement_id: engagementId,
    action,
    from_state: from,
    to_state: to,
    actor_type: actor.type,
    actor_id: actor.id,
    details: JSON.stringify(details),
    created_at: at,
  });
}

export async function cancelEngagement(
  ctx: AppContext,
  user: User,
  id: string,
  reason: string,
): Promise<void> {
  await premiumTransaction(ctx, user, ENGAGEMENT, async (tx) => {
    const engagement = await engagementForChange(tx, id);
    if (engagement.state === "closed" && (await sumTimeEntryMinutes(tx.trx, id)) > 0) {
      throw new AppError(
        "invalid_state",
        "Time was recorded on this engagement: invoice it instead of cancelling",
        {
          state: engagement.state,
        },
      );
    }
    await transition(tx, engagement, "cancel", userActor(user), { reason }, { current_quote_id: null });
    await closeOpenQuotes(tx.trx, id, "cancelled", ctx.clock.now().toISOString());
  });
  publishEngagement(ctx, id);
}

/** Tells signed-in apps showing premium work to refetch an engagement. */
/** The live event that tells the premium screens an engagement changed. */
export function engagementUpdated(id: string): LiveEvent {
  return { type: "engagement.updated", audience: "premium", data: { id } };
}

export function publishEngagement(ctx: AppContext, id: string): void {
  ctx.events.publish(engagementUpdated(id));
}
