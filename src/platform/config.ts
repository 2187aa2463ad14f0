import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/** The one place that reads process.env. Everything else receives a Config. */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const phoneNumber = optionalString.refine((v) => v === undefined || /^\+?[1-9][0-9 ]{6,18}$/.test(v), {
  message: "must be an international phone number such as +34 600 000 000",
});

const envSchema = z
  .object({
    // Listen port.
    PORT: z.coerce.number({ message: "must be a number" }).int().min(0).max(65535).default(3000),
    // Listen address.
    HOST: z.string().min(1).default("127.0.0.1"),
    // Base URL used in links sent to customers; defaults to http://HOST:PORT.
    PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: "must be an http:// or https:// URL",
    }),
    // Data folder: SQLite file, media, invoices, key file.
    BEEDESK_DATA_DIR: z.string().min(1).default("./data"),
    // postgres://… for PostgreSQL; unset means SQLite in the data folder.
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must start with postgres:// or postgresql:// (unset it to use the embedded SQLite)",
    }),
    // Graph API base URL.
    WHATSAPP_GRAPH_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), {
      message: "must be an http(s) URL",
    }),
    // Graph API version, e.g. v23.0.
    WHATSAPP_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, { message: "must look like v23.0" })
      .default("v23.0"),
    // Bearer token for the Cloud API; unset turns the simulator on (in auto mode).
    WHATSAPP_ACCESS_TOKEN: optionalString,
    // App secret for webhook signatures.
    WHATSAPP_APP_SECRET: optionalString,
    // Token for the webhook verification handshake.
    WHATSAPP_VERIFY_TOKEN: optionalString,
    // WhatsApp Business Account (WABA) id: message templates and the webhook subscription.
    WHATSAPP_BUSINESS_ACCOUNT_ID: optionalString,
    // Graph id of the official (pre-sales) number.
    WHATSAPP_PRESALES_PHONE_NUMBER_ID: optionalString,
    // Display number of the official (pre-sales) number.
    WHATSAPP_PRESALES_NUMBER: phoneNumber,
    // Graph id of the premium number.
    WHATSAPP_PREMIUM_PHONE_NUMBER_ID: optionalString,
    // Display number of the premium number.
    WHATSAPP_PREMIUM_NUMBER: phoneNumber,
    // smtp:// or smtps:// URL for outgoing mail; unset keeps mail in the development mail viewer.
    SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//.test(v), {
      message: "must start with smtp:// or smtps://",
    }),
    // Sender address of outgoing mail.
    MAIL_FROM: optionalString,
    // imap:// or imaps:// URL of the support mailbox email-in reads (user:pass@host:port/MAILBOX); wins over settings.
    MAIL_IN_URL: optionalString.refine((v) => v === undefined || /^imaps?:\/\/[^\s]+$/.test(v), {
      message: "must start with imap:// or imaps://",
    }),
    // Stripe secret key (sk_…): deposits and invoices are paid through Stripe Checkout; unset = payment-link template.
    STRIPE_SECRET_KEY: optionalString,
    // Signing secret (whsec_…) of the Stripe webhook endpoint POST /webhooks/stripe.
    STRIPE_WEBHOOK_SECRET: optionalString,
    // Stripe API base URL (default Stripe's own); tests point it at a local stand-in.
    STRIPE_API_BASE: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s/]+\/?$/.test(v), {
      message: "must be an http:// or https:// origin such as https://api.stripe.com",
    }),
    // In simulator mode without STRIPE_SECRET_KEY, a local checkout page stands in for Stripe (auto) or not (off).
    BEEDESK_STRIPE_SIMULATOR: z.enum(["auto", "off"]).default("auto"),
    // First owner account on an empty database.
    BEEDESK_ADMIN_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, {
      message: "must be an email address",
    }),
    BEEDESK_ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 8, {
      message: "must be at least 8 characters",
    }),
    // Key for encrypting secrets at rest (32 bytes as base64 or hex); unset = key file in the data folder.
    BEEDESK_SECRET_KEY: optionalString,
    // Simulator mode: auto (on when no access token), on, off.
    BEEDESK_SIMULATOR: z.enum(["auto", "on", "off"]).default("auto"),
    // production forces the simulator off and tightens defaults.
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // Proxies whose X-Forwarded-For is believed: a hop count or a list of addresses/CIDRs; unset = none.
    TRUST_PROXY: optionalString.refine((v) => v === undefined || parseTrustProxy(v) !== undefined, {
      message:
        "must be a hop count (e.g. 1) or a comma-separated list of proxy addresses or CIDR ranges (e.g. 10.0.0.5,10.1.0.0/16)",
    }),
    // Log level.
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.BEEDESK_SECRET_KEY !== undefined && decodeKey(env.BEEDESK_SECRET_KEY) === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["BEEDESK_SECRET_KEY"],
        message: "must be 32 bytes, as 64 hex characters or base64",
      });
    }
    if (env.BEEDESK_SIMULATOR === "on" && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["BEEDESK_SIMULATOR"],
        message: "cannot be on when NODE_ENV=production",
      });
    }
  });

