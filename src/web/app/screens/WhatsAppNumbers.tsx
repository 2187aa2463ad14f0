import type { WhatsAppStatus } from "../api-types.js";
import { useT } from "../i18n.js";
import { when } from "./tickets/tickets-ui.js";

/** Each number as WhatsApp last described it (Test connection, quality webhooks), and the profile "about". */
export function WhatsAppNumbers({
  status,
  busy,
  onPushAbout,
}: {
  status: WhatsAppStatus;
  busy?: boolean;
  onPushAbout?: () => void;
}) {
  const t = useT();
  return (
    <div className="stack wide">
      <h3>{t("whatsapp.ui.numbers")}</h3>
      <table className="table">
        <thead>
          <tr>
            <th />
            {status.numbers.map((n) => (
              <th key={n.role} scope="col">
                {t(`whatsapp.roles.${n.role}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(
            [
              ["display", (n) => n.displayPhoneNumber ?? "—"],
              ["verifiedName", (n) => n.verifiedName ?? "—"],
              ["quality", (n) => n.qualityRating ?? "—"],
              ["tier", (n) => n.messagingLimitTier ?? "—"],
              ["nameStatus", (n) => n.nameStatus ?? "—"],
              ["failing", (n) => String(n.failedSendsLastHour)],
              ["checked", (n) => (n.checkedAt ? when(n.checkedAt) : t("whatsapp.ui.notChecked"))],
              [
                "about",
                (n) =>
                  `${n.about ?? "—"} (${n.aboutSynced ? t("whatsapp.ui.aboutSynced") : t("whatsapp.ui.aboutNotSynced")})`,
              ],
              [
                "profile",
                (n) =>
                  n.profileMismatch.length === 0
                    ? t("whatsapp.ui.aboutSynced")
                    : t("whatsapp.ui.profileDiffers", {
                        fields: n.profileMismatch
                          .map((f) => t(`whatsapp.ui.profileFields.${f as "about"}`))
                          .join(", "),
                      }),
              ],
            ] as const satisfies readonly (readonly [
              string,
              (n: WhatsAppStatus["numbers"][number]) => string,
            ])[]
          ).map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{t(`whatsapp.ui.${key}`)}</th>
              {status.numbers.map((n) => (
                <td key={n.role} data-testid={`${n.role}-${key}`}>
                  {value(n)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {status.numbers.some((n) => n.error) ? (
        <ul className="plain" aria-label="errors">
          {status.numbers
            .filter((n) => n.error)
            .map((n) => (
              <li key={n.role} className="error" role="alert">
                {t(`whatsapp.roles.${n.role}`)}: {n.error?.message}
              </li>
            ))}
        </ul>
      ) : null}
      {onPushAbout ? (
        <div className="row">
          <button type="button" disabled={busy} onClick={onPushAbout}>
            {t("whatsapp.ui.aboutPush")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
