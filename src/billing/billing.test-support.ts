import { randomToken } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import {
  OWNER,
  signInCookie,
  startTestServer,
  type TestClock,
  type TestDialect,
  type TestServer,
} from "../test/harness.js";
import { buildButtonReplyPayload, buildTextPayload, FIXTURE } from "../whatsapp/fixtures.js";
import { FakeGraph, postWebhook, whatsappEnv } from "../whatsapp/test-support.js";
import type { Engagement } from "./engagements.repository.js";
import { createRequestedEngagement } from "./engagements.service.js";
import type { OutboundContent } from "./premium-channel.js";
import { quoteButtonId } from "./terms.js";

// Shared by the billing tests: a server on the fixture numbers with a fake Graph API (the outside world),
// customers who write and tap on the premium number through the real webhook, and what beedesk sent them.

export interface BillingTest extends TestServer {
  graph: FakeGraph;
  clock: TestClock;
  cookie: string;
  stop(): Promise<void>;
}

export async function startBillingServer(
  dialect: TestDialect,
  clock: TestClock,
  env: Record<string, string> = {},
): Promise<BillingTest> {
  const graph = await new FakeGraph().start();
  const t = await startTestServer(dialect, {
    env: { ...whatsappEnv(graph.url), ...env },
    clock,
    worker: { idleMs: 20 },
  });
  const cookie = await signInCookie(t.server);
  return {
    ...t,
    graph,
    clock,
    cookie,
    stop: async () => {
      await t.close();
      await graph.stop();
    },
  };
}

/** Runs the outbox until nothing is due: inbound listeners, sends. */
export async function settle(t: BillingTest): Promise<void> {
  await t.server.worker!.drain();
}

export interface Customer {
  waId: string;
  name: string;
}

export function newCustomer(name = "Lucía Fernández"): Customer {
  return { waId: `3461${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`, name };
}

/** The customer writes to the premium number (through the real, signed webhook). Returns the wamid. */
export async function customerWrites(t: BillingTest, customer: Customer, text: string): Promise<string> {
  const wamid = `wamid.T${randomToken(20)}`;
  const res = await postWebhook(
    t.server,
    buildTextPayload({
      phoneNumberId: FIXTURE.premium.phoneNumberId,
      displayPhoneNumber: FIXTURE.premium.displayPhoneNumber,
      from: customer.waId,
      name: customer.name,
      wamid,
      text,
      timestamp: t.clock.now(),
    }),
  );
  if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  await settle(t);
  return wamid;
}

/** The customer taps a reply button (by its id) on the premium number. Returns the wamid. */
export async function customerTaps(
  t: BillingTest,
  customer: Customer,
  id: string,
  title = "Accept",
): Promise<string> {
  const wamid = `wamid.T${randomToken(20)}`;
  const res = await postWebhook(
    t.server,
    buildButtonReplyPayload({
      phoneNumberId: FIXTURE.premium.phoneNumberId,
      displayPhoneNumber: FIXTURE.premium.displayPhoneNumber,
      from: customer.waId,
      name: customer.name,
      wamid,
      id,
      title,
      timestamp: t.clock.now(),
    }),
  );
  if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  await settle(t);
  return wamid;
}

export function acceptTap(quoteId: string): string {
  return quoteButtonId("accept", quoteId);
}

export function declineTap(quoteId: string): string {
  return quoteButtonId("decline", quoteId);
}

/** The premium conversation of a customer who has written at least once. */
export async function conversationOf(
  t: BillingTest,
  customer: Customer,
): Promise<{ id: string; contactId: string }> {
  const row = await t.server.ctx.db.kysely
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(["conversations.id", "conversations.contact_id"])
    .where("contacts.wa_id", "=", customer.waId)
    .where("conversations.phone_number_id", "=", FIXTURE.premium.phoneNumberId)
    .executeTakeFirstOrThrow();
  return { id: row.id, contactId: row.contact_id };
}

/** A customer who wrote to the premium number and picked a service: an engagement in state requested. */
export async function requestedEngagement(
  t: BillingTest,
  customer: Customer = newCustomer(),
  serviceType: Engagement["serviceType"] = "urgent_critical",
  language: "es" | "en" = "en",
): Promise<{ engagement: Engagement; customer: Customer; conversationId: string }> {
  // The policy learns the customer's language from how they write.
  await customerWrites(
    t,
    customer,
    language === "es"
      ? "Hola, necesito ayuda urgente con mi tienda"
      : "Hello, I need urgent help with my shop please",
  );
  const conversation = await conversationOf(t, customer);
  const ctx = t.server.ctx;
  const engagement = await inTransaction(ctx, (tx) =>
    createRequestedEngagement(tx, {
      conversationId: conversation.id,
      contactId: conversation.contactId,
      serviceType,
    }),
  );
  return { engagement, customer, conversationId: conversation.id };
}

export interface SentMessage {
  conversationId: string;
  content: OutboundContent;
  callbackData: string | undefined;
}

