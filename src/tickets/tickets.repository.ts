import { type Kysely, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type {
  AuthorType,
  TicketCategory,
  TicketSource,
  TicketStatus,
  TicketsTable,
} from "./tickets.tables.js";

export interface Ticket {
  id: string;
  number: number;
  customerId: string;
  licenseId: string;
  category: TicketCategory;
  subject: string;
  description: string;
  storeUrl: string;
  opencartVersion: string;
  phpVersion: string;
  status: TicketStatus;
  language: "es" | "en";
  assigneeId: string | null;
  source: TicketSource;
  conversationId: string | null;
  createdBy: { type: AuthorType; id: string };
  courtesy: { reason: string; by: string | null } | null;
  firstResponseDueAt: string;
  firstResponseAt: string | null;
  lastActivityAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const TICKET_COLUMNS = [
  "id",
  "number",
  "customer_id",
  "license_id",
  "category",
  "subject",
  "description",
  "store_url",
  "opencart_version",
  "php_version",
  "status",
  "language",
  "assignee_id",
  "source",
  "conversation_id",
  "created_by_type",
  "created_by_id",
  "courtesy_reason",
  "courtesy_by",
  "first_response_due_at",
  "first_response_at",
  "last_activity_at",
  "resolved_at",
  "closed_at",
  "created_at",
  "updated_at",
] as const;

function ticketRowToTicket(row: TicketsTable): Ticket {
  return {
    id: row.id,
    number: Number(row.number),
    customerId: row.customer_id,
    licenseId: row.license_id,
    category: row.category,
    subject: row.subject,
    description: row.description,
    storeUrl: row.store_url,
    opencartVersion: row.opencart_version,
    phpVersion: row.php_version,
    status: row.status,
    language: row.language === "es" ? "es" : "en",
    assigneeId: row.assignee_id,
    source: row.source,
    conversationId: row.conversation_id,
    createdBy: { type: row.created_by_type, id: row.created_by_id },
    courtesy: row.courtesy_reason ? { reason: row.courtesy_reason, by: row.courtesy_by } : null,
    firstResponseDueAt: row.first_response_due_at,
    firstResponseAt: row.first_response_at,
    lastActivityAt: row.last_activity_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The next ticket number; the unique index settles a race (the caller retries). */
export async function nextTicketNumber(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select((eb) => eb.fn.max<number | null>("number").as("n"))
    .executeTakeFirst();
  return Math.max(Number(row?.n ?? 0), 1000) + 1;
}

export async function insertTicket(db: Kysely<Database>, row: TicketsTable): Promise<void> {
  await db.insertInto("tickets").values(row).execute();
}

export async function findTicketById(db: Kysely<Database>, id: string): Promise<Ticket | undefined> {
  const row = await db.selectFrom("tickets").select(TICKET_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? ticketRowToTicket(row) : undefined;
}

/** A ticket only if it belongs to this customer: the portal never looks a ticket up any other way. */
export async function findCustomerTicket(
  db: Kysely<Database>,
  customerId: string,
  id: string,
): Promise<Ticket | undefined> {
  const row = await db
    .selectFrom("tickets")
    .select(TICKET_COLUMNS)
    .where("id", "=", id)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
  return row ? ticketRowToTicket(row) : undefined;
}

export interface TicketListItem {
  id: string;
  number: number;
  subject: string;
  category: TicketCategory;
  status: TicketStatus;
  customer: { id: string; name: string; email: string };
  product: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  courtesy: boolean;
  firstResponseDueAt: string;
  firstResponseAt: string | null;
  overdue: boolean;
  lastActivityAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface TicketFilters {
  status?: TicketStatus[];
  productId?: string;
  /** A user id, "me" resolved by the caller, or "none" for unassigned. */
  assignee?: string;
  overdue?: boolean;
  customerId?: string;
  q?: string;
  limit: number;
  offset: number;
}

const OPEN_STATUSES: TicketStatus[] = ["open", "pending_customer"];

/** Overdue = no first response yet, past its due time, and still waiting on us. */
export async function listTickets(
  db: Kysely<Database>,
  filters: TicketFilters,
  now: string,
): Promise<{ items: TicketListItem[]; total: number }> {
  let query = db
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.customer_id")
    .innerJoin("licenses", "licenses.id", "tickets.license_id")
    .innerJoin("products", "products.id", "licenses.product_id")
    .leftJoin("users", "users.id", "tickets.assignee_id");
  if (filters.status?.length) query = query.where("tickets.status", "in", filters.status);
  if (filters.productId) query = query.where("licenses.product_id", "=", filters.productId);
  if (filters.assignee === "none") query = query.where("tickets.assignee_id", "is", null);
  else if (filters.assignee) query = query.where("tickets.assignee_id", "=", filters.assignee);
  if (filters.customerId) query = query.where("tickets.customer_id", "=", filters.customerId);
  if (filters.overdue) {
    query = query
      .where("tickets.first_response_at", "is", null)
      .where("tickets.first_response_due_at", "<", now)
      .where("tickets.status", "in", OPEN_STATUSES);
  }
  const q = filters.q?.trim().toLowerCase();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const asNumber = /^#?\d+$/.test(q) ? Number(q.replace("#", "")) : undefined;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(tickets.subject)`, "like", sql`${like} escape '\\'`),
        eb("customers.email", "like", sql<string>`${like} escape '\\'`),
        eb(sql`lower(customers.name)`, "like", sql`${like} escape '\\'`),
        ...(asNumber !== undefined ? [eb("tickets.number", "=", asNumber)] : []),
      ]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      "tickets.id",
      "tickets.number",
      "tickets.subject",
      "tickets.category",
      "tickets.status",
      "tickets.courtesy_reason",
      "tickets.first_response_due_at",
      "tickets.first_response_at",
      "tickets.last_activity_at",
      "tickets.created_at",
      "tickets.updated_at",
      "customers.id as customer_id",
      "customers.name as customer_name",
      "customers.email as customer_email",
      "products.id as product_id",
      "products.name as product_name",
      "users.id as assignee_id",
      "users.name as assignee_name",
    ])
    .orderBy("tickets.updated_at", "desc")
    .orderBy("tickets.id", "desc")
    .limit(filters.limit)
    .offset(filters.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      number: Number(r.number),
      subject: r.subject,
      category: r.category,
      status: r.status,
      customer: { id: r.customer_id, name: r.customer_name, email: r.customer_email },
      product: { id: r.product_id, name: r.product_name },
      assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "" } : null,
      courtesy: r.courtesy_reason !== null,
      firstResponseDueAt: r.first_response_due_at,
      firstResponseAt: r.first_response_at,
      overdue: isOverdue(r.status, r.first_response_at, r.first_response_due_at, now),
      lastActivityAt: r.last_activity_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
  };
}

export function isOverdue(
  status: TicketStatus,
  firstResponseAt: string | null,
  dueAt: string,
  now: string,
): boolean {
  return firstResponseAt === null && dueAt < now && OPEN_STATUSES.includes(status);
}

export interface CustomerTicketSummary {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  productName: string;
  updatedAt: string;
}

export async function listCustomerTickets(
  db: Kysely<Database>,
  customerId: string,
): Promise<CustomerTicketSummary[]> {
  const rows = await db
    .selectFrom("tickets")
    .innerJoin("licenses", "licenses.id", "tickets.license_id")
    .innerJoin("products", "products.id", "licenses.product_id")
    .select([
      "tickets.id",
      "tickets.number",
      "tickets.subject",
      "tickets.status",
      "tickets.updated_at",
      "products.name as product_name",
    ])
    .where("tickets.customer_id", "=", customerId)
    .orderBy("tickets.updated_at", "desc")
    .orderBy("tickets.id", "desc")
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    subject: r.subject,
    status: r.status,
    productName: r.product_name,
    updatedAt: r.updated_at,
  }));
}

