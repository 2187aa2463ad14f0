import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { z } from "zod";
import { AppError } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { PROJECT_ROOT } from "../../platform/paths.js";
import { MAX_DOCUMENT_BYTES } from "./customer-actions.js";
import { customerGoesQuiet } from "./quiet.js";
import {
  chatParams,
  createPersonaBody,
  customerActionBody,
  failureBody,
  mediaParams,
  mediaQuery,
  messageParams,
  personaParams,
  viewBody,
  waitQuery,
} from "./simulator.schema.js";
import type { CustomerSent, Simulator } from "./simulator.service.js";
import type { SimulatorEvent, SimulatorState } from "./simulator.types.js";

// The simulator page and its API. Public (the page is a development tool, and the whole /simulator tree only
// exists in simulator mode); writes need Content-Type application/json or application/octet-stream, which a
// cross-site form cannot send without a CORS preflight that this API never grants.

export const SIMULATOR_DIST = path.join(PROJECT_ROOT, "dist", "simulator");

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new AppError(
    "validation_failed",
    `Invalid ${where}: ${result.error.issues.map((i) => `${i.path.join(".") || where} ${i.message}`).join("; ")}`,
  );
}

async function answer(sent: CustomerSent, wait: string | undefined) {
  if (wait === "1" || wait === "true") {
    const delivery = await sent.delivery;
    return { message: sent.message, delivery };
  }
  return { message: sent.message };
}

/** Open event streams: ended when the server closes, or it would wait for them forever. */
export type OpenStreams = Set<() => void>;

export function registerSimulatorRoutes(app: FastifyInstance, sim: Simulator, streams: OpenStreams): void {
  void app.register(
    async (api) => {
      api.addContentTypeParser(
        "application/octet-stream",
        { parseAs: "buffer", bodyLimit: MAX_DOCUMENT_BYTES },
        (_req, body, done) => done(null, body),
      );

      api.get("/state", async (): Promise<SimulatorState & { webhookTarget: string }> => {
        const target = sim.webhookTarget();
        return {
          numbers: await sim.numbers(),
          personas: sim.personas(),
          failures: sim.failures.list(),
          webhookTarget: target.kind === "url" ? target.url : "in-process",
        };
      });

      api.post("/personas", async (req, reply) => {
        const persona = await sim.createPersona(parse(createPersonaBody, req.body, "body"));
        return reply.code(201).send({ persona });
      });

      api.delete("/personas/:personaId", async (req, reply) => {
        sim.deletePersona(parse(personaParams, req.params, "path").personaId);
        return reply.code(204).send();
      });

      api.get("/chats/:personaId/:role", async (req) => {
        const { personaId, role } = parse(chatParams, req.params, "path");
        return { messages: sim.chat(personaId, role) };
      });

      api.delete("/chats/:personaId/:role", async (req, reply) => {
        const { personaId, role } = parse(chatParams, req.params, "path");
        sim.clearChat(personaId, role);
        return reply.code(204).send();
      });

      api.post("/chats/:personaId/:role/messages", async (req, reply) => {
        const { personaId, role } = parse(chatParams, req.params, "path");
        const action = parse(customerActionBody, req.body, "body");
        const { wait } = parse(waitQuery, req.query, "query");
        const sent = await sim.customerSends(personaId, role, action);
        return reply.code(201).send(await answer(sent, wait));
      });

      api.post("/chats/:personaId/:role/quiet", async (req) => {
        const { personaId, role } = parse(chatParams, req.params, "path");
        return customerGoesQuiet(sim, personaId, role);
      });

      api.post("/chats/:personaId/:role/media", async (req, reply) => {
        const { personaId, role } = parse(chatParams, req.params, "path");
        const query = parse(mediaQuery, req.query, "query");
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError("unsupported_media_type", "Send the file as application/octet-stream");
        }
        const sent = await sim.customerSends(personaId, role, {
          type: "media",
          bytes: req.body,
          mimeType: query.type,
          ...(query.filename && { filename: query.filename }),
          ...(query.caption && { caption: query.caption }),
        });
        return reply.code(201).send(await answer(sent, query.wait));
      });

      api.post("/messages/:messageId/redeliver", async (req) => {
        const { messageId } = parse(messageParams, req.params, "path");
        return { delivery: await sim.redeliver(messageId) };
      });

      api.get("/media/:mediaId", async (req, reply) => {
        const { mediaId } = parse(mediaParams, req.params, "path");
        const media = sim.store.media(mediaId);
        const bytes = media && sim.store.mediaBytes(mediaId);
        if (!media || !bytes) throw new AppError("not_found", "No such media");
        return reply
          .header("content-type", media.mimeType)
          .header("cache-control", "private, max-age=3600")
          .header("content-disposition", "inline")
          .send(bytes);
      });

      api.post("/view", async (req, reply) => {
        const view = parse(viewBody, req.body, "body");
        sim.setView(
          view.clientId,
          view.personaId && view.role ? { personaId: view.personaId, role: view.role } : null,
        );
        return reply.code(204).send();
      });

      api.get("/failures", async () => ({ failures: sim.failures.list() }));
      api.post("/failures", async (req, reply) => {
        const failures = sim.failures.add(parse(failureBody, req.body, "body"));
        return reply.code(201).send({ failures });
      });
      api.delete("/failures", async (_req, reply) => {
        sim.failures.clear();
        return reply.code(204).send();
      });

      api.get("/deliveries", async () => ({ deliveries: sim.deliveries() }));

      api.get("/events", (req, reply) => {
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-content-type-options": "nosniff",
        });
        const clientId = newId();
        const send = (event: SimulatorEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
        send({ type: "hello", clientId });
        sim.events.on("event", send);
        const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
        heartbeat.unref();
        const close = () => {
          clearInterval(heartbeat);
          sim.events.off("event", send);
          sim.setView(clientId, null);
          streams.delete(end);
        };
        const end = () => {
          close();
          res.end();
        };
        streams.add(end);
        req.raw.on("close", close);
      });
    },
    { prefix: "/simulator/api" },
  );

  const indexFile = path.join(SIMULATOR_DIST, "index.html");
  const sendPage = async (_req: unknown, reply: FastifyReply) => {
    if (!fs.existsSync(indexFile)) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The simulator page is not built yet: run `npm run build`.");
    }
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("content-security-policy", PAGE_CSP)
      .send(fs.readFileSync(indexFile, "utf8"));
  };
  app.get("/simulator", sendPage);
  app.get("/simulator/", sendPage);
  app.get("/simulator/assets/*", async (req, reply) => {
    const rest = (req.params as { "*": string })["*"];
    const assets = path.join(SIMULATOR_DIST, "assets");
    const file = path.normalize(path.join(assets, rest));
    if (!file.startsWith(assets + path.sep) || !fs.existsSync(file)) {
      throw new AppError("not_found", "No such asset");
    }
    return reply
      .header("content-type", ASSET_TYPES[path.extname(file)] ?? "application/octet-stream")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(fs.createReadStream(file));
  });
}
