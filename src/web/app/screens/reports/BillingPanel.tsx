import { useContext } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { LangContext, useT } from "../../i18n.js";
import { Panel, type PanelInput } from "./Panel.js";

/**
 * Premium billing at a glance (the owner's): hours per currency, deposits still to be paid, disputed work
 * and how often customers approve the review before the invoice. Plain lists, so they fit a phone.
 */
export function BillingPanel({ series: s, query }: PanelInput) {
  const t = useT();
  const lang = useContext(LangContext);
  const b = s.billing;
  if (!b) return null;
  const hours = (h: number) =>
    t("reports.premiumHours.hours", { value: Number.isInteger(h) ? h : h.toFixed(2) });
  const owed = new Map<string, { count: number; cents: number }>();
  for (const d of b.depositsOutstanding) {
    const sum = owed.get(d.currency) ?? { count: 0, cents: 0 };
    owed.set(d.currency, {
      count: sum.count + 1,
      cents: sum.cents + Math.max(0, d.depositCents - d.paidCents),
    });
  }
  const rate = b.reviews.approvalRate;
  return (
    <Panel title={t("reports.billing.title")} csv="billing" range={query}>
      <dl className="billing-report">
        <dt>{t("reports.billing.hoursByCurrency")}</dt>
        <dd>
          {b.hoursByCurrency.length === 0 ? (
            <span className="muted">{t("reports.billing.none")}</span>
          ) : (
            <ul>
              {b.hoursByCurrency.map((h) => (
                <li key={h.currency}>
                  <strong>{h.currency}</strong>: {hours(h.hours)} ·{" "}
                  {t("reports.billing.engagements", { count: h.engagements })}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t("reports.billing.deposits")}</dt>
        <dd>
          {owed.size === 0 ? (
            <span className="muted">{t("reports.billing.noDeposits")}</span>
          ) : (
            <ul>
              {[...owed].map(([currency, o]) => (
                <li key={currency}>
                  {t("reports.billing.depositsLine", {
                    count: o.count,
                    amount: formatMoney(o.cents, currency, lang),
                  })}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {b.inReportingCurrency ? <InReportingCurrency total={b.inReportingCurrency} /> : null}
        <dt>{t("reports.billing.disputed")}</dt>
        <dd data-testid="billing-disputed">{b.disputedEngagements}</dd>
        <dt>{t("reports.billing.approval")}</dt>
        <dd data-testid="billing-approval">
          {rate === null
            ? t("reports.billing.noReviews")
            : t("reports.billing.approvalLine", {
                rate: Math.round(rate * 100),
                approved: b.reviews.approved,
                silence: b.reviews.approvedBySilence,
                disputed: b.reviews.disputed,
              })}
        </dd>
      </dl>
    </Panel>
  );
}

type ReportingTotal = NonNullable<NonNullable<PanelInput["series"]["billing"]>["inReportingCurrency"]>;

/** The money figures added up in the owner's reporting currency, at the rates they entered. */
function InReportingCurrency({ total }: { total: ReportingTotal }) {
  const t = useT();
  const lang = useContext(LangContext);
  const money = (cents: number) => formatMoney(cents, total.currency, lang);
  const date = total.asOf
    ? new Date(`${total.asOf}T12:00:00Z`).toLocaleDateString(lang, { dateStyle: "medium", timeZone: "UTC" })
    : "";
  return (
    <>
      <dt>
        {date
          ? t("reports.billing.inCurrency", { currency: total.currency, date })
          : t("reports.billing.inCurrencyNoDate", { currency: total.currency })}
      </dt>
      <dd data-testid="billing-in-currency">
        {t("reports.billing.inCurrencyLine", {
          invoiced: money(total.invoicedCents),
          paid: money(total.paidCents),
          deposits: money(total.depositsOutstandingCents),
        })}
        {total.missing.length > 0 ? (
          <>
            <br />
            <span className="muted">
              {t("reports.billing.inCurrencyMissing", { currencies: total.missing.join(", ") })}
            </span>
          </>
        ) : null}
        <br />
        <small className="muted">{t("reports.billing.inCurrencyRounding")}</small>
      </dd>
    </>
  );
}