/** What beedesk sent to a conversation (billing's messages and the policy's), oldest first; held ones left out. */
export async function sentTo(t: BillingTest, conversationId: string): Promise<SentMessage[]> {
  const rows = await t.server.ctx.db.kysely
    .selectFrom("messages")
    .select(["raw", "created_at", "id"])
    .where("conversation_id", "=", conversationId)
    .where("direction", "=", "out")
    .where("status", "<>", "held")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => {
    const body = JSON.parse(r.raw);
    return {
      conversationId,
      content: contentOf(body),
      callbackData: body.biz_opaque_callback_data as string | undefined,
    };
  });
}

/** Billing's own messages (tagged with billing callback data): the policy's automatic replies left out. */
export async function billingSent(t: BillingTest, conversationId: string): Promise<SentMessage[]> {
  return (await sentTo(t, conversationId)).filter((m) => m.callbackData?.startsWith("billing:"));
}

function contentOf(body: {
  type: string;
  text?: { body: string };
  interactive?: { body: { text: string }; action: { buttons?: { reply: { id: string; title: string } }[] } };
}): OutboundContent {
  if (body.type === "interactive" && body.interactive?.action.buttons) {
    return {
      kind: "buttons",
      body: body.interactive.body.text,
      buttons: body.interactive.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title })),
    };
  }
  return { kind: "text", text: body.text?.body ?? body.interactive?.body.text ?? "" };
}

export function textOf(message: SentMessage | undefined): string {
  if (!message) return "";
  return message.content.kind === "text" ? message.content.text : message.content.body;
}

/** API call as the signed-in owner (or with another cookie). */
export async function call(
  t: BillingTest,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  cookie = t.cookie,
) {
  const res = await t.server.app.inject({
    method,
    url,
    headers: { cookie, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
    ...(method === "GET" ? {} : { payload: JSON.stringify(body ?? {}) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test responses are checked field by field.
  return { status: res.statusCode, body: res.body ? (safeJson(res.body) as any) : undefined, raw: res };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const QUOTE = { serviceType: "urgent_critical", estimateHours: 2, capHours: 4 } as const;

/** Sends a quote through the API and returns it. */
export async function quote(t: BillingTest, engagementId: string, body: Record<string, unknown> = QUOTE) {
  const res = await call(t, "POST", `/api/v1/engagements/${engagementId}/quotes`, body);
  if (res.status !== 201) throw new Error(`quote failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string; termsText: string; termsSha256: string; capMinutes: number };
}

/** An engagement the customer agreed to (quote sent and Accept tapped). */
export async function agreedEngagement(t: BillingTest, body: Record<string, unknown> = QUOTE) {
  const made = await requestedEngagement(t);
  const q = await quote(t, made.engagement.id, body);
  const wamid = await customerTaps(t, made.customer, acceptTap(q.id));
  return { ...made, quote: q, acceptWamid: wamid };
}

/** Creates an agent account and returns its id and cookie. */
export async function agent(t: BillingTest, email = `agent-${randomToken(6)}@example.com`) {
  const res = await call(t, "POST", "/api/v1/users", {
    email,
    name: "Ana Agent",
    role: "agent",
    password: "agent-password-1",
  });
  if (res.status !== 201) throw new Error(`agent creation failed: ${res.status}`);
  return { id: res.body.id as string, cookie: await signInCookie(t.server, email, "agent-password-1") };
}

export async function openPremiumTo(t: BillingTest, userIds: string[]): Promise<void> {
  const settings = await getSettings(t.server.ctx);
  await updateSettings(t.server.ctx, "premium", { ...settings.premium, openToAgentIds: userIds }, null);
}

export { OWNER };

/** The token of the latest review link sent to the engagement's customer (held or not). */
export async function reviewTokenOf(t: BillingTest, engagementId: string): Promise<string> {
  const db = t.server.ctx.db.kysely;
  const { conversation_id } = await db
    .selectFrom("engagements")
    .select("conversation_id")
    .where("id", "=", engagementId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("messages")
    .select("raw")
    .where("conversation_id", "=", conversation_id)
    .where("direction", "=", "out")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  for (const row of rows) {
    const found = /\/billing\/review\/([0-9a-z]{40})/.exec(row.raw);
    if (found?.[1]) return found[1];
  }
  throw new Error("no review link was sent");
}

/** The customer answers the review page's form (approve, or dispute with a reason). */
export async function answerReview(
  t: BillingTest,
  token: string,
  answer: "approve" | "dispute",
  reason = "",
  lang: "es" | "en" = "en",
) {
  return t.server.app.inject({
    method: "POST",
    url: `/billing/review/${token}/${answer}?lang=${lang}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(answer === "dispute" ? { reason } : {}).toString(),
  });
}

/** Closes the work and has the customer approve the review: the engagement is ready to invoice. */
export async function closeApproved(t: BillingTest, engagementId: string) {
  const closed = await call(t, "POST", `/api/v1/engagements/${engagementId}/close`, {});
  if (closed.status !== 200) throw new Error(`close failed: ${closed.status} ${JSON.stringify(closed.body)}`);
  const answered = await answerReview(t, await reviewTokenOf(t, engagementId), "approve");
  if (answered.statusCode !== 303)
    throw new Error(`approval failed: ${answered.statusCode} ${answered.body}`);
  await settle(t);
  return closed;
}
