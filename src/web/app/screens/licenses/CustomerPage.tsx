import { type FormEvent, useEffect, useState } from "react";
import type { MessageKey } from "../../../../platform/i18n/i18n.js";
import { api, errorMessage } from "../../api.js";
import type {
  AppSettings,
  Customer,
  CustomerDetail,
  CustomerSaved,
  ListOf,
  Product,
  TicketListItem,
} from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { DataRights } from "../DataRights.js";
import { phonesFromText } from "./CustomersScreen.js";
import { go } from "./licenses-ui.js";
import { SupportBadge } from "./SupportBadge.js";

/** A customer: details (editable), licenses with support state, tickets, and adding a license. */
export function CustomerPage({ id, isOwner }: { id: string; isOwner: boolean }) {
  const t = useT();
  const {
    data: customer,
    error,
    reload,
    setData: setCustomer,
  } = useData<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(id)}`);
  // The desk lists tickets by customer; without it (or on error) the section stays hidden.
  const ticketList = useData<ListOf<TicketListItem>>(
    `/api/v1/tickets?customerId=${encodeURIComponent(id)}&limit=50`,
  );
  const tickets = ticketList.error ? null : (ticketList.data?.data ?? null);

  if (error && !customer) return <p className="error">{errorMessage(error)}</p>;
  if (!customer) return <p className="muted">{t("licenses.common.loading")}</p>;

  return (
    <section aria-labelledby="customer-title">
      <p>
        <a href="/app/customers" onClick={(e) => go(e, "/app/customers")}>
          ← {t("licenses.customers.title")}
        </a>
      </p>
      <div className="lic-head">
        <h1 id="customer-title">{customer.name}</h1>
        <span className="muted">{customer.email}</span>
      </div>
      <div className="lic-grid">
        <div className="card">
          <h2>{t("licenses.customers.licenses")}</h2>
          {customer.licenses.length === 0 ? (
            <p className="muted">{t("licenses.customers.noLicenses")}</p>
          ) : (
            <ul className="lic-list">
              {customer.licenses.map((l) => (
                <li key={l.id}>
                  <a href={`/app/licenses/${l.key}`} onClick={(e) => go(e, `/app/licenses/${l.key}`)}>
                    <span className="title">{l.productName}</span>
                    <SupportBadge support={l.support} />
                    <span className="meta">
                      <span className="lic-key">{l.key}</span>
                      {l.orderRef ? ` · ${t("licenses.licenses.order")} ${l.orderRef}` : ""}
                      {l.domains.length ? ` · ${l.domains.join(", ")}` : ""}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <AddLicense customerId={customer.id} onAdded={reload} />
          {isOwner ? <DataRights kind="customer" id={customer.id} onErased={() => void reload()} /> : null}
          {tickets ? (
            <>
              <h2>{t("licenses.customers.tickets")}</h2>
              {tickets.length === 0 ? (
                <p className="muted">{t("licenses.customers.noTickets")}</p>
              ) : (
                <ul className="lic-list">
                  {tickets.map((tk) => (
                    <li key={tk.id}>
                      <a href={`/app/tickets/${tk.id}`} onClick={(e) => go(e, `/app/tickets/${tk.id}`)}>
                        <span className="title">
                          #{tk.number} {tk.subject}
                        </span>
                        <span className={`pill ${tk.status}`}>
                          {t(`tickets.status.${tk.status}` as MessageKey)}
                        </span>
                        <span className="meta">{tk.product.name}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
        </div>
        <CustomerDetails customer={customer} onSaved={(c) => setCustomer({ ...customer, ...c })} />
      </div>
    </section>
  );
}

function CustomerDetails({ customer, onSaved }: { customer: Customer; onSaved: (c: Customer) => void }) {
  const t = useT();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [linked, setLinked] = useState<CustomerSaved["linkedContacts"]>([]);

  async function undo(contactId: string) {
    try {
      await api("DELETE", `/api/v1/customers/${customer.id}/contacts/${contactId}`);
      setLinked((list) => list.filter((c) => c.id !== contactId));
      setStatus({ ok: true, text: t("licenses.customers.unlinked") });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const saved = await api<CustomerSaved>("PATCH", `/api/v1/customers/${customer.id}`, {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        language: String(form.get("language") ?? "en"),
        notes: String(form.get("notes") ?? ""),
        phones: phonesFromText(String(form.get("phones") ?? "")),
        currency: String(form.get("currency") ?? "") || null,
      });
      onSaved(saved);
      setStatus({ ok: true, text: t("licenses.common.saved") });
      setLinked(saved.linkedContacts);
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card lic-form" onSubmit={save} aria-labelledby="customer-details">
      <h2 id="customer-details">{t("licenses.customers.details")}</h2>
      <label>
        {t("licenses.customers.name")}
        <input name="name" defaultValue={customer.name} required maxLength={120} />
      </label>
      <label>
        {t("licenses.customers.email")}
        <input name="email" type="email" defaultValue={customer.email} required maxLength={254} />
      </label>
      <label>
        {t("licenses.customers.language")}
        <select name="language" defaultValue={customer.language}>
          <option value="es">{t("licenses.customers.languages.es")}</option>
          <option value="en">{t("licenses.customers.languages.en")}</option>
        </select>
      </label>
      <CurrencyField current={customer.currency} />
      <label>
        {t("licenses.customers.phones")}
        <textarea name="phones" rows={2} defaultValue={customer.phones.join("\n")} />
        <span className="muted">{t("licenses.customers.phonesHint")}</span>
      </label>
      <label>
        {t("licenses.customers.notes")}
        <textarea name="notes" rows={4} defaultValue={customer.notes} maxLength={10_000} />
      </label>
      {status ? (
        <p className={status.ok ? "ok" : "error"} role="status">
          {status.text}
        </p>
      ) : null}
      {linked.map((c) => (
        <p key={c.id} className="ok">
          {t("licenses.customers.linkedContact", {
            contact: c.name ? `${c.name} (+${c.waId})` : `+${c.waId}`,
          })}{" "}
          <button type="button" className="link" onClick={() => void undo(c.id)}>
            {t("licenses.customers.undoLink")}
          </button>
        </p>
      ))}
      <button type="submit" className="primary" disabled={busy}>
        {t("licenses.common.save")}
      </button>
    </form>
  );
}

/** The customer's quote currency: automatic (by the phone's country) or one of the owner's rate cards. */
function CurrencyField({ current }: { current: string | null }) {
  const t = useT();
  const { data: settings } = useData<AppSettings>("/api/v1/settings");
  if (!settings) return null;
  const currencies = [settings.rates.currency, ...settings.rates.cards.map((c) => c.currency)];
  if (current && !currencies.includes(current)) currencies.push(current);
  return (
    <label>
      {t("licenses.customers.currency")}
      <select name="currency" defaultValue={current ?? ""}>
        <option value="">
          {t("licenses.customers.currencyAuto", { currency: settings.rates.currency })}
        </option>
        {currencies.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

function AddLicense({ customerId, onAdded }: { customerId: string; onAdded: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    if (!open) return;
    api<ListOf<Product>>("GET", "/api/v1/products").then(
      (r) => setProducts(r.data),
      () => setProducts([]),
    );
  }, [open]);

  if (!open) {
    return (
      <div>
        <button type="button" onClick={() => setOpen(true)}>
          {t("licenses.customers.addLicense")}
        </button>
      </div>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const months = String(form.get("months") ?? "").trim();
    const key = String(form.get("key") ?? "").trim();
    const orderRef = String(form.get("orderRef") ?? "").trim();
    const purchaseDate = String(form.get("purchaseDate") ?? "").trim();
    try {
      await api("POST", `/api/v1/customers/${customerId}/licenses`, {
        productId: String(form.get("productId") ?? ""),
        ...(orderRef ? { orderRef } : {}),
        ...(purchaseDate ? { purchaseDate } : {}),
        ...(months ? { supportMonths: Number(months) } : {}),
        ...(key ? { key } : {}),
      });
      setOpen(false);
      setError("");
      onAdded();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <form className="lic-form" onSubmit={submit} aria-label={t("licenses.customers.addLicense")}>
      <label>
        {t("licenses.licenses.product")}
        <select name="productId" required>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.sku})
            </option>
          ))}
        </select>
      </label>
      <div className="inline">
        <label>
          {t("licenses.licenses.order")}
          <input name="orderRef" maxLength={100} />
        </label>
        <label>
          {t("licenses.licenses.purchaseDate")}
          <input name="purchaseDate" type="date" />
        </label>
      </div>
      <label>
        {t("licenses.licenses.months")}
        <input name="months" type="number" min={0} max={240} />
      </label>
      <label>
        {t("licenses.licenses.keyOptional")}
        <input name="key" maxLength={64} className="lic-key" />
      </label>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="lic-actions">
        <button type="submit" className="primary">
          {t("licenses.licenses.create")}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t("licenses.common.cancel")}
        </button>
      </div>
    </form>
  );
}
