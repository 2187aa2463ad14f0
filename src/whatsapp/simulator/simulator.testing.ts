import http from "node:http";
import net from "node:net";
import { modules as defaultModules } from "../../modules.js";
import type { DomainModule } from "../../platform/module.js";
import type { BeedeskServer } from "../../server.js";
import {
  startTestServer,
  type TestDialect,
  type TestServer,
  type TestServerOptions,
} from "../../test/harness.js";
import type { DemoPersonaId } from "./personas.js";
import { waIdOf } from "./personas.js";
import type { SimAccountOptions } from "./sim-account.js";
import { createSimulatorModule, simulatorFor } from "./simulator.module.js";
import type { CustomerAction, CustomerSent, Simulator, SimulatorOptions } from "./simulator.service.js";
import type {
  BusinessContent,
  BusinessMessage,
  CustomerMessage,
  FailureSpec,
  NumberRole,
  Persona,
} from "./simulator.types.js";
import type { DeliveryOutcome } from "./webhook-delivery.js";

// Helpers for end-to-end tests that play the customer's side through the simulator: a persona writes or taps,
// and the test reads what the business sent back. Everything goes through the real webhook route and the
// fake Graph API, exactly as on the simulator page.

/** A persona: a demo id ("lucia", "james", "maria", "carlos", "john"), another persona id, or a phone number. */
export type PersonaRef = DemoPersonaId | (string & {}) | Persona;

/** The default modules with the simulator tuned for tests (no status delay, quick retries). */
export function modulesWithSimulator(options: SimulatorOptions & SimAccountOptions = {}): DomainModule[] {
  const simulator = createSimulatorModule({
    statusDelayMs: 0,
    retryDelaysMs: [20, 50],
    templateReviewMs: 50,
    ...options,
  });
  return defaultModules.map((m) => (m.name === "simulator" ? simulator : m));
}

/** The running simulator of a test server (throws when the simulator is off). */
export function simulatorOf(server: BeedeskServer): Simulator {
  const sim = simulatorFor(server.ctx);
  if (!sim) throw new Error("The simulator is not running on this server (is BEEDESK_SIMULATOR off?)");
  return sim;
}

export function personaOf(server: BeedeskServer, ref: PersonaRef): Persona {
  if (typeof ref !== "string") return ref;
  const sim = simulatorOf(server);
  const found = sim.store.persona(ref) ?? sim.store.personaByWaId(waIdOf(ref));
  if (!found) throw new Error(`No simulator persona "${ref}"`);
  return found;
}

interface ToNumber {
  /** Which business number (default: presales). */
  to?: NumberRole;
}

/** The persona does something; resolves once beedesk's webhook has answered (unless wait: false). */
export async function personaDoes(
  server: BeedeskServer,
  ref: PersonaRef,
  action: CustomerAction,
  options: ToNumber & { wait?: boolean } = {},
): Promise<CustomerSent & { outcome?: DeliveryOutcome }> {
  const sent = await simulatorOf(server).customerSends(
    personaOf(server, ref).id,
    options.to ?? "presales",
    action,
  );
  if (options.wait === false) return sent;
  return { ...sent, outcome: await sent.delivery };
}

/** Posts the webhook of a message the persona already sent once more (a duplicate delivery, as Meta does). */
export function redeliver(server: BeedeskServer, messageId: string): Promise<DeliveryOutcome> {
  return simulatorOf(server).redeliver(messageId);
}

/** The persona writes a text message to a business number. */
export function personaSends(server: BeedeskServer, ref: PersonaRef, text: string, options: ToNumber = {}) {
  return personaDoes(server, ref, { type: "text", text }, options);
}

/**
 * The persona taps a reply button, a list row or a template quick-reply: the newest business message in the
 * chat that offers `choice` (matched against ids, titles and payloads) is answered.
 */
export function personaTaps(server: BeedeskServer, ref: PersonaRef, choice: string, options: ToNumber = {}) {
  const persona = personaOf(server, ref);
  const messages = businessMessagesTo(server, persona, options.to).reverse();
  for (const m of messages) {
    const c = m.content;
    if (c.type === "buttons") {
      const button = c.buttons.find((b) => b.id === choice || b.title === choice);
      if (button)
        return personaDoes(
          server,
          persona,
          { type: "button", messageId: m.id, buttonId: button.id },
          options,
        );
    }
    if (c.type === "list") {
      const row = c.sections.flatMap((s) => s.rows).find((r) => r.id === choice || r.title === choice);
      if (row) return personaDoes(server, persona, { type: "list", messageId: m.id, rowId: row.id }, options);
    }
    if (c.type === "template") {
      const button = c.template.buttons.find((b) => b.subType === "quick_reply" && b.payload === choice);
      if (button) {
        return personaDoes(
          server,
          persona,
          { type: "template_button", messageId: m.id, index: button.index },
          options,
        );
      }
    }
  }
  throw new Error(`No business message to ${persona.name} offers "${choice}"`);
}

