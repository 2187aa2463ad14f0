import type { MailIn, TicketAttachment, TicketDetail } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { MailBadge } from "./MailOrigin.js";
import { when } from "./tickets-ui.js";

/** The ticket's description and messages, oldest first, each with its files and the mail it came in. */
export function TicketThread({ ticket, mail }: { ticket: TicketDetail; mail: Map<string, MailIn> }) {
  const t = useT();
  const filesFor = (messageId: string | null) => ticket.attachments.filter((a) => a.messageId === messageId);
  return (
    <ol className="ticket-thread">
      <li>
        <span className="who">{t("tickets.desk.description")}</span>{" "}
        <span className="muted">{when(ticket.createdAt)}</span> <MailBadge mail={mail.get("")} />
        <p className="body">{ticket.description}</p>
        <Files files={filesFor(null)} />
      </li>
      {ticket.messages.map((m) => (
        <li key={m.id} className={m.internal ? "internal" : m.author.type === "user" ? "agent" : undefined}>
          <span className="who">{m.author.name}</span>{" "}
          {m.internal ? <span className="pill">{t("tickets.desk.internalNote")}</span> : null}{" "}
          <span className="muted">{when(m.createdAt)}</span>{" "}
          {m.source === "mail" ? <MailBadge mail={mail.get(m.id)} /> : null}
          <p className="body">{m.body}</p>
          <Files files={filesFor(m.id)} />
        </li>
      ))}
    </ol>
  );
}

function Files({ files }: { files: TicketAttachment[] }) {
  const t = useT();
  if (files.length === 0) return null;
  return (
    <p className="muted">
      {t("tickets.desk.attachments")}:{" "}
      {files.map((f, i) => (
        <span key={f.id}>
          {i > 0 ? ", " : ""}
          <a href={f.url} target="_blank" rel="noreferrer">
            {f.fileName}
          </a>
        </span>
      ))}
    </p>
  );
}
