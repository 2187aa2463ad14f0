import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

/** "EUR 0.92" lines → rates; the server checks each code and number. */
function parseRates(text: string): { currency: string; rate: string }[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [currency = "", rate = ""] = line.split(/[\s=:]+/);
      return { currency: currency.toUpperCase(), rate: rate.replace(",", ".") };
    });
}

/**
 * Settings → exchange rates for reports: the owner's own rates to one reporting currency (nothing is fetched
 * from the internet), with the day they were taken; Reports then add the currencies up at these rates.
 */
export function ExchangeSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.exchange");
  const { status, fieldErrors, save } = useSectionSave(title);
  const { exchange } = settings;

  const submit = (f: FormData) =>
    save(async () => {
      await currentSettings();
      await api("PUT", "/api/v1/settings/exchange", {
        currency: String(f.get("currency")).trim().toUpperCase(),
        asOf: String(f.get("asOf")),
        rates: parseRates(String(f.get("rates"))),
      });
    });

  const ratesError = Object.entries(fieldErrors).find(([k]) => k.startsWith("exchange.rates"))?.[1];
  return (
    <SettingsSection
      id="exchange"
      title={title}
      saveLabel={t("settings.exchange.save")}
      status={status}
      onSubmit={submit}
    >
      <p className="muted">{t("settings.exchange.intro")}</p>
      <Field label={t("settings.exchange.currency")} error={fieldErrors["exchange.currency"]}>
        <input
          name="currency"
          defaultValue={exchange.currency}
          required
          maxLength={3}
          pattern="[A-Za-z]{3}"
        />
      </Field>
      <Field label={t("settings.exchange.asOf")} error={fieldErrors["exchange.asOf"]}>
        <input name="asOf" type="date" defaultValue={exchange.asOf} />
      </Field>
      <Field label={t("settings.exchange.rates")} error={ratesError}>
        <textarea
          name="rates"
          rows={4}
          defaultValue={exchange.rates.map((r) => `${r.currency} ${r.rate}`).join("\n")}
        />
      </Field>
      <p className="muted">{t("settings.exchange.ratesHint", { currency: exchange.currency })}</p>
    </SettingsSection>
  );
}
