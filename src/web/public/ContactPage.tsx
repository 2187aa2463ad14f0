import type { Translator } from "../../platform/i18n/i18n.js";
import type { Language } from "../../settings/settings.schema.js";
import { Layout } from "./Layout.js";
import type { PolicyModel } from "./policy-model.js";
import { PremiumAccess, RateTable } from "./shared.js";

export function ContactPage({ lang, t, m }: { lang: Language; t: Translator; m: PolicyModel }) {
  return (
    <Layout
      lang={lang}
      t={t}
      title={t("public.contact.title", { vendor: m.vendor })}
      vendor={m.vendor}
      current="contact"
      path="/contact"
    >
      <h1>{t("public.contact.title", { vendor: m.vendor })}</h1>
      <p className="lead">{t("public.contact.lead")}</p>
      <div className="grid">
        <section className="card" aria-labelledby="presales">
          <h2 id="presales">{t("public.contact.presalesTitle")}</h2>
          <p>{t("public.contact.presalesBody")}</p>
          <p>{t("public.contact.hours", m.hours)}</p>
          <p className="number">{m.officialNumber}</p>
          <p>
            <a className="button" href={m.officialChatUrl}>
              {t("public.chatOnWhatsApp")}
            </a>
          </p>
        </section>
        <section className="card" aria-labelledby="tickets">
          <h2 id="tickets">{t("public.contact.ticketsTitle")}</h2>
          <p>{t("public.contact.ticketsBody")}</p>
          <p>
            <a className="button" href={m.portalUrl}>
              {t("public.policy.ticketsLink")}
            </a>
          </p>
        </section>
      </div>
      <section aria-labelledby="premium">
        <h2 id="premium">{t("public.contact.premiumTitle")}</h2>
        <p>{t("public.contact.premiumBody", { owner: m.owner })}</p>
        <RateTable t={t} m={m} />
        <PremiumAccess t={t} m={m} />
      </section>
      {m.supportEmail ? (
        <section aria-labelledby="email">
          <h2 id="email">{t("public.contact.emailTitle")}</h2>
          <p>
            <a href={`mailto:${m.supportEmail}`}>{m.supportEmail}</a>
          </p>
        </section>
      ) : null}
      <p>
        <a href={`/policy?lang=${lang}`}>{t("public.contact.policyLink")}</a>
      </p>
    </Layout>
  );
}