export type TicketPatch = Partial<
  Pick<
    TicketsTable,
    | "status"
    | "assignee_id"
    | "first_response_at"
    | "last_activity_at"
    | "resolved_at"
    | "closed_at"
    | "updated_at"
  >
>;

/** Update a ticket, optionally only when it is still in `fromStatus` (a race-free transition). */
export async function updateTicket(
  db: Kysely<Database>,
  id: string,
  patch: TicketPatch,
  fromStatus?: TicketStatus,
): Promise<boolean> {
  let query = db.updateTable("tickets").set(patch).where("id", "=", id);
  if (fromStatus) query = query.where("status", "=", fromStatus);
  const r = await query.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Resolved tickets quiet since before `cutoff`: due for auto-close. */
export async function listQuietResolvedTickets(
  db: Kysely<Database>,
  cutoff: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("tickets")
    .select("id")
    .where("status", "=", "resolved")
    .where("last_activity_at", "<=", cutoff)
    .orderBy("last_activity_at")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertCredentials(
  db: Kysely<Database>,
  ticketId: string,
  sealed: string,
  at: string,
): Promise<void> {
  await db
    .insertInto("ticket_credentials")
    .values({ ticket_id: ticketId, sealed, created_at: at, erased_at: null })
    .execute();
}

export async function findCredentials(
  db: Kysely<Database>,
  ticketId: string,
): Promise<{ sealed: string | null; createdAt: string; erasedAt: string | null } | undefined> {
  const row = await db
    .selectFrom("ticket_credentials")
    .select(["sealed", "created_at", "erased_at"])
    .where("ticket_id", "=", ticketId)
    .executeTakeFirst();
  return row ? { sealed: row.sealed, createdAt: row.created_at, erasedAt: row.erased_at } : undefined;
}

/** Drop the ciphertext for good, keeping when it was erased; true when there was something to erase. */
export async function eraseCredentials(db: Kysely<Database>, ticketId: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("ticket_credentials")
    .set({ sealed: null, erased_at: at })
    .where("ticket_id", "=", ticketId)
    .where("erased_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
