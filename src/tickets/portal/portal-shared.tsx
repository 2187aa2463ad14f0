import type { ReactNode } from "react";
import type { LicenseWithSupport } from "../../licenses/licenses.service.js";
import type { Translator } from "../../platform/i18n/i18n.js";
import type { Language, Settings } from "../../settings/settings.schema.js";
import { Layout } from "../../web/public/Layout.js";
import type { PolicyModel } from "../../web/public/policy-model.js";
import { PremiumAccess, RateTable } from "../../web/public/shared.js";
import { formatDate } from "./portal-format.js";

/** What every portal page receives. */
export interface PortalPage {
  lang: Language;
  t: Translator;
  settings: Settings;
  m: PolicyModel;
}

export interface SignedIn {
  email: string;
  csrf: string;
}

export function PortalFrame({
  page,
  title,
  path,
  signedIn,
  children,
}: {
  page: PortalPage;
  title: string;
  path: string;
  signedIn?: SignedIn;
  children: ReactNode;
}) {
  const { lang, t, settings } = page;
  return (
    <Layout lang={lang} t={t} title={title} vendor={settings.vendor.name} current="portal" path={path}>
      {signedIn ? (
        <form className="note" method="post" action={`/support/sign-out?lang=${lang}`}>
          <input type="hidden" name="_csrf" value={signedIn.csrf} />
          {t("portal.signedInAs", { email: signedIn.email })}{" "}
          <button type="submit" className="button">
            {t("portal.signOut")}
          </button>
        </form>
      ) : null}
      {children}
    </Layout>
  );
}

/** The support state of one license in words, with a badge colour. */
export function SupportBadge({ page, license }: { page: PortalPage; license: LicenseWithSupport }) {
  const { t, lang } = page;
  const s = license.support;
  const text =
    s.reason === "active"
      ? t("portal.support.active", { date: formatDate(lang, s.supportUntil) })
      : s.reason === "expired"
        ? t("portal.support.ended", { date: formatDate(lang, s.supportUntil) })
        : t(`portal.support.${s.reason}`);
  return <span className={`badge ${s.active ? "active" : "expired"}`}>{text}</span>;
}

/**
 * For a license without support, what the customer can do next, in words that fit why: a refunded or
 * revoked license has nothing to renew, so no renewal button is offered for it.
 */
export function EndedOptions({ page, license }: { page: PortalPage; license: LicenseWithSupport }) {
  const { t, settings, m } = page;
  const reason = license.support.reason;
  if (license.support.active) return null;
  const renewalUrl = reason === "expired" ? settings.vendor.renewalUrl : "";
  const help =
    reason === "refunded"
      ? t("portal.support.refundedHelp")
      : reason === "revoked"
        ? t("portal.support.revokedHelp")
        : renewalUrl
          ? t("portal.support.endedHelp")
          : t("portal.support.endedHelpNoRenewal");
  return (
    <>
      <p>{help}</p>
      <p className="actions">
        {renewalUrl ? (
          <a className="button" href={renewalUrl}>
            {t("portal.support.renew")}
          </a>
        ) : null}
        {reason === "revoked" || (reason === "expired" && !renewalUrl) ? (
          <a className="button" href={m.officialChatUrl}>
            {t("public.chatOnWhatsApp")} ({m.officialNumber})
          </a>
        ) : null}
        {reason !== "revoked" ? <a href="#premium">{t("portal.support.premium")}</a> : null}
      </p>
    </>
  );
}

/** The premium line as the policy page presents it: rates, and how to get the number. */
export function PremiumSection({ page }: { page: PortalPage }) {
  const { t, m } = page;
  return (
    <section aria-labelledby="premium" className="card">
      <h2 id="premium">{t("portal.premium.title")}</h2>
      <p>{t("portal.premium.body", { owner: m.owner })}</p>
      <RateTable t={t} m={m} />
      <PremiumAccess t={t} m={m} />
      <p className="note">{t("public.policy.ticketsSkip")}</p>
    </section>
  );
}

/** Who gets free support, in the policy page's own words. */
export function FreeSupportNote({ page }: { page: PortalPage }) {
  const { t, m } = page;
  return (
    <section aria-labelledby="free-support">
      <h2 id="free-support">{t("public.policy.ticketsTitle")}</h2>
      <p>{t("public.policy.ticketsBody")}</p>
      <p>{t("public.policy.refund", { days: m.refundWindowDays })}</p>
      <p>{t("public.policy.updates")}</p>
    </section>
  );
}

export function MessagePage({
  page,
  title,
  body,
  path,
  children,
}: {
  page: PortalPage;
  title: string;
  body: string;
  path: string;
  children?: ReactNode;
}) {
  return (
    <PortalFrame page={page} title={title} path={path}>
      <h1>{title}</h1>
      <p className="lead">{body}</p>
      {children}
      <p>
        <a href={`/support?lang=${page.lang}`}>{page.t("portal.errors.back")}</a>
      </p>
    </PortalFrame>
  );
}
