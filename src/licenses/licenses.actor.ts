import type { AuditEntry } from "../platform/audit/audit.service.js";
import type { Principal } from "../platform/http/auth.js";

/** Who made a change, for the audit trail: a signed-in user, an API key (the shop), or the system. */
export interface Actor {
  type: "user" | "api_key" | "system" | "customer";
  id: string | null;
  /** The user behind an API key, kept in the audit details. */
  userId?: string;
}

export const SYSTEM_ACTOR: Actor = { type: "system", id: null };

export function actorFromPrincipal(principal: Principal | undefined): Actor {
  if (!principal) return SYSTEM_ACTOR;
  if (principal.via === "api_key") {
    return { type: "api_key", id: principal.apiKeyId ?? null, userId: principal.user.id };
  }
  return { type: "user", id: principal.user.id };
}

export function auditActor(actor: Actor): Pick<AuditEntry, "actorType" | "actorId"> {
  return { actorType: actor.type, actorId: actor.id };
}

export function actorDetails(actor: Actor): Record<string, unknown> {
  return actor.type === "api_key" && actor.userId ? { apiKeyOwner: actor.userId } : {};
}
