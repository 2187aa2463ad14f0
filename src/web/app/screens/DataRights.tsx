import { useState } from "react";
import { api, errorMessage } from "../api.js";
import { useT } from "../i18n.js";

/** The owner's data-rights actions on a customer (export, erase) or a WhatsApp contact (erase). */
export function DataRights({
  kind,
  id,
  onErased,
}: {
  kind: "customer" | "contact";
  id: string;
  onErased: () => void;
}) {
  const t = useT();
  const [message, setMessage] = useState("");
  const base = `/api/v1/${kind === "customer" ? "customers" : "contacts"}/${encodeURIComponent(id)}`;

  async function erase() {
    if (!window.confirm(t("privacy.app.eraseConfirm"))) return;
    try {
      await api("POST", `${base}/erase`, { confirm: true });
      setMessage(t("privacy.app.erased"));
      onErased();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  }

  return (
    <section className="card side-card data-rights" aria-label={t("privacy.app.section")}>
      <h3>{t("privacy.app.section")}</h3>
      <p>
        {kind === "customer" ? (
          <>
            <a className="button" href={`${base}/export`} download>
              {t("privacy.app.export")}
            </a>{" "}
          </>
        ) : null}
        <button type="button" className="danger" onClick={() => void erase()}>
          {t("privacy.app.erase")}
        </button>
      </p>
      {message ? <p role="status">{message}</p> : null}
    </section>
  );
}
