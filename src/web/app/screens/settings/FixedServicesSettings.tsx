import { useState } from "react";
import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

type Service = AppSettings["rates"]["fixed"][number];
interface Row {
  key: number;
  id: string;
  en: string;
  es: string;
  price: string;
}

let nextKey = 0;
const toRow = (s: Service): Row => ({
  key: nextKey++,
  id: s.id,
  en: s.name.en,
  es: s.name.es,
  price: (s.priceCents / 100).toFixed(2),
});
const toService = (r: Row): Service => ({
  id: r.id.trim(),
  name: { en: r.en.trim(), es: r.es.trim() },
  priceCents: Math.round(Number(r.price.replace(",", ".")) * 100),
});

/** Settings → fixed-price services (e.g. an extension update out of support), in both languages. */
export function FixedServicesSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.fixed");
  const { status, fieldErrors, save } = useSectionSave(title);
  const [rows, setRows] = useState<Row[]>(() => settings.rates.fixed.map(toRow));
  const currency = settings.rates.currency;

  const edit = (key: number, change: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const submit = () =>
    save(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/rates", { ...current.rates, fixed: rows.map(toService) });
    });

  return (
    <SettingsSection
      id="fixed"
      title={title}
      saveLabel={t("settings.fixed.save")}
      status={status}
      onSubmit={submit}
    >
      {rows.length === 0 ? <p className="muted">{t("settings.fixed.none")}</p> : null}
      {rows.map((r, i) => (
        <fieldset key={r.key} className="fixed-service">
          <legend>{r.en || r.id || "…"}</legend>
          <Field label={t("settings.fixed.id")} error={fieldErrors[`rates.fixed.${i}.id`]}>
            <input
              value={r.id}
              required
              maxLength={40}
              onChange={(e) => edit(r.key, { id: e.target.value })}
            />
          </Field>
          <Field label={t("settings.fixed.nameEn")} error={fieldErrors[`rates.fixed.${i}.name.en`]}>
            <input
              value={r.en}
              required
              maxLength={200}
              onChange={(e) => edit(r.key, { en: e.target.value })}
            />
          </Field>
          <Field label={t("settings.fixed.nameEs")} error={fieldErrors[`rates.fixed.${i}.name.es`]}>
            <input
              value={r.es}
              required
              maxLength={200}
              onChange={(e) => edit(r.key, { es: e.target.value })}
            />
          </Field>
          <Field
            label={t("settings.fixed.price", { currency })}
            error={fieldErrors[`rates.fixed.${i}.priceCents`]}
          >
            <input
              value={r.price}
              inputMode="decimal"
              required
              pattern="[0-9]+([.,][0-9]{1,2})?"
              onChange={(e) => edit(r.key, { price: e.target.value })}
            />
          </Field>
          <button type="button" onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}>
            {t("settings.fixed.remove", { name: r.en || r.id })}
          </button>
        </fieldset>
      ))}
      <p>
        <button
          type="button"
          onClick={() =>
            setRows((all) => [...all, toRow({ id: "", name: { en: "", es: "" }, priceCents: 0 })])
          }
        >
          {t("settings.fixed.add")}
        </button>
      </p>
    </SettingsSection>
  );
}
