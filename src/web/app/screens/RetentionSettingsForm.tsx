import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { AppSettings, RetentionStatus } from "../api-types.js";
import { useT } from "../i18n.js";

/** Settings → retention: the two periods, "run now", and the last runs with what each deleted. */
export function RetentionSettingsForm({ settings }: { settings: AppSettings["retention"] }) {
  const t = useT();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [runs, setRuns] = useState<RetentionStatus | null>(null);

  const load = useCallback(async () => {
    const next = await api<RetentionStatus>("GET", "/api/v1/retention");
    setRuns(next);
    return next;
  }, []);
  useEffect(() => {
    load().catch(() => setRuns(null));
  }, [load]);
  // While a run is queued or under way, look again every second until it has finished.
  useEffect(() => {
    if (!runs?.pending) return;
    const timer = setTimeout(() => void load().catch(() => undefined), 1000);
    return () => clearTimeout(timer);
  }, [runs, load]);

  const failed = (e: unknown) => setStatus({ ok: false, text: errorMessage(e) });

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    try {
      await api("PUT", "/api/v1/settings/retention", {
        mediaDays: Number(f.get("mediaDays")),
        anonymiseMonths: Number(f.get("anonymiseMonths")),
      });
      setStatus({ ok: true, text: t("privacy.retention.saved") });
      await load();
    } catch (e) {
      failed(e);
    }
  }

  async function runNow() {
    try {
      setRuns(await api<RetentionStatus>("POST", "/api/v1/retention/run"));
      setStatus({ ok: true, text: t("privacy.retention.queued") });
    } catch (e) {
      failed(e);
    }
  }

  const at = (iso: string) =>
    new Intl.DateTimeFormat(document.documentElement.lang || "en", {
      dateStyle: "medium",
      timeStyle: "short",
    }).format(new Date(iso));

  return (
    <form className="stack wide" onSubmit={save} aria-label={t("privacy.retention.legend")}>
      <fieldset>
        <legend>{t("privacy.retention.legend")}</legend>
        <label>
          {t("privacy.retention.mediaDays")}
          <input
            name="mediaDays"
            type="number"
            min={0}
            max={3650}
            required
            defaultValue={settings.mediaDays}
          />
        </label>
        <label>
          {t("privacy.retention.anonymiseMonths")}
          <input
            name="anonymiseMonths"
            type="number"
            min={0}
            max={120}
            required
            defaultValue={settings.anonymiseMonths}
          />
        </label>
        <p className="muted">{t("privacy.retention.note")}</p>
      </fieldset>
      {status ? (
        <p role="status" className={status.ok ? "ok" : "error"}>
          {status.text}
        </p>
      ) : null}
      <p>
        <button type="submit">{t("privacy.retention.save")}</button>{" "}
        <button type="button" onClick={() => void runNow()} disabled={runs?.pending}>
          {t("privacy.retention.runNow")}
        </button>
      </p>
      {runs ? (
        <section aria-label={t("privacy.retention.runs")}>
          <h3>{t("privacy.retention.runs")}</h3>
          {runs.runs.length ? (
            <ul className="plain retention-runs">
              {runs.runs.map((r) => (
                <li key={r.at + r.by}>
                  {t("privacy.retention.run", {
                    at: at(r.at),
                    by: t(r.by === "owner" ? "privacy.retention.byowner" : "privacy.retention.byschedule"),
                    mediaFiles: r.mediaFiles,
                    attachmentFiles: r.attachmentFiles,
                    conversations: r.conversations,
                    contacts: r.contacts,
                  })}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("privacy.retention.none")}</p>
          )}
        </section>
      ) : null}
    </form>
  );
}
