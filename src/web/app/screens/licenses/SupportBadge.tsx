import type { Support } from "../../api-types.js";
import { useT } from "../../i18n.js";

/** The support state as agents read it: colour plus words (never colour alone). */
export function SupportBadge({ support }: { support: Support }) {
  const t = useT();
  if (support.reason === "active") {
    return (
      <span className="support-badge active">
        {t("licenses.support.active")} · {t("licenses.support.until", { date: support.supportUntil })}
        <span className="days">
          {" "}
          ·{" "}
          {support.daysLeft === 0
            ? t("licenses.support.lastDay")
            : t("licenses.support.daysLeft", { days: support.daysLeft })}
        </span>
      </span>
    );
  }
  if (support.reason === "expired") {
    return (
      <span className="support-badge expired">
        {t("licenses.support.expired")} · {t("licenses.support.endedOn", { date: support.supportUntil })}
      </span>
    );
  }
  return <span className={`support-badge ${support.reason}`}>{t(`licenses.support.${support.reason}`)}</span>;
}
