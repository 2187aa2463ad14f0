import { EventEmitter } from "node:events";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { getSettings } from "../../settings/settings.service.js";
import { windowState } from "../window.js";
import { type CustomerAction, resolveCustomerAction } from "./customer-actions.js";
import { userIdOf } from "./customer-updates.js";
import { FailureQueue } from "./failures.js";
import { errorDescription, GraphApiError, invalidParameter } from "./graph-errors.js";
import { isFreeForm, type ValidatedRequest } from "./graph-validate.js";
import { checkPersonaInput, waIdOf } from "./personas.js";
import {
  customerMessagePayload,
  describeCustomerContent,
  newWamid,
  statusPayload,
} from "./simulator.payloads.js";
import { chatKey, SimulatorStore } from "./simulator.store.js";
import {
  type BusinessMessage,
  type BusinessNumber,
  type ChatMessage,
  type CustomerMessage,
  type DeliveryLogEntry,
  type FailureSpec,
  NUMBER_ROLES,
  type NumberRole,
  type Persona,
  type PersonaLanguage,
  type SimulatorEvent,
} from "./simulator.types.js";
import {
  boundAddressTarget,
  type DeliveryOutcome,
  WebhookDeliverer,
  type WebhookTarget,
} from "./webhook-delivery.js";

export interface SimulatorOptions {
  /** Where webhooks go. Default: this server's bound address once it listens, otherwise straight into the app. */
  webhookUrl?: () => string | undefined;
  /** Waits between webhook attempts (default 0.5 s, 2 s, 5 s). */
  retryDelaysMs?: number[];
  /** Pause before each status webhook, so "sent" usually follows the send answer (default 50 ms). */
  statusDelayMs?: number;
  webhookTimeoutMs?: number;
}

export type { CustomerAction };

export interface CustomerSent {
  message: CustomerMessage;
  /** Settles when beedesk's webhook answered (or every attempt failed). */
  delivery: Promise<DeliveryOutcome>;
}

type SendRequest = Extract<ValidatedRequest, { kind: "send" }>;

export interface SendResponse {
  messaging_product: "whatsapp";
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status: "accepted" }[];
}

const BUSINESS_RANK = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;
const CUSTOMER_RANK = { sent: 0, failed: 1, delivered: 2, read: 3 } as const;
const TYPING_MS = 25_000;
const MAX_LOG = 100;
const MAX_PERSONAS = 200;

/** The simulated WhatsApp world of one beedesk server: its customers' phones and Meta's side of the API. */
export class Simulator {
  readonly events = new EventEmitter();
  readonly store: SimulatorStore;
  /** Posts signed webhooks to beedesk (the account webhooks of sim-account.ts use it too). */
  readonly deliverer: WebhookDeliverer;
  /** Failures the next sends meet (POST /simulator/api/failures). */
  readonly failures = new FailureQueue((failures) => this.emit({ type: "failures", failures }));
  private log: DeliveryLogEntry[] = [];
  private readonly views = new Map<string, { personaId: string; role: NumberRole }>();
  private webhookOverride: string | undefined;
  /** The numbers as last read from settings (status webhooks are built synchronously). */
  private readonly knownNumbers = new Map<NumberRole, BusinessNumber>();

  constructor(
    readonly ctx: AppContext,
    private readonly app: FastifyInstance,
    private readonly options: SimulatorOptions = {},
  ) {
    this.events.setMaxListeners(0);
    for (const role of NUMBER_ROLES) {
      const configured = ctx.config.whatsapp[role];
      this.knownNumbers.set(role, { role, ...configured, verifiedName: "", about: null });
    }
    this.store = new SimulatorStore(path.join(ctx.config.dataDir, "simulator"), this.now(), (m) =>
      ctx.log.warn(m),
    );
    this.deliverer = new WebhookDeliverer({
      appSecret: ctx.config.whatsapp.appSecret,
      target: () => this.webhookTarget(),
      inject: async (body, headers) => {
        const res = await app.inject({ method: "POST", url: "/webhooks/whatsapp", headers, payload: body });
        return { status: res.statusCode, body: res.body };
      },
      retryDelaysMs: options.retryDelaysMs ?? [500, 2000, 5000],
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      onLog: (entry) => {
        this.log = [entry, ...this.log].slice(0, MAX_LOG);
        this.emit({ type: "delivery", delivery: entry });
      },
    });
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }

