import { type ChangeEvent, useContext, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../api.js";
import type { ImportJob } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";

type Outcome = ImportJob["rows"][number]["outcome"];

const MAX_BYTES = 20 * 1024 * 1024;
const ROWS_SHOWN = 200;
const OUTCOMES: Outcome[] = ["create", "update", "unchanged", "rejected"];

/**
 * Upload a CSV export: a dry run first (per-row table of what would happen), then the import. Both run
 * as a server job; the bar shows the rows the server has processed, polled while it runs.
 */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [job, setJob] = useState<ImportJob | null>(null);
  const [onlyRejected, setOnlyRejected] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setJob(null);
    setError("");
    setText(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(t("licenses.import.tooLarge"));
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  }

  async function poll(id: string, rejectedOnly: boolean): Promise<ImportJob> {
    const query = `limit=${ROWS_SHOWN}&lang=${lang}${rejectedOnly ? "&outcome=rejected" : ""}`;
    for (;;) {
      const current = await api<ImportJob>("GET", `/api/v1/licenses/imports/${id}?${query}`);
      if (!alive.current) return current;
      setJob(current);
      if (current.status !== "running") return current;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function run(dryRun: boolean) {
    if (text === null) return;
    setBusy(true);
    setError("");
    try {
      const started = await api<ImportJob>("POST", `/api/v1/licenses/import?dryRun=${dryRun}&lang=${lang}`, {
        csv: text,
      });
      setJob(started);
      const finished = await poll(started.id, onlyRejected);
      if (!dryRun && finished.status === "done") onImported();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function toggleRejected(value: boolean) {
    setOnlyRejected(value);
    if (job && job.status !== "running") await poll(job.id, value).catch(() => undefined);
  }

  const finished = job && job.status !== "running" ? job : null;

  return (
    <section className="card lic-import" aria-labelledby="import-title">
      <h2 id="import-title">{t("licenses.import.title")}</h2>
      <p className="muted">{t("licenses.import.intro")}</p>
      <div className="lic-form">
        <label>
          {t("licenses.import.file")}
          <input type="file" accept=".csv,text/csv,text/plain" onChange={pick} disabled={busy} />
        </label>
        <div className="lic-actions">
          <button type="button" onClick={() => void run(true)} disabled={busy || text === null}>
            {t("licenses.import.check")}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void run(false)}
            disabled={busy || text === null || !finished?.dryRun || Boolean(finished.fileError)}
          >
            {t("licenses.import.run")}
          </button>
        </div>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {job ? <ImportProgress job={job} fileName={fileName} /> : null}
      {finished?.error ? <p className="error">{finished.error}</p> : null}
      {finished?.fileError ? (
        <p className="error">{t("licenses.import.fileError", { message: finished.fileError })}</p>
      ) : null}
      {finished?.summary && !finished.fileError ? (
        <ImportReport job={finished} onlyRejected={onlyRejected} onOnlyRejected={toggleRejected} />
      ) : null}
    </section>
  );
}

/** Where a running check or import is: the rows the server has processed. */
function ImportProgress({ job, fileName }: { job: ImportJob; fileName: string }) {
  const t = useT();
  const running = job.status === "running";
  return (
    <div aria-live="polite">
      {running ? (
        <p>
          {job.dryRun ? t("licenses.import.checking") : t("licenses.import.importing")} {fileName}
        </p>
      ) : null}
      <progress
        max={Math.max(job.total, 1)}
        value={running ? job.processed : Math.max(job.total, 1)}
        aria-label={t("licenses.import.progress", { processed: job.processed, total: job.total })}
      />
      <p className="muted">{t("licenses.import.progress", { processed: job.processed, total: job.total })}</p>
    </div>
  );
}

/** A finished check or import: the count per outcome and each row's outcome (or only the rejected ones). */
function ImportReport({
  job,
  onlyRejected,
  onOnlyRejected,
}: {
  job: ImportJob;
  onlyRejected: boolean;
  onOnlyRejected: (value: boolean) => Promise<void>;
}) {
  const t = useT();
  return (
    <>
      <p className={job.dryRun ? "muted" : "ok"}>
        {job.dryRun ? t("licenses.import.dryRunDone") : t("licenses.import.importDone")}
      </p>
      <ul className="lic-summary">
        {OUTCOMES.map((o) => (
          <li key={o}>
            {t(`licenses.import.summary.${o}`)}: {(job.summary?.[o] ?? 0).toLocaleString()}
          </li>
        ))}
      </ul>
      <label className="check">
        <input
          type="checkbox"
          checked={onlyRejected}
          onChange={(e) => void onOnlyRejected(e.target.checked)}
        />{" "}
        {t("licenses.import.onlyProblems")}
      </label>
      <div className="lic-table-wrap">
        <table className="lic-table">
          <thead>
            <tr>
              <th>{t("licenses.import.line")}</th>
              <th>{t("licenses.import.outcome")}</th>
              <th>{t("licenses.import.detail")}</th>
              <th className="hide-narrow">{t("licenses.customers.email")}</th>
              <th className="hide-narrow">{t("licenses.licenses.product")}</th>
            </tr>
          </thead>
          <tbody>
            {job.rows.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td className={`outcome-${r.outcome}`}>{t(`licenses.import.outcomes.${r.outcome}`)}</td>
                <td>{r.reason ?? r.changes?.join("; ") ?? r.key ?? ""}</td>
                <td className="hide-narrow">{r.email}</td>
                <td className="hide-narrow">{r.product}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {job.rowsTotal > job.rows.length ? (
        <p className="muted">
          {t("licenses.import.moreRows", { shown: job.rows.length, total: job.rowsTotal })}
        </p>
      ) : null}
    </>
  );
}
