import type { FastifyRequest } from "fastify";
import { findUserById, resolveApiKey, resolveSession, type User } from "../../users/users.service.js";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";
import type { Access } from "./route.js";

export const SESSION_COOKIE = "beedesk_session";

export interface Principal {
  user: User;
  via: "session" | "api_key";
  sessionToken?: string;
  csrfToken?: string;
  apiKeyId?: string;
  scopes?: string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolve who is calling and check they may. A session cookie is accepted on unsafe methods only
 * with Content-Type: application/json, which a cross-site form cannot send; otherwise a Bearer key.
 */
export async function authenticate(
  ctx: AppContext,
  req: FastifyRequest,
  access: Access,
  scope: string | undefined,
): Promise<Principal | undefined> {
  const principal = await identify(ctx, req);
  if (access === "public") return principal;
  if (!principal) throw new AppError("unauthorized", "Sign in or send an API key");
  if (
    principal.via === "api_key" &&
    !principal.scopes?.includes("all") &&
    !(scope && principal.scopes?.includes(scope))
  ) {
    throw new AppError("forbidden", "This API key's scope does not allow this call");
  }
  if (access === "owner" && principal.user.role !== "owner")
    throw new AppError("forbidden", "Only the owner can do this");
  return principal;
}

export async function identify(ctx: AppContext, req: FastifyRequest): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const key = await resolveApiKey(ctx, header.slice(7).trim());
    if (!key) throw new AppError("unauthorized", "Unknown or revoked API key");
    const user = await findUserById(ctx.db.kysely, key.createdBy);
    if (!user || user.disabled) throw new AppError("unauthorized", "The API key's owner is disabled");
    return { user, via: "api_key", apiKeyId: key.id, scopes: key.scopes };
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return undefined;
  const session = await resolveSession(ctx, token);
  if (!session) return undefined;
  if (!SAFE_METHODS.has(req.method)) {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      throw new AppError(
        "csrf_failed",
        "Requests signed in with a cookie must send Content-Type: application/json",
      );
    }
  }
  return { user: session.user, via: "session", sessionToken: token, csrfToken: session.csrfToken };
}