/** Everything the business sent to the persona on that number (default presales), oldest first. */
export function businessMessagesTo(
  server: BeedeskServer,
  ref: PersonaRef,
  to: NumberRole = "presales",
): BusinessMessage[] {
  const persona = personaOf(server, ref);
  return simulatorOf(server)
    .chat(persona.id, to)
    .filter((m): m is BusinessMessage => m.direction === "business");
}

/** Waits for a business message to the persona that matches (default: any new one). */
export function waitForBusinessMessage(
  server: BeedeskServer,
  ref: PersonaRef,
  options: ToNumber & { match?: (m: BusinessMessage) => boolean; timeoutMs?: number; after?: number } = {},
): Promise<BusinessMessage> {
  const persona = personaOf(server, ref);
  const role = options.to ?? "presales";
  const match = options.match ?? (() => true);
  const skip = options.after ?? 0;
  const sim = simulatorOf(server);
  return new Promise((resolve, reject) => {
    const check = () => businessMessagesTo(server, persona, role).slice(skip).find(match);
    const existing = check();
    if (existing) return resolve(existing);
    const timer = setTimeout(() => {
      sim.events.off("event", listener);
      reject(
        new Error(
          `No matching business message to ${persona.name} on ${role} within ${options.timeoutMs ?? 5000} ms`,
        ),
      );
    }, options.timeoutMs ?? 5000);
    const listener = () => {
      const found = check();
      if (!found) return;
      clearTimeout(timer);
      sim.events.off("event", listener);
      resolve(found);
    };
    sim.events.on("event", listener);
  });
}

/** Waits for the next business message to the persona: one sent after this call (default timeout 5 s). */
export function nextBusinessMessage(
  server: BeedeskServer,
  ref: PersonaRef,
  options: ToNumber & { match?: (m: BusinessMessage) => boolean; timeoutMs?: number } = {},
): Promise<BusinessMessage> {
  const after = businessMessagesTo(server, ref, options.to).length;
  return waitForBusinessMessage(server, ref, { ...options, after });
}

/** What the persona sent on that number, with the ticks beedesk caused (status sent, delivered, read, failed). */
export function customerMessagesFrom(
  server: BeedeskServer,
  ref: PersonaRef,
  to: NumberRole = "presales",
): CustomerMessage[] {
  const persona = personaOf(server, ref);
  return simulatorOf(server)
    .chat(persona.id, to)
    .filter((m): m is CustomerMessage => m.direction === "customer");
}

/** What a person reads in a business message: the text, the body of interactive messages, a template's values. */
export function textOf(message: BusinessMessage | BusinessContent): string {
  const c = "content" in message ? message.content : message;
  switch (c.type) {
    case "text":
      return c.text;
    case "buttons":
    case "list":
    case "cta_url":
      return [c.header, c.body, c.footer].filter(Boolean).join("\n");
    case "template":
      return [c.template.name, ...c.template.header, ...c.template.body].join("\n");
    case "media":
      return c.caption ?? "";
    case "reaction":
      return c.emoji;
    case "location":
      return [c.name, c.address].filter(Boolean).join("\n");
  }
}

/** The next sends fail as the spec says (see FailureSpec). */
export function injectFailure(server: BeedeskServer, spec: FailureSpec): void {
  simulatorOf(server).failures.add(spec);
}

/** The persona looks at the chat (business messages there become read) until the returned function is called. */
export function openChat(server: BeedeskServer, ref: PersonaRef, to: NumberRole = "presales"): () => void {
  const clientId = `test-${Math.random().toString(36).slice(2)}`;
  const sim = simulatorOf(server);
  sim.setView(clientId, { personaId: personaOf(server, ref).id, role: to });
  return () => sim.setView(clientId, null);
}

/** Waits until every queued webhook has been answered. */
export function webhooksSettled(server: BeedeskServer): Promise<void> {
  return simulatorOf(server).idle();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
}

/**
 * A listening beedesk whose PUBLIC_URL is its real address, so the default Graph URL (PUBLIC_URL/simulator/graph)
 * reaches its own simulator: the outbox sends to the fake Graph API and the simulator posts webhooks back.
 */
export async function startSimulatorServer(
  dialect: TestDialect,
  options: TestServerOptions & { simulator?: SimulatorOptions & SimAccountOptions } = {},
): Promise<TestServer & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { simulator, ...rest } = options;
  const t = await startTestServer(dialect, {
    modules: modulesWithSimulator(simulator),
    ...rest,
    env: { PUBLIC_URL: url, ...rest.env },
  });
  await t.server.app.listen({ port, host: "127.0.0.1" });
  t.server.startBackground();
  return { ...t, url };
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The exact bytes received (what the signature covers). */
  raw: Buffer;
  json: unknown;
}

/** A stand-in webhook receiver: records every request and answers `status` (200 unless changed). */
export async function startCaptureServer(): Promise<{
  url: string;
  requests: CapturedRequest[];
  status: number;
  close(): Promise<void>;
}> {
  const capture = {
    url: "",
    requests: [] as CapturedRequest[],
    status: 200,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        json = undefined;
      }
      capture.requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        raw,
        json,
      });
      res.writeHead(capture.status, { "content-type": "text/plain", connection: "close" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  capture.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/webhooks/whatsapp`;
  return capture;
}
