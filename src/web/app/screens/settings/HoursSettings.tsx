import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

/** Settings → hours: the business's time zone, opening days and hours, and the automatic reply cooldown. */
export function HoursSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.hours");
  const { status, fieldErrors, save } = useSectionSave(title);
  const hours = settings.presales.businessHours;

  const submit = (f: FormData) =>
    save(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/vendor", {
        ...current.vendor,
        timeZone: String(f.get("timeZone")).trim(),
      });
      await api("PUT", "/api/v1/settings/presales", {
        ...current.presales,
        autoReplyCooldownHours: Number(f.get("cooldown")),
        businessHours: {
          days: WEEK.filter((d) => f.get(`day${d}`) === "on"),
          open: f.get("open"),
          close: f.get("close"),
        },
      });
    });

  return (
    <SettingsSection
      id="hours"
      title={title}
      saveLabel={t("settings.hours.save")}
      status={status}
      onSubmit={submit}
    >
      <Field label={t("settings.hours.timeZone")} error={fieldErrors["vendor.timeZone"]}>
        <input name="timeZone" defaultValue={settings.vendor.timeZone} required list="time-zones" />
      </Field>
      <datalist id="time-zones">
        {Intl.supportedValuesOf("timeZone").map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <fieldset className="weekdays">
        <legend>{t("settings.hours.days")}</legend>
        {WEEK.map((d) => (
          <label key={d} className="check">
            <input type="checkbox" name={`day${d}`} defaultChecked={hours.days.includes(d)} />
            {t(`settings.weekdays.d${d}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t("settings.hours.open")} error={fieldErrors["presales.businessHours.open"]}>
        <input name="open" type="time" defaultValue={hours.open} required />
      </Field>
      <Field label={t("settings.hours.close")} error={fieldErrors["presales.businessHours.close"]}>
        <input name="close" type="time" defaultValue={hours.close} required />
      </Field>
      <p className="muted">{t("settings.hours.note", { zone: settings.vendor.timeZone })}</p>
      <Field label={t("settings.hours.cooldown")} error={fieldErrors["presales.autoReplyCooldownHours"]}>
        <input
          name="cooldown"
          type="number"
          min={0}
          max={720}
          step="any"
          defaultValue={settings.presales.autoReplyCooldownHours}
          required
        />
      </Field>
    </SettingsSection>
  );
}
