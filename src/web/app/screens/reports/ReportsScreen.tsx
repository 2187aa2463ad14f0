import { type FormEvent, type ReactNode, useContext, useState } from "react";
import { formatMoney } from "../../../../billing/money.js";
import { errorMessage } from "../../api.js";
import type { Report, SessionUser } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { BarChart, COLORS, LineChart } from "./charts.js";
import "./reports.css";

/** Every day from `from` to `to` (inclusive), so quiet days show as zero. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

function Panel({
  title,
  csv,
  range,
  children,
}: {
  title: string;
  csv: string;
  range: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section className="card report-panel" aria-label={title}>
      <header>
        <h2>{title}</h2>
        <a href={`/api/v1/reports/${csv}.csv?${range}`} download>
          {t("reports.csv")}
        </a>
      </header>
      {children}
    </section>
  );
}

/** The dashboard: the policy at work (messages, deflection, tickets, response times) and, for the owner, money. */
export function ReportsScreen(_props: { user: SessionUser; path: string }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [search, setSearch] = useState("");
  const { data: report, error: failure, reload } = useData<Report>(`/api/v1/reports${search}`);
  const error = failure ? errorMessage(failure) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const q = new URLSearchParams();
    const from = String(f.get("from"));
    const to = String(f.get("to"));
    if (from) q.set("from", from);
    if (to) q.set("to", to);
    const next = q.size ? `?${q}` : "";
    if (next === search) void reload();
    else setSearch(next);
  }

  if (!report) return error ? <p className="error">{error}</p> : null;
  const range = { from: report.from, to: report.to };
  const s = report.series;
  const days = daysBetween(report.from, report.to);
  const shortDay = (d: string) => d.slice(5);
  const query = `from=${report.from}&to=${report.to}`;
  const byDay = <T extends { day: string }>(rows: T[], pick: (r: T) => number) =>
    days.map((d) => rows.filter((r) => r.day === d).reduce((sum, r) => sum + pick(r), 0));
  const deflected = s.conversations.reduce((n, c) => n + c.redirected, 0);
  const allConversations = s.conversations.reduce((n, c) => n + c.presales + c.redirected, 0);
  const minutes = (v: number | null) =>
    v === null
      ? t("reports.firstResponse.none")
      : v >= 120
        ? t("reports.firstResponse.hours", { value: (v / 60).toFixed(1) })
        : t("reports.firstResponse.minutes", { value: Math.round(v) });
  const currencies = [...new Set((s.revenue ?? []).map((r) => r.currency))];

  return (
    <section className="reports" aria-labelledby="reports-title">
      <h1 id="reports-title">{t("reports.title")}</h1>
      <form className="range" onSubmit={submit}>
        <label>
          {t("reports.from")}
          <input type="date" name="from" defaultValue={range.from} required />
        </label>
        <label>
          {t("reports.to")}
          <input type="date" name="to" defaultValue={range.to} required />
        </label>
        <button type="submit" className="primary">
          {t("reports.apply")}
        </button>
        <span className="muted small">{t("reports.utc")}</span>
      </form>
      {error ? <p className="error">{error}</p> : null}

      <div className="report-grid">
        <Panel title={t("reports.messages.title")} csv="messages" range={query}>
          <LineChart
            integer
            label={t("reports.messages.title")}
            labels={days.map(shortDay)}
            series={[
              {
                name: t("reports.messages.presales"),
                color: COLORS[0]!,
                values: byDay(
                  s.messages.filter((m) => m.role === "presales"),
                  (m) => m.inbound + m.outbound,
                ),
              },
              // The premium line is shown to those who may see premium conversations (they get its stats).
              ...(s.firstResponse.premium
                ? [
                    {
                      name: t("reports.messages.premium"),
                      color: COLORS[1]!,
                      values: byDay(
                        s.messages.filter((m) => m.role === "premium"),
                        (m) => m.inbound + m.outbound,
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Panel>

        <Panel title={t("reports.conversations.title")} csv="conversations" range={query}>
          <p className="big">
            {t("reports.conversations.deflection", {
              percent: allConversations ? Math.round((deflected / allConversations) * 100) : 0,
            })}
          </p>
          <BarChart
            stacked
            integer
            label={t("reports.conversations.title")}
            labels={days.map(shortDay)}
            series={[
              {
                name: t("reports.conversations.presales"),
                color: COLORS[0]!,
                values: byDay(s.conversations, (c) => c.presales),
              },
              {
                name: t("reports.conversations.redirected"),
                color: COLORS[1]!,
                values: byDay(s.conversations, (c) => c.redirected),
              },
            ]}
          />
        </Panel>

        <Panel title={t("reports.tickets.title")} csv="tickets" range={query}>
          <LineChart
            integer
            label={t("reports.tickets.title")}
            labels={days.map(shortDay)}
            series={[
              {
                name: t("reports.tickets.opened"),
                color: COLORS[2]!,
                values: byDay(s.tickets, (x) => x.opened),
              },
              {
                name: t("reports.tickets.resolved"),
                color: COLORS[0]!,
                values: byDay(s.tickets, (x) => x.resolved),
              },
            ]}
          />
        </Panel>

        <Panel title={t("reports.adLeads.title")} csv="ad-leads" range={query}>
          {s.adLeads.length === 0 ? (
            <p className="muted">{t("reports.adLeads.none")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t("reports.adLeads.ad")}</th>
                  <th>{t("reports.adLeads.leads")}</th>
                </tr>
              </thead>
              <tbody>
                {s.adLeads.map((a) => (
                  <tr key={`${a.adId}-${a.role}`}>
                    <td>
                      {a.headline || a.adId || "—"}
                      {a.adId ? <span className="muted small"> · {a.adId}</span> : null}
                    </td>
                    <td>{a.leads}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>

        <Panel title={t("reports.firstResponse.title")} csv="first-response" range={query}>
          <div className="tiles">
            {(["presales", "premium", "tickets"] as const).map((k) => {
              const stats = s.firstResponse[k];
              return stats ? (
                <div key={k} className="tile">
                  <span className="muted small">{t(`reports.firstResponse.${k}`)}</span>
                  <strong>{minutes(stats.medianMinutes)}</strong>
                  <span className="muted small">
                    {t("reports.firstResponse.count", { count: stats.count })}
                  </span>
                </div>
              ) : null;
            })}
          </div>
        </Panel>

        {s.premiumHours ? (
          <Panel title={t("reports.premiumHours.title")} csv="premium-hours" range={query}>
            <BarChart
              label={t("reports.premiumHours.title")}
              labels={(["consultation", "technical_support", "urgent_critical"] as const).map((k) =>
                t(`common.serviceTypes.${k}`),
              )}
              series={[
                {
                  name: t("reports.premiumHours.title"),
                  color: COLORS[0]!,
                  values: (["consultation", "technical_support", "urgent_critical"] as const).map(
                    (k) => s.premiumHours?.find((p) => p.serviceType === k)?.hours ?? 0,
                  ),
                },
              ]}
              format={(v) =>
                t("reports.premiumHours.hours", { value: Number.isInteger(v) ? v : v.toFixed(2) })
              }
            />
          </Panel>
        ) : null}

        {s.revenue ? (
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
        ) : null}

        {s.unpaidInvoices ? (
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
        ) : null}
      </div>
    </section>
  );
}
