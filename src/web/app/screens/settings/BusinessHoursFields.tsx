import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field } from "./SettingsSection.js";

const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

/** The business-hours part of the settings, as the form fields below name them. */
export function readBusinessHours(f: FormData): { days: number[]; open: string; close: string } {
  return {
    days: WEEK.filter((d) => f.get(`day${d}`) === "on"),
    open: String(f.get("open") ?? "").trim(),
    close: String(f.get("close") ?? "").trim(),
  };
}

/**
 * The time zone, the opening days and the hours: one set of fields for Settings → hours and the first
 * sign-in's form (read back with readBusinessHours and the "timeZone" field).
 */
export function BusinessHoursFields({
  settings,
  zone,
  zoneNote,
  errors,
}: {
  settings: AppSettings;
  /** The zone to show first (the settings' own, or the browser's on a fresh install). */
  zone: string;
  /** A word under the zone, e.g. where the zone shown came from. */
  zoneNote?: string;
  errors: Record<string, string>;
}) {
  const t = useT();
  const hours = settings.presales.businessHours;
  return (
    <>
      <Field label={t("settings.hours.timeZone")} error={errors["vendor.timeZone"]}>
        <input
          name="timeZone"
          defaultValue={zone}
          required
          list="time-zones"
          aria-describedby={zoneNote ? "time-zone-note" : undefined}
        />
      </Field>
      {zoneNote ? (
        <p id="time-zone-note" className="muted">
          {zoneNote}
        </p>
      ) : null}
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
      <div className="row-fields">
        <Field label={t("settings.hours.open")} error={errors["presales.businessHours.open"]}>
          <input name="open" type="time" defaultValue={hours.open} required />
        </Field>
        <Field label={t("settings.hours.close")} error={errors["presales.businessHours.close"]}>
          <input name="close" type="time" defaultValue={hours.close} required />
        </Field>
      </div>
    </>
  );
}
