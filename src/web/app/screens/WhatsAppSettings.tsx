import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { WhatsAppConnection, WhatsAppStatus } from "../api-types.js";
import { useT } from "../i18n.js";
import { when } from "./tickets/tickets-ui.js";
import { WhatsAppNumbers } from "./WhatsAppNumbers.js";

type Field = "accessToken" | "appSecret" | "verifyToken" | "businessAccountId";
const SECRET: Field[] = ["accessToken", "appSecret"];

/**
 * Settings → WhatsApp (owner): the credentials (encrypted; environment variables win and show locked), Test
 * connection, the webhook subscription, the callback URL and verify token for Meta's dashboard, the last
 * webhook, and each number as WhatsApp describes it, with the profile "about".
 */
export function WhatsAppSettings() {
  const t = useT();
  const [connection, setConnection] = useState<WhatsAppConnection | null>(null);
  const [status, setStatus] = useState<WhatsAppStatus | null>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const [c, s] = await Promise.all([
      api<WhatsAppConnection>("GET", "/api/v1/whatsapp/connection"),
      api<WhatsAppStatus>("GET", "/api/v1/whatsapp/status"),
    ]);
    setConnection(c);
    setStatus(s);
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  if (!connection || !status) return null;

  async function run(action: () => Promise<void>, done: string) {
    setBusy(true);
    setNote(null);
    try {
      await action();
      setNote({ ok: true, text: done });
    } catch (e) {
      setNote({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ""));
    await run(async () => {
      setConnection(await api<WhatsAppConnection>("PUT", "/api/v1/whatsapp/connection", body));
      setForm({});
      setStatus(await api<WhatsAppStatus>("GET", "/api/v1/whatsapp/status"));
    }, t("whatsapp.ui.saved"));
  }

  const hint = (field: Field) => {
    const state = connection[field];
    if (state.source === "env") return t("whatsapp.ui.locked");
    if (state.source === "app") return t("whatsapp.ui.storedApp");
    return state.set ? "" : t("whatsapp.ui.storedDefault");
  };
  const input = (field: Field, label: string) => (
    <label key={field}>
      {label}
      <input
        name={field}
        type={SECRET.includes(field) ? "password" : "text"}
        autoComplete="off"
        disabled={connection[field].source === "env"}
        placeholder={
          field === "verifyToken" || field === "businessAccountId" ? connection[field].value : "••••••••"
        }
        value={form[field] ?? ""}
        maxLength={1000}
        onChange={(e) => setForm({ ...form, [field]: e.target.value })}
      />
      <span className="muted">{hint(field)}</span>
    </label>
  );

  return (
    <section aria-labelledby="whatsapp-title" className="stack wide">
      <h2 id="whatsapp-title">{t("whatsapp.ui.title")}</h2>
      <p className="muted">{t("whatsapp.ui.lead")}</p>
      {connection.simulator ? <p className="notice">{t("whatsapp.ui.simulator")}</p> : null}
      <form className="stack wide" onSubmit={save} aria-label={t("whatsapp.ui.title")}>
        {input("accessToken", t("whatsapp.ui.accessToken"))}
        {input("appSecret", t("whatsapp.ui.appSecret"))}
        {input("verifyToken", t("whatsapp.ui.verifyToken"))}
        {input("businessAccountId", t("whatsapp.ui.businessAccountId"))}
        <label>
          {t("whatsapp.ui.presalesId")}
          <input
            name="presalesPhoneNumberId"
            placeholder={connection.presalesPhoneNumberId}
            value={form.presalesPhoneNumberId ?? ""}
            onChange={(e) => setForm({ ...form, presalesPhoneNumberId: e.target.value })}
          />
        </label>
        <label>
          {t("whatsapp.ui.premiumId")}
          <input
            name="premiumPhoneNumberId"
            placeholder={connection.premiumPhoneNumberId}
            value={form.premiumPhoneNumberId ?? ""}
            onChange={(e) => setForm({ ...form, premiumPhoneNumberId: e.target.value })}
          />
        </label>
        <dl>
          <dt>{t("whatsapp.ui.callback")}</dt>
          <dd>
            <code data-testid="callback-url">{connection.callbackUrl}</code>
          </dd>
          <dt>{t("whatsapp.ui.verifyToken")}</dt>
          <dd>
            <code>{connection.verifyToken.value}</code>
          </dd>
          <dt>{t("whatsapp.ui.subscription")}</dt>
          <dd>{connection.webhookSubscribedAt ? t("whatsapp.ui.yes") : t("whatsapp.ui.no")}</dd>
          <dt>{t("whatsapp.ui.lastWebhook")}</dt>
          <dd>{status.lastWebhookAt ? when(status.lastWebhookAt) : t("whatsapp.ui.never")}</dd>
        </dl>
        {note ? (
          <p role="status" className={note.ok ? "ok" : "error"}>
            {note.text}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t("whatsapp.ui.save")}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                setStatus(await api<WhatsAppStatus>("POST", "/api/v1/whatsapp/test"));
              }, t("whatsapp.ui.tested"))
            }
          >
            {t("whatsapp.ui.test")}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await api("POST", "/api/v1/whatsapp/subscribe");
                await load();
              }, t("whatsapp.ui.subscribed"))
            }
          >
            {t("whatsapp.ui.subscribe")}
          </button>
        </div>
      </form>
      <WhatsAppNumbers
        status={status}
        busy={busy}
        onPushAbout={() =>
          void run(async () => {
            setStatus(await api<WhatsAppStatus>("POST", "/api/v1/whatsapp/about/sync"));
          }, t("whatsapp.ui.aboutPushed"))
        }
      />
    </section>
  );
}
