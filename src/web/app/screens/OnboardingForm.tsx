import { type FormEvent, useState } from "react";
import { api, errorMessage, fieldErrors as fieldErrorsOf } from "../api.js";
import type { AppSettings, Session, SessionUser } from "../api-types.js";
import { useT } from "../i18n.js";
import { BusinessHoursFields, readBusinessHours } from "./settings/BusinessHoursFields.js";
import { Field } from "./settings/SettingsSection.js";
import { currentSettings } from "./settings/section-save.js";

/** The browser's own zone: the first sign-in offers it (the settings hold the reference policy's zone). */
function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "";
  }
}

/**
 * The owner's first sign-in: display name, business name, time zone, business hours and the invoice seller
 * details, saved through the same endpoints as Settings (vendor and presales sections, one's own account).
 */
export function OnboardingForm({
  user,
  settings,
  onDone,
}: {
  user: SessionUser;
  settings: AppSettings;
  /** Saved or skipped: one's own account as it now is (its name may have changed). */
  onDone: (user: SessionUser) => void;
}) {
  const t = useT();
  const zone = browserZone() || settings.vendor.timeZone;
  const [problem, setProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState(user.name);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      const session = await api<Session>("PATCH", "/api/v1/session", { onboarded: true });
      onDone(session.user);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (key: string) => String(f.get(key) ?? "").trim();
    void run(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/vendor", {
        ...current.vendor,
        name: text("vendorName"),
        ownerName: text("displayName"),
        timeZone: text("timeZone"),
        legalName: text("legalName"),
        address: text("address"),
        taxId: text("taxId"),
      });
      await api("PUT", "/api/v1/settings/presales", {
        ...current.presales,
        businessHours: readBusinessHours(f),
      });
      await api("PATCH", "/api/v1/session", { name: text("displayName") });
    });
  }

  return (
    <form className="card stack wide onboarding" aria-labelledby="onboarding-title" onSubmit={submit}>
      <h2 id="onboarding-title">{t("app.home.onboarding.title")}</h2>
      <p className="muted">{t("app.home.onboarding.intro")}</p>
      <Field label={t("app.home.onboarding.displayName", { name: name || user.name })} error={errors.name}>
        <input
          name="displayName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={80}
        />
      </Field>
      <Field label={t("app.home.onboarding.vendorName")} error={errors["vendor.name"]}>
        <input name="vendorName" defaultValue={settings.vendor.name} required maxLength={80} />
      </Field>
      <BusinessHoursFields
        settings={settings}
        zone={zone}
        zoneNote={
          zone !== settings.vendor.timeZone
            ? t("app.home.onboarding.zoneFromBrowser", { was: settings.vendor.timeZone })
            : undefined
        }
        errors={errors}
      />
      <fieldset>
        <legend>{t("app.home.onboarding.seller")}</legend>
        <Field label={t("app.home.onboarding.legalName")} error={errors["vendor.legalName"]}>
          <input name="legalName" defaultValue={settings.vendor.legalName} maxLength={120} />
        </Field>
        <Field label={t("app.home.onboarding.address")} error={errors["vendor.address"]}>
          <textarea name="address" defaultValue={settings.vendor.address} maxLength={300} rows={2} />
        </Field>
        <Field label={t("app.home.onboarding.taxId")} error={errors["vendor.taxId"]}>
          <input name="taxId" defaultValue={settings.vendor.taxId} maxLength={40} />
        </Field>
      </fieldset>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <p className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("app.home.onboarding.save")}
        </button>{" "}
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => void run(async () => undefined)}
        >
          {t("app.home.onboarding.skip")}
        </button>
      </p>
    </form>
  );
}
