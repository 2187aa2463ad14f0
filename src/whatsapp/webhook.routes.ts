import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { documentRoute, type HttpDeps } from "../platform/http/route.js";
import { applyAccountUpdates } from "./account-updates.js";
import { noteWebhook, whatsappConnection } from "./connection.service.js";
import { closeIngestWriter, ingestWebhook } from "./ingest.service.js";
import { verifySignature } from "./signature.js";

/** Meta's documented maximum payload is 3 MB; a little headroom for escaping. */
const BODY_LIMIT = 4 * 1024 * 1024;
// The signature is the authentication, so signed traffic is only bounded far above what one process can
// store (Meta's retries must never be throttled); requests with a bad signature get a tight budget.
// The ceiling is counted per process: a shared count would put a database write in front of every delivery.
const ALL_LIMIT = { bucket: "webhook", max: 1_800_000, windowMs: 60_000, perProcess: true };
const BAD_SIGNATURE_LIMIT = { bucket: "webhook-bad-signature", max: 600, windowMs: 60_000 };

/**
 * GET/POST /webhooks/whatsapp, outside /api: no session, the signature is the auth. Registered in its own
 * encapsulated scope so the body arrives as raw bytes (the signature covers exactly those bytes).
 */
export async function registerWebhookRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  const { ctx, limiter } = deps;
  documentRoute(deps, {
    method: "GET",
    url: "/webhooks/whatsapp",
    access: "public",
    summary: "Meta's verification of the webhook: answers hub.challenge when hub.verify_token matches (text)",
    tags: ["webhooks"],
    query: z.object({ "hub.mode": z.string(), "hub.verify_token": z.string(), "hub.challenge": z.string() }),
  });
  documentRoute(deps, {
    method: "POST",
    url: "/webhooks/whatsapp",
    access: "public",
    summary: "WhatsApp Cloud API events, signed with X-Hub-Signature-256 (the app secret); stored before 200",
    tags: ["webhooks"],
  });
  app.addHook("onClose", async () => closeIngestWriter(ctx));
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );

    scope.get("/webhooks/whatsapp", async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const challenge = query["hub.challenge"];
      if (
        query["hub.mode"] === "subscribe" &&
        typeof challenge === "string" &&
        sameSecret(query["hub.verify_token"], (await whatsappConnection(ctx)).verifyToken)
      ) {
        return reply.code(200).type("text/plain; charset=utf-8").send(challenge);
      }
      return reply.code(403).type("text/plain; charset=utf-8").send("Forbidden");
    });

    scope.post("/webhooks/whatsapp", { bodyLimit: BODY_LIMIT }, async (req, reply) => {
      await limiter.hit(ALL_LIMIT, req.ip);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const header = req.headers["x-hub-signature-256"];
      const { appSecret } = await whatsappConnection(ctx);
      if (!verifySignature(raw, typeof header === "string" ? header : undefined, appSecret)) {
        await limiter.hit(BAD_SIGNATURE_LIMIT, req.ip);
        throw new AppError("invalid_signature", "Missing or wrong X-Hub-Signature-256");
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new AppError("bad_request", "The body is not JSON");
      }
      noteWebhook(ctx);
      await applyAccountUpdates(ctx, body);
      await ingestWebhook(ctx, body);
      return reply.code(200).type("text/plain; charset=utf-8").send("EVENT_RECEIVED");
    });
  });
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || expected === "") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
