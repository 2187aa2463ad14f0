import type { HomeView } from "../api-types.js";
import { useT } from "../i18n.js";

/** The first hour's steps, each ticked when done anywhere, with its live count. */
export function HomeChecklist({ home }: { home: HomeView }) {
  const t = useT();
  const done = home.checklist.filter((s) => s.done).length;
  return (
    <section className="card checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t("app.home.checklist.title")}</h2>
      <p className="muted">{t("app.home.checklist.progress", { done, total: home.checklist.length })}</p>
      <ol className="plain">
        {home.checklist.map((s) => (
          <li key={s.step} className={s.done ? "done" : "todo"}>
            <span aria-hidden="true">{s.done ? "✓" : "○"}</span>{" "}
            <a href={s.href}>{t(`app.home.checklist.steps.${s.step}`)}</a>{" "}
            <span className="muted">
              (
              {s.count !== null && (s.step === "simulator" || s.step === "agents" || s.step === "licenses")
                ? `${t(`app.home.checklist.count.${s.step}`, { count: s.count })}, `
                : ""}
              {s.done ? t("app.home.checklist.done") : t("app.home.checklist.todo")})
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The day's numbers: what waits for a person now. */
export function TodayCard({ home }: { home: HomeView }) {
  const t = useT();
  const rows: [string, number, string][] = [
    [t("app.home.today.waiting"), home.today.waiting, "/app/inbox"],
    [t("app.home.today.needsReply"), home.today.needsReply, "/app/inbox"],
    [t("app.home.today.overdueTickets"), home.today.overdueTickets, "/app/tickets"],
  ];
  if (home.today.toInvoice !== null)
    rows.push([t("app.home.today.toInvoice"), home.today.toInvoice, "/app/premium"]);
  return (
    <section className="card today" aria-labelledby="today-title">
      <h2 id="today-title">{t("app.home.today.title")}</h2>
      <dl>
        {rows.map(([label, value, href]) => (
          <div key={label}>
            <dt>
              <a href={href}>{label}</a>
            </dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
