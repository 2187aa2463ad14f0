import type { FastifyInstance } from "fastify";
import type { AppContext } from "../platform/context.js";
import type { LiveEvent } from "../platform/events.js";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { getSettings } from "../settings/settings.service.js";
import { type Actor, canSee } from "../users/policies.js";

/** Keeps proxies from closing a quiet stream, and notices a gone client. */
const HEARTBEAT_MS = 25_000;

/** May this user receive this event? The access policy decides, from the event's audience. */
async function mayReceive(ctx: AppContext, user: Actor, event: LiveEvent): Promise<boolean> {
  return event.audience === "agents" || canSee(await getSettings(ctx), user, event.audience);
}

/**
 * GET /api/v1/events: Server-Sent Events for the agent app. Events come from ctx.events, which on
 * PostgreSQL also carries events published by other processes, so any process can serve any agent.
 */
export function registerLiveRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const streams = new Set<() => void>();
  // End open streams before the server waits for its connections to finish.
  app.addHook("preClose", async () => {
    for (const close of [...streams]) close();
  });
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/events",
      summary: "Live updates (Server-Sent Events): new messages, status changes, conversations, engagements",
      tags: ["inbox"],
      access: "agent",
      handler: async ({ reply, req, user }) => {
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        // Tell the browser how soon to reconnect, and open the stream at once.
        raw.write("retry: 3000\n: connected\n\n");
        let queue = Promise.resolve();
        const unsubscribe = ctx.events.subscribe((event) => {
          // In order, one event at a time: the audience check may read the (cached) settings.
          queue = queue.then(async () => {
            if (raw.writableEnded || !(await mayReceive(ctx, user, event))) return;
            raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
          });
        });
        const heartbeat = setInterval(() => raw.write(": ping\n\n"), HEARTBEAT_MS);
        heartbeat.unref();
        const close = () => {
          streams.delete(close);
          clearInterval(heartbeat);
          unsubscribe();
          if (!raw.writableEnded) raw.end();
        };
        streams.add(close);
        req.raw.on("close", close);
      },
    }),
  ]);
}
