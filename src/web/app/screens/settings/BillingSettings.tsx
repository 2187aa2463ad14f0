import { useState } from "react";
import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

const SERVICES = ["consultation", "technical_support", "urgent_critical"] as const;
type Card = AppSettings["rates"]["cards"][number];
interface Row {
  key: number;
  currency: string;
  rates: Record<(typeof SERVICES)[number], string>;
}

let nextKey = 0;
const toRow = (c: Card): Row => ({
  key: nextKey++,
  currency: c.currency,
  rates: Object.fromEntries(SERVICES.map((s) => [s, (c.hourly[s] / 100).toFixed(2)])) as Row["rates"],
});
const toCard = (r: Row): Card => ({
  currency: r.currency.trim().toUpperCase(),
  hourly: Object.fromEntries(
    SERVICES.map((s) => [s, Math.round(Number(r.rates[s].replace(",", ".")) * 100)]),
  ) as Card["hourly"],
});

/**
 * Settings → invoices and currencies: the seller's details on every invoice (legal name, address, tax id) and
 * the rate cards in other currencies a quote may use (the default card stays in General).
 */
export function BillingSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.billing");
  const { status, fieldErrors, save } = useSectionSave(title);
  const [rows, setRows] = useState<Row[]>(() => settings.rates.cards.map(toRow));
  const edit = (key: number, change: (r: Row) => Row) =>
    setRows((all) => all.map((r) => (r.key === key ? change(r) : r)));

  const submit = (f: FormData) =>
    save(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/vendor", {
        ...current.vendor,
        legalName: String(f.get("legalName")).trim(),
        address: String(f.get("address")).trim(),
        taxId: String(f.get("taxId")).trim(),
      });
      await api("PUT", "/api/v1/settings/rates", { ...current.rates, cards: rows.map(toCard) });
    });

  return (
    <SettingsSection
      id="billing"
      title={title}
      saveLabel={t("settings.billing.save")}
      status={status}
      onSubmit={submit}
    >
      <Field label={t("settings.billing.legalName")} error={fieldErrors["vendor.legalName"]}>
        <input name="legalName" defaultValue={settings.vendor.legalName} maxLength={120} />
      </Field>
      <Field label={t("settings.billing.address")} error={fieldErrors["vendor.address"]}>
        <textarea name="address" defaultValue={settings.vendor.address} maxLength={300} rows={3} />
      </Field>
      <Field label={t("settings.billing.taxId")} error={fieldErrors["vendor.taxId"]}>
        <input name="taxId" defaultValue={settings.vendor.taxId} maxLength={40} />
      </Field>
      <h3>{t("settings.billing.cards")}</h3>
      <p className="muted">{t("settings.billing.cardsHint", { currency: settings.rates.currency })}</p>
      {fieldErrors["rates.cards"] ? <p className="error">{fieldErrors["rates.cards"]}</p> : null}
      {rows.map((r, i) => (
        <fieldset key={r.key} className="rate-card">
          <legend>{r.currency || "…"}</legend>
          <Field label={t("settings.billing.currency")} error={fieldErrors[`rates.cards.${i}.currency`]}>
            <input
              value={r.currency}
              required
              maxLength={3}
              pattern="[A-Za-z]{3}"
              onChange={(e) => edit(r.key, (x) => ({ ...x, currency: e.target.value }))}
            />
          </Field>
          {SERVICES.map((s) => (
            <Field
              key={s}
              label={t("app.settings.hourly", { service: t(`common.serviceTypes.${s}`) })}
              error={fieldErrors[`rates.cards.${i}.hourly.${s}`]}
            >
              <input
                value={r.rates[s]}
                inputMode="decimal"
                required
                pattern="[0-9]+([.,][0-9]{1,2})?"
                onChange={(e) => edit(r.key, (x) => ({ ...x, rates: { ...x.rates, [s]: e.target.value } }))}
              />
            </Field>
          ))}
          <button type="button" onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}>
            {t("settings.billing.remove", { currency: r.currency || "…" })}
          </button>
        </fieldset>
      ))}
      <p>
        <button
          type="button"
          onClick={() => setRows((all) => [...all, toRow({ currency: "", hourly: settings.rates.hourly })])}
        >
          {t("settings.billing.add")}
        </button>
      </p>
    </SettingsSection>
  );
}
