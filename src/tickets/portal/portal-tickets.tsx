import type { LicenseWithSupport } from "../../licenses/licenses.service.js";
import { ACCEPTED_EXTENSIONS } from "../attachments.js";
import type { TicketAttachment, TicketMessage } from "../ticket-thread.repository.js";
import type { Ticket } from "../tickets.repository.js";
import { TICKET_CATEGORIES } from "../tickets.schema.js";
import { formatDate, formatInstant, formatSize } from "./portal-format.js";
import {
  EndedOptions,
  PortalFrame,
  type PortalPage,
  PremiumSection,
  type SignedIn,
  SupportBadge,
} from "./portal-shared.js";

const ACCEPT = ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(",");

export type NewTicketValues = Partial<Record<string, string>>;

export function NewTicketPage({
  page,
  signedIn,
  licenses,
  values,
  error,
}: {
  page: PortalPage;
  signedIn: SignedIn;
  licenses: LicenseWithSupport[];
  values: NewTicketValues;
  error?: string;
}) {
  const { t, lang } = page;
  const active = licenses.filter((l) => l.support.active);
  const ended = licenses.filter((l) => !l.support.active);
  const v = (name: string) => values[name] ?? "";
  return (
    <PortalFrame
      page={page}
      title={t("portal.newTicket.title")}
      path="/support/tickets/new"
      signedIn={signedIn}
    >
      <p>
        <a href={`/support?lang=${lang}`}>{t("portal.ticket.back")}</a>
      </p>
      <h1>{t("portal.newTicket.title")}</h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {active.length === 0 ? (
        <p className="lead" role="status">
          {t("portal.newTicket.noActive")}
        </p>
      ) : (
        <form
          className="stack"
          method="post"
          action={`/support/tickets?lang=${lang}`}
          encType="multipart/form-data"
        >
          <input type="hidden" name="_csrf" value={signedIn.csrf} />
          <label>
            {t("portal.newTicket.license")}
            <select name="licenseId" required defaultValue={v("licenseId")}>
              {active.map((l) => (
                <option key={l.id} value={l.id}>
                  {t("portal.newTicket.licenseOption", {
                    product: l.productName,
                    key: l.key,
                    date: formatDate(lang, l.supportUntil),
                  })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("portal.newTicket.category")}
            <select name="category" required defaultValue={v("category") || "installation"}>
              {TICKET_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`tickets.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("portal.newTicket.subject")}
            <input name="subject" required minLength={3} maxLength={200} defaultValue={v("subject")} />
          </label>
          <label>
            {t("portal.newTicket.description")}
            <span className="note">{t("portal.newTicket.descriptionHelp")}</span>
            <textarea
              name="description"
              required
              minLength={10}
              maxLength={20000}
              rows={8}
              defaultValue={v("description")}
            />
          </label>
          <label>
            {t("portal.newTicket.storeUrl")}
            <input
              name="storeUrl"
              type="url"
              maxLength={300}
              placeholder="https://"
              defaultValue={v("storeUrl")}
            />
          </label>
          <label>
            {t("portal.newTicket.opencartVersion")}
            <input
              name="opencartVersion"
              maxLength={20}
              placeholder="4.0.2.3"
              defaultValue={v("opencartVersion")}
            />
          </label>
          <label>
            {t("portal.newTicket.phpVersion")}
            <input name="phpVersion" maxLength={20} placeholder="8.2" defaultValue={v("phpVersion")} />
          </label>
          <label>
            {t("portal.newTicket.attachments")}
            <span className="note">{t("portal.newTicket.attachmentsHelp")}</span>
            <input name="attachments" type="file" multiple accept={ACCEPT} />
          </label>
          <fieldset className="card">
            <legend>{t("portal.newTicket.access")}</legend>
            <p className="note">{t("portal.newTicket.accessHelp")}</p>
            <div className="stack">
              <label>
                {t("portal.newTicket.adminUrl")}
                <input name="adminUrl" maxLength={300} autoComplete="off" defaultValue={v("adminUrl")} />
              </label>
              <label>
                {t("portal.newTicket.adminUser")}
                <input name="adminUser" maxLength={200} autoComplete="off" defaultValue={v("adminUser")} />
              </label>
              <label>
                {t("portal.newTicket.adminPassword")}
                <input name="adminPassword" type="password" maxLength={200} autoComplete="new-password" />
              </label>
              <label>
                {t("portal.newTicket.ftp")}
                <textarea name="ftp" maxLength={2000} rows={3} autoComplete="off" />
              </label>
            </div>
          </fieldset>
          <div>
            <button type="submit" className="button">
              {t("portal.newTicket.submit")}
            </button>
          </div>
        </form>
      )}
      {ended.length > 0 ? (
        <section aria-labelledby="ended">
          <h2 id="ended">{t("portal.newTicket.inactiveTitle")}</h2>
          {ended.map((l) => (
            <div className="card" key={l.id}>
              <h3>{l.productName}</h3>
              <p>
                <SupportBadge page={page} license={l} /> <code>{l.key}</code>
              </p>
              <EndedOptions page={page} license={l} />
            </div>
          ))}
        </section>
      ) : null}
      {ended.length > 0 || active.length === 0 ? <PremiumSection page={page} /> : null}
    </PortalFrame>
  );
}

export function TicketPage({
  page,
  signedIn,
  ticket,
  productName,
  messages,
  attachments,
  credentials,
  canReply,
  notice,
  error,
}: {
  page: PortalPage;
  signedIn: SignedIn;
  ticket: Ticket;
  productName: string;
  messages: TicketMessage[];
  attachments: TicketAttachment[];
  credentials: { present: boolean; erasedAt: string | null } | undefined;
  canReply: boolean;
  notice?: string;
  error?: string;
}) {
  const { t, lang, settings } = page;
  const tz = settings.vendor.timeZone;
  const filesFor = (messageId: string | null) => attachments.filter((a) => a.messageId === messageId);
  const path = `/support/tickets/${ticket.id}`;
  return (
    <PortalFrame page={page} title={`#${ticket.number} ${ticket.subject}`} path={path} signedIn={signedIn}>
      <p>
        <a href={`/support?lang=${lang}`}>{t("portal.ticket.back")}</a>
      </p>
      <h1>
        #{ticket.number} {ticket.subject}
      </h1>
      {notice ? (
        <p className="ok" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        <span className={`badge ${ticket.status === "closed" ? "expired" : "active"}`}>
          {t(`tickets.customerStatus.${ticket.status}`)}
        </span>
      </p>
      <p className="note">
        {t("portal.ticket.product")}: {productName} · {t("portal.ticket.category")}:{" "}
        {t(`tickets.category.${ticket.category}`)} ·{" "}
        {t("portal.ticket.opened", { date: formatInstant(lang, ticket.createdAt, tz) })}
      </p>
      {credentials?.erasedAt ? (
        <p className="card error">
          {t("portal.ticket.accessErased", { date: formatInstant(lang, credentials.erasedAt, tz) })}
        </p>
      ) : credentials?.present ? (
        <p className="card note">{t("portal.ticket.accessKept")}</p>
      ) : null}
      <ol className="thread">
        <li>
          <strong>
            {ticket.createdBy.type === "customer" ? t("portal.ticket.you") : settings.vendor.name}
          </strong>{" "}
          <span className="note">{formatInstant(lang, ticket.createdAt, tz)}</span>
          {"\n"}
          {ticket.description}
          <Files
            files={filesFor(null)}
            ticketId={ticket.id}
            lang={lang}
            label={t("portal.ticket.attachments")}
          />
        </li>
        {messages.map((m) => (
          <li key={m.id} className={m.author.type === "user" ? "agent" : undefined}>
            <strong>
              {m.author.type === "customer"
                ? t("portal.ticket.you")
                : t("portal.ticket.team", { name: m.author.name, vendor: settings.vendor.name })}
            </strong>{" "}
            <span className="note">{formatInstant(lang, m.createdAt, tz)}</span>
            {"\n"}
            {m.body}
            <Files
              files={filesFor(m.id)}
              ticketId={ticket.id}
              lang={lang}
              label={t("portal.ticket.attachments")}
            />
          </li>
        ))}
      </ol>
      {canReply ? (
        <form
          className="stack"
          method="post"
          action={`/support/tickets/${ticket.id}/replies?lang=${lang}`}
          encType="multipart/form-data"
        >
          <input type="hidden" name="_csrf" value={signedIn.csrf} />
          {ticket.status === "resolved" ? <p className="note">{t("portal.ticket.resolvedHint")}</p> : null}
          <label>
            {t("portal.ticket.reply")}
            <textarea name="text" required maxLength={20000} rows={6} />
          </label>
          <label>
            {t("portal.newTicket.attachments")}
            <span className="note">{t("portal.newTicket.attachmentsHelp")}</span>
            <input name="attachments" type="file" multiple accept={ACCEPT} />
          </label>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          <div>
            <button type="submit" className="button">
              {t("portal.ticket.send")}
            </button>
          </div>
        </form>
      ) : (
        <p className="card">
          {t("portal.ticket.closed")}{" "}
          <a href={`/support/tickets/new?lang=${lang}`}>{t("portal.home.newTicket")}</a>
        </p>
      )}
    </PortalFrame>
  );
}

function Files({
  files,
  ticketId,
  lang,
  label,
}: {
  files: TicketAttachment[];
  ticketId: string;
  lang: string;
  label: string;
}) {
  if (files.length === 0) return null;
  return (
    <span>
      {"\n"}
      {label}:{" "}
      {files.map((f, i) => (
        <span key={f.id}>
          {i > 0 ? ", " : ""}
          <a href={`/support/tickets/${ticketId}/attachments/${f.id}?lang=${lang}`}>{f.fileName}</a> (
          {formatSize(f.size)})
        </span>
      ))}
    </span>
  );
}
