import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { Role, UsersTable } from "./users.tables.js";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: string;
  createdAt: string;
  disabled: boolean;
  /** The first sign-in's questions are answered (or skipped). */
  onboarded: boolean;
}

const USER_COLUMNS = [
  "id",
  "email",
  "name",
  "role",
  "language",
  "created_at",
  "disabled_at",
  "onboarded_at",
] as const;

function userRowToUser(row: Pick<UsersTable, (typeof USER_COLUMNS)[number]>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
    onboarded: row.onboarded_at !== null,
  };
}

export async function insertUser(db: Kysely<Database>, row: UsersTable): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? userRowToUser(row) : undefined;
}

export async function findUserWithHashByEmail(db: Kysely<Database>, email: string) {
  const row = await db
    .selectFrom("users")
    .select([...USER_COLUMNS, "password_hash"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  return row ? { user: userRowToUser(row), passwordHash: row.password_hash } : undefined;
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom("users").select(USER_COLUMNS).orderBy("created_at").execute();
  return rows.map(userRowToUser);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string },
) {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findSessionUser(db: Kysely<Database>, sessionId: string, now: string) {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as session_id",
      "sessions.csrf_token",
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.language",
      "users.created_at",
      "users.disabled_at",
      "users.onboarded_at",
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  return row ? { sessionId: row.session_id, csrfToken: row.csrf_token, user: userRowToUser(row) } : undefined;
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function insertApiKey(
  db: Kysely<Database>,
  key: {
    id: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: string[];
    createdBy: string;
    createdAt: string;
  },
) {
  await db
    .insertInto("api_keys")
    .values({
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      key_hash: key.keyHash,
      scopes: JSON.stringify(key.scopes),
      created_by: key.createdBy,
      created_at: key.createdAt,
    })
    .execute();
}

export async function findActiveApiKeyByHash(db: Kysely<Database>, keyHash: string) {
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "name", "scopes", "created_by"])
    .where("key_hash", "=", keyHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row
    ? { id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as string[], createdBy: row.created_by }
    : undefined;
}

export async function touchApiKey(db: Kysely<Database>, id: string, at: string) {
  await db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
}

export async function listApiKeys(db: Kysely<Database>) {
  const rows = await db
    .selectFrom("api_keys")
    .select(["id", "name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"])
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: JSON.parse(r.scopes) as string[],
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiKey(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("api_keys")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Changes an account's role or turns it off/on (disabled_at null = active). */
export async function updateUserRow(
  db: Kysely<Database>,
  id: string,
  changes: {
    role?: UsersTable["role"];
    disabled_at?: string | null;
    name?: string;
    onboarded_at?: string;
    language?: "es" | "en";
  },
): Promise<void> {
  await db.updateTable("users").set(changes).where("id", "=", id).execute();
}
