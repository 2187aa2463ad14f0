import { useContext } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { LangContext, useT } from "../../i18n.js";
import { BillingPanel } from "./BillingPanel.js";
import { BarChart, COLORS } from "./charts.js";
import { Panel, type PanelInput } from "./Panel.js";

const SERVICES = ["consultation", "technical_support", "urgent_critical"] as const;

/** Premium work in hours and money: shown to those the server gives these series (the owner, and whom they allow). */
export function MoneyPanels(input: PanelInput) {
  return (
    <>
      <PremiumHoursPanel {...input} />
      <RevenuePanel {...input} />
      <UnpaidPanel {...input} />
      <BillingPanel {...input} />
    </>
  );
}

function PremiumHoursPanel({ series: s, query }: PanelInput) {
  const t = useT();
  if (!s.premiumHours) return null;
  return (
    <Panel title={t("reports.premiumHours.title")} csv="premium-hours" range={query}>
      <BarChart
        label={t("reports.premiumHours.title")}
        labels={SERVICES.map((k) => t(`common.serviceTypes.${k}`))}
        series={[
          {
            name: t("reports.premiumHours.title"),
            color: COLORS[0]!,
            values: SERVICES.map((k) => s.premiumHours?.find((p) => p.serviceType === k)?.hours ?? 0),
          },
        ]}
        format={(v) => t("reports.premiumHours.hours", { value: Number.isInteger(v) ? v : v.toFixed(2) })}
      />
    </Panel>
  );
}

function RevenuePanel({ series: s, query }: PanelInput) {
  const t = useT();
  const lang = useContext(LangContext);
  if (!s.revenue) return null;
  const currencies = [...new Set(s.revenue.map((r) => r.currency))];
  return (
    <Panel title={t("reports.revenue.title")} csv="revenue" range={query}>
      {currencies.length === 0 ? <p className="muted">{t("reports.empty")}</p> : null}
      {currencies.map((currency) => {
        const rows = (s.revenue ?? []).filter((r) => r.currency === currency);
        return (
          <BarChart
            key={currency}
            label={`${t("reports.revenue.title")} (${currency})`}
            labels={rows.map((r) => r.month)}
            series={[
              {
                name: t("reports.revenue.invoiced"),
                color: COLORS[2]!,
                values: rows.map((r) => r.invoicedCents),
              },
              {
                name: t("reports.revenue.paid"),
                color: COLORS[0]!,
                values: rows.map((r) => r.paidCents),
              },
            ]}
            format={(v) => formatMoney(Math.round(v), currency, lang)}
          />
        );
      })}
    </Panel>
  );
}

function UnpaidPanel({ series: s, query }: PanelInput) {
  const t = useT();
  const lang = useContext(LangContext);
  if (!s.unpaidInvoices) return null;
  return (
    <Panel title={t("reports.unpaid.title")} csv="unpaid-invoices" range={query}>
      {s.unpaidInvoices.length === 0 ? (
        <p className="muted">{t("reports.unpaid.none")}</p>
      ) : (
        <table className="unpaid">
          <thead>
            <tr>
              <th scope="col">{t("reports.unpaid.number")}</th>
              <th scope="col">{t("reports.unpaid.billTo")}</th>
              <th scope="col">{t("reports.unpaid.total")}</th>
              <th scope="col">{t("reports.unpaid.days")}</th>
            </tr>
          </thead>
          <tbody>
            {s.unpaidInvoices.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/app/premium/${u.engagementId}`}>{u.number}</a>
                </td>
                <td>{u.billTo}</td>
                <td>{formatMoney(u.totalCents, u.currency, lang)}</td>
                <td>{u.daysOutstanding}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
