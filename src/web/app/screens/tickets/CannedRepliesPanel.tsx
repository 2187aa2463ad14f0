import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../../api.js";
import type { CannedReply, ListOf } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";

/** The shared saved answers: listed, added and removed here, inserted from the ticket view. */
export function CannedRepliesPanel() {
  const t = useT();
  const { data, reload } = useData<ListOf<CannedReply>>("/api/v1/canned-replies");
  const items = data?.data ?? [];
  const [error, setError] = useState<string | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    try {
      await api("POST", "/api/v1/canned-replies", {
        title: f.get("title"),
        body: f.get("body"),
        language: f.get("language"),
      });
      form.reset();
      setError(null);
      await reload();
    } catch (e) {
      setError(t("tickets.desk.error", { message: errorMessage(e) }));
    }
  }

  async function remove(id: string) {
    await api("DELETE", `/api/v1/canned-replies/${id}`).catch(() => undefined);
    await reload();
  }

  return (
    <details className="card spaced">
      <summary>
        <strong>{t("tickets.desk.cannedTitle")}</strong> ({items.length})
      </summary>
      <ul className="plain">
        {items.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong> <span className="muted">({c.language})</span> — {c.body.slice(0, 120)}{" "}
            <button type="button" className="link" onClick={() => remove(c.id)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <form className="stack wide" onSubmit={add}>
        <h3>{t("tickets.desk.cannedNew")}</h3>
        <label>
          {t("tickets.desk.cannedName")}
          <input name="title" required maxLength={120} />
        </label>
        <label>
          {t("tickets.desk.cannedBody")}
          <textarea name="body" required maxLength={5000} rows={3} />
          <span className="muted small">{t("tickets.desk.cannedVariables")}</span>
        </label>
        <label>
          {t("tickets.desk.cannedLanguage")}
          <select name="language" defaultValue="es">
            <option value="es">Español</option>
            <option value="en">English</option>
          </select>
        </label>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit">{t("tickets.desk.cannedAdd")}</button>
      </form>
    </details>
  );
}
