import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../../api.js";
import type { Customer, CustomerListItem, SessionUser } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { usePaged } from "../../use-paged.js";
import { CustomerPage } from "./CustomerPage.js";
import { go } from "./licenses-ui.js";
import "./licenses.css";

/** /app/customers (search and list, new customer) and /app/customers/:id. */
export function CustomersScreen({ user, path }: { user: SessionUser; path: string }) {
  const rest = decodeURIComponent(path.replace(/^\/app\/customers\/?/, ""));
  if (rest === "new") return <NewCustomer />;
  if (rest) return <CustomerPage id={rest} isOwner={user.role === "owner"} />;
  return <CustomerList />;
}

function CustomerList() {
  const t = useT();
  const [q, setQ] = useState(() => new URLSearchParams(location.search).get("q") ?? "");
  const { items, total, error, loadMore } = usePaged<CustomerListItem>("/api/v1/customers", { q });

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("q") ?? "");
    history.replaceState(
      null,
      "",
      value ? `/app/customers?q=${encodeURIComponent(value)}` : "/app/customers",
    );
    setQ(value);
  }

  return (
    <section aria-labelledby="customers-title">
      <div className="lic-head">
        <h1 id="customers-title">{t("licenses.customers.title")}</h1>
        <a className="button-link" href="/app/customers/new" onClick={(e) => go(e, "/app/customers/new")}>
          {t("licenses.customers.new")}
        </a>
      </div>
      <form className="lic-filters" onSubmit={search}>
        <label>
          {t("licenses.customers.searchLabel")}
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t("licenses.customers.searchPlaceholder")}
          />
        </label>
        <button type="submit">{t("licenses.common.search")}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {items === null ? (
        <p className="muted">{t("licenses.common.loading")}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t("licenses.customers.empty")}</p>
      ) : (
        <>
          <ul className="lic-list" aria-label={t("licenses.customers.title")}>
            {items.map((c) => (
              <li key={c.id}>
                <a href={`/app/customers/${c.id}`} onClick={(e) => go(e, `/app/customers/${c.id}`)}>
                  <span className="title">{c.name}</span>
                  <span>
                    {c.activeLicenseCount > 0 ? (
                      <span className="support-badge active">
                        {t("licenses.customers.activeCount", { count: c.activeLicenseCount })}
                      </span>
                    ) : c.licenseCount > 0 ? (
                      <span className="support-badge expired">{t("licenses.support.expired")}</span>
                    ) : null}
                  </span>
                  <span className="meta">
                    {c.email}
                    {c.phones.length ? ` · ${c.phones.join(", ")}` : ""} ·{" "}
                    {t("licenses.customers.licenseCount", { count: c.licenseCount })}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          <p className="muted">{t("licenses.common.shown", { shown: items.length, total })}</p>
          {items.length < total ? (
            <button type="button" onClick={loadMore}>
              {t("licenses.common.loadMore")}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

export function phonesFromText(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function NewCustomer() {
  const t = useT();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const created = await api<Customer>("POST", "/api/v1/customers", {
        email: String(form.get("email") ?? ""),
        name: String(form.get("name") ?? ""),
        language: String(form.get("language") ?? "en"),
        notes: String(form.get("notes") ?? ""),
        phones: phonesFromText(String(form.get("phones") ?? "")),
      });
      navigate(`/app/customers/${created.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-customer-title">
      <p>
        <a href="/app/customers" onClick={(e) => go(e, "/app/customers")}>
          ← {t("licenses.common.back")}
        </a>
      </p>
      <h1 id="new-customer-title">{t("licenses.customers.new")}</h1>
      <form className="card lic-form stack wide" onSubmit={submit}>
        <label>
          {t("licenses.customers.name")}
          <input name="name" required maxLength={120} />
        </label>
        <label>
          {t("licenses.customers.email")}
          <input name="email" type="email" required maxLength={254} />
        </label>
        <label>
          {t("licenses.customers.language")}
          <select name="language" defaultValue="en">
            <option value="es">{t("licenses.customers.languages.es")}</option>
            <option value="en">{t("licenses.customers.languages.en")}</option>
          </select>
        </label>
        <label>
          {t("licenses.customers.phones")}
          <textarea name="phones" rows={2} placeholder="+34 611 000 001" />
          <span className="muted">{t("licenses.customers.phonesHint")}</span>
        </label>
        <label>
          {t("licenses.customers.notes")}
          <textarea name="notes" rows={3} maxLength={10_000} />
        </label>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t("licenses.customers.create")}
        </button>
      </form>
    </section>
  );
}
