/**
 * Home: the first hour's checklist with live counts, then the day's numbers. Read fresh on every visit
 * (a handful of counts), so a step is ticked as soon as it is done anywhere.
 */
import type { AppContext } from "../platform/context.js";
import { getSettings } from "../settings/settings.service.js";
import { canSee } from "../users/policies.js";
import type { User } from "../users/users.service.js";
import { whatsappConnection } from "../whatsapp/connection.service.js";
import { readHomeCounts } from "./home.repository.js";
import type { HomeView } from "./home.schema.js";

export async function homeFor(ctx: AppContext, user: User): Promise<HomeView> {
  const settings = await getSettings(ctx);
  const includePremium = canSee(settings, user, "premium");
  const [counts, connection] = await Promise.all([
    readHomeCounts(ctx.db.kysely, { now: ctx.clock.now().toISOString(), includePremium }),
    whatsappConnection(ctx),
  ]);
  const saved = new Set(counts.savedSections);
  const connected = !ctx.config.simulator || connection.source.accessToken !== "default";
  const checklist: HomeView["checklist"] = [
    ...(ctx.config.simulator
      ? [
          {
            step: "simulator" as const,
            done: counts.conversations > 0,
            count: counts.conversations,
            href: "/simulator",
          },
        ]
      : []),
    { step: "whatsapp", done: connected, count: null, href: "/app/settings#whatsapp" },
    { step: "profile", done: saved.has("channels"), count: null, href: "/app/settings#whatsapp" },
    { step: "hours", done: saved.has("presales"), count: null, href: "/app/settings#hours" },
    {
      step: "agents",
      done: counts.activeAgents > 0,
      count: counts.activeAgents,
      href: "/app/settings#agents",
    },
    { step: "licenses", done: counts.licenses > 0, count: counts.licenses, href: "/app/licenses" },
  ];
  return {
    onboarding: user.role === "owner" && !user.onboarded,
    checklist,
    today: {
      waiting: counts.waiting,
      needsReply: counts.needsReply,
      overdueTickets: counts.overdueTickets,
      toInvoice: includePremium ? counts.toInvoice : null,
    },
  };
}
