import { createHmac, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { registerGraphAccountRoutes } from "./graph-account.routes.js";
import {
  failureError,
  GraphApiError,
  invalidParameter,
  invalidToken,
  unknownObject,
} from "./graph-errors.js";
import { registerGraphMediaUpload } from "./graph-media.routes.js";
import { validateMessagesRequest } from "./graph-validate.js";
import { validateProfileUpdate } from "./profile-validate.js";
import { simAccountOf } from "./sim-account.js";
import type { Simulator } from "./simulator.service.js";

// The fake Graph API: the Cloud API routes beedesk calls, with Meta's authentication, validation, answers and
// error bodies. These are plain Fastify routes on purpose: they are Meta's API, not beedesk's, so they stay out
// of the OpenAPI document and answer errors in Graph's shape rather than {error:{code,message}}.

export const GRAPH_PREFIX = "/simulator/graph";
const LOOKASIDE_PREFIX = "/simulator/lookaside";
const LOOKASIDE_ROUTE = "/whatsapp_business/attachments/";
const MEDIA_URL_TTL_MS = 5 * 60 * 1000;
const DEFAULT_HOLD_MS = 20_000;

/** Requests held by a timeout failure; released (their connections dropped) when the server closes. */
export type HeldRequests = Set<AbortController>;

function sendGraphError(reply: FastifyReply, error: GraphApiError) {
  if (error.code === 190) {
    reply.header("www-authenticate", `OAuth "Facebook Platform" "invalid_token" "${error.message}"`);
  }
  return reply.code(error.status).send(error.toJSON());
}

export function installGraphErrors(scope: FastifyInstance, ctx: AppContext): void {
  scope.setErrorHandler((error: FastifyError | Error, req, reply) => {
    if (error instanceof GraphApiError) return sendGraphError(reply, error);
    if (error instanceof AppError && error.status < 500)
      return sendGraphError(reply, invalidParameter(error.message));
    const status = (error as FastifyError).statusCode ?? 500;
    if (status < 500) return sendGraphError(reply, invalidParameter(error.message));
    req.log.error({ err: error }, "simulator graph error");
    ctx.log.debug("simulator answered an unexpected error with Graph code 1");
    return sendGraphError(reply, new GraphApiError(1, { status: 500 }));
  });
  scope.setNotFoundHandler((req, reply) =>
    sendGraphError(
      reply,
      new GraphApiError(2500, { message: `Unknown path components: ${req.url.split("?")[0]}` }),
    ),
  );
}

export function checkToken(
  req: FastifyRequest,
  ctx: AppContext,
  options: { queryAllowed?: boolean } = {},
): void {
  const header = req.headers.authorization;
  const bearer =
    typeof header === "string" && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, "") : undefined;
  const query = options.queryAllowed ? (req.query as { access_token?: unknown }).access_token : undefined;
  const given = bearer ?? (typeof query === "string" ? query : undefined);
  const expected = Buffer.from(ctx.config.whatsapp.accessToken);
  const actual = Buffer.from(given ?? "");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalidToken();
}

export function checkVersion(version: string, url: string): void {
  if (!/^v\d{1,2}\.\d$/.test(version)) {
    throw new GraphApiError(2500, { message: `Unknown path components: ${url.split("?")[0]}` });
  }
}

function mediaHash(ctx: AppContext, id: string, expires: string): string {
  return createHmac("sha256", ctx.config.whatsapp.appSecret)
    .update(`${id}.${expires}`)
    .digest("base64url")
    .slice(0, 22);
}

type VersionParams = { version: string; phoneNumberId: string };

