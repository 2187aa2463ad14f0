import { api } from "../../api.js";
import type { ListOf, SessionUser, TicketDetail, TicketStatus, UserView } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { CredentialsCard } from "./CredentialsCard.js";
import type { TicketAction } from "./TicketView.js";
import { day, STATUSES } from "./tickets-ui.js";

/** Beside the thread: the customer, the license and its support, the ticket's details and its controls. */
export function TicketSide({
  ticket,
  user,
  busy,
  act,
}: {
  ticket: TicketDetail;
  user: SessionUser;
  busy: boolean;
  act: TicketAction;
}) {
  const t = useT();
  return (
    <aside className="ticket-side">
      <div className="card">
        <h2>{t("tickets.desk.customer")}</h2>
        <p>
          <strong>{ticket.customer.name}</strong>
          <br />
          <a href={`mailto:${ticket.customer.email}`}>{ticket.customer.email}</a>
          <br />
          <span className="muted">{t(`common.languageName.${ticket.language}`)}</span>
        </p>
      </div>
      <LicenseCard ticket={ticket} />
      <DetailsCard ticket={ticket} />
      <TicketControls ticket={ticket} user={user} busy={busy} act={act} />
      <CredentialsCard ticketId={ticket.id} credentials={ticket.credentials} />
    </aside>
  );
}

function LicenseCard({ ticket }: { ticket: TicketDetail }) {
  const t = useT();
  const support = ticket.support;
  const supportText =
    support.reason === "active"
      ? t("tickets.desk.supportActive", { date: day(support.supportUntil) })
      : support.reason === "expired"
        ? t("tickets.desk.supportEnded", { date: day(support.supportUntil) })
        : support.reason === "revoked"
          ? t("tickets.desk.supportRevoked")
          : t("tickets.desk.supportRefunded");
  return (
    <div className="card">
      <h2>{t("tickets.desk.license")}</h2>
      <p>
        <strong>{ticket.license.productName}</strong>
        <br />
        <code>{ticket.license.key}</code>
        <br />
        <span className={support.active ? "ok" : "error"}>{supportText}</span>
      </p>
      {ticket.courtesy ? (
        <p className="muted">
          {t("tickets.desk.courtesyGranted", {
            who: ticket.courtesy.by?.name ?? "—",
            reason: ticket.courtesy.reason,
          })}
        </p>
      ) : null}
    </div>
  );
}

function DetailsCard({ ticket }: { ticket: TicketDetail }) {
  const t = useT();
  return (
    <div className="card">
      <h2>{t("tickets.desk.details")}</h2>
      <dl>
        <dt>{t("tickets.desk.category")}</dt>
        <dd>{t(`tickets.category.${ticket.category}`)}</dd>
        {ticket.storeUrl ? (
          <>
            <dt>{t("tickets.desk.storeUrl")}</dt>
            <dd>
              <a href={ticket.storeUrl} rel="noreferrer noopener" target="_blank">
                {ticket.storeUrl}
              </a>
            </dd>
          </>
        ) : null}
        {ticket.opencartVersion ? (
          <>
            <dt>{t("tickets.desk.opencart")}</dt>
            <dd>{ticket.opencartVersion}</dd>
          </>
        ) : null}
        {ticket.phpVersion ? (
          <>
            <dt>{t("tickets.desk.php")}</dt>
            <dd>{ticket.phpVersion}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** The ticket's status and assignee; each change answers the ticket's new state. */
function TicketControls({
  ticket,
  user,
  busy,
  act,
}: {
  ticket: TicketDetail;
  user: SessionUser;
  busy: boolean;
  act: TicketAction;
}) {
  const t = useT();
  const users = useData<ListOf<UserView>>("/api/v1/users").data?.data ?? [];
  const url = `/api/v1/tickets/${ticket.id}`;
  return (
    <div className="card stack">
      <label>
        {t("tickets.desk.changeStatus")}
        <select
          value={ticket.status}
          disabled={busy}
          onChange={(e) =>
            act(() => api<TicketDetail>("POST", `${url}/status`, { status: e.target.value as TicketStatus }))
          }
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`tickets.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("tickets.desk.assignTo")}
        <select
          value={ticket.assignee?.id ?? ""}
          disabled={busy}
          onChange={(e) =>
            act(() => api<TicketDetail>("POST", `${url}/assign`, { assigneeId: e.target.value || null }))
          }
        >
          <option value="">{t("tickets.desk.unassigned")}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.id === user.id ? `${u.name} (${t("tickets.desk.me")})` : u.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
