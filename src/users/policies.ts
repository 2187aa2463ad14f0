import { AppError } from "../platform/errors.js";
import type { Audience } from "../platform/events.js";
import type { Settings } from "../settings/settings.schema.js";
import type { User } from "./users.repository.js";

/**
 * The access policy: who may see what, written once. Routes declare the role gate (`public`, `agent`,
 * `owner`); everything finer is decided here, by services, the live stream and the reports alike.
 *
 * Every resource and every live event has an audience: `agents` (everyone signed in) or `premium` (the
 * premium line's conversations, messages and events, and all premium work: engagements, quotes, agreements,
 * time, invoices). Premium belongs to the owner (policy clause 2); the owner may open it to named agents
 * (settings.premium.openToAgentIds).
 *
 * A refusal answers 404 or 403 by one rule:
 * - 404 `not_found` for ONE resource the actor may not see (addressed by its id, or named in a body): the
 *   answer is the same, code and message, as for an id that does not exist, so a refusal never tells that
 *   the resource exists (`authorizeResource`).
 * - 403 `forbidden` for a whole area or action whose existence is no secret (it is in the API and the
 *   app): an owner-only route, an API key's scope, the list of premium engagements, starting premium work, a
 *   report series, or an action on a resource the actor does see (the owner assigning a premium
 *   conversation to an agent who may not see it) (`authorizeArea`).
 */
export type Actor = Pick<User, "id" | "role">;

export type { Audience };

/** The audience of a conversation, its messages and its events, from the line it is on. */
export function audienceOf(conversationRole: "presales" | "premium"): Audience {
  return conversationRole === "premium" ? "premium" : "agents";
}

/** May the actor see what has this audience? The one rule. */
export function canSee(settings: Settings, actor: Actor, audience: Audience): boolean {
  if (audience === "agents") return true;
  return actor.role === "owner" || settings.premium.openToAgentIds.includes(actor.id);
}

/** One resource the actor may not see is refused exactly like a missing one (404, the caller's message). */
export function authorizeResource(
  settings: Settings,
  actor: Actor,
  audience: Audience,
  notFoundMessage: string,
): void {
  if (!canSee(settings, actor, audience)) throw new AppError("not_found", notFoundMessage);
}

const AREA_REFUSALS: Record<Audience, string> = {
  agents: "Not allowed",
  premium: "Premium work is the owner's; ask the owner to open it to you",
};

/** An area (a list, a kind of action) whose existence is no secret is refused with 403. */
export function authorizeArea(settings: Settings, actor: Actor, audience: Audience): void {
  if (!canSee(settings, actor, audience)) throw new AppError("forbidden", AREA_REFUSALS[audience]);
}
