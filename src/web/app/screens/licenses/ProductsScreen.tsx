import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../../api.js";
import type { ListOf, Product, SessionUser } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import "./licenses.css";

/** /app/products: the extensions licenses are sold for, and adding one. */
export function ProductsScreen(_props: { user: SessionUser; path: string }) {
  const t = useT();
  const { data, error: loadError, reload } = useData<ListOf<Product>>("/api/v1/products");
  const products = data?.data ?? null;
  const [failure, setError] = useState("");
  const error = failure || (loadError ? errorMessage(loadError) : "");
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    try {
      await api("POST", "/api/v1/products", {
        sku: String(form.get("sku") ?? ""),
        name: String(form.get("name") ?? ""),
        platformVersions: String(form.get("versions") ?? "")
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
        supportMonths: Number(form.get("supportMonths") ?? 12),
        storeUrl: String(form.get("storeUrl") ?? "").trim(),
        demoUrl: String(form.get("demoUrl") ?? "").trim(),
      });
      formElement.reset();
      setError("");
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="products-title">
      <h1 id="products-title">{t("licenses.products.title")}</h1>
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
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
        <form className="card lic-form" onSubmit={create} aria-labelledby="new-product">
          <h2 id="new-product">{t("licenses.products.new")}</h2>
          <div className="inline">
            <label>
              {t("licenses.products.sku")}
              <input name="sku" required maxLength={40} placeholder="HB-SEO" />
            </label>
            <label>
              {t("licenses.products.supportMonths")}
              <input name="supportMonths" type="number" min={0} max={240} defaultValue={12} required />
            </label>
          </div>
          <label>
            {t("licenses.products.name")}
            <input name="name" required maxLength={120} />
          </label>
          <label>
            {t("licenses.products.versions")}
            <input name="versions" placeholder="3.0, 4.0" />
            <span className="muted">{t("licenses.products.versionsHint")}</span>
          </label>
          <label>
            {t("licenses.products.storeUrl")}
            <input name="storeUrl" type="url" maxLength={500} />
          </label>
          <label>
            {t("licenses.products.demoUrl")}
            <input name="demoUrl" type="url" maxLength={500} />
          </label>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {t("licenses.products.create")}
          </button>
        </form>
      </div>
    </section>
  );
}
