import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { recordAudit } from "../platform/audit/audit.service.js";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { getBusinessProfile, syncPresalesProfile } from "./profile.service.js";

const profileView = z.object({
  about: z.string().optional(),
  address: z.string().optional(),
  description: z.string().optional(),
  email: z.string().optional(),
  websites: z.array(z.string()).optional(),
  vertical: z.string().optional(),
  profilePictureUrl: z.string().optional(),
});

export function registerProfileRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/whatsapp/profile",
      summary: "A number's WhatsApp business profile as WhatsApp shows it",
      tags: ["whatsapp"],
      access: "owner",
      query: z.object({ role: z.enum(["presales", "premium"]).default("presales") }),
      response: profileView,
      handler: async ({ query }) => getBusinessProfile(ctx, query.role),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/profile/sync",
      summary: "Push the configured presales 'about' text (which names the premium number) to WhatsApp",
      tags: ["whatsapp"],
      access: "owner",
      response: z.object({ phoneNumberId: z.string(), about: z.string() }),
      handler: async ({ user }) => {
        const result = await syncPresalesProfile(ctx);
        await recordAudit(ctx.db.kysely, {
          actorType: "user",
          actorId: user.id,
          action: "whatsapp.profile.sync",
          subjectType: "whatsapp_number",
          subjectId: result.phoneNumberId,
          details: { about: result.about },
          at: ctx.clock.now().toISOString(),
        });
        return result;
      },
    }),
  ]);
}
