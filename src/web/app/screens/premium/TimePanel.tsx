import { type FormEvent, useContext, useEffect, useState } from "react";
import { api } from "../../api.js";
import type { EngagementDetail, SessionUser, TimeEntry } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { money } from "../format.js";
import { type Act, dateTime, duration, liveTotal } from "./premium-ui.js";

/** Seconds since `startedAt`, ticking: the running meter. */
function useElapsed(startedAt: string | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!startedAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt ? Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000)) : 0;
}

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** Time on the engagement: the cap bar, the running meter, the timer, manual entries and corrections. */
export function TimePanel({ detail, user, act }: { detail: EngagementDetail; user: SessionUser; act: Act }) {
  const t = useT();
  const base = `/api/v1/engagements/${detail.id}`;
  const mine = detail.runningTimers.find((r) => r.userId === user.id);
  const others = detail.runningTimers.filter((r) => r.userId !== user.id);
  const elapsed = useElapsed(mine?.startedAt);
  const canRecord = detail.state === "agreed" || detail.state === "in_progress";
  const cap = detail.cap;
  // The meter counts the running timer against the cap as well, so the bar moves while work goes on.
  const liveUsed = cap ? cap.usedMinutes + Math.ceil(elapsed / 60) : 0;
  const ratio = cap ? Math.min(1, liveUsed / cap.capMinutes) : 0;
  const warn = cap ? liveUsed * 5 >= cap.capMinutes * 4 : false;
  const reached = cap ? liveUsed >= cap.capMinutes : false;
  const [note, setNote] = useState("");
  // Ticks with the meter: recorded time plus the running timers, priced as the invoice will price it.
  const total = liveTotal(detail, mine ? Date.parse(mine.startedAt) + elapsed * 1000 : Date.now());

  async function addManual(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const ok = await act(() =>
      api("POST", `${base}/time-entries`, { minutes: Number(f.get("minutes")), note: String(f.get("note")) }),
    );
    if (ok) form.reset();
  }

  return (
    <section className="card time" aria-labelledby="time-title">
      <h2 id="time-title">{t("billing.app.time.title")}</h2>
      {cap ? (
        <div className="cap">
          <meter
            className="visually-hidden"
            min={0}
            max={cap.capMinutes}
            high={cap.capMinutes * 0.8}
            value={Math.min(liveUsed, cap.capMinutes)}
          >
            {t("billing.app.time.cap", { used: duration(liveUsed), cap: duration(cap.capMinutes) })}
          </meter>
          <div className={`cap-bar${reached ? " reached" : warn ? " warn" : ""}`} aria-hidden="true">
            <span style={{ width: `${Math.round(ratio * 100)}%` }} />
            <i className="mark" style={{ left: "80%" }} />
          </div>
          <p className="small">
            {t("billing.app.time.cap", { used: duration(liveUsed), cap: duration(cap.capMinutes) })} ·{" "}
            {t("billing.app.time.remaining", { remaining: duration(Math.max(0, cap.capMinutes - liveUsed)) })}
          </p>
          {reached ? (
            <p className="error">{t("billing.app.time.reached")}</p>
          ) : warn ? (
            <p className="warn-text">{t("billing.app.time.warn")}</p>
          ) : null}
        </div>
      ) : null}

      {total ? (
        <p className="running-total" aria-live="polite">
          {t("billing.app.time.total", {
            minutes: total.workedMinutes,
            amount: money(total.amountCents, total.currency),
          })}
        </p>
      ) : null}

      {canRecord ? (
        <div className="timer">
          {mine ? (
            <>
              <p className="meter" aria-live="polite">
                <span className="dot" aria-hidden="true" />{" "}
                {t("billing.app.time.running", { elapsed: clock(elapsed) })}
              </p>
              <div className="row-actions">
                <input
                  aria-label={t("billing.app.time.note")}
                  placeholder={t("billing.app.time.note")}
                  value={note}
                  maxLength={500}
                  onChange={(e) => setNote(e.target.value)}
                />
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    void act(
                      () => api("POST", `${base}/timer/stop`, { note }),
                      (r) => {
                        setNote("");
                        const clamped = (r as { clampedMinutes?: number }).clampedMinutes ?? 0;
                        return clamped > 0 ? t("billing.app.time.clamped", { minutes: clamped }) : "";
                      },
                    )
                  }
                >
                  {t("billing.app.time.stop")}
                </button>
              </div>
            </>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={reached}
              onClick={() => void act(() => api("POST", `${base}/timer/start`))}
            >
              {t("billing.app.time.start")}
            </button>
          )}
          {others.map((o) => (
            <p key={o.userId} className="muted small">
              {t("billing.app.time.otherRunning", { name: o.userName, elapsed: duration(o.elapsedMinutes) })}
            </p>
          ))}
        </div>
      ) : null}

      {canRecord ? (
        <form className="manual" onSubmit={addManual}>
          <h3>{t("billing.app.time.manual")}</h3>
          <div className="manual-row">
            <label>
              {t("billing.app.time.minutes")}
              <input name="minutes" type="number" min={1} max={1440} required />
            </label>
            <label className="grow">
              {t("billing.app.time.note")}
              <input name="note" required maxLength={500} />
            </label>
            <button type="submit">{t("billing.app.time.add")}</button>
          </div>
        </form>
      ) : null}

      {detail.timeEntries.length === 0 ? (
        <p className="muted">{t("billing.app.time.empty")}</p>
      ) : (
        <ul className="entries">
          {detail.timeEntries.map((e) => (
            <EntryRow key={e.id} entry={e} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EntryRow({ entry, act }: { entry: TimeEntry; act: Act }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [editing, setEditing] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const ok = await act(() =>
      api("PATCH", `/api/v1/time-entries/${entry.id}`, {
        minutes: Number(f.get("minutes")),
        note: String(f.get("note")),
        reason: String(f.get("reason") ?? ""),
      }),
    );
    if (ok) setEditing(false);
  }

  function remove() {
    if (!window.confirm(t("billing.app.time.confirmDelete"))) return;
    const reason = window.prompt(t("billing.app.time.reason")) ?? "";
    void act(() => api("DELETE", `/api/v1/time-entries/${entry.id}`, { reason }));
  }

  if (editing) {
    return (
      <li>
        <form className="manual-row" onSubmit={save}>
          <label>
            {t("billing.app.time.minutes")}
            <input name="minutes" type="number" min={1} max={1440} defaultValue={entry.minutes} required />
          </label>
          <label className="grow">
            {t("billing.app.time.note")}
            <input name="note" defaultValue={entry.note} required maxLength={500} />
          </label>
          <label className="grow">
            {t("billing.app.time.reason")}
            <input name="reason" maxLength={500} />
          </label>
          <button type="submit" className="primary">
            {t("billing.app.time.save")}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t("billing.app.time.cancel")}
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="entry">
      <span className="minutes">{duration(entry.minutes)}</span>
      <span className="grow">
        {entry.note || <span className="muted">—</span>}
        <span className="muted small">
          {" "}
          · {entry.userName} · {t(`billing.app.time.source.${entry.source}`)} ·{" "}
          {dateTime(entry.startedAt ?? entry.createdAt, lang)}
        </span>
      </span>
      {entry.locked ? (
        <span className="badge locked">{t("billing.app.time.locked")}</span>
      ) : (
        <span className="row-actions">
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t("billing.app.time.edit")}
          </button>
          <button type="button" className="link" onClick={remove}>
            {t("billing.app.time.delete")}
          </button>
        </span>
      )}
    </li>
  );
}
