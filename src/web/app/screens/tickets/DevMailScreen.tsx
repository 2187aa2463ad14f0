import type { MouseEvent } from "react";
import { api, errorMessage } from "../../api.js";
import type { DevMailStatus, ListOf, Mail, MailIn, MailSummary } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useData } from "../../use-data.js";
import { MailBadge } from "./MailOrigin.js";
import { when } from "./tickets-ui.js";
import "./tickets.css";

/** Whether the development mail viewer is on (no SMTP_URL): decides if the screen is listed. */
export async function devMailAvailable(): Promise<boolean> {
  return api<DevMailStatus>("GET", "/api/v1/dev-mail/status").then(
    (s) => s.enabled,
    () => false,
  );
}

/** /app/mail and /app/mail/:id: what would have been sent, with HTML and plain-text previews. */
export function DevMailScreen({ path }: { path: string }) {
  const id = path.replace(/^\/app\/mail\/?/, "");
  return id ? <MailView id={id} /> : <MailList />;
}

function MailList() {
  const t = useT();
  const outgoing = useData<ListOf<MailSummary>>("/api/v1/dev-mail?limit=100");
  const items = outgoing.error ? [] : (outgoing.data?.data ?? null);
  const incoming = useData<ListOf<MailIn>>("/api/v1/mail-in/messages?limit=100").data?.data ?? [];
  const open = (event: MouseEvent<HTMLAnchorElement>, to: string) => {
    event.preventDefault();
    navigate(to);
  };
  return (
    <section aria-labelledby="mail-title">
      <h1 id="mail-title">{t("tickets.devMail.title")}</h1>
      <p className="muted">{t("tickets.devMail.lead")}</p>
      <h2>{t("mailIn.view.outgoing")}</h2>
      {items?.length === 0 ? <p className="muted">{t("tickets.devMail.empty")}</p> : null}
      <ul className="ticket-list">
        {(items ?? []).map((m) => (
          <li key={m.id}>
            <a href={`/app/mail/${m.id}`} onClick={(e) => open(e, `/app/mail/${m.id}`)}>
              <span className="num">{m.language.toUpperCase()}</span>
              <span className="subject">{m.subject}</span>
              <span className="pill">{m.kind}</span>
              <span className="meta">
                {t("tickets.devMail.to")}: {m.to} · {when(m.createdAt)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <h2>{t("mailIn.view.incoming")}</h2>
      {incoming.length === 0 ? <p className="muted">{t("mailIn.view.noIncoming")}</p> : null}
      <ul className="ticket-list" aria-label={t("mailIn.view.incoming")}>
        {incoming.map((m) => (
          <li key={m.id}>
            <span className="subject">{m.subject || "—"}</span>{" "}
            <span className="pill">{t(`mailIn.outcome.${m.outcome}`)}</span>{" "}
            <span className="meta">
              {t("mailIn.view.from")}: {m.from.address || "—"} · {when(m.createdAt)}
            </span>{" "}
            {m.ticketId ? (
              <a href={`/app/tickets/${m.ticketId}`} onClick={(e) => open(e, `/app/tickets/${m.ticketId}`)}>
                {t("mailIn.view.ticket")}
              </a>
            ) : null}{" "}
            <MailBadge mail={m} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function MailView({ id }: { id: string }) {
  const t = useT();
  const { data: mail, error } = useData<Mail>(`/api/v1/dev-mail/${id}`);
  const back = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    navigate("/app/mail");
  };
  if (error) return <p className="error">{errorMessage(error)}</p>;
  if (!mail) return null;
  return (
    <section aria-labelledby="mail-subject">
      <p>
        <a href="/app/mail" onClick={back}>
          ← {t("tickets.devMail.back")}
        </a>
      </p>
      <h1 id="mail-subject">{mail.subject}</h1>
      <p className="muted">
        {t("tickets.devMail.to")}: {mail.to} · {when(mail.createdAt)} · {mail.kind}
      </p>
      <h2>{t("tickets.devMail.html")}</h2>
      {/* A sandboxed frame: the mail's HTML renders as the recipient would see it, and can run nothing. */}
      <iframe className="mail-preview" title={t("tickets.devMail.html")} sandbox="" srcDoc={mail.html} />
      <h2>{t("tickets.devMail.text")}</h2>
      <pre className="mail-text">{mail.text}</pre>
    </section>
  );
}
