import { useEffect, useState } from "react";
import { api } from "../api.js";
import type { WhatsAppStatus } from "../api-types.js";
import { useT } from "../i18n.js";
import { when } from "./tickets/tickets-ui.js";

/**
 * Home: each number's connection and quality, failing sends in the last hour, the last webhook; problems first
 * (in red), then setup steps left (plain links to Settings → WhatsApp, not alarms).
 */
export function WhatsAppHealthCard({
  showSteps,
}: {
  /** Setup steps are the owner's to take. */ showSteps: boolean;
}) {
  const t = useT();
  const [status, setStatus] = useState<WhatsAppStatus | null>(null);
  useEffect(() => {
    api<WhatsAppStatus>("GET", "/api/v1/whatsapp/status").then(setStatus, () => setStatus(null));
  }, []);
  if (!status) return null;
  return (
    <section className="card" aria-labelledby="wa-health-title">
      <h2 id="wa-health-title">{t("whatsapp.ui.health")}</h2>
      {status.problems.length > 0 ? (
        <ul className="plain" role="alert">
          {status.problems.map((p) => (
            <li key={p} className="error">
              {p}
            </li>
          ))}
        </ul>
      ) : !showSteps || status.steps.length === 0 ? (
        <p className="ok">{t("whatsapp.ui.allWell")}</p>
      ) : null}
      {showSteps && status.steps.length > 0 && (
        <>
          <h3>{t("whatsapp.ui.nextSteps")}</h3>
          <ul className="plain">
            {status.steps.map((s) => (
              <li key={s}>
                <a href="/app/settings#whatsapp">{s}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <dl>
        {status.numbers.map((n) => (
          <div key={n.role}>
            <dt>{t(`whatsapp.roles.${n.role}`)}</dt>
            <dd>
              {n.error ? "⚠" : n.checkedAt ? "✓" : "·"} {t("whatsapp.ui.quality")}: {n.qualityRating ?? "—"} ·{" "}
              {t("whatsapp.ui.tier")}: {n.messagingLimitTier ?? "—"} · {t("whatsapp.ui.failing")}:{" "}
              {n.failedSendsLastHour}
            </dd>
          </div>
        ))}
        <dt>{t("whatsapp.ui.lastWebhook")}</dt>
        <dd>{status.lastWebhookAt ? when(status.lastWebhookAt) : t("whatsapp.ui.never")}</dd>
      </dl>
    </section>
  );
}
