import type { Translator } from "../../platform/i18n/i18n.js";
import type { PolicyModel } from "./policy-model.js";

export function RateTable({ t, m }: { t: Translator; m: PolicyModel }) {
  return (
    <>
      <table className="rates">
        <caption className="note">{t("public.policy.ratesIntro")}</caption>
        <tbody>
          {m.rates.map((r) => (
            <tr key={r.serviceType}>
              <th scope="row">{t(`common.serviceTypes.${r.serviceType}`)}</th>
              <td className="amount">{t("common.perHour", { amount: r.amount })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {m.fixed.length > 0 ? (
        <>
          <p>{t("public.policy.fixedIntro")}</p>
          <ul>
            {m.fixed.map((f) => (
              <li key={f.id}>
                {f.name}: <strong>{f.amount}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** How to reach the premium line: the number itself only when the owner publishes it. */
export function PremiumAccess({ t, m }: { t: Translator; m: PolicyModel }) {
  if (m.premiumNumber && m.premiumChatUrl) {
    return (
      <div className="card">
        <p>{t("public.policy.premiumPublished")}</p>
        <p className="number">{m.premiumNumber}</p>
        <p>
          <a className="button" href={m.premiumChatUrl}>
            {t("public.chatOnWhatsApp")}
          </a>
        </p>
      </div>
    );
  }
  // Hidden premium number: the way to it is the official number, so that one is shown with its chat link.
  return (
    <div className="card">
      <p>{t("public.policy.premiumHidden")}</p>
      <p className="number">{m.officialNumber}</p>
      <p>
        <a className="button" href={m.officialChatUrl}>
          {t("public.chatOnWhatsApp")}
        </a>
      </p>
    </div>
  );
}
