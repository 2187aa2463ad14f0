import fs from "node:fs";
import path from "node:path";
import type { AppContext } from "../../platform/context.js";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../platform/private-files.js";
import { GraphApiError, invalidParameter } from "./graph-errors.js";
import type { Simulator } from "./simulator.service.js";
import type { NumberRole, TemplateView } from "./simulator.types.js";

// Meta's side of the account in the simulator: the WABA's message templates (created PENDING, approved after a
// moment or rejected on demand, each change a message_template_status_update webhook), the app's webhook
// subscription, and each number's quality rating and messaging limit (changed on demand with a
// phone_number_quality_update webhook). Kept in simulator/account.json beside the chats.

export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown[];
  rejectedReason?: string;
}

export interface SimAccountView {
  templates: { name: string; language: string; category: string; status: string; rejectedReason?: string }[];
  numbers: { role: NumberRole; displayNumber: string; quality: string; tier: string }[];
  /** How the next submitted templates' reviews end, in order (approval when empty). */
  nextReviews: string[];
}

interface AccountState {
  templates: SimTemplate[];
  subscribed: boolean;
  numbers: Record<string, { quality: string; tier: string }>;
}

export interface SimAccountOptions {
  /** How long Meta's review takes before a template is approved (default 3 s). */
  templateReviewMs?: number;
}

const accounts = new WeakMap<Simulator, SimAccount>();

export function simAccountOf(sim: Simulator): SimAccount | undefined {
  return accounts.get(sim);
}

export class SimAccount {
  private state: AccountState;
  private readonly file: string;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Decisions for the next templates reviewed (reject on demand), in order. */
  private readonly decisions: { status: string; reason?: string }[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly sim: Simulator,
    private readonly options: SimAccountOptions = {},
  ) {
    this.file = path.join(ctx.config.dataDir, "simulator", "account.json");
    this.state = this.load();
    accounts.set(sim, this);
  }

  get wabaId(): string {
    return this.ctx.config.whatsapp.businessAccountId;
  }

