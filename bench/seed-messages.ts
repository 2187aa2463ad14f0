// Bench-only bulk seeding: contacts, conversations and messages with realistic mixed Spanish/English text,
// written straight into a migrated database (prepared statements in big transactions on SQLite's raw handle,
// multi-row INSERTs on PostgreSQL). Not product code: it bypasses the services on purpose, for speed.
import type SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { PREMIUM_ID, PRESALES_ID } from "./support.js";

export interface SeedOptions {
  messages: number;
  conversations: number;
  /** Deterministic text and timestamps. */
  seed?: number;
}

const PRODUCTS = [
  "Advanced Filter",
  "One Page Checkout",
  "SEO Pack Pro",
  "Quick Order",
  "Stripe Payments",
  "Mega Menu",
  "Product Labels",
  "Smart Search",
  "Abandoned Cart",
  "Invoice PDF",
];
const VERSIONS = ["3.0.3.8", "3.0.3.9", "4.0.0.0", "4.0.2.1", "4.0.2.3", "4.1.0.0"];
const NAMES = [
  "Lucía Fernández",
  "Javier Romero",
  "María García",
  "Carlos Ruiz",
  "Ana Torres",
  "John Miller",
  "Sarah Johnson",
  "Pedro Sánchez",
  "Elena Martín",
  "David Brown",
  "Laura Gómez",
  "Miguel Ortega",
  "Emma Wilson",
  "Sofía Navarro",
  "Diego Castro",
];
const ERRORS = [
  "Undefined index: customer_id",
  "Error 500 al guardar",
  "Warning: Invalid argument supplied for foreach()",
  "la página se queda en blanco",
  "Call to a member function getId() on null",
  "el carrito se vacía solo",
  "headers already sent",
  "Stripe: No such payment_intent",
];
const ES_IN = [
  "Hola, ¿el módulo {p} es compatible con OpenCart {v}?",
  "Buenas tardes, compré {p} y me da este error en el checkout: {e}",
  "¿Cuánto cuesta la licencia de {p} para {n} dominios?",
  "Gracias, ya funciona perfectamente",
  "Mi pedido #{o} no aparece en mi cuenta",
  "Necesito la factura del pedido #{o} a nombre de mi empresa",
  "Después de actualizar a la versión {v} se borró la configuración de {p}",
  "¿Tenéis descuento si compro {n} módulos?",
  "El filtro no muestra los productos de la categoría ofertas",
  "Soy {name}, os escribí ayer por lo del error en el pago",
  "¿Se puede instalar {p} en una tienda multi-idioma?",
  "Urgente: la tienda no deja terminar la compra, {e}",
  "Vale, os paso el acceso FTP por el ticket",
  "¿Hasta cuándo tengo soporte con mi licencia?",
];
const EN_IN = [
  "Hi, does {p} work with OpenCart {v}?",
  "Hello, I bought {p} and checkout fails with: {e}",
  "How much is a {p} license for {n} domains?",
  "Thanks, it works now",
  "My order #{o} does not show in my account",
  "I need an invoice for order #{o} with my company name",
  "After updating to {v} the {p} settings are gone",
  "Do you offer a discount for {n} extensions?",
  "The filter shows no products in the sale category",
  "This is {name}, I wrote yesterday about the payment error",
  "Can {p} run on a multi-language store?",
  "Urgent: customers cannot finish checkout, {e}",
  "Is there a refund if it does not work with my theme?",
  "When does my support period end?",
];
const ES_OUT = [
  "Hola {first}, gracias por escribirnos. Sí, {p} es compatible con OpenCart {v}.",
  "¿Puedes abrir un ticket con el error y el acceso a la tienda? Lo revisamos hoy.",
  "Ya está corregido en la versión {v}, descárgala desde tu cuenta.",
  "La licencia para {n} dominios cuesta {n}0 USD.",
  "Te hemos enviado la factura del pedido #{o} por correo.",
];
const EN_OUT = [
  "Hi {first}, thanks for writing. Yes, {p} works with OpenCart {v}.",
  "Could you open a ticket with the error and store access? We will look at it today.",
  "It is fixed in version {v}; download it from your account.",
  "A license for {n} domains is {n}0 USD.",
  "We have emailed you the invoice for order #{o}.",
];

