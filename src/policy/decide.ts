/**
 * The support policy as one pure function: given an inbound message and what is known about the
 * conversation, what beedesk does (SPEC §1). No I/O: the listener loads the input, runs this, and carries
 * out the actions in one transaction. Replies that must not repeat within the cooldown carry a marker and
 * a cutoff; the listener claims the marker atomically and sends only when the claim succeeds, so two
 * concurrent messages or a duplicated webhook never greet twice.
 */
import { parseBillingReply } from "../billing/terms.js";
import { type LicenseStatus, supportState } from "../licenses/entitlement.js";
import { translate } from "../platform/i18n/i18n.js";
import type { Language, ServiceType, Settings } from "../settings/settings.schema.js";
import { SERVICE_TYPES } from "../settings/settings.schema.js";
import { isOpen, nextOpening } from "./business-hours.js";
import { type CatalogueFacts, list } from "./catalogue/answer.js";
import { answerFromCatalogue } from "./catalogue/catalogue.js";
import { type CatalogueMark, kindsTurnedOff, questionMark } from "./catalogue/mark.js";
import { customerTimeZone, daysFromCustomer } from "./customer-time.js";
import { classifyIntent, type Intent } from "./intent.js";
import { detectLanguage, languageFromPhone } from "./language.js";
import { type LicenseLine, type PolicyReply, REPLY_IDS, SERVICE_ROW_PREFIX } from "./policy-texts.js";

/** Auto-replies that are sent at most once per cooldown per conversation. */
const MARKERS = ["greeting", "redirect", "premium_info", "rate_card"] as const;
export type Marker = (typeof MARKERS)[number];

/**
 * Billing answers the customer's reply to a quote (an Accept / Decline tap, or "acepto Q-XXXX"); the
 * policy stays silent on those, on either number.
 */
function isBillingReply(message: InboundSummary): boolean {
  return parseBillingReply({ interactiveId: message.replyId, text: message.text }) !== undefined;
}

/** The most licenses a redirect names; beyond that the portal lists them all. */
const MAX_LICENSE_LINES = 5;

export interface InboundSummary {
  /**
   * text; a reply-button or list tap (interactive or template quick-reply); anything else the customer sent
   * (a photo, a location…); or none: something that is not the customer writing (a system notice, an
   * unsupported or failed element), which never starts a conversation.
   */
  kind: "text" | "tap" | "other" | "none";
  text?: string;
  /** The id of the tapped button or list row. */
  replyId?: string;
  /** Sent from a click-to-WhatsApp ad: a pre-sales lead, whatever it says. */
  fromAd?: boolean;
}

export interface CustomerLicense {
  product: string;
  status: LicenseStatus;
  /** YYYY-MM-DD */
  supportUntil: string;
}

export interface DecideInput {
  role: "presales" | "premium";
  now: Date;
  /**
   * When the customer wrote this message (defaults to now): cooldowns are judged from here, so a message
   * handled a little late is judged as of when it was written.
   */
  messageAt?: Date;
  settings: Settings;
  message: InboundSummary;
  contact: {
    /** WhatsApp id (phone digits), when known. */
    waId?: string;
    /** Remembered language. */
    language?: Language;
    /** Set by an agent: the policy never overrides it. */
    languagePinned?: boolean;
  };
  /** When each marker's reply last went out in this conversation (ISO), if ever. */
  lastSent: Partial<Record<Marker, string>>;
  /** When the customer wrote before this message (ISO), if ever: the greeting returns only after silence. */
  previousInboundAt?: string;
  /** The customer this contact is linked to (by phone or by an agent). */
  customer?: { name: string; licenses: CustomerLicense[] };
  /** Premium line: an engagement that is neither closed nor cancelled. */
  openEngagement?: boolean;
  /**
   * Pre-sales line: the products with their facts, and the product the conversation was last about (a
   * follow-up such as "¿y con la 3.0.3.9?" keeps it).
   */
  catalogue?: { products: CatalogueFacts[]; contextProductId?: string };
}

export type PolicyAction =
  | {
      type: "reply";
      reply: PolicyReply;
      /** Send only if this marker was last set before `cutoff` (or never), and set it. */
      once?: { marker: Marker; cutoff: string };
      /** Markers to set when the reply goes out (a redirect also counts as the greeting). */
      stamps?: Marker[];
      /** The reply fully answers the message: nothing waits for a human once it is queued. */
      answers?: boolean;
      /** Where an automatic answer came from, kept on the sent message (messages.automatic). */
      source?: CatalogueMark;
    }
  /** What the catalogue recognised in the customer's message, kept on it (context, suggestion, reports). */
  | { type: "markQuestion"; mark: CatalogueMark }
  | { type: "setState"; state: "waiting" | "redirected" }
  | { type: "rememberLanguage"; language: Language }
  | { type: "requestEngagement"; serviceType: ServiceType };

