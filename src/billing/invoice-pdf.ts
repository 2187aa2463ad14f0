import PDFDocument from "pdfkit";
import { type Params, translate } from "../platform/i18n/i18n.js";
import { formatZonedDateTime } from "../platform/i18n/zoned-time.js";
import type { Invoice } from "./invoices.repository.js";
import { formatMoney } from "./money.js";
import type { Agreement } from "./quotes.repository.js";
import { formatDuration, formatShortDuration } from "./terms.js";

// The invoice as a PDF (A4, the built-in Helvetica), drawn from the stored invoice only, so the same
// invoice always renders the same document.

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;
const INK = "#1b1f24";
const MUTED = "#56606b";

// The standard PDF fonts only know Windows-1252: anything else (emoji, other scripts) becomes "?"
// instead of a wrong glyph.
const CP1252_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
export function pdfSafe(text: string): string {
  let out = "";
  for (const ch of text.replace(/\u202f/g, "\u00a0").normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    const ok =
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      code === 0x0a ||
      CP1252_EXTRAS.has(ch);
    out += ok ? ch : "?";
  }
  return out;
}

export function renderInvoicePdf(
  invoice: Invoice,
  agreement: Agreement | undefined,
  timeZone: string,
  /** For a credit note: the number of the invoice it cancels. */
  creditsNumber?: string,
): Promise<Buffer> {
  const lang = invoice.language;
  const t = (key: Parameters<typeof translate>[1], params?: Params) => pdfSafe(translate(lang, key, params));
  const money = (cents: number) => pdfSafe(formatMoney(cents, invoice.currency, lang));
  const duration = (minutes: number) => pdfSafe(formatShortDuration(Math.abs(minutes), lang));
  const issued = new Date(invoice.issuedAt);
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone });
  const credit = invoice.kind === "credit_note";
  const title = credit ? t("billing.pdf.creditNote") : t("billing.pdf.invoice");

  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `${title} ${invoice.number}`,
      Author: pdfSafe(invoice.vendor.name),
      Subject: `${title} ${invoice.number}`,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  // Header: who issues it, what it is.
  doc.fillColor(INK).font("Helvetica-Bold").fontSize(20).text(pdfSafe(invoice.vendor.name), MARGIN, MARGIN);
  doc.font("Helvetica").fontSize(9).fillColor(MUTED);
  for (const line of [invoice.vendor.ownerName, invoice.vendor.website, invoice.vendor.supportEmail].filter(
    Boolean,
  )) {
    doc.text(pdfSafe(line));
  }
  doc.font("Helvetica-Bold").fontSize(16).fillColor(INK).text(`${title} ${invoice.number}`, MARGIN, MARGIN, {
    width: WIDTH,
    align: "right",
  });
  doc.font("Helvetica").fontSize(10).fillColor(MUTED);
  doc.text(`${t("billing.pdf.date")}: ${pdfSafe(dateFormat.format(issued))}`, {
    width: WIDTH,
    align: "right",
  });
  doc.text(t(`billing.pdf.status.${invoice.status}`), { width: WIDTH, align: "right" });

  // Parties.
  let y = 130;
  doc.fillColor(MUTED).fontSize(9).text(t("billing.pdf.from").toUpperCase(), MARGIN, y);
  doc.text(t("billing.pdf.billTo").toUpperCase(), MARGIN + WIDTH / 2, y);
  doc.fillColor(INK).fontSize(10).font("Helvetica-Bold");
  // The seller as a tax office wants them: legal name, address, tax id (as they were when it was issued).
  const seller = invoice.vendor;
  doc.text(pdfSafe(seller.legalName || seller.name), MARGIN, y + 13, { width: WIDTH / 2 - 10 });
  doc.font("Helvetica");
  const sellerLines = [seller.address, seller.taxId ? t("billing.pdf.taxId", { taxId: seller.taxId }) : ""];
  for (const line of sellerLines.filter(Boolean)) doc.text(pdfSafe(line), { width: WIDTH / 2 - 10 });
  const sellerBottom = doc.y;
  doc.font("Helvetica-Bold");
  doc.text(pdfSafe(invoice.billTo.name || "-"), MARGIN + WIDTH / 2, y + 13, { width: WIDTH / 2 });
  doc.font("Helvetica");
  const billLines = [invoice.billTo.email, invoice.billTo.phone ? `+${invoice.billTo.phone}` : null].filter(
    (l): l is string => Boolean(l),
  );
  for (const line of billLines) doc.text(pdfSafe(line), { width: WIDTH / 2 });

  y = Math.max(doc.y, sellerBottom, 190) + 16;
  doc.fillColor(INK).fontSize(10);
  doc.text(`${t("billing.pdf.service")}: ${t(`common.serviceTypes.${invoice.serviceType}`)}`, MARGIN, y);
  doc.text(
    `${t("billing.pdf.rate")}: ${t("billing.pdf.perHour", { amount: money(invoice.hourlyRateCents) })}`,
  );
  const partial = invoice.lines.some((l) => l.kind === "credit");
  if (credit && creditsNumber)
    doc.text(t(partial ? "billing.pdf.creditsPart" : "billing.pdf.credits", { number: creditsNumber }));
  if (credit && invoice.reason) doc.text(t("billing.pdf.reason", { reason: invoice.reason }));

  // Time entries.
  y = doc.y + 16;
  doc.font("Helvetica-Bold").fontSize(11).text(t("billing.pdf.entries"), MARGIN, y);
  y = doc.y + 6;
  const cols = { date: MARGIN, note: MARGIN + 80, minutes: MARGIN + WIDTH - 70 };
  doc.fontSize(9).fillColor(MUTED);
  doc.text(t("billing.pdf.entryDate"), cols.date, y);
  doc.text(t("billing.pdf.entryNote"), cols.note, y);
  doc.text(t("billing.pdf.entryMinutes"), cols.minutes, y, { width: 70, align: "right" });
  y += 14;
  doc
    .moveTo(MARGIN, y - 3)
    .lineTo(MARGIN + WIDTH, y - 3)
    .strokeColor("#d9dee3")
    .stroke();
  doc.font("Helvetica").fillColor(INK);
  for (const item of invoice.items) {
    if (y > 700) {
      doc.addPage();
      y = MARGIN;
    }
    const note = pdfSafe(item.note || "-");
    const height = doc.heightOfString(note, { width: cols.minutes - cols.note - 10 });
    doc.text(item.date, cols.date, y);
    doc.text(note, cols.note, y, { width: cols.minutes - cols.note - 10 });
    doc.text(String(item.minutes), cols.minutes, y, { width: 70, align: "right" });
    y += Math.max(12, height) + 4;
  }

  // How the billed time came about, then the total.
  y += 10;
  const row = (label: string, value: string, bold = false) => {
    if (y > 760) {
      doc.addPage();
      y = MARGIN;
    }
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 12 : 10);
    doc.text(label, MARGIN + WIDTH / 2 - 120, y, { width: WIDTH / 2, align: "left" });
    doc.text(value, MARGIN + WIDTH - 120, y, { width: 120, align: "right" });
    y += bold ? 20 : 15;
  };
  for (const line of invoice.lines) {
    if (line.kind === "prepaid" || line.kind === "credit") {
      row(
        t(line.kind === "prepaid" ? "billing.pdf.prepaidLine" : "billing.pdf.creditLine"),
        money(line.amountCents),
      );
      continue;
    }
    const label =
      line.kind === "worked"
        ? t("billing.pdf.worked")
        : line.kind === "rounding"
          ? t("billing.pdf.rounding", { increment: invoice.incrementMinutes })
          : line.kind === "minimum"
            ? t("billing.pdf.minimumLine", { minimum: pdfSafe(formatDuration(invoice.minimumMinutes, lang)) })
            : t("billing.pdf.capLine", { cap: pdfSafe(formatDuration(invoice.capMinutes, lang)) });
    row(`${label} (${line.minutes < 0 ? "-" : ""}${duration(line.minutes)})`, money(line.amountCents));
  }
  row(t("billing.pdf.billable"), duration(invoice.billableMinutes));
  row(t("billing.pdf.total"), money(invoice.totalCents), true);

  // The agreement this invoice rests on: the evidence of consent.
  y += 10;
  doc.font("Helvetica-Bold").fontSize(10).fillColor(INK).text(t("billing.pdf.agreement"), MARGIN, y);
  doc.font("Helvetica").fontSize(9).fillColor(MUTED);
  if (agreement) {
    doc.text(
      t("billing.pdf.agreementText", {
        code: agreement.quoteCode,
        at: pdfSafe(formatZonedDateTime(lang, agreement.acceptedAt, timeZone, "long")),
        waId: agreement.senderWaId,
        wamid: agreement.acceptedWamid,
      }),
      { width: WIDTH },
    );
    doc.text(t("billing.pdf.agreementHash", { hash: agreement.termsSha256 }), { width: WIDTH });
  }
  if (invoice.paymentUrl && invoice.status === "unpaid") {
    doc
      .moveDown(0.8)
      .font("Helvetica-Bold")
      .fillColor(INK)
      .text(`${t("billing.pdf.payment")}: `, { continued: true });
    doc
      .font("Helvetica")
      .fillColor("#0b6e4f")
      .text(pdfSafe(invoice.paymentUrl), { link: invoice.paymentUrl, underline: true });
  }
  doc.end();
  return done;
}
