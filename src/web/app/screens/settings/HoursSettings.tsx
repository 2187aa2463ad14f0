import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { BusinessHoursFields, readBusinessHours } from "./BusinessHoursFields.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

/** Settings → hours: the business's time zone, opening days and hours, and the automatic reply cooldown. */
export function HoursSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.hours");
  const { status, fieldErrors, save } = useSectionSave(title);

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
        businessHours: readBusinessHours(f),
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
      <BusinessHoursFields settings={settings} zone={settings.vendor.timeZone} errors={fieldErrors} />
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