export interface Decision {
  language: Language;
  intent?: Intent;
  signals: string[];
  actions: PolicyAction[];
}

/** Text first, then what is remembered, then the phone's country, then the vendor's default. */
function resolveLanguage(input: DecideInput): { language: Language; remember?: Language } {
  const { contact, message, settings } = input;
  if (contact.languagePinned && contact.language) return { language: contact.language };
  const detected = message.kind === "text" && message.text ? detectLanguage(message.text) : undefined;
  if (detected) return { language: detected, remember: detected !== contact.language ? detected : undefined };
  if (contact.language) return { language: contact.language };
  const fromPhone = contact.waId ? languageFromPhone(contact.waId) : undefined;
  return { language: fromPhone ?? settings.vendor.defaultLanguage };
}

function cutoff(input: DecideInput): string {
  const hours = input.settings.presales.autoReplyCooldownHours;
  const at = Math.min(input.now.getTime(), (input.messageAt ?? input.now).getTime());
  return new Date(at - hours * 3600_000).toISOString();
}

function once(input: DecideInput, marker: Marker): { marker: Marker; cutoff: string } | undefined {
  const c = cutoff(input);
  const last = input.lastSent[marker];
  // Already sent within the cooldown: no action at all (the listener re-checks atomically anyway).
  if (last !== undefined && last >= c) return undefined;
  return { marker, cutoff: c };
}

/** The customer's licenses as the redirect names them: active ones first, then the latest to end. */
function licenseLines(input: DecideInput): LicenseLine[] {
  const zone = input.settings.vendor.timeZone;
  const lines = (input.customer?.licenses ?? []).map((l) => ({
    product: l.product,
    supportUntil: l.supportUntil,
    support: supportState({ status: l.status, supportUntil: l.supportUntil }, input.now, zone).reason,
  }));
  const rank = (l: LicenseLine) => (l.support === "active" ? 0 : l.support === "expired" ? 1 : 2);
  lines.sort((a, b) => rank(a) - rank(b) || b.supportUntil.localeCompare(a.supportUntil));
  return lines.slice(0, MAX_LICENSE_LINES);
}

function redirectReply(input: DecideInput): PolicyReply {
  if (!input.customer) return { kind: "redirect" };
  return { kind: "redirect", customer: { name: input.customer.name, licenses: licenseLines(input) } };
}

function presalesAck(input: DecideInput): PolicyReply {
  const { businessHours } = input.settings.presales;
  const zone = input.settings.vendor.timeZone;
  if (isOpen(businessHours, input.now, zone)) return { kind: "presalesAck", open: true };
  const next = nextOpening(businessHours, input.now, zone);
  if (!next) return { kind: "presalesAck", open: true };
  const customerZone = customerTimeZone(input.contact.waId, zone);
  const inDays = daysFromCustomer(input.now, next.daysAhead, zone, customerZone);
  return { kind: "presalesAck", open: false, nextOpen: { weekday: next.weekday, time: next.time, inDays } };
}

function reply(
  reply: PolicyReply,
  extra: Omit<Extract<PolicyAction, { type: "reply" }>, "type" | "reply"> = {},
) {
  return { type: "reply" as const, reply, ...extra };
}

