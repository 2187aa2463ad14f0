import { type FormEvent, useContext, useState } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { api } from "../../api.js";
import type { EngagementDetail, Quote, ServiceType } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { NumberField } from "../NumberField.js";
import { type Act, SERVICE_TYPES } from "./premium-ui.js";

/**
 * The quote form, prefilled from the rate card. Overriding the rate is a deliberate step (a checkbox) and
 * stays visible beside the card's rate. Once work is agreed it becomes a cap extension: the agreed terms
 * are fixed and only the estimate and the cap change.
 */
export function QuoteForm({ detail, act }: { detail: EngagementDetail; act: Act }) {
  const t = useT();
  const lang = useContext(LangContext);
  const extension = detail.allowedActions.includes("quote_extension");
  const agreement = detail.agreement;
  const card = detail.rateCard;
  const [service, setService] = useState<ServiceType>(agreement?.serviceType ?? detail.serviceType);
  const [override, setOverride] = useState(false);
  const [rate, setRate] = useState("");
  const [sending, setSending] = useState(false);
  const cardRate = card.hourly[service];
  const currency = agreement?.currency ?? card.currency;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const hours = (name: string) => Number(String(f.get(name)).replace(",", "."));
    const body: Record<string, unknown> = {
      serviceType: extension && agreement ? agreement.serviceType : service,
      estimateHours: hours("estimate"),
      capHours: hours("cap"),
    };
    if (!extension) {
      if (override) body.hourlyRateCents = Math.round(Number(rate.replace(",", ".")) * 100);
      body.incrementMinutes = Number(f.get("increment"));
      body.minimumMinutes = Number(f.get("minimum"));
    }
    setSending(true);
    const form = event.currentTarget;
    const ok = await act(
      () => api<Quote>("POST", `/api/v1/engagements/${detail.id}/quotes`, body),
      (quote) => t("billing.app.quote.sent", { code: (quote as { code: string }).code }),
    );
    setSending(false);
    if (ok) {
      form.reset();
      setOverride(false);
      setRate("");
    }
  }

  return (
    <form className="card stack wide quote-form" onSubmit={submit} aria-labelledby="quote-title">
      <h2 id="quote-title">
        {extension ? t("billing.app.quote.extensionTitle") : t("billing.app.quote.title")}
      </h2>
      {extension && agreement ? (
        <p className="muted">
          {t("billing.app.quote.extensionHint")} ({t(`common.serviceTypes.${agreement.serviceType}`)},{" "}
          {t("common.perHour", { amount: formatMoney(agreement.hourlyRateCents, agreement.currency, lang) })})
        </p>
      ) : (
        <>
          <label>
            {t("billing.app.quote.service")}
            <select
              name="service"
              value={service}
              onChange={(e) => setService(e.target.value as ServiceType)}
            >
              {SERVICE_TYPES.map((s) => (
                <option key={s} value={s}>
                  {t(`common.serviceTypes.${s}`)} — {formatMoney(card.hourly[s], card.currency, lang)}
                </option>
              ))}
            </select>
          </label>
          <div className="rate-row">
            <span>
              {t("billing.app.quote.rate")}:{" "}
              <strong className={override ? "struck" : undefined}>
                {t("common.perHour", { amount: formatMoney(cardRate, currency, lang) })}
              </strong>
            </span>
            <label className="check">
              <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
              {t("billing.app.quote.override")}
            </label>
          </div>
          {override ? (
            <label>
              {t("billing.app.quote.rate")} ({currency})
              <input
                name="rate"
                inputMode="decimal"
                required
                value={rate}
                onChange={(e) => setRate(e.target.value)}
                placeholder={(cardRate / 100).toFixed(2)}
                pattern="\d+([.,]\d{1,2})?"
              />
              <span className="badge override">
                {t("billing.app.quote.overridden", { amount: formatMoney(cardRate, currency, lang) })}
              </span>
            </label>
          ) : null}
          <div className="two">
            <NumberField
              label={t("billing.app.quote.increment")}
              name="increment"
              min={1}
              max={240}
              defaultValue={card.incrementMinutes}
            />
            <NumberField
              label={t("billing.app.quote.minimum")}
              name="minimum"
              min={0}
              max={480}
              defaultValue={card.minimumMinutes}
            />
          </div>
        </>
      )}
      <div className="two">
        <label>
          {t("billing.app.quote.estimate")}
          <input name="estimate" inputMode="decimal" required defaultValue="1" pattern="\d+([.,]\d{1,2})?" />
        </label>
        <label>
          {t("billing.app.quote.cap")}
          <input
            name="cap"
            inputMode="decimal"
            required
            defaultValue={extension && agreement ? String(agreement.capMinutes / 60 + 1) : "2"}
            pattern="\d+([.,]\d{1,2})?"
          />
        </label>
      </div>
      <button type="submit" className="primary" disabled={sending}>
        {t("billing.app.quote.send")}
      </button>
    </form>
  );
}
