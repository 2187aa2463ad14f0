import { useState } from "react";
import { api, errorMessage } from "../../api.js";
import type { Credentials } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { when } from "./tickets-ui.js";

/** Store access: hidden until an agent asks, and every reveal is audited on the server. */
export function CredentialsCard({
  ticketId,
  credentials,
}: {
  ticketId: string;
  credentials: { present: boolean; erasedAt: string | null };
}) {
  const t = useT();
  const [shown, setShown] = useState<Credentials | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function reveal() {
    try {
      setShown(await api<Credentials>("GET", `/api/v1/tickets/${ticketId}/credentials`));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const fields: (keyof Credentials)[] = ["adminUrl", "adminUser", "adminPassword", "ftp"];
  return (
    <div className="card">
      <h2>{t("tickets.desk.credentials")}</h2>
      {credentials.erasedAt ? (
        <p className="muted">{t("tickets.desk.credentialsErased", { date: when(credentials.erasedAt) })}</p>
      ) : !credentials.present ? (
        <p className="muted">{t("tickets.desk.credentialsNone")}</p>
      ) : shown ? (
        <dl>
          {fields
            .filter((f) => shown[f])
            .map((f) => (
              <div key={f}>
                <dt>{t(`tickets.desk.credentialsFields.${f}`)}</dt>
                <dd className="body">{shown[f]}</dd>
              </div>
            ))}
        </dl>
      ) : (
        <>
          <p className="muted">{t("tickets.desk.credentialsAudit")}</p>
          <button type="button" onClick={reveal}>
            {t("tickets.desk.credentialsReveal")}
          </button>
        </>
      )}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