  emit(event: SimulatorEvent): void {
    this.events.emit("event", event);
  }

  /** Point webhooks somewhere else (a capture server in tests); undefined restores the default. */
  setWebhookUrl(url: string | undefined): void {
    this.webhookOverride = url;
  }

  webhookTarget(): WebhookTarget {
    const explicit = this.webhookOverride ?? this.options.webhookUrl?.();
    if (explicit) return { kind: "url", url: explicit };
    return boundAddressTarget(this.app.server) ?? { kind: "inject" };
  }

  /** Resolves when no webhook is queued or in flight. */
  idle(): Promise<void> {
    return this.deliverer.idle();
  }

  stop(): void {
    this.deliverer.stop();
    this.store.flush();
    this.events.removeAllListeners();
  }

  // ---- numbers and personas -------------------------------------------------------------------------------

  async numbers(): Promise<BusinessNumber[]> {
    const settings = await getSettings(this.ctx);
    return NUMBER_ROLES.map((role) => {
      const channel = settings.channels[role];
      const number: BusinessNumber = {
        role,
        phoneNumberId: channel.phoneNumberId,
        displayNumber: channel.displayNumber,
        verifiedName: settings.vendor.name,
        about: this.store.profile(channel.phoneNumberId).about ?? null,
      };
      this.knownNumbers.set(role, number);
      return number;
    });
  }

  async number(role: NumberRole): Promise<BusinessNumber> {
    const found = (await this.numbers()).find((n) => n.role === role);
    if (!found) throw new AppError("not_found", `No ${role} number`);
    return found;
  }

  /** The number a Graph API path names: the settings' id, or the configured one if the owner changed it. */
  async numberForId(phoneNumberId: string): Promise<BusinessNumber | undefined> {
    const numbers = await this.numbers();
    const direct = numbers.find((n) => n.phoneNumberId === phoneNumberId);
    if (direct) return direct;
    const role = NUMBER_ROLES.find((r) => this.ctx.config.whatsapp[r].phoneNumberId === phoneNumberId);
    return role && numbers.find((n) => n.role === role);
  }

  async announceNumbers(): Promise<void> {
    this.emit({ type: "numbers", numbers: await this.numbers() });
  }

  personas(): Persona[] {
    return this.store.personas();
  }

  persona(id: string): Persona {
    const persona = this.store.persona(id);
    if (!persona) throw new AppError("not_found", `No persona ${id}`);
    return persona;
  }

  async createPersona(input: { name: string; phone: string; language: PersonaLanguage }): Promise<Persona> {
    const { name, phone, waId } = checkPersonaInput(input);
    if (this.store.personaByWaId(waId)) {
      throw new AppError("conflict", "A persona already uses this phone number");
    }
    if ((await this.numbers()).some((n) => waIdOf(n.displayNumber) === waId)) {
      throw new AppError("validation_failed", "That is one of the business numbers");
    }
    if (this.store.personas().length >= MAX_PERSONAS) throw new AppError("conflict", "Too many personas");
    const persona: Persona = {
      id: newId(),
      name,
      phone,
      waId,
      language: input.language,
      demo: false,
      createdAt: this.now(),
    };
    this.store.addPersona(persona);
    this.emit({ type: "personas", personas: this.personas() });
    return persona;
  }

  deletePersona(id: string): void {
    const persona = this.persona(id);
    if (persona.demo) throw new AppError("invalid_state", "Demo personas cannot be deleted");
    this.store.removePersona(id);
    this.emit({ type: "personas", personas: this.personas() });
  }

  chat(personaId: string, role: NumberRole): ChatMessage[] {
    this.persona(personaId);
    return this.store.chat(personaId, role);
  }

  clearChat(personaId: string, role: NumberRole): void {
    this.persona(personaId);
    this.store.clearChat(personaId, role);
    this.emit({ type: "chat_cleared", personaId, role });
  }

