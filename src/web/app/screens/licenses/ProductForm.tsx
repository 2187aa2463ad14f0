import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../../api.js";
import type { Product } from "../../api-types.js";
import { useT } from "../../i18n.js";

type Qa = Product["qa"][number];
const FLAVOURS = ["ocmod", "vqmod", "multistore"] as const;

/** Digits after the decimal point of a currency (2 for USD, 0 for JPY). */
function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

const split = (text: string, by: RegExp) =>
  text
    .split(by)
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * A product's facts, for a new product (POST) or an existing one (PATCH): what licenses need and what the
 * catalogue answers pre-sales questions from (price, aliases, PHP versions, flavours, the owner's Q&A in
 * Spanish and English).
 */
export function ProductForm({
  product,
  onSaved,
  onCancel,
}: {
  product?: Product;
  onSaved: () => Promise<void> | void;
  onCancel?: () => void;
}) {
  const t = useT();
  const [qa, setQa] = useState<Qa[]>(product?.qa ?? []);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const id = product ? `product-${product.id}` : "new-product";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const field = (name: string) => String(form.get(name) ?? "").trim();
    const currency = field("currency").toUpperCase() || "USD";
    const price = field("price").replace(",", ".");
    const facts = {
      name: field("name"),
      platformVersions: split(field("versions"), /,/),
      supportMonths: Number(form.get("supportMonths") ?? 12),
      storeUrl: field("storeUrl"),
      demoUrl: field("demoUrl"),
      priceCents: price === "" ? null : Math.round(Number(price) * 10 ** minorDigits(currency)),
      currency,
      aliases: split(String(form.get("aliases") ?? ""), /\n/),
      phpVersions: split(field("phpVersions"), /,/),
      flavours: FLAVOURS.filter((f) => form.get(f) === "on"),
      qa: qa.filter((p) => p.question.trim() && p.answer.trim()),
    };
    setBusy(true);
    try {
      if (product) await api("PATCH", `/api/v1/products/${product.id}`, facts);
      else await api("POST", "/api/v1/products", { sku: field("sku"), ...facts });
      if (!product) {
        formElement.reset();
        setQa([]);
      }
      setError("");
      await onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const price =
    product?.priceCents != null ? String(product.priceCents / 10 ** minorDigits(product.currency)) : "";
  const setPair = (i: number, patch: Partial<Qa>) =>
    setQa((list) => list.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <form className="card lic-form" onSubmit={submit} aria-labelledby={id}>
      <h2 id={id}>
        {product ? t("licenses.products.edit", { name: product.name }) : t("licenses.products.new")}
      </h2>
      <div className="inline">
        {product ? null : (
          <label>
            {t("licenses.products.sku")}
            <input name="sku" required maxLength={40} placeholder="HB-SEO" />
          </label>
        )}
        <label>
          {t("licenses.products.supportMonths")}
          <input
            name="supportMonths"
            type="number"
            min={0}
            max={240}
            defaultValue={product?.supportMonths ?? 12}
            required
          />
        </label>
      </div>
      <label>
        {t("licenses.products.name")}
        <input name="name" required maxLength={120} defaultValue={product?.name} />
      </label>
      <label>
        {t("licenses.products.versions")}
        <input name="versions" placeholder="3.0, 4.0" defaultValue={product?.platformVersions.join(", ")} />
        <span className="muted">{t("licenses.products.versionsHint")}</span>
      </label>
      <label>
        {t("licenses.products.storeUrl")}
        <input name="storeUrl" type="url" maxLength={500} defaultValue={product?.storeUrl} />
      </label>
      <label>
        {t("licenses.products.demoUrl")}
        <input name="demoUrl" type="url" maxLength={500} defaultValue={product?.demoUrl} />
      </label>
      <div className="inline">
        <label>
          {t("licenses.products.price")}
          <input name="price" inputMode="decimal" pattern="[0-9]+([.,][0-9]{1,3})?" defaultValue={price} />
        </label>
        <label>
          {t("licenses.products.currency")}
          <input name="currency" maxLength={3} defaultValue={product?.currency ?? "USD"} required />
        </label>
      </div>
      <span className="muted">{t("licenses.products.priceHint")}</span>
      <label>
        {t("licenses.products.aliases")}
        <textarea name="aliases" rows={3} defaultValue={product?.aliases.join("\n")} />
        <span className="muted">{t("licenses.products.aliasesHint")}</span>
      </label>
      <label>
        {t("licenses.products.phpVersions")}
        <input
          name="phpVersions"
          placeholder="7.4, 8.0, 8.1"
          defaultValue={product?.phpVersions.join(", ")}
        />
      </label>
      <fieldset>
        <legend>{t("licenses.products.flavours")}</legend>
        {FLAVOURS.map((f) => (
          <label key={f} className="check">
            <input type="checkbox" name={f} defaultChecked={product?.flavours.includes(f) ?? false} />
            {t(`licenses.products.flavour.${f}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="qa-pairs">
        <legend>{t("licenses.products.qa")}</legend>
        <span className="muted">{t("licenses.products.qaHint")}</span>
        {qa.map((pair, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pairs have no id; their order is their identity.
          <div key={i} className="qa-pair">
            <select
              aria-label={t("licenses.products.qaLanguage")}
              value={pair.language}
              onChange={(e) => setPair(i, { language: e.target.value === "es" ? "es" : "en" })}
            >
              <option value="es">Español</option>
              <option value="en">English</option>
            </select>
            <input
              aria-label={t("licenses.products.qaQuestion")}
              placeholder={t("licenses.products.qaQuestion")}
              value={pair.question}
              maxLength={300}
              onChange={(e) => setPair(i, { question: e.target.value })}
            />
            <textarea
              aria-label={t("licenses.products.qaAnswer")}
              placeholder={t("licenses.products.qaAnswer")}
              value={pair.answer}
              maxLength={1000}
              rows={2}
              onChange={(e) => setPair(i, { answer: e.target.value })}
            />
            <button type="button" className="link" onClick={() => setQa((l) => l.filter((_, j) => j !== i))}>
              {t("licenses.products.qaRemove")}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setQa((l) => [
              ...l,
              {
                question: "",
                answer: "",
                language: t("licenses.products.qaDefaultLang") === "es" ? "es" : "en",
              },
            ])
          }
        >
          {t("licenses.products.qaAdd")}
        </button>
      </fieldset>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="inline">
        <button type="submit" className="primary" disabled={busy}>
          {product ? t("licenses.products.save") : t("licenses.products.create")}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t("licenses.products.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
