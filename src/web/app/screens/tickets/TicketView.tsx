import { type FormEvent, type MouseEvent, useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../../api.js";
import type { ListOf, UserView } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import type { SessionUser } from "../../types.js";
import { CredentialsCard } from "./CredentialsCard.js";
import { MailBadge, useTicketMail } from "./MailOrigin.js";
import {
  type CannedReply,
  day,
  STATUSES,
  type TicketAttachment,
  type TicketDetail,
  type TicketStatus,
  when,
} from "./tickets-types.js";

export function TicketView({ id, user }: { id: string; user: SessionUser }) {
  const t = useT();
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [canned, setCanned] = useState<CannedReply[]>([]);
  const [users, setUsers] = useState<{ id: string; name: string }[]>([]);
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mail = useTicketMail(id, ticket?.messages.length);

  const load = useCallback(async () => {
    try {
      setTicket(await api<TicketDetail>("GET", `/api/v1/tickets/${id}`));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setMissing(true);
    }
  }, [id]);

  useEffect(() => {
    void load();
    api<ListOf<CannedReply>>("GET", "/api/v1/canned-replies").then(
      (r) => setCanned(r.data),
      () => undefined,
    );
    api<ListOf<UserView>>("GET", "/api/v1/users").then(
      (r) => setUsers(r.data),
      () => undefined,
    );
  }, [load]);

  async function act(call: () => Promise<TicketDetail>) {
    setBusy(true);
    setError(null);
    try {
      setTicket(await call());
      return true;
    } catch (e) {
      setError(t("tickets.desk.error", { message: e instanceof ApiError ? e.message : String(e) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) return;
    const ok = await act(() =>
      api<TicketDetail>("POST", `/api/v1/tickets/${id}/replies`, { text, internal }),
    );
    if (ok) setText("");
  }

  function back(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    navigate("/app/tickets");
  }

  if (missing) return <p className="error">{t("common.errors.notFound")}</p>;
  if (!ticket) return null;
  const closed = ticket.status === "closed";
  const support = ticket.support;
  const supportText =
    support.reason === "active"
      ? t("tickets.desk.supportActive", { date: day(support.supportUntil) })
      : support.reason === "expired"
        ? t("tickets.desk.supportEnded", { date: day(support.supportUntil) })
        : support.reason === "revoked"
          ? t("tickets.desk.supportRevoked")
          : t("tickets.desk.supportRefunded");
  const filesFor = (messageId: string | null) => ticket.attachments.filter((a) => a.messageId === messageId);
  const sortedCanned = [...canned].sort(
    (a, b) => Number(b.language === ticket.language) - Number(a.language === ticket.language),
  );

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
          <span className="muted">{t("tickets.desk.dueBy", { when: when(ticket.firstResponseDueAt) })}</span>
        ) : null}
      </p>
      <div className="ticket-view">
        <div>
          <h2>{t("tickets.desk.thread")}</h2>
          <ol className="ticket-thread">
            <li>
              <span className="who">{t("tickets.desk.description")}</span>{" "}
              <span className="muted">{when(ticket.createdAt)}</span> <MailBadge mail={mail.get("")} />
              <p className="body">{ticket.description}</p>
              <Files files={filesFor(null)} />
            </li>
            {ticket.messages.map((m) => (
              <li
                key={m.id}
                className={m.internal ? "internal" : m.author.type === "user" ? "agent" : undefined}
              >
                <span className="who">{m.author.name}</span>{" "}
                {m.internal ? <span className="pill">{t("tickets.desk.internalNote")}</span> : null}{" "}
                <span className="muted">{when(m.createdAt)}</span>{" "}
                {m.source === "mail" ? <MailBadge mail={mail.get(m.id)} /> : null}
                <p className="body">{m.body}</p>
                <Files files={filesFor(m.id)} />
              </li>
            ))}
          </ol>
          <form className="stack wide" onSubmit={send} aria-label={t("tickets.desk.reply")}>
            {closed && !internal ? <p className="muted">{t("tickets.desk.closedNoReply")}</p> : null}
            {sortedCanned.length > 0 ? (
              <label>
                {t("tickets.desk.cannedReplies")}
                <select
                  value=""
                  onChange={(e) => {
                    const c = canned.find((x) => x.id === e.target.value);
                    if (c) setText((prev) => (prev ? `${prev}\n\n${c.body}` : c.body));
                  }}
                >
                  <option value="">{t("tickets.desk.insertCanned")}</option>
                  {sortedCanned.map((c) => (
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
                placeholder={
                  internal ? t("tickets.desk.notePlaceholder") : t("tickets.desk.replyPlaceholder")
                }
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
            <button
              type="submit"
              className="primary"
              disabled={busy || !text.trim() || (closed && !internal)}
            >
              {internal ? t("tickets.desk.addNote") : t("tickets.desk.send")}
            </button>
          </form>
        </div>
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
          <div className="card stack">
            <label>
              {t("tickets.desk.changeStatus")}
              <select
                value={ticket.status}
                disabled={busy}
                onChange={(e) =>
                  act(() =>
                    api<TicketDetail>("POST", `/api/v1/tickets/${id}/status`, {
                      status: e.target.value as TicketStatus,
                    }),
                  )
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
                  act(() =>
                    api<TicketDetail>("POST", `/api/v1/tickets/${id}/assign`, {
                      assigneeId: e.target.value || null,
                    }),
                  )
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
          <CredentialsCard ticketId={ticket.id} credentials={ticket.credentials} />
        </aside>
      </div>
    </section>
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
