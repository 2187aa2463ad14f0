import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api.js";
import type { Report, SessionUser } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { ActivityPanels } from "./ActivityPanels.js";
import { MoneyPanels } from "./MoneyPanels.js";
import "./reports.css";

/** Every day from `from` to `to` (inclusive), so quiet days show as zero. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The dashboard: the policy at work (messages, deflection, tickets, response times) and, for the owner, money. */
export function ReportsScreen(_props: { user: SessionUser; path: string }) {
  const t = useT();
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
  const input = {
    series: report.series,
    days: daysBetween(report.from, report.to),
    query: `from=${report.from}&to=${report.to}`,
  };

  return (
    <section className="reports" aria-labelledby="reports-title">
      <h1 id="reports-title">{t("reports.title")}</h1>
      <form className="range" onSubmit={submit}>
        <label>
          {t("reports.from")}
          <input type="date" name="from" defaultValue={report.from} required />
        </label>
        <label>
          {t("reports.to")}
          <input type="date" name="to" defaultValue={report.to} required />
        </label>
        <button type="submit" className="primary">
          {t("reports.apply")}
        </button>
        <span className="muted small">{t("reports.utc")}</span>
      </form>
      {error ? <p className="error">{error}</p> : null}

      <div className="report-grid">
        <ActivityPanels {...input} />
        <MoneyPanels {...input} />
      </div>
    </section>
  );
}
