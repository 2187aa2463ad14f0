import { type MouseEvent, useContext, useEffect, useState } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { api, errorMessage, isApiError } from "../../api.js";
import type { EngagementDetail, LiveMessage, SessionUser } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useData } from "../../use-data.js";
import { money } from "../format.js";
import { useLiveEvents } from "../live.js";
import { AgreementCard, CreditNotes, EventLog, InvoiceCard, QuoteHistory } from "./EngagementCards.js";
import { type Act, dateTime, liveTotal } from "./premium-ui.js";
import { QuoteForm } from "./QuoteForm.js";
import { ReviewPanel } from "./ReviewPanel.js";
import { TimePanel } from "./TimePanel.js";

/** One engagement: who, the quote, the agreement, the time and the invoice, with what can be done next. */
export function EngagementView({ id, user }: { id: string; user: SessionUser }) {
  const t = useT();
  const _lang = useContext(LangContext);
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
  const act: Act = async (run, done) => {
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
  };

  function back(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    navigate("/app/premium");
  }

  if (!detail) {
    return status ? <p className="error">{status.text}</p> : null;
  }
  const can = (action: string) => detail.allowedActions.includes(action);

  return (
    <section className="premium engagement" aria-labelledby="engagement-title">
      <a href="/app/premium" onClick={back} className="back">
        ← {t("billing.app.back")}
      </a>
      <EngagementHead detail={detail} />
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
          <EngagementActions detail={detail} act={act} />
          <ReviewPanel detail={detail} act={act} />
          {detail.invoice ? <InvoiceCard invoice={detail.invoice} act={act} /> : null}
          <CreditNotes detail={detail} />
          <QuoteHistory detail={detail} />
          <EventLog detail={detail} />
        </div>
      </div>
    </section>
  );
}

function EngagementHead({ detail }: { detail: EngagementDetail }) {
  const t = useT();
  const lang = useContext(LangContext);
  return (
    <header className="engagement-head">
      <h1 id="engagement-title">
        {detail.contact.name || `+${detail.contact.waId ?? ""}`}{" "}
        <span className={`badge state-${detail.state}`}>{t(`billing.app.state.${detail.state}`)}</span>
      </h1>
      <p className="muted">
        {t(`common.serviceTypes.${detail.serviceType}`)}
        {detail.contact.waId ? ` · +${detail.contact.waId}` : ""}
        {" · "}
        {detail.customer ? `${detail.customer.name} <${detail.customer.email}>` : t("billing.app.notLinked")}
        {" · "}
        {t("billing.app.created", { date: dateTime(detail.createdAt, lang) })}
      </p>
      {detail.customerCredit.length > 0 ? (
        <p className="badge credit" data-testid="customer-credit">
          {t("billing.app.customerCredit", {
            amount: detail.customerCredit.map((c) => formatMoney(c.cents, c.currency, lang)).join(" + "),
          })}
        </p>
      ) : null}
    </header>
  );
}

/** Close, invoice and cancel, as the engagement's state allows (closing and cancelling ask first). */
function EngagementActions({ detail, act }: { detail: EngagementDetail; act: Act }) {
  const t = useT();
  const can = (action: string) => detail.allowedActions.includes(action);
  const base = `/api/v1/engagements/${detail.id}`;
  if (!can("close") && !can("invoice") && !can("cancel")) return null;
  return (
    <div className="card actions">
      {can("close") ? (
        <button
          type="button"
          className="primary"
          title={t("billing.app.actions.closeHint")}
          onClick={() => {
            const total = liveTotal(detail, Date.now());
            const question = total
              ? t("billing.app.actions.confirmClose", {
                  minutes: total.workedMinutes,
                  amount: money(total.amountCents, total.currency),
                })
              : t("billing.app.actions.confirm");
            if (window.confirm(question)) void act(() => api("POST", `${base}/close`));
          }}
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
  );
}
