import { type MouseEvent, useState } from "react";
import { api, errorMessage, isApiError } from "../../api.js";
import type { SessionUser, TicketDetail } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useData } from "../../use-data.js";
import { useTicketMail } from "./MailOrigin.js";
import { TicketReplyForm } from "./TicketReplyForm.js";
import { TicketSide } from "./TicketSide.js";
import { TicketThread } from "./TicketThread.js";
import { whenZoned } from "./tickets-ui.js";

/** Runs a change that answers the ticket's new state; false when it failed (the error is shown). */
export type TicketAction = (call: () => Promise<TicketDetail>) => Promise<boolean>;

/** One ticket on the desk: its thread and reply form, and beside them its customer, license and controls. */
export function TicketView({ id, user }: { id: string; user: SessionUser }) {
  const t = useT();
  const {
    data: ticket,
    error: loadError,
    setData: setTicket,
  } = useData<TicketDetail>(`/api/v1/tickets/${id}`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mail = useTicketMail(id, ticket?.messages.length);

  const act: TicketAction = async (call) => {
    setBusy(true);
    setError(null);
    try {
      setTicket(await call());
      return true;
    } catch (e) {
      setError(t("tickets.desk.error", { message: errorMessage(e) }));
      return false;
    } finally {
      setBusy(false);
    }
  };

  function back(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    navigate("/app/tickets");
  }

  if (isApiError(loadError, 404)) return <p className="error">{t("common.errors.notFound")}</p>;
  if (!ticket) return null;
  const closed = ticket.status === "closed";

  return (
    <section aria-labelledby="ticket-title">
      <p>
        <a href="/app/tickets" onClick={back}>
          ← {t("tickets.desk.back")}
        </a>
      </p>
      <h1 id="ticket-title">
        #{ticket.number} {ticket.subject}
      </h1>
      <p className="row">
        <span className={`pill ${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</span>
        {ticket.overdue ? <span className="pill overdue">{t("tickets.desk.overdue")}</span> : null}
        {!ticket.firstResponseAt && !closed ? (
          <span className="muted">
            {t("tickets.desk.dueBy", { when: whenZoned(ticket.firstResponseDueAt) })}
          </span>
        ) : null}
      </p>
      <div className="ticket-view">
        <div>
          <h2>{t("tickets.desk.thread")}</h2>
          <TicketThread ticket={ticket} mail={mail} />
          <TicketReplyForm
            ticket={ticket}
            busy={busy}
            error={error}
            onSend={(text, internal) =>
              act(() => api<TicketDetail>("POST", `/api/v1/tickets/${id}/replies`, { text, internal }))
            }
          />
        </div>
        <TicketSide ticket={ticket} user={user} busy={busy} act={act} />
      </div>
    </section>
  );
}