function decidePresales(input: DecideInput, d: Decision): void {
  const { message } = input;
  const greet = () => {
    // A new contact, or one silent for longer than the cooldown since a greeting that is itself that old.
    const c = cutoff(input);
    if (
      input.lastSent.greeting !== undefined &&
      input.previousInboundAt !== undefined &&
      input.previousInboundAt >= c
    ) {
      return;
    }
    const o = once(input, "greeting");
    // A customer who already asked something is not asked "how can we help?".
    const asked = message.kind === "text" && d.intent !== undefined && d.intent !== "unclear";
    if (o) d.actions.push(reply(asked ? { kind: "greeting", asked } : { kind: "greeting" }, { once: o }));
  };

  if (message.kind === "tap" && message.replyId) {
    switch (message.replyId) {
      case REPLY_IDS.presales:
        d.actions.push(reply(presalesAck(input), { stamps: ["greeting"] }));
        d.actions.push({ type: "setState", state: "waiting" });
        return;
      case REPLY_IDS.purchase:
        d.actions.push(reply(redirectReply(input), { stamps: ["greeting", "redirect"], answers: true }));
        d.actions.push({ type: "setState", state: "redirected" });
        return;
      case REPLY_IDS.premium:
        d.actions.push(
          reply({ kind: "premiumInfo" }, { stamps: ["greeting", "premium_info"], answers: true }),
        );
        d.actions.push({ type: "setState", state: "redirected" });
        return;
    }
  }

  // An ad click is a pre-sales lead: greeted, never sent to the post-purchase portal.
  if (message.kind === "text" && message.text && !message.fromAd) {
    const { intent, signals } = classifyIntent(message.text);
    d.intent = intent;
    d.signals = signals;
    if (intent === "support") {
      const o = once(input, "redirect");
      if (o) d.actions.push(reply(redirectReply(input), { once: o, stamps: ["greeting"], answers: true }));
      d.actions.push({ type: "setState", state: "redirected" });
      return;
    }
    if (intent === "premium") {
      const o = once(input, "premium_info");
      if (o) d.actions.push(reply({ kind: "premiumInfo" }, { once: o, stamps: ["greeting"], answers: true }));
      d.actions.push({ type: "setState", state: "redirected" });
      return;
    }
  }

  // A pre-sales question, a hello, a photo, a tap on something old: greet if due, answer from the catalogue
  // what it answers exactly, and wait for an agent for the rest.
  greet();
  catalogueAnswer(input, d);
  d.actions.push({ type: "setState", state: "waiting" });
}

/**
 * The catalogue's answer after the greeting (alone when the greeting went out within the cooldown): sent
 * only when exact and sure and its kinds are turned on; otherwise the recognition stays on the message for
 * the agent, and the conversation keeps waiting for a person.
 */
function catalogueAnswer(input: DecideInput, d: Decision): void {
  const { message, catalogue } = input;
  if (message.kind !== "text" || !message.text || !catalogue || catalogue.products.length === 0) return;
  const a = answerFromCatalogue(message.text, d.language, catalogue.products, catalogue.contextProductId);
  if (!a.productId && a.kinds.length === 0) return;
  const name = catalogue.products.find((p) => p.id === a.productId)?.name ?? null;
  if (a.send && a.text && kindsTurnedOff(a.kinds, input.settings).length === 0) {
    const mark = questionMark(a, name, true);
    d.actions.push({ type: "markQuestion", mark });
    d.actions.push(
      reply({ kind: "catalogue", text: a.text }, { answers: true, source: { ...mark, kind: "catalogue" } }),
    );
    return;
  }
  // Without one product, the agent's suggestion asks which one (the candidates, or the whole catalogue).
  const which =
    a.whyNot === "several_products" || a.whyNot === "no_product"
      ? whichProduct(catalogue.products, a.candidates, d.language)
      : undefined;
  d.actions.push({
    type: "markQuestion",
    mark: questionMark(which ? { ...a, text: which } : a, name, false),
  });
}

function whichProduct(products: CatalogueFacts[], candidates: string[] | undefined, language: Language) {
  const names = (candidates ?? products.map((p) => p.id))
    .map((id) => products.find((p) => p.id === id)?.name)
    .filter((n): n is string => n !== undefined)
    .slice(0, 10);
  return translate(language, "policy.catalogue.whichProduct", { products: list(names, language, "or") });
}

function decidePremium(input: DecideInput, d: Decision): void {
  const { message } = input;
  const id = message.kind === "tap" ? message.replyId : undefined;

  if (id?.startsWith(SERVICE_ROW_PREFIX)) {
    const serviceType = id.slice(SERVICE_ROW_PREFIX.length) as ServiceType;
    if (SERVICE_TYPES.includes(serviceType) && !input.openEngagement) {
      d.actions.push({ type: "requestEngagement", serviceType });
      d.actions.push(reply({ kind: "serviceRequested", serviceType }, { stamps: ["rate_card"] }));
      d.actions.push({ type: "setState", state: "waiting" });
      return;
    }
  }

  if (!input.openEngagement) {
    const o = once(input, "rate_card");
    if (o) d.actions.push(reply({ kind: "rateCard" }, { once: o }));
  }
  // Everything on the premium line waits for the owner.
  d.actions.push({ type: "setState", state: "waiting" });
}

export function decide(input: DecideInput): Decision {
  const { language, remember } = resolveLanguage(input);
  const d: Decision = { language, signals: [], actions: [] };
  if (isBillingReply(input.message) || input.message.kind === "none") return d;
  if (remember) d.actions.push({ type: "rememberLanguage", language: remember });
  if (input.role === "presales") decidePresales(input, d);
  else decidePremium(input, d);
  return d;
}
