import { useState } from "react";
import { errorMessage } from "../../api.js";
import type { ListOf, Product, SessionUser } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { ProductForm } from "./ProductForm.js";
import "./licenses.css";

/** /app/products: the extensions licenses are sold for, with the facts pre-sales answers come from. */
export function ProductsScreen(_props: { user: SessionUser; path: string }) {
  const t = useT();
  const { data, error: loadError, reload } = useData<ListOf<Product>>("/api/v1/products");
  const products = data?.data ?? null;
  const [editing, setEditing] = useState<string | null>(null);
  const edited = products?.find((p) => p.id === editing);

  return (
    <section aria-labelledby="products-title">
      <h1 id="products-title">{t("licenses.products.title")}</h1>
      {loadError ? (
        <p className="error" role="alert">
          {errorMessage(loadError)}
        </p>
      ) : null}
      <div className="lic-grid">
        <div className="card">
          {products === null ? (
            <p className="muted">{t("licenses.common.loading")}</p>
          ) : products.length === 0 ? (
            <p className="muted">{t("licenses.products.empty")}</p>
          ) : (
            <ul className="lic-list" aria-label={t("licenses.products.title")}>
              {products.map((p) => (
                <li key={p.id}>
                  <div className="item">
                    <span className="title">{p.name}</span>
                    <span className="pill">{p.sku}</span>
                    <span className="meta">
                      OpenCart {p.platformVersions.join(", ") || "—"} ·{" "}
                      {t("licenses.products.months", { count: p.supportMonths })}
                      {p.priceCents !== null ? (
                        <>
                          {" · "}
                          {new Intl.NumberFormat(undefined, {
                            style: "currency",
                            currency: p.currency,
                          }).format(
                            p.priceCents /
                              10 **
                                (new Intl.NumberFormat("en", {
                                  style: "currency",
                                  currency: p.currency,
                                }).resolvedOptions().maximumFractionDigits ?? 2),
                          )}
                        </>
                      ) : null}
                      {p.phpVersions.length > 0 ? ` · PHP ${p.phpVersions.join(", ")}` : null}
                      {p.aliases.length > 0
                        ? ` · ${t("licenses.products.aliasCount", { count: p.aliases.length })}`
                        : null}
                      {p.qa.length > 0
                        ? ` · ${t("licenses.products.qaCount", { count: p.qa.length })}`
                        : null}
                      {p.storeUrl ? (
                        <>
                          {" · "}
                          <a href={p.storeUrl} target="_blank" rel="noreferrer">
                            {t("licenses.products.storeUrl")}
                          </a>
                        </>
                      ) : null}
                      {p.demoUrl ? (
                        <>
                          {" · "}
                          <a href={p.demoUrl} target="_blank" rel="noreferrer">
                            {t("licenses.products.demoUrl")}
                          </a>
                        </>
                      ) : null}
                    </span>
                    <button
                      type="button"
                      className="link"
                      aria-label={t("licenses.products.edit", { name: p.name })}
                      onClick={() => setEditing(p.id)}
                    >
                      {t("licenses.products.editShort")}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
        {edited ? (
          <ProductForm
            key={edited.id}
            product={edited}
            onSaved={async () => {
              await reload();
              setEditing(null);
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <ProductForm onSaved={reload} />
        )}
      </div>
    </section>
  );
}
