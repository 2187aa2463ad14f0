import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.js";
import { documentRoute, type HttpDeps } from "../../platform/http/route.js";
import { negotiateLanguage, translator } from "../../platform/i18n/i18n.js";
import { randomToken } from "../../platform/ids.js";
import { getSettings } from "../../settings/settings.service.js";
import { sendHtml } from "../../web/public/public-pages.routes.js";
import { findInvoice } from "../invoices.repository.js";
import { formatMoney } from "../money.js";
import { findAgreement } from "../quotes.repository.js";
import { findCheckoutSession } from "./checkout.repository.js";
import { cardPayments, checkoutUrlFor, resolveLink } from "./checkout.service.js";
import { PayMessagePage, SimulatorCheckoutPage } from "./PayPages.js";
import { handleStripeEvent } from "./stripe-events.service.js";
import { signStripePayload, verifiedStripeEvent } from "./stripe-gateway.js";

const MINUTE = 60_000;
const LINK_LIMIT = { bucket: "billing-link-ip", max: 60, windowMs: 15 * MINUTE };
const WEBHOOK_LIMIT = { bucket: "stripe-webhook-ip", max: 6000, windowMs: MINUTE };
const BODY_LIMIT = 512 * 1024;

/**
 * Card payments: POST /webhooks/stripe (raw body, Stripe-Signature checked before anything is parsed), the
 * customer's pay link (/billing/pay/{token} → Stripe Checkout), the invoice's PDF link
 * (/billing/invoice/{token}), and in simulator mode the local checkout page standing in for Stripe's.
 */
export async function registerStripeRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  const { ctx, limiter } = deps;
  documentRoute(deps, {
    method: "POST",
    url: "/webhooks/stripe",
    access: "public",
    summary: "Stripe events (card payments, refunds), signed with Stripe-Signature (the endpoint's secret)",
    tags: ["webhooks"],
  });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    scope.post("/webhooks/stripe", { bodyLimit: BODY_LIMIT }, async (req, reply) => {
      await limiter.hit(WEBHOOK_LIMIT, req.ip);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const header = req.headers["stripe-signature"];
      const event = await verifiedStripeEvent(
        ctx.config,
        raw,
        typeof header === "string" ? header : undefined,
      );
      if (!event) throw new AppError("invalid_signature", "Missing or wrong Stripe-Signature");
      const outcome = await handleStripeEvent(ctx, event);
      req.log.info({ stripeEvent: event.id, type: event.type, outcome }, "stripe event");
      return reply.code(200).send({ received: true, outcome });
    });
  });

  const page = async (req: FastifyRequest, fallback: "es" | "en" = "en") => {
    const settings = await getSettings(ctx);
    const lang = negotiateLanguage(
      (req.query as { lang?: unknown }).lang,
      req.headers["accept-language"],
      fallback,
    );
    return { lang, t: translator(lang), vendor: settings.vendor.name, path: req.url.split("?")[0] ?? "/" };
  };
  const message = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: "invalid" | "nothing" | "thanks" | "cancelled",
    status = 200,
  ) => {
    const p = await page(req);
    return sendHtml(
      reply,
      <PayMessagePage {...p} title={p.t(`billing.pay.${kind}Title`)} body={p.t(`billing.pay.${kind}Body`)} />,
      status,
    );
  };
  const limited = { onRequest: async (req: FastifyRequest) => limiter.hit(LINK_LIMIT, req.ip) };

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 4 * 1024 });

    scope.get("/billing/pay/:token", limited, async (req, reply) => {
      const link = cardPayments(ctx)
        ? await resolveLink(ctx, (req.params as { token: string }).token, "pay")
        : undefined;
      if (!link) return message(req, reply, "invalid", 404);
      const url = await checkoutUrlFor(ctx, link);
      return url ? reply.redirect(url, 303) : message(req, reply, "nothing");
    });

    scope.get("/billing/paid", async (req, reply) =>
      message(req, reply, (req.query as { cancelled?: unknown }).cancelled ? "cancelled" : "thanks"),
    );

    scope.get("/billing/invoice/:token", limited, async (req, reply) => {
      const link = await resolveLink(ctx, (req.params as { token: string }).token, "invoice_pdf");
      const invoice = link?.invoice_id ? await findInvoice(ctx.db.kysely, link.invoice_id) : undefined;
      if (!invoice) return message(req, reply, "invalid", 404);
      const [agreement, settings] = await Promise.all([
        findAgreement(ctx.db.kysely, invoice.agreementId),
        getSettings(ctx),
      ]);
      const { renderInvoicePdf } = await import("../invoice-pdf.js");
      const pdf = await renderInvoicePdf(invoice, agreement, settings.vendor.timeZone, undefined);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="${invoice.number}.pdf"`)
        .header("cache-control", "private, no-store")
        .header("x-robots-tag", "noindex")
        .send(pdf);
    });

    if (ctx.config.stripe.mode !== "simulated") return;

    const simulatedSession = async (req: FastifyRequest) => {
      const id = (req.params as { id: string }).id;
      return /^cs_sim_[0-9a-z]{24}$/.test(id) ? findCheckoutSession(ctx.db.kysely, id) : undefined;
    };

    scope.get("/simulator/checkout/:id", async (req, reply) => {
      const session = await simulatedSession(req);
      if (!session) return message(req, reply, "invalid", 404);
      const p = await page(req);
      return sendHtml(
        reply,
        <SimulatorCheckoutPage
          {...p}
          amount={formatMoney(session.amountCents, session.currency, p.lang)}
          description={session.purpose}
          status={session.status}
          refunded={
            session.refundedCents > 0 ? formatMoney(session.refundedCents, session.currency, p.lang) : ""
          }
        />,
      );
    });

    // Pay / Cancel: the stand-in sends the webhook Stripe would, signed the way Stripe signs, through the
    // real POST /webhooks/stripe.
    for (const action of ["pay", "cancel"] as const) {
      scope.post(`/simulator/checkout/:id/${action}`, async (req, reply) => {
        const session = await simulatedSession(req);
        if (!session) return message(req, reply, "invalid", 404);
        const paid = action === "pay";
        const payload = JSON.stringify({
          id: `evt_sim_${randomToken(24)}`,
          object: "event",
          type: paid ? "checkout.session.completed" : "checkout.session.expired",
          created: Math.floor(Date.now() / 1000),
          data: {
            object: {
              id: session.id,
              object: "checkout.session",
              amount_total: session.amountCents,
              currency: session.currency.toLowerCase(),
              payment_status: paid ? "paid" : "unpaid",
              status: paid ? "complete" : "expired",
              payment_intent: paid ? `pi_sim_${randomToken(24)}` : null,
            },
          },
        });
        await app.inject({
          method: "POST",
          url: "/webhooks/stripe",
          headers: {
            "content-type": "application/json",
            "stripe-signature": await signStripePayload(payload, ctx.config.stripe.webhookSecret),
          },
          payload,
        });
        const lang = (await page(req)).lang;
        return reply.redirect(`/billing/paid?lang=${lang}${paid ? "" : "&cancelled=1"}`, 303);
      });
    }
  });
}
