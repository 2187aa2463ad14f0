import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { checkToken, checkVersion, GRAPH_PREFIX } from "./graph.routes.js";
import { unknownObject } from "./graph-errors.js";
import type { SimAccount } from "./sim-account.js";

// The fake Graph API's account routes: /{waba-id}/subscribed_apps and /{waba-id}/message_templates, with the
// same token check and error bodies as the message routes. Any other id is Meta's "object does not exist".

type WabaParams = { version: string; wabaId: string };

/** Adds the account routes to the fake Graph API's scope (its error handler and prefix). */
export function registerGraphAccountRoutes(
  graph: FastifyInstance,
  ctx: AppContext,
  account: SimAccount,
): void {
  const waba = (req: FastifyRequest) => {
    const params = req.params as WabaParams;
    checkVersion(params.version, req.url);
    checkToken(req, ctx, { queryAllowed: true });
    if (params.wabaId !== account.wabaId) throw unknownObject(params.wabaId);
  };

  graph.post<{ Params: WabaParams }>("/:version/:wabaId/subscribed_apps", async (req) => {
    waba(req);
    account.subscribe();
    return { success: true };
  });

  graph.get<{ Params: WabaParams }>("/:version/:wabaId/subscribed_apps", async (req) => {
    waba(req);
    return {
      data: account.subscribed
        ? [{ whatsapp_business_api_data: { id: "100000000000777", name: "beedesk", link: "" } }]
        : [],
    };
  });

  graph.get<{ Params: WabaParams; Querystring: { limit?: string; after?: string } }>(
    "/:version/:wabaId/message_templates",
    async (req) => {
      waba(req);
      const all = account.templates();
      const limit = Math.min(Math.max(Number(req.query.limit) || 25, 1), 100);
      const start = req.query.after ? Number(Buffer.from(req.query.after, "base64url").toString()) || 0 : 0;
      const page = all.slice(start, start + limit);
      const end = start + page.length;
      const cursor = (n: number) => Buffer.from(String(n)).toString("base64url");
      return {
        data: page.map((t) => ({
          name: t.name,
          components: t.components,
          language: t.language,
          status: t.status,
          category: t.category,
          id: t.id,
          ...(t.rejectedReason && { rejected_reason: t.rejectedReason }),
        })),
        paging: {
          cursors: { before: cursor(start), after: cursor(end) },
          ...(end < all.length && {
            next: `${ctx.config.publicUrl}${GRAPH_PREFIX}/${req.params.version}/${req.params.wabaId}/message_templates?after=${cursor(end)}`,
          }),
        },
      };
    },
  );

  graph.post<{ Params: WabaParams }>("/:version/:wabaId/message_templates", async (req) => {
    waba(req);
    return account.create(req.body);
  });
}

const reviewBody = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(10),
  status: z.enum(["APPROVED", "REJECTED", "PAUSED", "DISABLED", "PENDING"]),
  reason: z.string().max(200).optional(),
});
const decideBody = z.object({
  status: z.enum(["APPROVED", "REJECTED"]),
  reason: z.string().max(200).optional(),
});
const qualityBody = z.object({
  event: z.enum(["FLAGGED", "UNFLAGGED", "UPGRADE", "DOWNGRADE"]),
  tier: z.enum(["TIER_250", "TIER_1K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"]).optional(),
});
const roleParams = z.object({ role: z.enum(["presales", "premium"]) });

function parsed<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new AppError("validation_failed", z.prettifyError(result.error));
  return result.data;
}

/**
 * The simulator's developer API for the account (public like the rest of /simulator/api, simulator mode only):
 * review a template now (reject, pause…), decide how the next reviews end, change a number's quality.
 */
export function registerSimAccountApi(app: FastifyInstance, account: SimAccount): void {
  void app.register(
    async (api) => {
      api.get("/", async () => account.overview());
      api.get("/templates", async () => ({ templates: account.templates() }));
      api.post("/templates/review", async (req) => {
        const b = parsed(reviewBody, req.body);
        return { template: await account.review(b.name, b.language, b.status, b.reason) };
      });
      api.post("/templates/next-review", async (req, reply) => {
        const b = parsed(decideBody, req.body);
        account.decideNext(b.status, b.reason);
        return reply.code(204).send();
      });
      api.post("/numbers/:role/quality", async (req, reply) => {
        const { role } = parsed(roleParams, req.params);
        const b = parsed(qualityBody, req.body);
        await account.changeQuality(role, b.event, b.tier);
        return reply.code(204).send();
      });
    },
    { prefix: "/simulator/api/account" },
  );
}
