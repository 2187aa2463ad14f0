import { refundWindowLastDay, refundWindowOpen } from "../../licenses/entitlement.js";
import type { LicenseWithSupport } from "../../licenses/licenses.service.js";
import type { CustomerTicketSummary } from "../tickets.repository.js";
import { formatDate, formatInstant } from "./portal-format.js";
import {
  EndedOptions,
  FreeSupportNote,
  PortalFrame,
  type PortalPage,
  PremiumSection,
  type SignedIn,
  SupportBadge,
} from "./portal-shared.js";

export function PortalHomePage({
  page,
  signedIn,
  licenses,
  tickets,
  now,
}: {
  page: PortalPage;
  signedIn: SignedIn;
  licenses: LicenseWithSupport[];
  tickets: CustomerTicketSummary[];
  now: Date;
}) {
  const { t, lang, settings } = page;
  const anyActive = licenses.some((l) => l.support.active);
  const anyEnded = licenses.some((l) => !l.support.active);
  const tz = settings.vendor.timeZone;
  const refundDays = settings.tickets.refundWindowDays;
  return (
    <PortalFrame page={page} title={t("portal.home.title")} path="/support" signedIn={signedIn}>
      <h1>{t("portal.home.title")}</h1>
      {anyActive ? (
        <p>
          <a className="button" href={`/support/tickets/new?lang=${lang}`}>
            {t("portal.home.newTicket")}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="tickets">
        <h2 id="tickets">{t("portal.home.tickets")}</h2>
        {tickets.length === 0 ? (
          <p className="note">{t("portal.home.noTickets")}</p>
        ) : (
          <ul className="thread">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <a href={`/support/tickets/${ticket.id}?lang=${lang}`}>
                  #{ticket.number} {ticket.subject}
                </a>
                <br />
                <span className="note">
                  {ticket.productName} · {t(`tickets.customerStatus.${ticket.status}`)} ·{" "}
                  {t("portal.home.updated", { date: formatInstant(lang, ticket.updatedAt, tz) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="licenses">
        <h2 id="licenses">{t("portal.home.licenses")}</h2>
        {licenses.length === 0 ? <p className="note">{t("portal.home.noLicenses")}</p> : null}
        {licenses.map((license) => {
          const lastRefundDay = refundWindowLastDay(license.purchaseDate, refundDays);
          const refundOpen = refundWindowOpen(license.purchaseDate, now, tz, refundDays);
          return (
            <div className="card" key={license.id}>
              <h3>{license.productName}</h3>
              <p>
                <SupportBadge page={page} license={license} />
              </p>
              <p className="note">
                {t("portal.home.key")}: <code>{license.key}</code>
                <br />
                {t("portal.home.purchased", { date: formatDate(lang, license.purchaseDate) })}
                {license.status === "active" ? (
                  <>
                    <br />
                    {refundOpen
                      ? `${t("portal.home.refundOpen", { date: formatDate(lang, lastRefundDay) })} ${t("portal.home.refundHow")}`
                      : t("portal.home.refundClosed", { date: formatDate(lang, lastRefundDay) })}
                  </>
                ) : null}
              </p>
              <EndedOptions page={page} license={license} />
            </div>
          );
        })}
      </section>

      <section aria-labelledby="your-data">
        <h2 id="your-data">{t("privacy.request.title")}</h2>
        <p className="note">{t("privacy.request.intro")}</p>
        <form method="post" action={`/support/data-request?lang=${lang}`}>
          <input type="hidden" name="_csrf" value={signedIn.csrf} />
          <button type="submit" name="kind" value="export">
            {t("privacy.request.export")}
          </button>{" "}
          <button type="submit" name="kind" value="erase">
            {t("privacy.request.erase")}
          </button>
        </form>
      </section>

      <FreeSupportNote page={page} />
      {anyEnded || licenses.length === 0 ? <PremiumSection page={page} /> : null}
    </PortalFrame>
  );
}
