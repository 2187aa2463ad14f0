import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { ListOf, StarterSubmit, WhatsAppTemplate } from "../api-types.js";
import { useT } from "../i18n.js";

const KNOWN = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"] as const;

/**
 * Settings → WhatsApp → templates: the WABA's templates with their review status (rejected ones with Meta's
 * reason), sync, beedesk's starter set in one click, and a form to create and submit one.
 */
export function TemplatesPanel() {
  const t = useT();
  const [templates, setTemplates] = useState<WhatsAppTemplate[] | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setTemplates((await api<ListOf<WhatsAppTemplate>>("GET", "/api/v1/whatsapp/templates")).data);
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  // Meta reviews in the background: look again now and then while something is pending, and only then.
  const pending = templates?.some((x) => x.status === "PENDING") ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void load().catch(() => undefined), 3000);
    return () => clearInterval(timer);
  }, [pending, load]);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setNote(null);
    try {
      setNote({ ok: true, text: await action() });
      await load();
    } catch (e) {
      setNote({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const form = event.currentTarget;
    const examples = String(f.get("examples") ?? "")
      .split("|")
      .map((s) => s.trim())
      .filter(Boolean);
    await run(async () => {
      await api("POST", "/api/v1/whatsapp/templates", {
        name: f.get("name"),
        language: f.get("language"),
        category: f.get("category"),
        body: f.get("body"),
        examples,
      });
      form.reset();
      return t("whatsapp.ui.created");
    });
  }

  const statusText = (s: string) =>
    (KNOWN as readonly string[]).includes(s) ? t(`whatsapp.ui.statuses.${s as (typeof KNOWN)[number]}`) : s;

  return (
    <section aria-labelledby="templates-title" className="stack wide">
      <h2 id="templates-title">{t("whatsapp.ui.templates")}</h2>
      <p className="muted">{t("whatsapp.ui.templatesLead")}</p>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const r = await api<StarterSubmit>("POST", "/api/v1/whatsapp/templates/starters");
              if (r.errors.length > 0)
                throw new Error(r.errors.map((e) => `${e.name} (${e.language}): ${e.message}`).join("; "));
              return t("whatsapp.ui.startersDone");
            })
          }
        >
          {t("whatsapp.ui.starters")}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await api("POST", "/api/v1/whatsapp/templates/sync");
              return t("whatsapp.ui.synced");
            })
          }
        >
          {t("whatsapp.ui.sync")}
        </button>
      </div>
      {note ? (
        <p role="status" className={note.ok ? "ok" : "error"}>
          {note.text}
        </p>
      ) : null}
      {templates && templates.length === 0 ? <p className="muted">{t("whatsapp.ui.noTemplates")}</p> : null}
      {templates && templates.length > 0 ? (
        <table className="table" aria-label={t("whatsapp.ui.templates")}>
          <thead>
            <tr>
              <th scope="col">{t("whatsapp.ui.name")}</th>
              <th scope="col">{t("whatsapp.ui.language")}</th>
              <th scope="col">{t("whatsapp.ui.category")}</th>
              <th scope="col">{t("whatsapp.ui.status")}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((x) => (
              <tr key={`${x.name}:${x.language}`} data-status={x.status}>
                <td title={x.body}>{x.name}</td>
                <td>{x.language}</td>
                <td>{x.category}</td>
                <td>
                  {statusText(x.status)}
                  {x.status === "REJECTED" && x.rejectedReason ? (
                    <span className="muted">
                      {" "}
                      — {t("whatsapp.ui.rejected", { reason: x.rejectedReason })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="stack wide" onSubmit={create} aria-label={t("whatsapp.ui.create")}>
        <label>
          {t("whatsapp.ui.name")}
          <input name="name" required pattern="[a-z0-9_]+" maxLength={512} />
        </label>
        <label>
          {t("whatsapp.ui.language")}
          <select name="language" defaultValue="es">
            <option value="es">es</option>
            <option value="en">en</option>
          </select>
        </label>
        <label>
          {t("whatsapp.ui.category")}
          <select name="category" defaultValue="UTILITY">
            <option value="UTILITY">UTILITY</option>
            <option value="MARKETING">MARKETING</option>
          </select>
        </label>
        <label>
          {t("whatsapp.ui.body")}
          <textarea name="body" required maxLength={1024} rows={3} />
        </label>
        <label>
          {t("whatsapp.ui.examples")}
          <input name="examples" maxLength={2000} />
        </label>
        <button type="submit" disabled={busy}>
          {t("whatsapp.ui.create")}
        </button>
      </form>
    </section>
  );
}
