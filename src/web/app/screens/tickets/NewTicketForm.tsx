import { type FormEvent, type MouseEvent, useState } from "react";
import { api, errorMessage, isApiError } from "../../api.js";
import type { CustomerLookup, TicketDetail } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { CATEGORIES, day } from "./tickets-ui.js";

/** An agent opens a ticket for a customer; a license without support needs a courtesy reason. */
export function NewTicketForm() {
  const t = useT();
  const [lookup, setCustomerLookup] = useState<CustomerLookup | null>(null);
  const [licenseId, setLicenseId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    setError(null);
    try {
      const found = await api<CustomerLookup>(
        "GET",
        `/api/v1/tickets/customer-lookup?email=${encodeURIComponent(email)}`,
      );
      setCustomerLookup(found);
      setLicenseId(found.licenses.find((l) => l.support.active)?.id ?? found.licenses[0]?.id ?? "");
    } catch (e) {
      setCustomerLookup(null);
      setError(isApiError(e, 404) ? t("tickets.desk.noCustomer") : errorMessage(e));
    }
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!lookup) return;
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      const ticket = await api<TicketDetail>("POST", "/api/v1/tickets", {
        customerId: lookup.customer.id,
        licenseId,
        category: text("category"),
        subject: text("subject"),
        description: text("description"),
        ...(text("courtesyReason") ? { courtesyReason: text("courtesyReason") } : {}),
        ...(text("fromConversationId") ? { fromConversationId: text("fromConversationId") } : {}),
      });
      navigate(`/app/tickets/${ticket.id}`);
    } catch (e) {
      setError(t("tickets.desk.error", { message: errorMessage(e) }));
    } finally {
      setBusy(false);
    }
  }

  function back(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    navigate("/app/tickets");
  }

  const chosen = lookup?.licenses.find((l) => l.id === licenseId);
  return (
    <section aria-labelledby="new-ticket-title">
      <p>
        <a href="/app/tickets" onClick={back}>
          ← {t("tickets.desk.back")}
        </a>
      </p>
      <h1 id="new-ticket-title">{t("tickets.desk.newTicketFor")}</h1>
      <form className="stack wide" onSubmit={find}>
        <label>
          {t("tickets.desk.customerEmail")}
          <input name="email" type="email" required defaultValue={lookup?.customer.email ?? ""} />
        </label>
        <button type="submit">{t("tickets.desk.findCustomer")}</button>
      </form>
      {lookup ? (
        <form className="stack wide spaced" onSubmit={create}>
          <p>
            <strong>{lookup.customer.name}</strong> · {lookup.customer.email}
          </p>
          <label>
            {t("tickets.desk.chooseLicense")}
            <select value={licenseId} onChange={(e) => setLicenseId(e.target.value)} required>
              {lookup.licenses.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.productName} — {l.key} —{" "}
                  {l.support.active
                    ? t("tickets.desk.supportActive", { date: day(l.support.supportUntil) })
                    : t("tickets.desk.supportEnded", { date: day(l.support.supportUntil) })}
                </option>
              ))}
            </select>
          </label>
          {chosen && !chosen.support.active ? (
            <label>
              {t("tickets.desk.courtesyReason")}
              <input name="courtesyReason" required minLength={3} maxLength={500} />
            </label>
          ) : null}
          <label>
            {t("tickets.desk.category")}
            <select name="category" defaultValue="installation">
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`tickets.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("tickets.desk.subject")}
            <input name="subject" required minLength={3} maxLength={200} />
          </label>
          <label>
            {t("tickets.desk.description")}
            <textarea name="description" required minLength={10} maxLength={20000} rows={6} />
          </label>
          <label>
            {t("tickets.desk.fromConversation")}
            <input name="fromConversationId" maxLength={64} />
          </label>
          <button type="submit" className="primary" disabled={busy || !licenseId}>
            {t("tickets.desk.create")}
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
