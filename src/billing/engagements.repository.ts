import { type Kysely, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { ServiceType } from "../settings/settings.schema.js";
import type { EngagementEventsTable, EngagementState, EngagementsTable } from "./billing.tables.js";

export interface Engagement {
  id: string;
  state: EngagementState;
  serviceType: ServiceType;
  conversationId: string;
  contactId: string;
  customerId: string | null;
  contactWaId: string | null;
  contactName: string;
  language: "es" | "en";
  currentQuoteId: string | null;
  currentAgreementId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EngagementListRow extends Engagement {
  contact: { id: string; name: string; waId: string | null; language: string | null };
  customer: { id: string; name: string; email: string } | null;
}

export interface EngagementEvent {
  id: string;
  action: string;
  fromState: EngagementState | null;
  toState: EngagementState;
  actorType: EngagementEventsTable["actor_type"];
  actorId: string | null;
  details: Record<string, unknown>;
  at: string;
}

const ENGAGEMENT_COLUMNS = [
  "engagements.id",
  "engagements.state",
  "engagements.service_type",
  "engagements.conversation_id",
  "engagements.contact_id",
  "engagements.customer_id",
  "engagements.contact_wa_id",
  "engagements.contact_name",
  "engagements.language",
  "engagements.current_quote_id",
  "engagements.current_agreement_id",
  "engagements.created_by",
  "engagements.created_at",
  "engagements.updated_at",
] as const;

type EngagementRow = Pick<
  EngagementsTable,
  | "id"
  | "state"
  | "service_type"
  | "conversation_id"
  | "contact_id"
  | "customer_id"
  | "contact_wa_id"
  | "contact_name"
  | "language"
  | "current_quote_id"
  | "current_agreement_id"
  | "created_by"
  | "created_at"
  | "updated_at"
>;

function engagementRowToEngagement(row: EngagementRow): Engagement {
  return {
    id: row.id,
    state: row.state,
    serviceType: row.service_type,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    customerId: row.customer_id,
    contactWaId: row.contact_wa_id,
    contactName: row.contact_name,
    language: row.language,
    currentQuoteId: row.current_quote_id,
    currentAgreementId: row.current_agreement_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertEngagement(db: Kysely<Database>, row: EngagementsTable): Promise<void> {
  await db.insertInto("engagements").values(row).execute();
}

export async function findEngagement(db: Kysely<Database>, id: string): Promise<Engagement | undefined> {
  const row = await db
    .selectFrom("engagements")
    .select(ENGAGEMENT_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? engagementRowToEngagement(row) : undefined;
}

/**
 * Read an engagement for a change: touching the row takes its lock on PostgreSQL (SQLite has one writer),
 * so checks made after this (cap, state) hold until the transaction ends.
 */
export async function lockEngagement(
  db: Kysely<Database>,
  id: string,
  at: string,
): Promise<Engagement | undefined> {
  await db.updateTable("engagements").set({ updated_at: at }).where("id", "=", id).execute();
  return findEngagement(db, id);
}

/** Compare-and-set on the state: false when someone else moved it first. */
export async function setEngagementState(
  db: Kysely<Database>,
  id: string,
  from: EngagementState,
  to: EngagementState,
  at: string,
  patch: Partial<Pick<EngagementsTable, "current_quote_id" | "current_agreement_id" | "service_type">> = {},
): Promise<boolean> {
  const result = await db
    .updateTable("engagements")
    .set({ ...patch, state: to, updated_at: at })
    .where("id", "=", id)
    .where("state", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface EngagementListFilter {
  states?: EngagementState[] | undefined;
  conversationId?: string | undefined;
  limit: number;
}

/** Engagements with their contact and customer (the one chosen for it, or the contact's linked one). */
function selectWithParties(db: Kysely<Database>) {
  return (
    db
      .selectFrom("engagements")
      .innerJoin("contacts", "contacts.id", "engagements.contact_id")
      // The customer chosen for the engagement, or the one its contact was linked to since.
      .leftJoin("customers", (join) =>
        join.on(sql`customers.id`, "=", sql`coalesce(engagements.customer_id, contacts.customer_id)`),
      )
      .select(ENGAGEMENT_COLUMNS)
      .select([
        "contacts.profile_name",
        "contacts.wa_id",
        "contacts.language as contact_language",
        "customers.id as linked_customer_id",
        "customers.name as customer_name",
        "customers.email as customer_email",
      ])
  );
}

type PartiesRow = Awaited<ReturnType<ReturnType<typeof selectWithParties>["executeTakeFirstOrThrow"]>>;

function rowWithParties(row: PartiesRow): EngagementListRow {
  return {
    ...engagementRowToEngagement(row),
    contact: {
      id: row.contact_id,
      name: row.profile_name ?? row.contact_name,
      waId: row.wa_id ?? row.contact_wa_id,
      language: row.contact_language,
    },
    customer:
      row.linked_customer_id && row.customer_name !== null
        ? { id: row.linked_customer_id, name: row.customer_name, email: row.customer_email ?? "" }
        : null,
  };
}

export async function listEngagements(
  db: Kysely<Database>,
  filter: EngagementListFilter,
): Promise<EngagementListRow[]> {
  let query = selectWithParties(db);
  if (filter.states && filter.states.length > 0)
    query = query.where("engagements.state", "in", filter.states);
  if (filter.conversationId) query = query.where("engagements.conversation_id", "=", filter.conversationId);
  const rows = await query
    .orderBy("engagements.updated_at", "desc")
    .orderBy("engagements.id", "desc")
    .limit(filter.limit)
    .execute();
  return rows.map(rowWithParties);
}

export async function findEngagementWithParties(
  db: Kysely<Database>,
  id: string,
): Promise<EngagementListRow | undefined> {
  const row = await selectWithParties(db).where("engagements.id", "=", id).executeTakeFirst();
  return row ? rowWithParties(row) : undefined;
}

/** The engagement still open on a conversation (not finished, declined or cancelled), newest first. */
export async function findOpenEngagementForConversation(
  db: Kysely<Database>,
  conversationId: string,
): Promise<Engagement | undefined> {
  const row = await db
    .selectFrom("engagements")
    .select(ENGAGEMENT_COLUMNS)
    .where("conversation_id", "=", conversationId)
    .where("state", "in", ["requested", "quoted", "agreed", "in_progress"])
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return row ? engagementRowToEngagement(row) : undefined;
}

export async function insertEngagementEvent(db: Kysely<Database>, row: EngagementEventsTable): Promise<void> {
  await db.insertInto("engagement_events").values(row).execute();
}

export async function listEngagementEvents(
  db: Kysely<Database>,
  engagementId: string,
): Promise<EngagementEvent[]> {
  const rows = await db
    .selectFrom("engagement_events")
    .select(["id", "action", "from_state", "to_state", "actor_type", "actor_id", "details", "created_at"])
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    actorType: r.actor_type,
    actorId: r.actor_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
    at: r.created_at,
  }));
}
