import { useContext } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { api } from "../../api.js";
import type { EngagementDetail, EngagementState, Invoice } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { dateTime, duration } from "./premium-ui.js";

// The engagement's record, card by card: the agreement and its evidence, the invoice and credit notes, the
// quotes sent and the event log.

export function AgreementCard({ detail }: { detail: EngagementDetail }) {
  const t = useT();
  const lang = useContext(LangContext);
  const a = detail.agreement;
  if (!a) {
    return detail.state === "requested" || detail.state === "quoted" || detail.state === "declined" ? (
      <div className="card">
        <h2>{t("billing.app.agreement.title")}</h2>
        <p className="muted">{t("billing.app.agreement.none")}</p>
      </div>
    ) : null;
  }
  return (
    <div className="card agreement">
      <h2>
        {t("billing.app.agreement.title")} · {a.quoteCode}
      </h2>
      <p>
        {t("billing.app.agreement.acceptedAt", {
          at: dateTime(a.acceptedAt, lang, true),
          waId: a.senderWaId,
        })}{" "}
        {t(`billing.app.agreement.via.${a.via}`)}
      </p>
      <p>
        {t("common.perHour", { amount: formatMoney(a.hourlyRateCents, a.currency, lang) })} ·{" "}
        {a.incrementMinutes} min · {t("billing.app.capShort")}: {duration(a.capMinutes)}
      </p>
      <dl className="evidence">
        <dt>{t("billing.app.agreement.hash")}</dt>
        <dd className={a.hashVerified ? "mono" : "mono error"}>{a.termsSha256}</dd>
        <dt>{t("billing.app.agreement.wamid")}</dt>
        <dd className="mono">{a.acceptedWamid}</dd>
        <dt>{t("billing.app.agreement.rateCardVersion")}</dt>
        <dd className="mono">{a.rateCardVersion.slice(0, 16)}…</dd>
      </dl>
      <details>
        <summary>{t("billing.app.quote.terms")}</summary>
        <pre className="terms">{a.termsText}</pre>
      </details>
      <p>
        <a href={`/api/v1/engagements/${detail.id}/agreement.txt`}>{t("billing.app.agreement.export")}</a>
        {" · "}
        <a href={`/api/v1/engagements/${detail.id}/agreement`} target="_blank" rel="noreferrer">
          {t("billing.app.agreement.exportJson")}
        </a>
      </p>
    </div>
  );
}

export function InvoiceCard({
  invoice,
  act,
}: {
  invoice: Invoice;
  act: (run: () => Promise<unknown>) => Promise<boolean>;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const base = `/api/v1/invoices/${invoice.id}`;
  return (
    <div className="card invoice">
      <h2>
        {t("billing.app.invoice.title")} {invoice.number}{" "}
        <span className={`badge invoice-${invoice.status}`}>
          {t(`billing.app.invoice.status.${invoice.status}`)}
        </span>
      </h2>
      <p className="total">{formatMoney(invoice.totalCents, invoice.currency, lang)}</p>
      <p className="muted">{t("billing.app.invoice.issuedAt", { date: dateTime(invoice.issuedAt, lang) })}</p>
      {invoice.paymentUrl ? (
        <p>
          {t("billing.app.invoice.paymentLink")}:{" "}
          <a href={invoice.paymentUrl} target="_blank" rel="noreferrer" className="break">
            {invoice.paymentUrl}
          </a>
        </p>
      ) : null}
      <div className="row-actions">
        <a className="button-link" href={invoice.pdfUrl} target="_blank" rel="noreferrer">
          {t("billing.app.invoice.pdf")}
        </a>
        {invoice.status === "unpaid" ? (
          <button
            type="button"
            className="primary"
            onClick={() => void act(() => api("POST", `${base}/paid`))}
          >
            {t("billing.app.actions.markPaid")}
          </button>
        ) : null}
        {invoice.status === "paid" ? (
          <button type="button" onClick={() => void act(() => api("POST", `${base}/unpaid`))}>
            {t("billing.app.actions.markUnpaid")}
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => {
            const reason = window.prompt(t("billing.app.actions.creditReason"));
            if (reason?.trim()) void act(() => api("POST", `${base}/credit-note`, { reason: reason.trim() }));
          }}
        >
          {t("billing.app.actions.creditNote")}
        </button>
      </div>
    </div>
  );
}

export function QuoteHistory({ detail }: { detail: EngagementDetail }) {
  const t = useT();
  const lang = useContext(LangContext);
  if (detail.quotes.length === 0) return null;
  return (
    <div className="card">
      <h2>{t("billing.app.quote.history")}</h2>
      <ul className="plain quotes">
        {[...detail.quotes].reverse().map((q) => (
          <li key={q.id}>
            <strong>{q.code}</strong> · {t(`billing.app.quote.status.${q.status}`)} ·{" "}
            {t("common.perHour", { amount: formatMoney(q.hourlyRateCents, q.currency, lang) })}
            {q.rateOverridden ? (
              <span className="badge override">
                {t("billing.app.quote.overridden", {
                  amount: formatMoney(q.cardRateCents, q.currency, lang),
                })}
              </span>
            ) : null}{" "}
            · {t("billing.app.capShort")}: {duration(q.capMinutes)}{" "}
            <span className="muted small">{dateTime(q.createdAt, lang)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CreditNotes({ detail }: { detail: EngagementDetail }) {
  const t = useT();
  const lang = useContext(LangContext);
  const creditNotes = detail.invoices.filter((i) => i.kind === "credit_note");
  if (creditNotes.length === 0) return null;
  return (
    <div className="card">
      <h2>{t("billing.app.invoice.creditNotes")}</h2>
      <ul className="plain">
        {creditNotes.map((c) => (
          <li key={c.id}>
            <a href={c.pdfUrl} target="_blank" rel="noreferrer">
              {c.number}
            </a>{" "}
            {formatMoney(c.totalCents, c.currency, lang)} — {c.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function EventLog({ detail }: { detail: EngagementDetail }) {
  const t = useT();
  const lang = useContext(LangContext);
  const eventName = (action: string) => {
    const key = `billing.app.eventNames.${action}` as const;
    const text = t(key as "billing.app.eventNames.quote");
    return text === key ? action.replace(/_/g, " ") : text;
  };
  return (
    <div className="card">
      <h2>{t("billing.app.events")}</h2>
      <ol className="events">
        {detail.events.map((e) => (
          <li key={e.id}>
            <span className="muted small">{dateTime(e.at, lang)}</span> {eventName(e.action)}
            {e.fromState && e.fromState !== e.toState
              ? ` · ${t(`billing.app.state.${e.fromState as EngagementState}`)} → ${t(`billing.app.state.${e.toState as EngagementState}`)}`
              : ""}{" "}
            <span className="muted small">({t(`billing.app.actor.${e.actorType as "user"}`)})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