  private load(): AccountState {
    const fresh: AccountState = { templates: [], subscribed: false, numbers: {} };
    try {
      return { ...fresh, ...(JSON.parse(fs.readFileSync(this.file, "utf8")) as Partial<AccountState>) };
    } catch {
      return fresh;
    }
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state), { mode: PRIVATE_FILE_MODE });
    fs.renameSync(tmp, this.file);
    this.sim.emit({ type: "account" });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  // ---- numbers and subscription ------------------------------------------------------------------------------

  numberHealth(phoneNumberId: string): { quality: string; tier: string } {
    return this.state.numbers[phoneNumberId] ?? { quality: "GREEN", tier: "TIER_1K" };
  }

  /** What the simulator page shows of Meta's side: templates, each number's health, the next reviews. */
  async overview(): Promise<SimAccountView> {
    const numbers = await this.sim.numbers();
    return {
      templates: this.templates().map(({ name, language, category, status, rejectedReason }) => ({
        name,
        language,
        category,
        status,
        ...(rejectedReason && { rejectedReason }),
      })),
      numbers: numbers.map((n) => ({
        role: n.role,
        displayNumber: n.displayNumber,
        ...this.numberHealth(n.phoneNumberId),
      })),
      nextReviews: this.decisions.map((d) => d.status),
    };
  }

  get subscribed(): boolean {
    return this.state.subscribed;
  }

  subscribe(): void {
    this.state.subscribed = true;
    this.save();
  }

  /** A quality change as Meta reports it: FLAGGED (low), UNFLAGGED (high again), UPGRADE/DOWNGRADE (limit). */
  async changeQuality(role: NumberRole, event: string, tier?: string): Promise<void> {
    const number = await this.sim.number(role);
    const current = this.numberHealth(number.phoneNumberId);
    const quality = event === "FLAGGED" ? "RED" : event === "UNFLAGGED" ? "GREEN" : current.quality;
    const next = { quality, tier: tier ?? current.tier };
    this.state.numbers[number.phoneNumberId] = next;
    this.save();
    await this.deliver("phone_number_quality_update", `${role} quality ${event}`, {
      display_phone_number: number.displayNumber.replace(/\D/g, ""),
      event,
      current_limit: next.tier,
    });
  }

  // ---- templates -------------------------------------------------------------------------------------------------

  templates(): SimTemplate[] {
    return this.state.templates.map((t) => ({ ...t }));
  }

  /** POST /{waba-id}/message_templates: Meta's checks, then PENDING and a review after a moment. */
  create(body: unknown): { id: string; status: string; category: string } {
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    const name = typeof b.name === "string" ? b.name : "";
    const language = typeof b.language === "string" ? b.language : "";
    const category = typeof b.category === "string" ? b.category.toUpperCase() : "";
    if (!/^[a-z0-9_]{1,512}$/.test(name))
      throw invalidParameter("Param name must be lowercase letters, digits and underscores.");
    if (!/^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/.test(language))
      throw invalidParameter("Param language is not a supported language code.");
    if (!["UTILITY", "MARKETING", "AUTHENTICATION"].includes(category))
      throw invalidParameter("Param category must be UTILITY, MARKETING or AUTHENTICATION.");
    const components = Array.isArray(b.components) ? b.components : [];
    const bodyComponent = components.find(
      (c) => c && typeof c === "object" && String((c as { type?: unknown }).type).toUpperCase() === "BODY",
    ) as { text?: unknown } | undefined;
    if (
      typeof bodyComponent?.text !== "string" ||
      bodyComponent.text.trim() === "" ||
      bodyComponent.text.length > 1024
    ) {
      throw invalidParameter("Param components must include a BODY with text of 1 to 1024 characters.");
    }
    if (this.state.templates.some((t) => t.name === name && t.language === language)) {
      throw new GraphApiError(100, {
        subcode: 2388024,
        message: "(#100) Invalid parameter",
        details: `Content in this language already exists for ${name}.`,
      });
    }
    const template: SimTemplate = {
      id: `${Date.now()}${this.state.templates.length}`,
      name,
      language,
      category,
      status: "PENDING",
      components,
    };
    this.state.templates.push(template);
    this.save();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const decision = this.decisions.shift() ?? { status: "APPROVED" };
      void this.review(name, language, decision.status, decision.reason).catch(() => undefined);
    }, this.options.templateReviewMs ?? 3000);
    timer.unref();
    this.timers.add(timer);
    return { id: template.id, status: "PENDING", category };
  }

  /** The next review(s) end this way instead of approval (reject on demand). */
  decideNext(status: string, reason?: string): void {
    this.decisions.push({ status, ...(reason && { reason }) });
  }

  /** Meta decides (or pauses, disables…): the template changes and a status webhook goes out. */
  async review(name: string, language: string, status: string, reason?: string): Promise<SimTemplate> {
    const template = this.state.templates.find((t) => t.name === name && t.language === language);
    if (!template) throw invalidParameter(`No template ${name} in ${language}.`);
    template.status = status;
    if (status === "REJECTED") template.rejectedReason = reason ?? "INVALID_FORMAT";
    else delete template.rejectedReason;
    this.save();
    await this.deliver("message_template_status_update", `template ${name} (${language}) ${status}`, {
      event: status,
      message_template_id: Number(template.id),
      message_template_name: name,
      message_template_language: language,
      reason: status === "REJECTED" ? template.rejectedReason : "NONE",
      message_template_category: template.category,
    });
    return { ...template };
  }

  /**
   * A template send: a template of this WABA must be approved and get its body's parameters (132001, 132015,
   * 132016, 132000 as Meta answers). A name the simulator was never told about is accepted as it always was
   * (tests and the page send made-up templates); beedesk's own check wants it synced and approved anyway.
   */
  checkSend(view: TemplateView): void {
    const named = this.state.templates.filter((t) => t.name === view.name);
    if (named.length === 0) return;
    const template = named.find((t) => t.language === view.language);
    if (!template || template.status === "PENDING" || template.status === "REJECTED")
      throw new GraphApiError(132001);
    if (template.status === "PAUSED") throw new GraphApiError(132015);
    if (template.status === "DISABLED") throw new GraphApiError(132016);
    const body = components(template).find((c) => String(c.type).toUpperCase() === "BODY");
    const text = typeof body?.text === "string" ? body.text : "";
    const expected = Math.max(0, ...[...text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1])));
    if (view.body.length !== expected) {
      throw new GraphApiError(132000, {
        details: `body: number of localizable_params (${view.body.length}) does not match the expected number of params (${expected})`,
      });
    }
  }

  /** The template's body with the send's parameters, as the customer's phone shows it. */
  render(view: TemplateView): string | undefined {
    const template = this.state.templates.find((t) => t.name === view.name && t.language === view.language);
    const body = template
      ? components(template).find((c) => String(c.type).toUpperCase() === "BODY")
      : undefined;
    if (typeof body?.text !== "string") return undefined;
    return body.text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => view.body[Number(n) - 1] ?? whole);
  }

  private async deliver(field: string, summary: string, value: Record<string, unknown>): Promise<void> {
    const at = this.ctx.clock.now();
    await this.sim.deliverer.deliver("account", () => ({
      payload: {
        object: "whatsapp_business_account",
        entry: [{ id: this.wabaId, time: Math.floor(at.getTime() / 1000), changes: [{ field, value }] }],
      },
      kind: "account",
      summary,
      at: at.toISOString(),
    }));
  }
}

function components(t: SimTemplate): Record<string, unknown>[] {
  return t.components.filter((c): c is Record<string, unknown> => !!c && typeof c === "object");
}
