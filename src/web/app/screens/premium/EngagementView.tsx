import { type MouseEvent, useContext, useEffect, useState } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { api, errorMessage, isApiError } from "../../api.js";
import type {
  EngagementDetail,
  EngagementState,
  Invoice,
  LiveMessage,
  SessionUser,
} from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useData } from "../../use-data.js";
import { useLiveEvents } from "../live.js";
import { dateTime, duration } from "./premium-ui.js";
import { QuoteForm } from "./QuoteForm.js";
import { TimePanel } from "./TimePanel.js";

/** One engagement: who, the quote, the agreement, the time and the invoice, with what can be done next. */
export function EngagementView({ id, user }: { id: string; user: SessionUser }) {
  const t = useT();
  const lang = useContext(LangContext);
  const {
    data: detail,
    error,
    reload,
  } = useData<EngagementDetail>(`/api/v1/engagements/${encodeURIComponent(id)}`);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (error)
      setStatus({
        ok: false,
        text: isApiError(error, 403) ? t("billing.app.ownerOnly") : errorMessage(error),
      });
  }, [error, t]);
  const load = () => void reload();
  useLiveEvents((event: LiveMessage) => {
    if (event.type.startsWith("engagement.") && (event.data.id === undefined || event.data.id === id)) load();
  }, load);

  /** Runs an action; the server's refusal (invalid state, cap…) is shown as it is. */
  async function act(
    run: () => Promise<unknown>,
    done?: string | ((result: unknown) => string),
  ): Promise<boolean> {
    try {
      const result = await run();
      const text = typeof done === "function" ? done(result) : done;
      setStatus(text ? { ok: true, text } : null);
      load();
      return true;
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
      load();
      return false;
    }
  }

  function back(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    navigate("/app/premium");
  }

  if (!detail) {
    return status ? <p className="error">{status.text}</p> : null;
  }
  const eventName = (action: string) => {
    const key = `billing.app.eventNames.${action}` as const;
    const text = t(key as "billing.app.eventNames.quote");
    return text === key ? action.replace(/_/g, " ") : text;
  };
  const can = (action: string) => detail.allowedActions.includes(action);
  const base = `/api/v1/engagements/${detail.id}`;
  const creditNotes = detail.invoices.filter((i) => i.kind === "credit_note");

  return (
    <section className="premium engagement" aria-labelledby="engagement-title">
      <a href="/app/premium" onClick={back} className="back">
        ← {t("billing.app.back")}
      </a>
      <header className="engagement-head">
        <h1 id="engagement-title">
          {detail.contact.name || `+${detail.contact.waId ?? ""}`}{" "}
          <span className={`badge state-${detail.state}`}>{t(`billing.app.state.${detail.state}`)}</span>
        </h1>
        <p className="muted">
          {t(`common.serviceTypes.${detail.serviceType}`)}
          {detail.contact.waId ? ` · +${detail.contact.waId}` : ""}
          {" · "}
          {detail.customer
            ? `${detail.customer.name} <${detail.customer.email}>`
            : t("billing.app.notLinked")}
          {" · "}
          {t("billing.app.created", { date: dateTime(detail.createdAt, lang) })}
        </p>
      </header>
      {status ? (
        <p className={status.ok ? "ok" : "error"} role="status">
          {status.text}
        </p>
      ) : null}

      <div className="engagement-grid">
        <div className="column">
          {can("quote") ? <QuoteForm detail={detail} act={act} /> : null}
          {detail.currentQuote ? (
            <div className="card">
              <h2>
                {detail.currentQuote.code} · {t("billing.app.quote.status.open")}
              </h2>
              <pre className="terms">{detail.currentQuote.termsText}</pre>
            </div>
          ) : null}
          <AgreementCard detail={detail} />
          {detail.agreement || detail.timeEntries.length > 0 ? (
            <TimePanel detail={detail} user={user} act={act} />
          ) : null}
          {can("quote_extension") ? (
            detail.cap?.warn ? (
              <QuoteForm detail={detail} act={act} />
            ) : (
              <details className="card extension">
                <summary>{t("billing.app.quote.extensionTitle")}</summary>
                <QuoteForm detail={detail} act={act} />
              </details>
            )
          ) : null}
        </div>
        <div className="column">
          {can("close") || can("invoice") || can("cancel") ? (
            <div className="card actions">
              {can("close") ? (
                <button
                  type="button"
                  className="primary"
                  title={t("billing.app.actions.closeHint")}
                  onClick={() =>
                    window.confirm(t("billing.app.actions.confirm")) &&
                    void act(() => api("POST", `${base}/close`))
                  }
                >
                  {t("billing.app.actions.close")}
                </button>
              ) : null}
              {can("invoice") ? (
                <button
                  type="button"
                  className="primary"
                  onClick={() => void act(() => api("POST", `${base}/invoice`))}
                >
                  {t("billing.app.actions.invoice")}
                </button>
              ) : null}
              {can("cancel") ? (
                <button
                  type="button"
                  onClick={() =>
                    window.confirm(t("billing.app.actions.confirm")) &&
                    void act(() => api("POST", `${base}/cancel`, { reason: "" }))
                  }
                >
                  {t("billing.app.actions.cancel")}
                </button>
              ) : null}
            </div>
          ) : null}
          {detail.invoice ? <InvoiceCard invoice={detail.invoice} act={act} /> : null}
          {creditNotes.length > 0 ? (
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
          ) : null}
          <QuoteHistory detail={detail} />
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
        </div>
      </div>
    </section>
  );
}

function AgreementCard({ detail }: { detail: EngagementDetail }) {
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
        {t("billing.app.agreement.acceptedAt", { at: dateTime(a.acceptedAt, lang), waId: a.senderWaId })}{" "}
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

function InvoiceCard({
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

function QuoteHistory({ detail }: { detail: EngagementDetail }) {
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
