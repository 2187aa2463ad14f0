import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { listAudit } from "../platform/audit/audit.service.js";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { getSettings } from "../settings/settings.service.js";
import {
  agreementView,
  auditView,
  deleteTimeEntryBody,
  engagementDetailView,
  engagementListView,
  invoiceView,
  listEngagementsQuery,
  overrideBody,
  patchTimeEntryBody,
  paymentBody,
  paymentView,
  quoteBody,
  quoteView,
  reasonBody,
  startEngagementBody,
  stopTimerBody,
  timeEntryBody,
  timeResultView,
  timerView,
} from "./billing.schema.js";
import type { EngagementState } from "./billing.tables.js";
import { closeEngagement } from "./close.service.js";
import {
  agreementEvidenceText,
  getEngagementDetail,
  presentAgreement,
  presentEngagementSummary,
  presentInvoice,
  presentQuote,
  presentTimeEntry,
  presentTimer,
} from "./engagement-view.js";
import { findEngagementWithParties } from "./engagements.repository.js";
import {
  assertPremiumAccess,
  cancelEngagement,
  ENGAGEMENT,
  listPremiumEngagements,
  startEngagement,
  TIME_ENTRY,
} from "./engagements.service.js";
import { issueInvoice } from "./invoices.service.js";
import { recordPayment } from "./payments.service.js";
import { listAgreements } from "./quotes.repository.js";
import { sendQuote } from "./quotes.service.js";
import { overrideDispute, requestNewReview } from "./review/reviews.service.js";
import { findTimeEntry } from "./time.repository.js";
import {
  addTimeEntry,
  deleteTimeEntry,
  startTimer,
  stopTimer,
  type TimeResult,
  updateTimeEntry,
} from "./time.service.js";

const TAGS = ["premium"];

function presentTimeResult(r: TimeResult & { clampedMinutes?: number }) {
  return { ...r, entry: r.entry ? presentTimeEntry(r.entry) : null };
}

