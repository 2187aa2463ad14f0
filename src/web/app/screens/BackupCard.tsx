import type { BackupStatus } from "../api-types.js";
import { useT } from "../i18n.js";
import { useData } from "../use-data.js";

/** Home, for the owner: the scheduled backups and the last one's result. */
export function BackupCard() {
  const t = useT();
  const status = useData<BackupStatus>("/api/v1/backups/status").data;
  if (!status) return null;
  const at = (iso: string) =>
    new Intl.DateTimeFormat(document.documentElement.lang || "en", {
      dateStyle: "medium",
      timeStyle: "short",
    }).format(new Date(iso));
  const last = status.last;
  let line: string;
  if (last?.status === "ok") {
    line = t("backups.home.ok", {
      at: at(last.at),
      file: (last.file ?? "").split("/").at(-1) ?? "",
      size: ((last.bytes ?? 0) / 1024 / 1024).toFixed(1),
    });
  } else if (last?.status === "failed")
    line = t("backups.home.failed", { at: at(last.at), error: last.error ?? "" });
  else if (last?.status === "running") line = t("backups.home.running");
  else if (!status.enabled) line = t("backups.home.off");
  else line = t("backups.home.never", { time: `${status.time} (${status.timeZone})` });
  return (
    <section className="card" aria-label={t("backups.home.title")}>
      <h2>{t("backups.home.title")}</h2>
      <p className={last?.status === "failed" ? "error" : undefined} role="status">
        {line}
      </p>
      {status.enabled && last?.status !== "failed" ? (
        <p className="muted">{`${status.time} (${status.timeZone}) → ${status.folder}`}</p>
      ) : null}
    </section>
  );
}
