import { type FormEvent, useState } from "react";
import type { FilledCannedReplies, TicketDetail } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";

/**
 * A reply to the customer or an internal note; canned replies in the ticket's language come first, their
 * variables ({name}, {portalUrl}, {rates}…) filled by the server for this ticket's customer.
 */
export function TicketReplyForm({
  ticket,
  busy,
  error,
  onSend,
}: {
  ticket: TicketDetail;
  busy: boolean;
  error: string | null;
  onSend: (text: string, internal: boolean) => Promise<boolean>;
}) {
  const t = useT();
  const canned = useData<FilledCannedReplies>(`/api/v1/tickets/${ticket.id}/canned-replies`).data?.data ?? [];
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const closed = ticket.status === "closed";

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) return;
    if (await onSend(text, internal)) setText("");
  }

  return (
    <form className="stack wide" onSubmit={send} aria-label={t("tickets.desk.reply")}>
      {closed && !internal ? <p className="muted">{t("tickets.desk.closedNoReply")}</p> : null}
      {canned.length > 0 ? (
        <label>
          {t("tickets.desk.cannedReplies")}
          <select
            value=""
            onChange={(e) => {
              const c = canned.find((x) => x.id === e.target.value);
              if (c) setText((prev) => (prev ? `${prev}\n\n${c.text}` : c.text));
            }}
          >
            <option value="">{t("tickets.desk.insertCanned")}</option>
            {canned.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.language})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {t("tickets.desk.reply")}
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={6}
          maxLength={20000}
          placeholder={internal ? t("tickets.desk.notePlaceholder") : t("tickets.desk.replyPlaceholder")}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
        {t("tickets.desk.internalToggle")}
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy || !text.trim() || (closed && !internal)}>
        {internal ? t("tickets.desk.addNote") : t("tickets.desk.send")}
      </button>
    </form>
  );
}
