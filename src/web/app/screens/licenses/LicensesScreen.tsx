import { type FormEvent, useState } from "react";
import type { LicenseListItem, SessionUser } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { usePaged } from "../../use-paged.js";
import { ProductFilter } from "../ProductFilter.js";
import { ImportPanel } from "./ImportPanel.js";
import { LicensePage } from "./LicensePage.js";
import { go } from "./licenses-ui.js";
import { SupportBadge } from "./SupportBadge.js";
import "./licenses.css";

/** /app/licenses (list, filters, CSV import) and /app/licenses/:key. */
export function LicensesScreen({ user, path }: { user: SessionUser; path: string }) {
  const rest = decodeURIComponent(path.replace(/^\/app\/licenses\/?/, ""));
  if (rest) return <LicensePage licenseKey={rest} user={user} />;
  return <LicenseList />;
}

interface Filters {
  q: string;
  status: string;
  support: string;
  productId: string;
}

function LicenseList() {
  const t = useT();
  const [filters, setFilters] = useState<Filters>({ q: "", status: "", support: "", productId: "" });
  const { items, total, error, loadMore, reload } = usePaged<LicenseListItem>("/api/v1/licenses", {
    ...filters,
  });

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    set({ q: String(new FormData(event.currentTarget).get("q") ?? "") });
  }

  return (
    <section aria-labelledby="licenses-title">
      <div className="lic-head">
        <h1 id="licenses-title">{t("licenses.licenses.title")}</h1>
      </div>
      <form className="lic-filters" onSubmit={search} aria-label={t("licenses.licenses.filters")}>
        <label>
          {t("licenses.licenses.searchLabel")}
          <input type="search" name="q" placeholder={t("licenses.licenses.searchPlaceholder")} />
        </label>
        <label>
          {t("licenses.licenses.support")}
          <select value={filters.support} onChange={(e) => set({ support: e.target.value })}>
            <option value="">{t("licenses.common.any")}</option>
            <option value="active">{t("licenses.licenses.supportActive")}</option>
            <option value="expired">{t("licenses.licenses.supportExpired")}</option>
          </select>
        </label>
        <label>
          {t("licenses.licenses.status")}
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t("licenses.common.any")}</option>
            <option value="active">{t("licenses.status.active")}</option>
            <option value="revoked">{t("licenses.status.revoked")}</option>
            <option value="refunded">{t("licenses.status.refunded")}</option>
          </select>
        </label>
        <ProductFilter
          label={t("licenses.licenses.product")}
          anyLabel={t("licenses.common.any")}
          value={filters.productId}
          onChange={(productId) => set({ productId })}
        />
        <button type="submit">{t("licenses.common.search")}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {items === null ? (
        <p className="muted">{t("licenses.common.loading")}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t("licenses.licenses.empty")}</p>
      ) : (
        <>
          <p className="muted">{t("licenses.licenses.total", { count: total })}</p>
          <ul className="lic-list" aria-label={t("licenses.licenses.title")}>
            {items.map((l) => (
              <li key={l.id}>
                <a href={`/app/licenses/${l.key}`} onClick={(e) => go(e, `/app/licenses/${l.key}`)}>
                  <span className="title">
                    {l.productName} — {l.customerName}
                  </span>
                  <SupportBadge support={l.support} />
                  <span className="meta">
                    <span className="lic-key">{l.key}</span> · {l.customerEmail}
                    {l.orderRef ? ` · ${t("licenses.licenses.order")} ${l.orderRef}` : ""}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {items.length < total ? (
            <p>
              <button type="button" onClick={loadMore}>
                {t("licenses.common.loadMore")}
              </button>
            </p>
          ) : null}
        </>
      )}
      <ImportPanel onImported={reload} />
    </section>
  );
}