export function registerGraphRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  sim: Simulator,
  held: HeldRequests,
): void {
  const numberOf = async (req: FastifyRequest<{ Params: VersionParams }>) => {
    checkVersion(req.params.version, req.url);
    checkToken(req, ctx, { queryAllowed: true });
    const number = await sim.numberForId(req.params.phoneNumberId);
    if (!number) throw unknownObject(req.params.phoneNumberId);
    return number;
  };

  void app.register(
    async (graph) => {
      installGraphErrors(graph, ctx);
      const account = simAccountOf(sim);
      if (account) registerGraphAccountRoutes(graph, ctx, account);
      await registerGraphMediaUpload(graph, ctx, sim, numberOf);

      graph.post<{ Params: VersionParams }>("/:version/:phoneNumberId/messages", async (req, reply) => {
        const number = await numberOf(req);
        const request = validateMessagesRequest(req.body);
        if (request.kind === "read") {
          sim.markRead(number, request.messageId, request.typing);
          return { success: true };
        }
        const failure = sim.failures.take();
        if (failure?.timeout) {
          // Meta sometimes accepts a message and the answer never arrives: the sender cannot know it went out.
          if (failure.acceptAnyway) await sim.acceptSend(number, request).catch(() => undefined);
          reply.hijack();
          const hold = new AbortController();
          held.add(hold);
          await sleep(failure.holdMs ?? DEFAULT_HOLD_MS, undefined, { signal: hold.signal }).catch(
            () => undefined,
          );
          held.delete(hold);
          req.raw.socket?.destroy();
          return reply;
        }
        if (failure && failure.mode !== "status") throw failureError(failure);
        if (request.content.type === "template") simAccountOf(sim)?.checkSend(request.content.template);
        return sim.acceptSend(number, request, failure);
      });

      graph.get<{ Params: VersionParams; Querystring: { fields?: string } }>(
        "/:version/:phoneNumberId/whatsapp_business_profile",
        async (req) => {
          const number = await numberOf(req);
          const profile = { messaging_product: "whatsapp", ...sim.store.profile(number.phoneNumberId) };
          const fields =
            typeof req.query.fields === "string"
              ? req.query.fields.split(",").map((f) => f.trim())
              : undefined;
          const shown = fields
            ? Object.fromEntries(
                Object.entries(profile).filter(([k]) => k === "messaging_product" || fields.includes(k)),
              )
            : profile;
          return { data: [shown] };
        },
      );

      graph.post<{ Params: VersionParams }>(
        "/:version/:phoneNumberId/whatsapp_business_profile",
        async (req) => {
          const number = await numberOf(req);
          sim.store.updateProfile(number.phoneNumberId, validateProfileUpdate(req.body));
          await sim.announceNumbers();
          return { success: true };
        },
      );

      graph.get<{ Params: { version: string; objectId: string } }>("/:version/:objectId", async (req) => {
        checkVersion(req.params.version, req.url);
        checkToken(req, ctx, { queryAllowed: true });
        const id = req.params.objectId;
        const number = await sim.numberForId(id);
        if (number) {
          const health = simAccountOf(sim)?.numberHealth(number.phoneNumberId);
          return {
            verified_name: number.verifiedName,
            code_verification_status: "VERIFIED",
            display_phone_number: number.displayNumber,
            quality_rating: health?.quality ?? "GREEN",
            messaging_limit_tier: health?.tier ?? "TIER_1K",
            name_status: "APPROVED",
            platform_type: "CLOUD_API",
            throughput: { level: "STANDARD" },
            id,
          };
        }
        const media = sim.store.media(id);
        if (!media) throw unknownObject(id);
        const expires = String(ctx.clock.now().getTime() + MEDIA_URL_TTL_MS);
        const url = new URL(`${LOOKASIDE_PREFIX}${LOOKASIDE_ROUTE}`, `${req.protocol}://${req.host}`);
        url.searchParams.set("mid", id);
        url.searchParams.set("ext", expires);
        url.searchParams.set("hash", mediaHash(ctx, id, expires));
        return {
          messaging_product: "whatsapp",
          url: url.toString(),
          mime_type: media.mimeType,
          sha256: media.sha256,
          file_size: media.fileSize,
          id,
        };
      });

      graph.delete<{ Params: { version: string; objectId: string } }>("/:version/:objectId", async (req) => {
        checkVersion(req.params.version, req.url);
        checkToken(req, ctx, { queryAllowed: true });
        if (!sim.store.deleteMedia(req.params.objectId)) throw unknownObject(req.params.objectId);
        return { success: true };
      });
    },
    { prefix: GRAPH_PREFIX },
  );

  // The media download URL: like Meta's lookaside URL it needs the bearer token and expires after 5 minutes.
  void app.register(
    async (lookaside) => {
      installGraphErrors(lookaside, ctx);
      lookaside.get<{ Querystring: { mid?: string; ext?: string; hash?: string } }>(
        LOOKASIDE_ROUTE,
        async (req, reply) => {
          checkToken(req, ctx);
          const { mid, ext, hash } = req.query;
          const valid =
            typeof mid === "string" &&
            typeof ext === "string" &&
            typeof hash === "string" &&
            hash === mediaHash(ctx, mid, ext) &&
            Number(ext) > ctx.clock.now().getTime();
          const media = valid ? sim.store.media(mid) : undefined;
          const bytes = media ? sim.store.mediaBytes(media.id) : undefined;
          if (!media || !bytes) {
            throw new GraphApiError(100, {
              status: 404,
              details: "The media URL is unknown or has expired.",
            });
          }
          return reply
            .header("content-type", media.mimeType)
            .header("content-length", String(bytes.length))
            .header(
              "content-disposition",
              `attachment; filename="${(media.filename ?? media.id).replace(/["\\\r\n]/g, "_")}"`,
            )
            .send(bytes);
        },
      );
    },
    { prefix: LOOKASIDE_PREFIX },
  );
}
