import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { ServiceType } from "../settings/settings.schema.js";
import type { AgreementsTable, QuoteStatus, QuotesTable } from "./billing.tables.js";

// Quotes, the agreements they become (insert and read only: agreements are evidence), and the customer
// messages about them that billing has answered.

export interface Quote {
  id: string;
  engagementId: string;
  code: string;
  kind: "initial" | "extension";
  serviceType: ServiceType;
  hourlyRateCents: number;
  cardRateCents: number;
  rateOverridden: boolean;
  currency: string;
  incrementMinutes: number;
  minimumMinutes: number;
  estimateMinutes: number;
  capMinutes: number;
  depositCents: number;
  language: "es" | "en";
  termsText: string;
  termsSha256: string;
  rateCardVersion: string;
  status: QuoteStatus;
  sentToWaId: string | null;
  createdBy: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface Agreement {
  id: string;
  engagementId: string;
  quoteId: string;
  quoteCode: string;
  termsText: string;
  termsSha256: string;
  rateCardVersion: string;
  serviceType: ServiceType;
  hourlyRateCents: number;
  currency: string;
  incrementMinutes: number;
  minimumMinutes: number;
  capMinutes: number;
  depositCents: number;
  acceptedWamid: string;
  acceptedAt: string;
  senderWaId: string;
  via: "button" | "text";
  createdAt: string;
}

// ---- quotes

const QUOTE_COLUMNS = [
  "id",
  "engagement_id",
  "code",
  "kind",
  "service_type",
  "hourly_rate_cents",
  "card_rate_cents",
  "rate_overridden",
  "currency",
  "increment_minutes",
  "minimum_minutes",
  "estimate_minutes",
  "cap_minutes",
  "deposit_cents",
  "language",
  "terms_text",
  "terms_sha256",
  "rate_card_version",
  "status",
  "sent_to_wa_id",
  "created_by",
  "created_at",
  "decided_at",
] as const;

function quoteRowToQuote(row: Pick<QuotesTable, (typeof QUOTE_COLUMNS)[number]>): Quote {
  return {
    id: row.id,
    engagementId: row.engagement_id,
    code: row.code,
    kind: row.kind,
    serviceType: row.service_type,
    hourlyRateCents: Number(row.hourly_rate_cents),
    cardRateCents: Number(row.card_rate_cents),
    rateOverridden: row.rate_overridden === 1,
    currency: row.currency,
    incrementMinutes: row.increment_minutes,
    minimumMinutes: row.minimum_minutes,
    estimateMinutes: row.estimate_minutes,
    capMinutes: row.cap_minutes,
    depositCents: Number(row.deposit_cents),
    language: row.language,
    termsText: row.terms_text,
    termsSha256: row.terms_sha256,
    rateCardVersion: row.rate_card_version,
    status: row.status,
    sentToWaId: row.sent_to_wa_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

/** Inserts unless the code is taken (the caller draws another code): true when inserted. */
export async function insertQuote(db: Kysely<Database>, row: QuotesTable): Promise<boolean> {
  const result = await db
    .insertInto("quotes")
    .values(row)
    .onConflict((oc) => oc.column("code").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findQuote(db: Kysely<Database>, id: string): Promise<Quote | undefined> {
  const row = await db.selectFrom("quotes").select(QUOTE_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? quoteRowToQuote(row) : undefined;
}

export async function findQuoteByCode(db: Kysely<Database>, code: string): Promise<Quote | undefined> {
  const row = await db.selectFrom("quotes").select(QUOTE_COLUMNS).where("code", "=", code).executeTakeFirst();
  return row ? quoteRowToQuote(row) : undefined;
}

export async function listQuotes(db: Kysely<Database>, engagementId: string): Promise<Quote[]> {
  const rows = await db
    .selectFrom("quotes")
    .select(QUOTE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(quoteRowToQuote);
}

/** Ends every open quote of the engagement: superseded by a newer one, or cancelled with it. */
export async function closeOpenQuotes(
  db: Kysely<Database>,
  engagementId: string,
  status: "superseded" | "cancelled",
  at: string,
): Promise<number> {
  const result = await db
    .updateTable("quotes")
    .set({ status, decided_at: at })
    .where("engagement_id", "=", engagementId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Compare-and-set on a quote's status. */
export async function setQuoteStatus(
  db: Kysely<Database>,
  id: string,
  from: QuoteStatus,
  to: QuoteStatus,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("quotes")
    .set({ status: to, decided_at: at })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- agreements (insert and read only: they are evidence)

const AGREEMENT_COLUMNS = [
  "id",
  "engagement_id",
  "quote_id",
  "quote_code",
  "terms_text",
  "terms_sha256",
  "rate_card_version",
  "service_type",
  "hourly_rate_cents",
  "currency",
  "increment_minutes",
  "minimum_minutes",
  "cap_minutes",
  "deposit_cents",
  "accepted_wamid",
  "accepted_at",
  "sender_wa_id",
  "via",
  "created_at",
] as const;

function agreementRowToAgreement(row: Pick<AgreementsTable, (typeof AGREEMENT_COLUMNS)[number]>): Agreement {
  return {
    id: row.id,
    engagementId: row.engagement_id,
    quoteId: row.quote_id,
    quoteCode: row.quote_code,
    termsText: row.terms_text,
    termsSha256: row.terms_sha256,
    rateCardVersion: row.rate_card_version,
    serviceType: row.service_type,
    hourlyRateCents: Number(row.hourly_rate_cents),
    currency: row.currency,
    incrementMinutes: row.increment_minutes,
    minimumMinutes: row.minimum_minutes,
    capMinutes: row.cap_minutes,
    depositCents: Number(row.deposit_cents),
    acceptedWamid: row.accepted_wamid,
    acceptedAt: row.accepted_at,
    senderWaId: row.sender_wa_id,
    via: row.via,
    createdAt: row.created_at,
  };
}

/** Inserts unless this quote (or this message) already made an agreement: true when inserted. */
export async function insertAgreement(db: Kysely<Database>, row: AgreementsTable): Promise<boolean> {
  const result = await db
    .insertInto("agreements")
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findAgreement(db: Kysely<Database>, id: string): Promise<Agreement | undefined> {
  const row = await db
    .selectFrom("agreements")
    .select(AGREEMENT_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? agreementRowToAgreement(row) : undefined;
}

export async function findAgreementByWamid(
  db: Kysely<Database>,
  wamid: string,
): Promise<Agreement | undefined> {
  const row = await db
    .selectFrom("agreements")
    .select(AGREEMENT_COLUMNS)
    .where("accepted_wamid", "=", wamid)
    .executeTakeFirst();
  return row ? agreementRowToAgreement(row) : undefined;
}

export async function listAgreements(db: Kysely<Database>, engagementId: string): Promise<Agreement[]> {
  const rows = await db
    .selectFrom("agreements")
    .select(AGREEMENT_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(agreementRowToAgreement);
}

// ---- customer messages already answered

/** Claims a customer message for billing: false when it was handled before (a second run of the listener). */
export async function claimInboundMessage(db: Kysely<Database>, wamid: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto("billing_inbound_handled")
    .values({ wamid, outcome: "pending", handled_at: at })
    .onConflict((oc) => oc.column("wamid").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function recordInboundOutcome(
  db: Kysely<Database>,
  wamid: string,
  outcome: string,
): Promise<void> {
  await db.updateTable("billing_inbound_handled").set({ outcome }).where("wamid", "=", wamid).execute();
}
