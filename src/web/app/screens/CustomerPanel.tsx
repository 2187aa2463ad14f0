import { type FormEvent, useCallback, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { CustomerPanel as CustomerPanelView } from "../api-types.js";
import { useT } from "../i18n.js";
import { useLoader } from "../use-data.js";
import { CreateTicketForm } from "./CreateTicketForm.js";

/** The contact's customer and licenses with support state, or a form to link one by email or license key. */
export function CustomerPanel({
  conversationId,
  version,
  lastCustomerText,
}: {
  conversationId: string;
  version: number;
  lastCustomerText: string;
}) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [phoneAdded, setPhoneAdded] = useState<string | null>(null);
  const url = `/api/v1/conversations/${conversationId}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the live-update signal to reload.
  const load = useCallback(() => api<CustomerPanelView>("GET", `${url}/customer`), [url, version]);
  const { data: loaded, error: loadError, setData: setPanel } = useLoader(load);
  const panel = loadError ? null : loaded;

  async function link(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const licenseKey = String(form.get("licenseKey") ?? "").trim();
    setError(null);
    try {
      const linked = await api<CustomerPanelView>("POST", `${url}/link`, email ? { email } : { licenseKey });
      setPanel(linked);
      setPhoneAdded(linked.phoneAdded ?? null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  if (!panel) return null;
  const date = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString([], { dateStyle: "medium" });

  return (
    <section className="card side-card" aria-label={t("inbox.customer.title")}>
      <h3>{t("inbox.customer.title")}</h3>
      {panel.customer ? (
        <>
          {phoneAdded ? (
            <p role="status" className="ok">
              {t("inbox.customer.phoneAdded", { phone: phoneAdded })}{" "}
              <button
                type="button"
                className="link"
                onClick={() => {
                  const customer = panel.customer;
                  if (!customer) return;
                  const digits = phoneAdded.replace(/\D/g, "");
                  api("PATCH", `/api/v1/customers/${customer.id}`, {
                    phones: customer.phones.filter((p) => p.replace(/\D/g, "") !== digits),
                  }).then(
                    () => setPhoneAdded(null),
                    (e: unknown) => setError(errorMessage(e)),
                  );
                }}
              >
                {t("inbox.customer.undo")}
              </button>
            </p>
          ) : null}
          <p>
            <strong>{panel.customer.name}</strong>
            <br />
            <span className="muted">{panel.customer.email}</span>
          </p>
          <h4>{t("inbox.customer.licenses")}</h4>
          {panel.licenses.length === 0 ? (
            <p className="muted">{t("inbox.customer.noLicenses")}</p>
          ) : (
            <ul className="plain licenses">
              {panel.licenses.map((l) => (
                <li key={l.key} className={l.supportActive ? "support-active" : "support-ended"}>
                  <strong>{l.product}</strong>{" "}
                  <span>
                    {l.support === "active"
                      ? t("inbox.customer.supportUntil", { date: date(l.supportUntil) })
                      : l.support === "expired"
                        ? t("inbox.customer.supportEnded", { date: date(l.supportUntil) })
                        : t(`inbox.customer.${l.support}`)}
                  </span>
                  <br />
                  <code className="muted">{l.key}</code>
                </li>
              ))}
            </ul>
          )}
          {panel.licenses.length > 0 ? (
            <CreateTicketForm
              conversationId={conversationId}
              panel={{ ...panel, customer: panel.customer }}
              lastCustomerText={lastCustomerText}
            />
          ) : null}
          <button
            type="button"
            className="link"
            onClick={() => void api<CustomerPanelView>("DELETE", `${url}/link`).then(setPanel)}
          >
            {t("inbox.customer.unlink")}
          </button>
        </>
      ) : (
        <form onSubmit={link} className="link-form">
          <p className="muted">{t("inbox.customer.notLinked")}</p>
          <label>
            {t("inbox.customer.linkEmail")}
            <input name="email" type="email" autoComplete="off" />
          </label>
          <label>
            {t("inbox.customer.linkKey")}
            <input name="licenseKey" autoComplete="off" />
          </label>
          <button type="submit">{t("inbox.customer.link")}</button>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