export function registerEngagementRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const detail = async (user: Parameters<typeof getEngagementDetail>[1], id: string) =>
    getEngagementDetail(ctx, user, id);

  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/engagements",
      summary: "Premium engagements, newest activity first (owner, or agents the owner opened premium to)",
      tags: TAGS,
      access: "agent",
      query: listEngagementsQuery,
      response: engagementListView,
      handler: async ({ query, user }) => ({
        data: (
          await listPremiumEngagements(ctx, user, {
            states: query.state as EngagementState[] | undefined,
            conversationId: query.conversationId,
            limit: query.limit,
          })
        ).map(presentEngagementSummary),
      }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements",
      summary: "Start an engagement from a premium conversation (or get the one already open there)",
      tags: TAGS,
      access: "agent",
      body: startEngagementBody,
      response: engagementDetailView,
      status: 201,
      handler: async ({ body, user }) => detail(user, (await startEngagement(ctx, user, body)).id),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/engagements/:id",
      summary: "One engagement with its quotes, agreement, time, running timers, cap and invoice",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: engagementDetailView,
      handler: async ({ params, user }) => detail(user, params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/quotes",
      summary:
        "Send a quote (or a cap extension once agreed) to the customer as WhatsApp Accept/Decline buttons",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: quoteBody,
      response: quoteView,
      status: 201,
      handler: async ({ params, body, user }) => presentQuote(await sendQuote(ctx, user, params.id, body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/engagements/:id/agreement",
      summary: "The agreement in force (the customer's acceptance, with the exact terms and their SHA-256)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: agreementView.extend({ history: z.array(agreementView) }),
      handler: async ({ params, user }) => {
        await assertPremiumAccess(ctx, user, ENGAGEMENT);
        const engagement = await findEngagementWithParties(ctx.db.kysely, params.id);
        if (!engagement) throw new AppError("not_found", "No such engagement");
        const agreements = await listAgreements(ctx.db.kysely, params.id);
        const current = agreements.find((a) => a.id === engagement.currentAgreementId);
        if (!current) throw new AppError("not_found", "This engagement has no accepted agreement");
        return { ...presentAgreement(current), history: agreements.map(presentAgreement) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/engagements/:id/agreement.txt",
      summary: "The agreement record as a text document (evidence if a charge is disputed)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      handler: async ({ params, user, reply }) => {
        await assertPremiumAccess(ctx, user, ENGAGEMENT);
        const engagement = await findEngagementWithParties(ctx.db.kysely, params.id);
        if (!engagement) throw new AppError("not_found", "No such engagement");
        const agreements = await listAgreements(ctx.db.kysely, params.id);
        if (agreements.length === 0)
          throw new AppError("not_found", "This engagement has no accepted agreement");
        const settings = await getSettings(ctx);
        const text = agreementEvidenceText(
          engagement,
          agreements,
          settings.vendor.name,
          ctx.clock.now().toISOString(),
        );
        reply
          .type("text/plain; charset=utf-8")
          .header("content-disposition", `attachment; filename="agreement-${engagement.id}.txt"`);
        return text;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/payments",
      summary:
        "Record a payment received outside beedesk (bank transfer, PayPal) in the agreement's currency: the deposit, a top-up",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: paymentBody,
      response: paymentView,
      status: 201,
      handler: async ({ params, body, user }) => recordPayment(ctx, user, params.id, body),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/time-entries",
      summary:
        "Record time: 409 agreement_required without an accepted agreement, 409 deposit_unpaid while a required deposit is unpaid, 409 cap_reached past the cap, 409 prepaid_exhausted past the paid balance (the customer is asked to top up)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: timeEntryBody,
      response: timeResultView,
      status: 201,
      handler: async ({ params, body, user }) =>
        presentTimeResult(await addTimeEntry(ctx, user, params.id, body)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/timer/start",
      summary: "Start your timer (one per agent; needs an accepted agreement and room under the cap)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: z.object({ timer: timerView, cap: timeResultView.shape.cap }),
      status: 201,
      handler: async ({ params, user }) => {
        const started = await startTimer(ctx, user, params.id);
        return { timer: presentTimer(started.timer, ctx.clock.now()), cap: started.cap };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/timer/stop",
      summary: "Stop your timer and record its time; time past the cap is clamped off and reported",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: stopTimerBody,
      response: timeResultView,
      handler: async ({ params, body, user }) =>
        presentTimeResult(await stopTimer(ctx, user, params.id, body.note)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/close",
      summary:
        "Close the engagement: stops timers and sends the customer the review link (/billing/review/{token}) with the time and amount; the engagement is in_review until they approve or the review period ends",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: engagementDetailView,
      handler: async ({ params, user }) => {
        await closeEngagement(ctx, user, params.id);
        return detail(user, params.id);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/review",
      summary:
        "After adjusting the entries of disputed work, send the customer a new review (the older link stops working)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: engagementDetailView,
      handler: async ({ params, user }) => {
        await requestNewReview(ctx, user, params.id);
        return detail(user, params.id);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/review/override",
      summary:
        "Answer the customer's dispute and keep the time as reviewed: the answer goes to the customer, the work may be invoiced",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: overrideBody,
      response: engagementDetailView,
      handler: async ({ params, body, user }) => {
        await overrideDispute(ctx, user, params.id, body.answer);
        return detail(user, params.id);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/cancel",
      summary: "Cancel an engagement that has no time to invoice",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: reasonBody,
      response: engagementDetailView,
      handler: async ({ params, body, user }) => {
        await cancelEngagement(ctx, user, params.id, body.reason);
        return detail(user, params.id);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/engagements/:id/invoice",
      summary:
        "Issue the invoice of reviewed work (gapless INV-YYYY-NNNN) and send it with the payment link: 409 review_pending until the customer approves or the review period ends, and while a dispute is open",
      tags: TAGS,
      access: "agent",
      params: idParams,
      status: 201,
      response: invoiceView,
      handler: async ({ params, user }) => presentInvoice(await issueInvoice(ctx, user, params.id)),
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/time-entries/:id",
      summary: "Correct a time entry (audited; locked once invoiced)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: patchTimeEntryBody,
      response: timeResultView,
      handler: async ({ params, body, user }) =>
        presentTimeResult(await updateTimeEntry(ctx, user, params.id, body)),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/time-entries/:id",
      summary: "Delete a time entry (kept and audited; locked once invoiced)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: deleteTimeEntryBody,
      response: timeResultView,
      handler: async ({ params, body, user }) =>
        presentTimeResult(await deleteTimeEntry(ctx, user, params.id, body.reason)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/time-entries/:id/history",
      summary: "The audit trail of a time entry: every creation, correction and deletion",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: auditView,
      handler: async ({ params, user }) => {
        await assertPremiumAccess(ctx, user, TIME_ENTRY);
        if (!(await findTimeEntry(ctx.db.kysely, params.id)))
          throw new AppError("not_found", "No such time entry");
        return { data: await listAudit(ctx.db.kysely, "time_entry", params.id) };
      },
    }),
  ]);
}
