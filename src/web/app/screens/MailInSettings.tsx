import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { ListOf, MailIn, MailInSetup, MailInTest } from "../api-types.js";
import { useT } from "../i18n.js";
import { MailNotes } from "./tickets/MailOrigin.js";
import { when } from "./tickets/tickets-ui.js";

/** Settings → Mail in: the support mailbox (encrypted; locked when MAIL_IN_URL is set) and mail that failed. */
export function MailInSettings() {
  const t = useT();
  const [setup, setSetup] = useState<MailInSetup | null>(null);
  const [url, setUrl] = useState("");
  const [folder, setFolder] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<MailIn[]>([]);

  const load = useCallback(async () => {
    const s = await api<MailInSetup>("GET", "/api/v1/mail-in/settings");
    setSetup(s);
    setFolder(s.processedFolder);
    const f = await api<ListOf<MailIn>>("GET", "/api/v1/mail-in/messages?state=failed&limit=50");
    setFailed(f.data);
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  if (!setup) return null;
  const locked = setup.source === "env";

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    try {
      // An empty field keeps the stored URL (its password is never sent back to the browser).
      const saved = await api<MailInSetup>("PUT", "/api/v1/mail-in/settings", {
        ...(url.trim() && !locked ? { url: url.trim() } : {}),
        processedFolder: folder,
      });
      setSetup(saved);
      setUrl("");
      setStatus({ ok: true, text: t("mailIn.settings.saved") });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  async function test() {
    setBusy(true);
    setStatus({ ok: true, text: t("mailIn.settings.testing") });
    try {
      const r = await api<MailInTest>("POST", "/api/v1/mail-in/test", url.trim() ? { url: url.trim() } : {});
      setStatus(
        r.ok
          ? { ok: true, text: t("mailIn.settings.testOk", { mailbox: r.mailbox, count: r.count }) }
          : { ok: false, text: t("mailIn.settings.testFailed", { error: r.error }) },
      );
    } catch (e) {
      setStatus({ ok: false, text: t("mailIn.settings.testFailed", { error: errorMessage(e) }) });
    } finally {
      setBusy(false);
    }
  }

  async function retry(id: string) {
    await api("POST", `/api/v1/mail-in/messages/${id}/retry`);
    await load();
  }

  return (
    <section aria-labelledby="mail-in-title" className="stack wide">
      <h2 id="mail-in-title">{t("mailIn.settings.title")}</h2>
      <p className="muted">{t("mailIn.settings.lead")}</p>
      <form className="stack wide" onSubmit={save} aria-label={t("mailIn.settings.title")}>
        <label>
          {t("mailIn.settings.url")}
          <input
            name="mailInUrl"
            type="password"
            autoComplete="off"
            value={url}
            placeholder={setup.url || "imaps://support%40example.com:password@imap.example.com:993/INBOX"}
            disabled={locked}
            maxLength={2000}
            onChange={(e) => setUrl(e.target.value)}
          />
          <span className="muted">
            {locked ? t("mailIn.settings.urlLocked") : setup.url || t("mailIn.settings.notConfigured")}
          </span>
          <span className="muted">{t("mailIn.settings.urlHelp")}</span>
        </label>
        <label>
          {t("mailIn.settings.folder")}
          <input
            name="processedFolder"
            value={folder}
            required
            maxLength={100}
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <p className={setup.replyTo ? "muted" : "error"}>
          {setup.replyTo
            ? t("mailIn.settings.replyTo", { address: setup.replyTo })
            : t("mailIn.settings.replyToMissing")}
        </p>
        {status ? (
          <p role="status" className={status.ok ? "ok" : "error"}>
            {status.text}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t("mailIn.settings.save")}
          </button>
          <button
            type="button"
            disabled={busy || (!url.trim() && setup.source === "none")}
            onClick={() => void test()}
          >
            {t("mailIn.settings.test")}
          </button>
        </div>
      </form>
      <h3>{t("mailIn.settings.failedTitle")}</h3>
      {failed.length === 0 ? (
        <p className="muted">{t("mailIn.settings.failedNone")}</p>
      ) : (
        <>
          <p className="muted">{t("mailIn.settings.failedHelp")}</p>
          <ul className="ticket-list" aria-label={t("mailIn.settings.failedTitle")}>
            {failed.map((m) => (
              <li key={m.id}>
                <span className="subject">{m.subject || "—"}</span>{" "}
                <span className="meta">
                  {m.from.address || "—"} · {when(m.createdAt)}
                </span>
                <MailNotes mail={m} />
                <button type="button" onClick={() => void retry(m.id)}>
                  {t("mailIn.settings.retry")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