  deliveries(): DeliveryLogEntry[] {
    return [...this.log];
  }

  // ---- the customer's side ----------------------------------------------------------------------------------

  /** The persona sends something; it goes to beedesk as a real signed webhook. */
  async customerSends(personaId: string, role: NumberRole, action: CustomerAction): Promise<CustomerSent> {
    const persona = this.persona(personaId);
    const number = await this.number(role);
    const { content, replyTo, answers } = resolveCustomerAction(
      this.store,
      this.now(),
      persona,
      role,
      action,
    );
    // Replying means looking at the chat: what the business sent is read first.
    this.readChat(personaId, role);
    const at = this.now();
    const message: CustomerMessage = {
      id: newWamid(),
      personaId,
      role,
      at,
      direction: "customer",
      content,
      status: "sent",
      ...(replyTo && { replyTo }),
    };
    this.store.addMessage(message);
    this.store.setLastInbound(personaId, role, at);
    this.emit({ type: "message", message });
    if (content.type === "number_change") {
      this.store.updatePersona(personaId, { waId: content.newWaId, phone: `+${content.newWaId}` });
    }
    if (answers) {
      answers.message.answered = answers.choice;
      this.store.touched();
      this.emit({ type: "message", message: answers.message });
    }
    const delivery = this.deliverer
      .deliver(chatKey(personaId, role), () => ({
        payload: customerMessagePayload(message, persona, number),
        kind: "message",
        summary: `${persona.name} → ${role}: ${describeCustomerContent(message)}`,
        at: this.now(),
      }))
      .then((outcome) => {
        if (outcome.ok) this.advanceCustomer(message, "delivered");
        else if (message.status === "sent") {
          message.status = "failed";
          message.error = { title: "Webhook not accepted", details: outcome.error ?? "" };
          this.store.touched();
          this.emit({ type: "message", message });
        }
        return outcome;
      });
    return { message, delivery };
  }

  /**
   * Posts a customer message's webhook once more, byte-for-byte the same message (Meta delivers at least once:
   * duplicates happen and beedesk must store them once).
   */
  async redeliver(messageId: string): Promise<DeliveryOutcome> {
    const message = this.store.message(messageId);
    if (message?.direction !== "customer") throw new AppError("not_found", "No such customer message");
    const persona = this.persona(message.personaId);
    const number = await this.number(message.role);
    return this.deliverer.deliver(chatKey(persona.id, message.role), () => ({
      payload: customerMessagePayload(message, persona, number),
      kind: "message",
      summary: `${persona.name} → ${message.role}: again ${describeCustomerContent(message)}`,
      at: this.now(),
    }));
  }

  private advanceCustomer(message: CustomerMessage, status: "delivered" | "read"): void {
    if (CUSTOMER_RANK[status] <= CUSTOMER_RANK[message.status]) return;
    message.status = status;
    delete message.error;
    this.store.touched();
    this.emit({ type: "message", message });
  }

  /** Which chat a page (or a test) is looking at: business messages there are read at once. */
  setView(clientId: string, view: { personaId: string; role: NumberRole } | null): void {
    if (view) {
      this.persona(view.personaId);
      this.views.set(clientId, view);
      this.readChat(view.personaId, view.role);
    } else this.views.delete(clientId);
  }

  private isViewed(personaId: string, role: NumberRole): boolean {
    for (const v of this.views.values()) if (v.personaId === personaId && v.role === role) return true;
    return false;
  }

  readChat(personaId: string, role: NumberRole): void {
    for (const m of this.store.chat(personaId, role)) {
      if (m.direction === "business" && m.status !== "failed") this.advanceBusiness(m, "read");
    }
  }

  // ---- Meta's side: what the fake Graph API does --------------------------------------------------------------

