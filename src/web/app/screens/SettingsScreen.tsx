import { type FormEvent, useEffect, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { AppSettings, SessionUser } from "../api-types.js";
import { useT } from "../i18n.js";
import { AutoRepliesEditor } from "./AutoRepliesEditor.js";
import { BackupSettingsForm } from "./BackupSettingsForm.js";
import { MailInSettings } from "./MailInSettings.js";
import { RetentionSettingsForm } from "./RetentionSettingsForm.js";
import { AgentsSettings } from "./settings/AgentsSettings.js";
import { ApiKeysSettings } from "./settings/ApiKeysSettings.js";
import { BillingSettings } from "./settings/BillingSettings.js";
import { CatalogueSettings } from "./settings/CatalogueSettings.js";
import { ExchangeSettings } from "./settings/ExchangeSettings.js";
import { FixedServicesSettings } from "./settings/FixedServicesSettings.js";
import { HoursSettings } from "./settings/HoursSettings.js";
import { PaymentsSettings } from "./settings/PaymentsSettings.js";
import { SettingsNav } from "./settings/SettingsNav.js";
import { TicketsSettings } from "./settings/TicketsSettings.js";
import { WhatsAppProfileSettings } from "./settings/WhatsAppProfileSettings.js";
import { TemplatesPanel } from "./TemplatesPanel.js";
import { WhatsAppSettings } from "./WhatsAppSettings.js";

const SERVICES = ["consultation", "technical_support", "urgent_critical"] as const;

/** The owner's settings, one section per form with its own Save; every section is validated by the server. */
export function SettingsScreen({ user }: { user: SessionUser }) {
  const t = useT();
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [about, setAbout] = useState("");
  // Bumped when the profile was pushed: the WhatsApp panel reloads and shows it synced.
  const [whatsappVersion, setWhatsappVersion] = useState(0);

  useEffect(() => {
    api<AppSettings>("GET", "/api/v1/settings").then((s) => {
      setSettings(s);
      setAbout(s.channels.presalesAbout);
    });
  }, []);

  if (!settings) return null;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!settings) return;
    const f = new FormData(event.currentTarget);
    const num = (name: string) => Number(f.get(name));
    const cents = (name: string) => Math.round(Number(String(f.get(name)).replace(",", ".")) * 100);
    try {
      // Spread what is saved now: another section may have changed these since the screen opened.
      const current = await api<AppSettings>("GET", "/api/v1/settings");
      await api("PUT", "/api/v1/settings/vendor", {
        ...current.vendor,
        name: f.get("vendorName"),
        ownerName: f.get("ownerName"),
      });
      await api("PUT", "/api/v1/settings/rates", {
        ...current.rates,
        currency: String(f.get("currency")).toUpperCase(),
        hourly: Object.fromEntries(SERVICES.map((s) => [s, cents(`rate_${s}`)])),
        incrementMinutes: num("increment"),
        minimumMinutes: num("minimum"),
      });
      await api("PUT", "/api/v1/settings/channels", {
        ...current.channels,
        publishPremiumNumber: f.get("publishPremium") === "on",
        presalesAbout: about,
      });
      setSettings(await api<AppSettings>("GET", "/api/v1/settings"));
      // The profile text lives on WhatsApp too: push it when it changed (policy clause 2, "in the bio").
      if (about !== settings.channels.presalesAbout) {
        try {
          await api("POST", "/api/v1/whatsapp/profile/sync");
        } catch (e) {
          setStatus({
            ok: false,
            text: t("policy.ui.aboutFailed", { message: errorMessage(e) }),
          });
          return;
        }
      }
      setStatus({ ok: true, text: t("app.settings.saved") });
    } catch (e) {
      setStatus({
        ok: false,
        text: t("app.settings.invalid", { message: errorMessage(e) }),
      });
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t("app.settings.title")}</h1>
      <SettingsNav />
      <form id="general" className="stack wide settings-section" onSubmit={save}>
        <fieldset>
          <legend>{t("app.settings.vendor")}</legend>
          <label>
            {t("app.settings.vendorName")}
            <input name="vendorName" defaultValue={settings.vendor.name} required maxLength={80} />
          </label>
          <label>
            {t("app.settings.ownerName")}
            <input name="ownerName" defaultValue={settings.vendor.ownerName} required maxLength={80} />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t("app.settings.rates")}</legend>
          {SERVICES.map((s) => (
            <label key={s}>
              {t("app.settings.hourly", { service: t(`common.serviceTypes.${s}`) })}
              <input
                name={`rate_${s}`}
                inputMode="decimal"
                defaultValue={(settings.rates.hourly[s] / 100).toFixed(2)}
                required
                pattern="[0-9]+([.,][0-9]{1,2})?"
              />
            </label>
          ))}
          <label>
            {t("app.settings.currency")}
            <input
              name="currency"
              defaultValue={settings.rates.currency}
              required
              pattern="[A-Za-z]{3}"
              maxLength={3}
            />
          </label>
          <label>
            {t("app.settings.increment")}
            <input
              name="increment"
              type="number"
              min={1}
              max={240}
              defaultValue={settings.rates.incrementMinutes}
              required
            />
          </label>
          <label>
            {t("app.settings.minimum")}
            <input
              name="minimum"
              type="number"
              min={0}
              max={480}
              defaultValue={settings.rates.minimumMinutes}
              required
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t("app.settings.channels")}</legend>
          <label className="check">
            <input
              name="publishPremium"
              type="checkbox"
              defaultChecked={settings.channels.publishPremiumNumber}
            />
            {t("app.settings.publishPremium")}
          </label>
          <label>
            {t("app.settings.about")}
            <textarea
              name="about"
              value={about}
              maxLength={139}
              rows={3}
              onChange={(e) => setAbout(e.target.value)}
            />
            <span className="muted">{t("app.settings.aboutCount", { count: about.length })}</span>
          </label>
        </fieldset>
        {status ? (
          <p role="status" className={status.ok ? "ok" : "error"}>
            {status.text}
          </p>
        ) : null}
        <button type="submit" className="primary">
          {t("app.settings.save")}
        </button>
      </form>
      <HoursSettings settings={settings} />
      <CatalogueSettings settings={settings} />
      <TicketsSettings settings={settings} />
      <PaymentsSettings settings={settings} />
      <FixedServicesSettings settings={settings} />
      <BillingSettings settings={settings} />
      <ExchangeSettings settings={settings} />
      <AgentsSettings me={user} />
      <ApiKeysSettings />
      <div id="auto-replies">
        <AutoRepliesEditor />
      </div>
      <div id="whatsapp">
        <WhatsAppSettings key={whatsappVersion} />
      </div>
      <WhatsAppProfileSettings settings={settings} onPushed={() => setWhatsappVersion((v) => v + 1)} />
      <TemplatesPanel />
      <div id="mail-in">
        <MailInSettings />
      </div>
      <div id="backups">
        <BackupSettingsForm settings={settings.backups} />
      </div>
      <div id="retention">
        <RetentionSettingsForm settings={settings.retention} />
      </div>
    </section>
  );
}
