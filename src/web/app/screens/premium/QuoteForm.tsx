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
  const cards = [{ currency: card.currency, hourly: card.hourly }, ...card.cards];
  // The customer's currency (set on the customer, else by the phone's country); the agent may pick another.
  const [chosen, setChosen] = useState(detail.suggestedCurrency.currency);
  const [deposit, setDeposit] = useState<"none" | "amount" | "hours">("none");
  const hourly = cards.find((c) => c.currency === chosen)?.hourly ?? card.hourly;
  const cardRate = hourly[service];
  const currency = agreement?.currency ?? chosen;

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
      const rateCents = override ? Math.round(Number(rate.replace(",", ".")) * 100) : cardRate;
      if (override) body.hourlyRateCents = rateCents;
      body.incrementMinutes = Number(f.get("increment"));
      body.minimumMinutes = Number(f.get("minimum"));
      body.currency = chosen;
      // A deposit is an amount, or N hours at the quote's rate.
      if (deposit === "amount") body.depositCents = Math.round(hours("depositAmount") * 100);
      if (deposit === "hours") body.depositCents = Math.round(hours("depositHours") * rateCents);
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
      setDeposit("none");
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
          {cards.length > 1 ? (
            <label>
              {t("billing.app.quote.currency")}
              <select name="currency" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                {cards.map((c) => (
                  <option key={c.currency} value={c.currency}>
                    {c.currency}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            {t("billing.app.quote.service")}
            <select
              name="service"
              value={service}
              onChange={(e) => setService(e.target.value as ServiceType)}
            >
              {SERVICE_TYPES.map((s) => (
                <option key={s} value={s}>
                  {t(`common.serviceTypes.${s}`)} — {formatMoney(hourly[s], chosen, lang)}
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
      {extension ? null : (
        <fieldset className="deposit">
          <legend>{t("billing.app.quote.deposit")}</legend>
          <select
            name="depositKind"
            aria-label={t("billing.app.quote.deposit")}
            value={deposit}
            onChange={(e) => setDeposit(e.target.value as "none" | "amount" | "hours")}
          >
            <option value="none">{t("billing.app.quote.depositNone")}</option>
            <option value="amount">{t("billing.app.quote.depositAmount", { currency })}</option>
            <option value="hours">{t("billing.app.quote.depositHours")}</option>
          </select>
          {deposit === "amount" ? (
            <label>
              {t("billing.app.quote.depositAmount", { currency })}
              <input name="depositAmount" inputMode="decimal" required pattern="\d+([.,]\d{1,2})?" />
            </label>
          ) : null}
          {deposit === "hours" ? (
            <label>
              {t("billing.app.quote.depositHours")}
              <input name="depositHours" inputMode="decimal" required pattern="\d+([.,]\d{1,2})?" />
            </label>
          ) : null}
        </fieldset>
      )}
      <button type="submit" className="primary" disabled={sending}>
        {t("billing.app.quote.send")}
      </button>
    </form>
  );
}