export type Env = Record<string, string | undefined>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly secureCookies: boolean;
  readonly dataDir: string;
  readonly database:
    | { readonly kind: "sqlite"; readonly file: string }
    | { readonly kind: "postgres"; readonly url: string };
  readonly whatsapp: {
    readonly graphUrl: string;
    readonly apiVersion: string;
    readonly accessToken: string;
    readonly appSecret: string;
    readonly verifyToken: string;
    /** The WABA id (templates, webhook subscription); "" when unset outside the simulator. */
    readonly businessAccountId: string;
    readonly presales: { readonly phoneNumberId: string; readonly displayNumber: string };
    readonly premium: { readonly phoneNumberId: string; readonly displayNumber: string };
    /** The credentials set in the environment: they win over what the owner enters in the app (shown locked). */
    readonly fromEnv: {
      readonly accessToken: boolean;
      readonly appSecret: boolean;
      readonly verifyToken: boolean;
      readonly businessAccountId: boolean;
    };
  };
  readonly simulator: boolean;
  readonly mail: {
    readonly smtpUrl: string | undefined;
    readonly from: string;
    /** The support mailbox email-in reads; unset = the owner's setting (Settings → Mail), if any. */
    readonly inUrl: string | undefined;
  };
  /**
   * Card payments: "live" through Stripe (the official client, at `api` when set), "simulated" by the local
   * checkout page of simulator mode (webhooks signed the same way), or "off" (the payment-link template).
   */
  readonly stripe: {
    readonly mode: "off" | "live" | "simulated";
    readonly secretKey: string;
    readonly webhookSecret: string;
    readonly api:
      | { readonly host: string; readonly port: number; readonly protocol: "http" | "https" }
      | undefined;
  };
  readonly admin: { readonly email: string | undefined; readonly password: string | undefined };
  readonly secretKey: Buffer | undefined;
  readonly production: boolean;
  /** Which peers' X-Forwarded-For to believe: false (none, the default), a hop count, or addresses. */
  readonly trustProxy: false | number | readonly string[];
  readonly logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Simulator defaults: the demo numbers a fresh install shows. */
const SIMULATOR_DEFAULTS = {
  presalesId: "100000000000001",
  presalesNumber: "+34 600 111 222",
  premiumId: "100000000000002",
  premiumNumber: "+34 600 333 444",
  appSecret: "simulator-app-secret",
  verifyToken: "simulator-verify-token",
  accessToken: "simulator-access-token",
  businessAccountId: "100000000000009",
};

