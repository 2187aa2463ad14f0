import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { WEB_DIST } from "../platform/paths.js";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

/** CSP of the agent app: its own bundled script only; the API and live updates on the same origin. */
const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The agent single-page app built by Vite into dist/web. The shell and its hashed assets are
 * public (they hold no data); everything they show comes from the authenticated /api.
 */
export function registerAgentAppRoutes(app: FastifyInstance): void {
  const indexFile = path.join(WEB_DIST, "index.html");
  let indexHtml: string | undefined;

  const sendIndex = async (_req: unknown, reply: import("fastify").FastifyReply) => {
    indexHtml ??= fs.existsSync(indexFile) ? fs.readFileSync(indexFile, "utf8") : undefined;
    if (!indexHtml) {
      return reply.code(503).type("text/plain").send("The agent app is not built yet: run `npm run build`.");
    }
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("content-security-policy", APP_CSP)
      .send(indexHtml);
  };

  app.get("/app", sendIndex);
  app.get("/app/*", async (req, reply) => {
    const rest = (req.params as { "*": string })["*"];
    if (rest.startsWith("assets/")) {
      const file = path.normalize(path.join(WEB_DIST, rest));
      if (!file.startsWith(path.join(WEB_DIST, "assets") + path.sep) || !fs.existsSync(file)) {
        return reply.code(404).send({ error: { code: "not_found", message: "No such asset" } });
      }
      return reply
        .header("content-type", TYPES[path.extname(file)] ?? "application/octet-stream")
        .header("cache-control", "public, max-age=31536000, immutable")
        .send(fs.createReadStream(file));
    }
    return sendIndex(req, reply);
  });
}