  /** A send the Graph API accepts: recorded in the persona's chat, then its statuses go out as webhooks. */
  async acceptSend(
    number: BusinessNumber,
    request: SendRequest,
    failure?: FailureSpec,
  ): Promise<SendResponse> {
    let to = request.to;
    if (/^[A-Z]{2}\./.test(to)) {
      // A business-scoped user id: the persona that wrote as a username user (see customer-updates.ts).
      const known = this.store.personas().find((p) => userIdOf(p) === to);
      if (!known)
        throw new GraphApiError(131026, { details: `Recipient ${to} is not a known WhatsApp user.` });
      to = known.waId;
    }
    const waId = waIdOf(to);
    if ((await this.numbers()).some((n) => waIdOf(n.displayNumber) === waId)) throw new GraphApiError(131021);
    let persona = this.store.personaByWaId(waId);
    if (isFreeForm(request.content)) {
      const last = persona ? (this.store.lastInbound(persona.id, number.role) ?? null) : null;
      if (!windowState(last, this.ctx.clock.now()).open) throw new GraphApiError(131047);
    }
    if (request.content.type === "reaction" && !this.store.message(request.content.messageId)) {
      throw invalidParameter(`Param reaction['message_id'] names no message in this conversation.`);
    }
    if (!persona) {
      // A template to a number that never wrote: WhatsApp users exist beyond the personas, so one appears.
      persona = await this.createPersona({ name: `+${waId}`, phone: `+${waId}`, language: "en" });
    }
    const message: BusinessMessage = {
      id: newWamid(),
      personaId: persona.id,
      role: number.role,
      at: this.now(),
      direction: "business",
      content: request.content,
      status: "accepted",
      ...(request.replyTo && { replyTo: request.replyTo }),
      ...(request.callbackData !== undefined && { callbackData: request.callbackData }),
    };
    this.store.addMessage(message);
    this.emit({ type: "message", message });
    if (failure?.mode === "status") {
      this.advanceBusiness(message, "failed", failure.code ?? 131026);
    } else {
      this.advanceBusiness(message, "delivered");
      if (this.isViewed(persona.id, number.role)) this.advanceBusiness(message, "read");
    }
    return {
      messaging_product: "whatsapp",
      contacts: [{ input: request.to, wa_id: waId }],
      messages: [{ id: message.id, message_status: "accepted" }],
    };
  }

  /** Steps a business message forward, sending each status Meta would send on the way (never backwards). */
  private advanceBusiness(
    message: BusinessMessage,
    target: "sent" | "delivered" | "read" | "failed",
    code?: number,
  ): void {
    if (message.status === "failed" || message.status === "read") return;
    const persona = this.store.persona(message.personaId);
    if (!persona) return;
    const number = this.knownNumbers.get(message.role);
    if (!number) return;
    const steps: ("sent" | "delivered" | "read" | "failed")[] =
      target === "failed"
        ? ["failed"]
        : (["sent", "delivered", "read"] as const).filter(
            (s) =>
              BUSINESS_RANK[s] > BUSINESS_RANK[message.status] && BUSINESS_RANK[s] <= BUSINESS_RANK[target],
          );
    for (const status of steps) {
      message.status = status;
      if (status === "failed" && code !== undefined) message.error = { code, ...errorDescription(code) };
      const delay = this.options.statusDelayMs ?? 50;
      void this.deliverer.deliver(
        chatKey(message.personaId, message.role),
        () => ({
          payload: statusPayload(message, status, persona, number, this.ctx.clock.now(), code),
          kind: "status",
          summary: `${status} ${message.content.type} → ${persona.name}`,
          at: this.now(),
        }),
        delay,
      );
    }
    this.store.touched();
    this.emit({ type: "message", message });
  }

  /** POST {status:"read", message_id}: that customer message and every earlier one in the chat are read. */
  markRead(number: BusinessNumber, messageId: string, typing: boolean): void {
    const target = this.store.message(messageId);
    if (target?.direction !== "customer" || target.role !== number.role) {
      throw invalidParameter(`Message ${messageId} was not received by this phone number.`);
    }
    for (const m of this.store.chat(target.personaId, target.role)) {
      if (m.direction === "customer" && m.at <= target.at) this.advanceCustomer(m, "read");
    }
    if (typing) {
      const until = new Date(this.ctx.clock.now().getTime() + TYPING_MS).toISOString();
      this.emit({ type: "typing", personaId: target.personaId, role: target.role, until });
    }
  }
}
