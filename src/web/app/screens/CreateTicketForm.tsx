import { type FormEvent, type MouseEvent, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { CustomerPanel as CustomerPanelView, TicketDetail } from "../api-types.js";
import { useT } from "../i18n.js";
import { navigate } from "../router.js";

const CATEGORIES = ["installation", "configuration", "product_problem", "other"] as const;

/**
 * A ticket from the conversation (the messages are copied in by the tickets desk): for a linked customer,
 * on one of their licenses; a license without active support needs a courtesy reason.
 */
export function CreateTicketForm({
  conversationId,
  panel,
  lastCustomerText,
}: {
  conversationId: string;
  panel: CustomerPanelView & { customer: NonNullable<CustomerPanelView["customer"]> };
  lastCustomerText: string;
}) {
  const t = useT();
  const [licenseId, setLicenseId] = useState(
    panel.licenses.find((l) => l.supportActive)?.id ?? panel.licenses[0]?.id ?? "",
  );
  const [status, setStatus] = useState<{ ok: boolean; text: string; id?: string } | null>(null);
  const license = panel.licenses.find((l) => l.id === licenseId);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    setStatus(null);
    try {
      const ticket = await api<TicketDetail>("POST", "/api/v1/tickets", {
        customerId: panel.customer.id,
        licenseId,
        category: text("category"),
        subject: text("subject"),
        description: text("description"),
        fromConversationId: conversationId,
        ...(text("courtesyReason") ? { courtesyReason: text("courtesyReason") } : {}),
      });
      setStatus({ ok: true, text: t("inbox.ticket.created", { number: ticket.number }), id: ticket.id });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  }

  function open(event: MouseEvent<HTMLAnchorElement>, id: string) {
    event.preventDefault();
    navigate(`/app/tickets/${id}`);
  }

  return (
    <details className="create-ticket">
      <summary>{t("inbox.ticket.title")}</summary>
      <form onSubmit={create} className="link-form">
        <label>
          {t("inbox.ticket.license")}
          <select value={licenseId} onChange={(e) => setLicenseId(e.target.value)}>
            {panel.licenses.map((l) => (
              <option key={l.id} value={l.id}>
                {l.product} · {l.key}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("inbox.ticket.category")}
          <select name="category" defaultValue="product_problem">
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`tickets.category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("inbox.ticket.subject")}
          <input
            name="subject"
            required
            minLength={3}
            maxLength={200}
            defaultValue={lastCustomerText.slice(0, 80)}
          />
        </label>
        <label>
          {t("inbox.ticket.description")}
          <textarea name="description" required minLength={10} rows={3} defaultValue={lastCustomerText} />
        </label>
        {license && !license.supportActive ? (
          <label>
            {t("inbox.ticket.courtesy")}
            <input name="courtesyReason" required minLength={3} maxLength={500} />
          </label>
        ) : null}
        <button type="submit">{t("inbox.ticket.create")}</button>
        {status ? (
          <p role="status" className={status.ok ? "ok" : "error"}>
            {status.text}{" "}
            {status.id ? (
              <a href={`/app/tickets/${status.id}`} onClick={(e) => open(e, status.id!)}>
                {t("inbox.ticket.open")}
              </a>
            ) : null}
          </p>
        ) : null}
      </form>
    </details>
  );
}
