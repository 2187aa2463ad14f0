import type { Translator } from "../../platform/i18n/i18n.js";
import type { Language } from "../../settings/settings.schema.js";
import { Layout } from "./Layout.js";
import type { PolicyModel } from "./policy-model.js";
import { PremiumAccess, RateTable } from "./shared.js";

export function PolicyPage({ lang, t, m }: { lang: Language; t: Translator; m: PolicyModel }) {
  const p = { vendor: m.vendor, owner: m.owner, platform: m.platform, years: m.years };
  return (
    <Layout
      lang={lang}
      t={t}
      title={t("public.policy.title")}
      vendor={m.vendor}
      current="policy"
      path="/policy"
    >
      <h1>
        {t("public.policy.title")} — {m.vendor}
      </h1>
      <p className="lead">{t("public.policy.lead", p)}</p>

      <section aria-labelledby="official">
        <h2 id="official">{t("public.policy.officialTitle")}</h2>
        <p>{t("public.policy.officialBody", p)}</p>
        <div className="card">
          <p className="number">{m.officialNumber}</p>
          <p>
            <a className="button" href={m.officialChatUrl}>
              {t("public.chatOnWhatsApp")}
            </a>
          </p>
        </div>
        <ul>
          <li>{t("public.policy.officialFree")}</li>
          <li>{t("public.policy.officialNotSupport")}</li>
        </ul>
      </section>

      <section aria-labelledby="premium">
        <h2 id="premium">{t("public.policy.premiumTitle", p)}</h2>
        <p>{t("public.policy.premiumBody", p)}</p>
        <p>{t("public.policy.ratesIntro")}</p>
        <RateTable t={t} m={m} />
        <PremiumAccess t={t} m={m} />
      </section>

      <section aria-labelledby="tickets">
        <h2 id="tickets">{t("public.policy.ticketsTitle")}</h2>
        <p>{t("public.policy.ticketsBody")}</p>
        <p>
          <a href={m.portalUrl}>{t("public.policy.ticketsLink")}</a>
        </p>
        <p>{t("public.policy.ticketsSkip")}</p>
        <p>{t("public.policy.refund", { days: m.refundWindowDays })}</p>
      </section>

      <section aria-labelledby="how">
        <h2 id="how">{t("public.policy.howTitle")}</h2>
        <ul>
          <li>{t("public.policy.howPresales")}</li>
          <li>{t("public.policy.howTickets")}</li>
          <li>{t("public.policy.howPremium", p)}</li>
        </ul>
      </section>

      <section aria-labelledby="billing">
        <h2 id="billing">{t("public.policy.billingTitle")}</h2>
        <ul>
          <li>{t("public.policy.billingTime", { increment: m.incrementMinutes })}</li>
          {m.minimumMinutes > 0 ? (
            <li>{t("public.policy.billingMinimum", { minimum: m.minimumMinutes })}</li>
          ) : null}
          <li>{t("public.policy.billingAgreement")}</li>
          <li>{t("public.policy.billingLicense")}</li>
        </ul>
      </section>

      <section aria-labelledby="notes">
        <h2 id="notes">{t("public.policy.notesTitle")}</h2>
        <ul>
          <li>{t("public.policy.notesRightNumber")}</li>
          <li>{t("public.policy.notesPremiumCharges")}</li>
          <li>{t("public.policy.notesDirect", p)}</li>
          <li>{t("public.policy.notesFreeTickets")}</li>
          <li>{t("public.policy.updates")}</li>
        </ul>
        <p>{t("public.policy.closing")}</p>
        <p>
          <strong>{t("public.policy.thanks", p)}</strong>
        </p>
      </section>
    </Layout>
  );
}
