import type { FastifyInstance } from "fastify";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { getSettings } from "../settings/settings.service.js";
import { creditNoteBody, invoiceView, partialCreditNoteBody } from "./billing.schema.js";
import { issuePartialCreditNote } from "./credit-notes.service.js";
import { presentInvoice } from "./engagement-view.js";
import { findInvoice } from "./invoices.repository.js";
import { getInvoice, issueCreditNote, setInvoicePaid } from "./invoices.service.js";
import { findAgreement } from "./quotes.repository.js";

const TAGS = ["invoices"];

export function registerInvoiceRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/invoices/:id",
      summary: "An invoice or credit note: number, total, lines, entries, who is billed",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: invoiceView,
      handler: async ({ params, user }) => presentInvoice(await getInvoice(ctx, user, params.id)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/invoices/:id/pdf",
      summary: "The invoice as a PDF",
      tags: TAGS,
      access: "agent",
      params: idParams,
      handler: async ({ params, user, reply }) => {
        const invoice = await getInvoice(ctx, user, params.id);
        const [agreement, settings, credited] = await Promise.all([
          findAgreement(ctx.db.kysely, invoice.agreementId),
          getSettings(ctx),
          invoice.creditsInvoiceId ? findInvoice(ctx.db.kysely, invoice.creditsInvoiceId) : undefined,
        ]);
        // PDFKit and its fonts load on the first PDF asked for, not at start-up.
        const { renderInvoicePdf } = await import("./invoice-pdf.js");
        const pdf = await renderInvoicePdf(invoice, agreement, settings.vendor.timeZone, credited?.number);
        reply
          .type("application/pdf")
          .header("content-disposition", `inline; filename="${invoice.number}.pdf"`)
          .header("cache-control", "private, no-store");
        return pdf;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/invoices/:id/credit-note",
      summary:
        "Cancel an issued invoice with a credit note (CN-YYYY-NNNN); its time can then be corrected and re-invoiced",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: creditNoteBody,
      response: invoiceView,
      status: 201,
      handler: async ({ params, body, user }) =>
        presentInvoice(await issueCreditNote(ctx, user, params.id, body.reason)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/invoices/:id/credit-notes",
      summary:
        "A credit note for part of an invoice (a refund, a correction): gapless CN-YYYY-NNNN with its PDF; 409 credit_exceeds_invoice past what the invoice billed less earlier credit notes",
      tags: TAGS,
      access: "agent",
      params: idParams,
      body: partialCreditNoteBody,
      response: invoiceView,
      status: 201,
      handler: async ({ params, body, user }) =>
        presentInvoice(await issuePartialCreditNote(ctx, user, params.id, body)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/invoices/:id/paid",
      summary: "Mark the invoice paid (the customer is thanked on WhatsApp)",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: invoiceView,
      handler: async ({ params, user }) => presentInvoice(await setInvoicePaid(ctx, user, params.id, true)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/invoices/:id/unpaid",
      summary: "Mark the invoice unpaid again",
      tags: TAGS,
      access: "agent",
      params: idParams,
      response: invoiceView,
      handler: async ({ params, user }) => presentInvoice(await setInvoicePaid(ctx, user, params.id, false)),
    }),
  ]);
}
