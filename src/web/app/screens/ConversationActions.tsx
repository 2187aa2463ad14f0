import { useState } from "react";
import { api, errorMessage } from "../api.js";
import type { Conversation, SessionUser, UserView } from "../api-types.js";
import { useT } from "../i18n.js";

/** Assignment, state, language and the quick actions of a conversation. */
export function ConversationActions({
  conversation,
  user,
  users,
  onChanged,
}: {
  conversation: Conversation;
  user: SessionUser;
  users: UserView[];
  onChanged: () => Promise<void>;
}) {
  const t = useT();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const base = `/api/v1/conversations/${conversation.id}`;

  async function run(action: () => Promise<unknown>, done = t("inbox.actions.done")) {
    setStatus(null);
    try {
      await action();
      await onChanged();
      setStatus({ ok: true, text: done });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  }

  const assign = (assigneeId: string | null) => run(() => api("POST", `${base}/assign`, { assigneeId }));
  const language =
    conversation.contact.language === "es" || conversation.contact.language === "en"
      ? conversation.contact.language
      : "";

  return (
    <section className="card side-card" aria-label={t("inbox.actions.title")}>
      <h3>{t("inbox.actions.title")}</h3>
      <label>
        {t("inbox.actions.assign")}
        <select value={conversation.assigneeId ?? ""} onChange={(e) => void assign(e.target.value || null)}>
          <option value="">{t("inbox.actions.unassigned")}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.id === user.id ? `${u.name} (${t("inbox.you")})` : u.name}
            </option>
          ))}
        </select>
      </label>
      {conversation.assigneeId !== user.id ? (
        <button type="button" onClick={() => void assign(user.id)}>
          {t("inbox.actions.assignMe")}
        </button>
      ) : null}
      <label>
        {t("inbox.actions.language")}
        <select
          value={language}
          onChange={(e) => void run(() => api("PATCH", `${base}/contact`, { language: e.target.value }))}
        >
          {language === "" ? <option value="">—</option> : null}
          <option value="es">{t("common.languageName.es")}</option>
          <option value="en">{t("common.languageName.en")}</option>
        </select>
      </label>
      <div className="action-buttons">
        {conversation.role === "premium" ? (
          <a
            className="button-link"
            href={`/app/premium?conversation=${encodeURIComponent(conversation.id)}`}
          >
            {t("inbox.actions.sendQuote")}
          </a>
        ) : null}
        {conversation.state === "closed" ? (
          <button type="button" onClick={() => void run(() => api("POST", `${base}/reopen`))}>
            {t("inbox.actions.reopen")}
          </button>
        ) : (
          <button type="button" onClick={() => void run(() => api("POST", `${base}/close`))}>
            {t("inbox.actions.close")}
          </button>
        )}
      </div>
      {status ? (
        <p role="status" className={status.ok ? "ok" : "error"}>
          {status.text}
        </p>
      ) : null}
    </section>
  );
}