/** Small fast PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Ids shaped like newId(): 10 time characters + 16 random ones. */
function idAt(ms: number, rnd: () => number): string {
  let time = "";
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let tail = "";
  for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(rnd() * 32)];
  return time + tail;
}

interface Row {
  contact: (string | null)[];
  conversation: (string | number | null)[];
  messages: (string | number | null)[][];
}

/** Generates conversation after conversation; messages of one conversation are in time order. */
function* generate(o: SeedOptions): Generator<Row> {
  const rnd = random(o.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const end = Date.parse("2026-11-20T12:00:00Z");
  const span = 2 * 365 * 24 * 3600 * 1000;
  let left = o.messages;
  for (let c = 0; c < o.conversations; c++) {
    const remaining = o.conversations - c;
    // Uneven sizes: most chats are short, a few are long.
    const mean = left / remaining;
    const size =
      c === o.conversations - 1 ? left : Math.max(1, Math.min(left, Math.round(mean * (0.2 + 1.6 * rnd()))));
    left -= size;
    const spanish = rnd() < 0.65;
    const name = pick(NAMES);
    const first = name.split(" ")[0]!;
    const waId = String(34600000000 + c * 7 + 3);
    const premium = rnd() < 0.12;
    let at = end - Math.floor(rnd() * span);
    const start = at;
    const contactId = idAt(start, rnd);
    const conversationId = idAt(start, rnd);
    const messages: (string | number | null)[][] = [];
    let lastIn: string | null = null;
    let lastInWamid: string | null = null;
    let preview = "";
    for (let m = 0; m < size; m++) {
      at += Math.floor(rnd() * 6 * 3600 * 1000);
      const inbound = m === 0 || rnd() < 0.6;
      const template = inbound ? pick(spanish ? ES_IN : EN_IN) : pick(spanish ? ES_OUT : EN_OUT);
      const text = template
        .replace("{p}", pick(PRODUCTS))
        .replace("{v}", pick(VERSIONS))
        .replace("{e}", pick(ERRORS))
        .replace("{n}", String(2 + Math.floor(rnd() * 8)))
        .replace("{o}", String(10000 + Math.floor(rnd() * 90000)))
        .replace("{name}", name)
        .replace("{first}", first);
      const iso = new Date(at).toISOString();
      const wamid = `wamid.SEED${c.toString(36)}x${m.toString(36)}${inbound ? "i" : "o"}`;
      const raw = inbound
        ? JSON.stringify({
            from: waId,
            id: wamid,
            timestamp: String(Math.floor(at / 1000)),
            type: "text",
            text: { body: text },
          })
        : JSON.stringify({
            messaging_product: "whatsapp",
            recipient_type: "individual",
            to: waId,
            type: "text",
            text: { preview_url: false, body: text },
          });
      messages.push([
        idAt(at, rnd),
        conversationId,
        inbound ? "in" : "out",
        wamid,
        "text",
        text,
        raw,
        inbound ? "received" : "read",
        iso,
        inbound ? null : iso,
      ]);
      if (inbound) {
        lastIn = iso;
        lastInWamid = wamid;
      }
      preview = text.slice(0, 160);
    }
    const lastAt = new Date(at).toISOString();
    const startIso = new Date(start).toISOString();
    yield {
      contact: [contactId, waId, name, spanish ? "es" : "en", startIso, lastAt],
      conversation: [
        conversationId,
        premium ? PREMIUM_ID : PRESALES_ID,
        contactId,
        premium ? "premium" : "presales",
        pick(["waiting", "replied", "replied", "closed", "redirected"]),
        lastIn,
        lastInWamid,
        lastAt,
        preview,
        rnd() < 0.1 ? 1 : 0,
        startIso,
        lastAt,
      ],
      messages,
    };
  }
}

const CONTACT_COLUMNS = "id, wa_id, profile_name, language, created_at, updated_at";
const CONVERSATION_COLUMNS =
  "id, phone_number_id, contact_id, role, state, last_inbound_at, last_inbound_wamid, last_message_at, last_message_preview, unread_count, created_at, updated_at";
const MESSAGE_COLUMNS =
  "id, conversation_id, direction, wamid, type, text, raw, status, created_at, status_at";

/**
 * SQLite: the FTS triggers are set aside while rows go in and the index is rebuilt once at the end; the
 * triggers are then put back exactly as the migrations wrote them.
 */
export function seedMessagesSqlite(handle: SqliteDatabase.Database, o: SeedOptions): void {
  handle.pragma("synchronous = OFF");
  const triggers = handle
    .prepare("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'messages'")
    .all() as { name: string; sql: string }[];
  for (const t of triggers) handle.exec(`drop trigger ${t.name}`);
  const contact = handle.prepare(`insert into contacts (${CONTACT_COLUMNS}) values (?, ?, ?, ?, ?, ?)`);
  const conversation = handle.prepare(
    `insert into conversations (${CONVERSATION_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const message = handle.prepare(
    `insert into messages (${MESSAGE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let batch: Row[] = [];
  let inBatch = 0;
  const write = handle.transaction((rows: Row[]) => {
    for (const r of rows) {
      contact.run(r.contact);
      conversation.run(r.conversation);
      for (const m of r.messages) message.run(m);
    }
  });
  for (const row of generate(o)) {
    batch.push(row);
    inBatch += row.messages.length;
    if (inBatch >= 20_000) {
      write(batch);
      batch = [];
      inBatch = 0;
    }
  }
  write(batch);
  if (triggers.some((t) => t.name.startsWith("messages_fts"))) {
    handle.exec("insert into messages_fts(messages_fts) values ('rebuild')");
    // Everything is indexed now (messages join the index in bulk after their commit, see inbox/search-index.ts).
    handle.exec(
      "update messages_fts_progress set indexed_seq = (select coalesce(max(seq), 0) from messages) where id = 1",
    );
  }
  for (const t of triggers) handle.exec(t.sql);
  handle.exec("analyze");
  handle.pragma("wal_checkpoint(TRUNCATE)");
  handle.pragma("synchronous = FULL");
}

/** PostgreSQL: multi-row INSERTs of ~1,000 rows, a few transactions, then ANALYZE. */
export async function seedMessagesPostgres(url: string, o: SeedOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set synchronous_commit = off");
    const insert = async (table: string, columns: string, rows: unknown[][]) => {
      if (rows.length === 0) return;
      const width = rows[0]!.length;
      const values = rows
        .map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`)
        .join(", ");
      await client.query(`insert into ${table} (${columns}) values ${values}`, rows.flat());
    };
    let contacts: unknown[][] = [];
    let conversations: unknown[][] = [];
    let messages: unknown[][] = [];
    const flush = async () => {
      await client.query("begin");
      await insert("contacts", CONTACT_COLUMNS, contacts);
      await insert("conversations", CONVERSATION_COLUMNS, conversations);
      for (let i = 0; i < messages.length; i += 1000)
        await insert("messages", MESSAGE_COLUMNS, messages.slice(i, i + 1000));
      await client.query("commit");
      contacts = [];
      conversations = [];
      messages = [];
    };
    for (const row of generate(o)) {
      contacts.push(row.contact);
      conversations.push(row.conversation);
      messages.push(...row.messages);
      // PostgreSQL allows at most 65,535 parameters per statement: 1,000 rows of 12 columns stays well below.
      if (contacts.length >= 1000 || messages.length >= 20_000) await flush();
    }
    await flush();
    await client.query("analyze contacts, conversations, messages");
  } finally {
    await client.end();
  }
}
