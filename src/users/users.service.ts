import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId, randomToken } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.js";
import {
  countUsers,
  deleteSession,
  findActiveApiKeyByHash,
  findSessionUser,
  findUserById,
  findUserWithHashByEmail,
  insertApiKey,
  insertSession,
  insertUser,
  listUsers,
  revokeApiKey,
  touchApiKey,
  type User,
  updateUserRow,
} from "./users.repository.js";
import type { Role } from "./users.tables.js";

// What other domains read of the users: the account type, lookups and lists.
export { countUsers, findUserById, listApiKeys, listUsers, type User } from "./users.repository.js";

export const SESSION_DAYS = 14;

const newUserSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(80),
  role: z.enum(["owner", "agent"]),
  password: z.string().min(8, "must be at least 8 characters").max(200),
  language: z.enum(["es", "en"]).default("en"),
});

export async function createUser(ctx: AppContext, input: z.input<typeof newUserSchema>): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "validation_failed",
      "Invalid user",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const { email, name, role, password, language } = parsed.data;
  const existing = await findUserWithHashByEmail(ctx.db.kysely, email);
  if (existing) throw new AppError("conflict", `A user with email ${email} already exists`);
  const user = {
    id: newId(),
    email: email.toLowerCase(),
    name,
    role: role as Role,
    password_hash: await hashPassword(password),
    language,
    created_at: ctx.clock.now().toISOString(),
    disabled_at: null,
    onboarded_at: null,
  };
  await insertUser(ctx.db.kysely, user);
  return {
    id: user.id,
    email: user.email,
    name,
    role: user.role,
    language,
    createdAt: user.created_at,
    disabled: false,
    onboarded: false,
  };
}

/** On an empty database: the owner from BEEDESK_ADMIN_*, or one with a generated password printed once. */
export async function ensureFirstOwner(
  ctx: AppContext,
): Promise<{ created: boolean; email?: string; generatedPassword?: string }> {
  if ((await countUsers(ctx.db.kysely)) > 0) return { created: false };
  const email = ctx.config.admin.email ?? "owner@beedesk.local";
  const generated = ctx.config.admin.password ? undefined : randomBytes(12).toString("base64url");
  const password = ctx.config.admin.password ?? generated!;
  try {
    await createUser(ctx, { email, name: "Owner", role: "owner", password });
  } catch (error) {
    // Another process starting on the same database created it first.
    if (error instanceof AppError && error.code === "conflict") return { created: false };
    if ((await countUsers(ctx.db.kysely)) > 0) return { created: false };
    throw error;
  }
  return { created: true, email, generatedPassword: generated };
}

export async function signIn(ctx: AppContext, email: string, password: string) {
  const found = await findUserWithHashByEmail(ctx.db.kysely, email);
  // Compare against a dummy hash when there is no such user, so timing reveals nothing.
  const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
  if (!found || !ok || found.user.disabled)
    throw new AppError("invalid_credentials", "Wrong email or password");
  const token = randomToken(40);
  const now = ctx.clock.now();
  const csrfToken = randomToken(32);
  await insertSession(ctx.db.kysely, {
    id: hashToken(token),
    userId: found.user.id,
    csrfToken,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  });
  return { token, csrfToken, user: found.user };
}

export async function resolveSession(ctx: AppContext, token: string) {
  return findSessionUser(ctx.db.kysely, hashToken(token), ctx.clock.now().toISOString());
}

export async function signOut(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db.kysely, hashToken(token));
}

export const API_KEY_SCOPES = ["all", "licenses"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Create an API key; the secret is returned once and only its hash is stored. */
export async function createApiKey(ctx: AppContext, owner: User, name: string, scopes: ApiKeyScope[]) {
  if (owner.role !== "owner") throw new AppError("forbidden", "Only the owner creates API keys");
  const secret = `bdk_${randomToken(40)}`;
  const id = newId();
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await insertApiKey(tx.trx, {
      id,
      name,
      prefix: secret.slice(0, 8),
      keyHash: hashToken(secret),
      scopes,
      createdBy: owner.id,
      createdAt: at,
    });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: owner.id,
      action: "api_key.created",
      subjectType: "api_key",
      subjectId: id,
      details: { name, scopes },
      at,
    });
  });
  return { id, name, scopes, secret, prefix: secret.slice(0, 8), createdAt: at };
}

export async function resolveApiKey(ctx: AppContext, secret: string) {
  const key = await findActiveApiKeyByHash(ctx.db.kysely, hashToken(secret));
  if (key) await touchApiKey(ctx.db.kysely, key.id, ctx.clock.now().toISOString());
  return key;
}

export async function revokeKey(ctx: AppContext, owner: User, id: string): Promise<void> {
  if (owner.role !== "owner") throw new AppError("forbidden", "Only the owner revokes API keys");
  const at = ctx.clock.now().toISOString();
  const revoked = await revokeApiKey(ctx.db.kysely, id, at);
  if (!revoked) throw new AppError("not_found", "No active API key with that id");
  await recordAudit(ctx.db.kysely, {
    actorType: "user",
    actorId: owner.id,
    action: "api_key.revoked",
    subjectType: "api_key",
    subjectId: id,
    at,
  });
}

/** Tokens are stored hashed: a leaked database does not yield usable sessions or keys. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The owners who can act (not disabled): who hears about what only an owner can fix. */
export async function listOwners(ctx: AppContext): Promise<User[]> {
  return (await listUsers(ctx.db.kysely)).filter((u) => u.role === "owner" && !u.disabled);
}

/**
 * The owner changes another account's role or turns it off (its sessions stop working at once) or on again.
 * The owner never changes their own account here, so the desk always keeps an active owner.
 */
export async function updateUser(
  ctx: AppContext,
  owner: User,
  id: string,
  changes: { role?: Role; active?: boolean },
): Promise<User> {
  if (id === owner.id)
    throw new AppError("conflict", "You cannot change your own role or deactivate yourself");
  const user = await findUserById(ctx.db.kysely, id);
  if (!user) throw new AppError("not_found", "No user with that id");
  const at = ctx.clock.now().toISOString();
  const row: { role?: Role; disabled_at?: string | null } = {};
  if (changes.role) row.role = changes.role;
  if (changes.active !== undefined) row.disabled_at = changes.active ? null : at;
  await updateUserRow(ctx.db.kysely, id, row);
  await recordAudit(ctx.db.kysely, {
    actorType: "user",
    actorId: owner.id,
    action: "user.updated",
    subjectType: "user",
    subjectId: id,
    at,
  });
  return (await findUserById(ctx.db.kysely, id)) as User;
}

/** One's own account: the display name, or the first sign-in's questions done (once; later calls keep it). */
export async function updateOwnAccount(
  ctx: AppContext,
  user: User,
  changes: { name?: string; onboarded?: true; language?: "es" | "en" },
): Promise<User> {
  const at = ctx.clock.now().toISOString();
  const row: { name?: string; onboarded_at?: string; language?: "es" | "en" } = {};
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.language !== undefined && changes.language !== user.language) row.language = changes.language;
  if (changes.onboarded && !user.onboarded) row.onboarded_at = at;
  if (Object.keys(row).length > 0) await updateUserRow(ctx.db.kysely, user.id, row);
  if (changes.name !== undefined && changes.name !== user.name) {
    await recordAudit(ctx.db.kysely, {
      actorType: "user",
      actorId: user.id,
      action: "user.renamed",
      subjectType: "user",
      subjectId: user.id,
      at,
    });
  }
  return (await findUserById(ctx.db.kysely, user.id)) as User;
}
