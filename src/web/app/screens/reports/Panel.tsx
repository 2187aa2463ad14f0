import type { ReactNode } from "react";
import type { Report } from "../../api-types.js";
import { useT } from "../../i18n.js";

/** One report: its title, a CSV download of the same series for the same range, and the chart. */
export function Panel({
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

/** What every panel is drawn from: the series, every day of the range, and the range as a query string. */
export interface PanelInput {
  series: Report["series"];
  days: string[];
  query: string;
}

/** "11-25" from "2026-11-25": a chart's day label. */
export function shortDay(day: string): string {
  return day.slice(5);
}

/** One value per day of `days` (zero on a quiet day): the sum of `pick` over that day's rows. */
export function byDay<T extends { day: string }>(
  days: string[],
  rows: T[],
  pick: (r: T) => number,
): number[] {
  return days.map((d) => rows.filter((r) => r.day === d).reduce((sum, r) => sum + pick(r), 0));
}
