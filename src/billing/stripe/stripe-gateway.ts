import type Stripe from "stripe";
import type { Config } from "../../platform/config.js";
import { AppError } from "../../platform/errors.js";
import { randomToken } from "../../platform/ids.js";

// The one place beedesk talks to Stripe: Checkout Sessions through the official client (at STRIPE_API_BASE
// when set), and webhook signatures. In simulator mode the local checkout page stands in for Stripe's.

export interface NewCheckout {
  engagementId: string;
  purpose: "deposit" | "invoice";
  invoiceId: string | null;
  amountCents: number;
  currency: string;
  description: string;
  successUrl: string;
  cancelUrl: string;
}

export interface CreatedCheckout {
  id: string;
  url: string;
  expiresAt: string;
}

let cached: { key: string; client: Stripe } | undefined;
let stripeModule: Promise<typeof Stripe> | undefined;

/** The Stripe client for the configured key (one per process); the package loads on first use, not at start. */
export async function stripeClient(config: Config["stripe"]): Promise<Stripe> {
  if (cached?.key === `${config.secretKey}|${JSON.stringify(config.api)}`) return cached.client;
  stripeModule ??= import("stripe").then((m) => m.default);
  const StripeClient = await stripeModule;
  const client = new StripeClient(config.secretKey || "sk_test_beedesk_simulator", {
    maxNetworkRetries: 1,
    timeout: 15_000,
    telemetry: false,
    ...(config.api ?? {}),
  });
  cached = { key: `${config.secretKey}|${JSON.stringify(config.api)}`, client };
  return client;
}

/** Creates a Checkout Session (network: never inside a transaction). */
export async function createCheckout(
  config: Config,
  input: NewCheckout,
  now: Date,
): Promise<CreatedCheckout> {
  if (config.stripe.mode === "simulated") {
    const id = `cs_sim_${randomToken(24)}`;
    return {
      id,
      url: `${config.publicUrl}/simulator/checkout/${id}`,
      expiresAt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
    };
  }
  if (config.stripe.mode !== "live") throw new AppError("invalid_state", "Card payments are not configured");
  const metadata: Record<string, string> = { engagementId: input.engagementId, purpose: input.purpose };
  if (input.invoiceId) metadata.invoiceId = input.invoiceId;
  try {
    const session = await (await stripeClient(config.stripe)).checkout.sessions.create({
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: input.currency.toLowerCase(),
            unit_amount: input.amountCents,
            product_data: { name: input.description },
          },
        },
      ],
      client_reference_id: input.engagementId,
      metadata,
      payment_intent_data: { metadata },
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    });
    if (!session.url) throw new Error("Stripe returned a session without a URL");
    return {
      id: session.id,
      url: session.url,
      expiresAt: new Date(
        (session.expires_at ?? Math.floor(now.getTime() / 1000) + 86_400) * 1000,
      ).toISOString(),
    };
  } catch (error) {
    throw new AppError("unavailable", `Stripe did not create the checkout: ${(error as Error).message}`);
  }
}

/** Verifies Stripe-Signature over the raw body and parses the event; undefined when it does not verify. */
export async function verifiedStripeEvent(
  config: Config,
  raw: Buffer,
  header: string | undefined,
): Promise<Stripe.Event | undefined> {
  if (!header || !config.stripe.webhookSecret) return undefined;
  const client = await stripeClient(config.stripe);
  try {
    return client.webhooks.constructEvent(raw, header, config.stripe.webhookSecret);
  } catch {
    return undefined;
  }
}

/** A Stripe-Signature header for a payload, as Stripe computes it (the simulator's and the tests' webhooks). */
export async function signStripePayload(payload: string, secret: string): Promise<string> {
  const client = await stripeClient({
    mode: "simulated",
    secretKey: "",
    webhookSecret: secret,
    api: undefined,
  });
  return client.webhooks.generateTestHeaderString({
    payload,
    secret,
  });
}
