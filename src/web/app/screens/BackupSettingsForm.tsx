import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { AppSettings } from "../api-types.js";
import { useT } from "../i18n.js";

/** Settings → scheduled backups: when, where, how many to keep. */
export function BackupSettingsForm({ settings }: { settings: AppSettings["backups"] }) {
  const t = useT();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    try {
      await api("PUT", "/api/v1/settings/backups", {
        enabled: f.get("enabled") === "on",
        time: String(f.get("time")),
        folder: String(f.get("folder") ?? "").trim(),
        keep: Number(f.get("keep")),
      });
      setStatus({ ok: true, text: t("backups.settings.saved") });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  }

  return (
    <form className="stack wide" onSubmit={save}>
      <fieldset>
        <legend>{t("backups.settings.legend")}</legend>
        <label className="check">
          <input name="enabled" type="checkbox" defaultChecked={settings.enabled} />
          {t("backups.settings.enabled")}
        </label>
        <label>
          {t("backups.settings.time")}
          <input name="time" type="time" required defaultValue={settings.time} />
        </label>
        <label>
          {t("backups.settings.folder")}
          <input name="folder" defaultValue={settings.folder} maxLength={500} />
        </label>
        <label>
          {t("backups.settings.keep")}
          <input name="keep" type="number" min={1} max={365} required defaultValue={settings.keep} />
        </label>
        <p className="muted">{t("backups.settings.note")}</p>
      </fieldset>
      {status ? (
        <p role="status" className={status.ok ? "ok" : "error"}>
          {status.text}
        </p>
      ) : null}
      <button type="submit">{t("backups.settings.save")}</button>
    </form>
  );
}