export function parseConfig(env: Env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const e = result.data;
  const production = e.NODE_ENV === "production";
  const simulator = production
    ? false
    : e.BEEDESK_SIMULATOR === "on" || (e.BEEDESK_SIMULATOR === "auto" && !e.WHATSAPP_ACCESS_TOKEN);
  const publicUrl = (
    e.PUBLIC_URL ?? `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`
  ).replace(/\/+$/, "");
  const dataDir = path.resolve(e.BEEDESK_DATA_DIR);

  const problems: string[] = [];
  // BEEDESK_SIMULATOR=off without the variables: the owner connects the account in the app (Settings → WhatsApp).
  if (!simulator && e.BEEDESK_SIMULATOR !== "off") {
    for (const key of [
      "WHATSAPP_ACCESS_TOKEN",
      "WHATSAPP_APP_SECRET",
      "WHATSAPP_VERIFY_TOKEN",
      "WHATSAPP_PRESALES_PHONE_NUMBER_ID",
      "WHATSAPP_PRESALES_NUMBER",
    ] as const) {
      if (!e[key]) problems.push(`${key}: is required when the simulator is off`);
    }
  }
  // Without SMTP the development mail viewer would show customers' sign-in links to every agent.
  if (production && !e.SMTP_URL)
    problems.push(
      "SMTP_URL: is required when NODE_ENV=production (without it mail would go to the development mail viewer, where any agent could read customers' sign-in links)",
    );
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET)
    problems.push(
      "STRIPE_WEBHOOK_SECRET: is required with STRIPE_SECRET_KEY (payments are confirmed only by signed webhooks)",
    );
  if (problems.length > 0) throw new ConfigError(problems);

  const graphUrl = (
    e.WHATSAPP_GRAPH_URL ?? (simulator ? `${publicUrl}/simulator/graph` : "https://graph.facebook.com")
  ).replace(/\/+$/, "");

  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    dataDir,
    database: e.DATABASE_URL
      ? { kind: "postgres" as const, url: e.DATABASE_URL }
      : { kind: "sqlite" as const, file: path.join(dataDir, "beedesk.sqlite") },
    whatsapp: Object.freeze({
      graphUrl,
      apiVersion: e.WHATSAPP_API_VERSION,
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? (simulator ? SIMULATOR_DEFAULTS.accessToken : ""),
      appSecret: e.WHATSAPP_APP_SECRET ?? (simulator ? SIMULATOR_DEFAULTS.appSecret : ""),
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? (simulator ? SIMULATOR_DEFAULTS.verifyToken : ""),
      businessAccountId:
        e.WHATSAPP_BUSINESS_ACCOUNT_ID ?? (simulator ? SIMULATOR_DEFAULTS.businessAccountId : ""),
      presales: {
        phoneNumberId: e.WHATSAPP_PRESALES_PHONE_NUMBER_ID ?? SIMULATOR_DEFAULTS.presalesId,
        displayNumber: e.WHATSAPP_PRESALES_NUMBER ?? SIMULATOR_DEFAULTS.presalesNumber,
      },
      premium: {
        phoneNumberId: e.WHATSAPP_PREMIUM_PHONE_NUMBER_ID ?? SIMULATOR_DEFAULTS.premiumId,
        displayNumber: e.WHATSAPP_PREMIUM_NUMBER ?? SIMULATOR_DEFAULTS.premiumNumber,
      },
      fromEnv: {
        accessToken: e.WHATSAPP_ACCESS_TOKEN !== undefined,
        appSecret: e.WHATSAPP_APP_SECRET !== undefined,
        verifyToken: e.WHATSAPP_VERIFY_TOKEN !== undefined,
        businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID !== undefined,
      },
    }),
    simulator,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? "beedesk <support@localhost>", inUrl: e.MAIL_IN_URL },
    stripe: Object.freeze(stripeConfig(e, simulator)),
    admin: { email: e.BEEDESK_ADMIN_EMAIL, password: e.BEEDESK_ADMIN_PASSWORD },
    secretKey: e.BEEDESK_SECRET_KEY ? decodeKey(e.BEEDESK_SECRET_KEY) : undefined,
    production,
    trustProxy: e.TRUST_PROXY === undefined ? false : (parseTrustProxy(e.TRUST_PROXY) ?? false),
    logLevel: e.LOG_LEVEL,
  });
}

function stripeConfig(
  e: {
    STRIPE_SECRET_KEY?: string | undefined;
    STRIPE_WEBHOOK_SECRET?: string | undefined;
    STRIPE_API_BASE?: string | undefined;
    BEEDESK_STRIPE_SIMULATOR: "auto" | "off";
  },
  simulator: boolean,
): Config["stripe"] {
  const api = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined;
  const protocol = api?.protocol === "http:" ? ("http" as const) : ("https" as const);
  const apiParts = api
    ? { host: api.hostname, port: api.port ? Number(api.port) : protocol === "http" ? 80 : 443, protocol }
    : undefined;
  if (e.STRIPE_SECRET_KEY) {
    return {
      mode: "live",
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? "",
      api: apiParts,
    };
  }
  if (simulator && e.BEEDESK_STRIPE_SIMULATOR === "auto") {
    return { mode: "simulated", secretKey: "", webhookSecret: "whsec_beedesk_simulator", api: undefined };
  }
  return { mode: "off", secretKey: "", webhookSecret: "", api: undefined };
}

function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  const buf = Buffer.from(value, "base64");
  return buf.length === 32 ? buf : undefined;
}

/** A hop count ("1") or a list of proxy addresses and CIDR ranges ("10.0.0.5, 10.1.0.0/16"). */
function parseTrustProxy(value: string): number | string[] | undefined {
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 32 ? hops : undefined;
  }
  const list = value.split(",").map((v) => v.trim());
  return list.every(isAddressOrRange) ? list : undefined;
}

function isAddressOrRange(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
