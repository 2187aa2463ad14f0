import { PROFILE_VERTICALS } from "../../../../settings/profile-verticals.js";
import { api, errorMessage } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

/**
 * Settings → WhatsApp profile: description, address, email, websites and category shown on both numbers
 * (the "about" is in Business and rates). Saving pushes the profile to WhatsApp and reads it back.
 */
export function WhatsAppProfileSettings({
  settings,
  onPushed,
}: {
  settings: AppSettings;
  onPushed?: () => void;
}) {
  const t = useT();
  const title = t("settings.whatsappProfile.title");
  const { status, fieldErrors, save } = useSectionSave(title);
  const profile = settings.channels.profile;

  const submit = (f: FormData) =>
    save(async () => {
      const current = await currentSettings();
      const text = (name: string) => String(f.get(name) ?? "").trim();
      await api("PUT", "/api/v1/settings/channels", {
        ...current.channels,
        profile: {
          description: text("description"),
          address: text("address"),
          email: text("email"),
          websites: [text("website1"), text("website2")].filter((w) => w !== ""),
          vertical: text("vertical"),
        },
      });
      try {
        await api("POST", "/api/v1/whatsapp/about/sync");
      } catch (e) {
        throw new Error(t("settings.whatsappProfile.pushFailed", { message: errorMessage(e) }));
      }
      onPushed?.();
    });

  return (
    <SettingsSection
      id="whatsapp-profile"
      title={title}
      saveLabel={t("settings.whatsappProfile.save")}
      status={status}
      onSubmit={submit}
    >
      <p className="muted">{t("settings.whatsappProfile.lead")}</p>
      <Field
        label={t("settings.whatsappProfile.description")}
        error={fieldErrors["channels.profile.description"]}
      >
        <textarea name="description" defaultValue={profile.description} maxLength={512} rows={3} />
      </Field>
      <Field label={t("settings.whatsappProfile.address")} error={fieldErrors["channels.profile.address"]}>
        <input name="address" defaultValue={profile.address} maxLength={256} />
      </Field>
      <Field label={t("settings.whatsappProfile.email")} error={fieldErrors["channels.profile.email"]}>
        <input name="email" type="email" defaultValue={profile.email} maxLength={128} />
      </Field>
      <Field
        label={t("settings.whatsappProfile.website1")}
        error={fieldErrors["channels.profile.websites.0"]}
      >
        <input name="website1" type="url" defaultValue={profile.websites[0] ?? ""} maxLength={256} />
      </Field>
      <Field
        label={t("settings.whatsappProfile.website2")}
        error={fieldErrors["channels.profile.websites.1"]}
      >
        <input name="website2" type="url" defaultValue={profile.websites[1] ?? ""} maxLength={256} />
      </Field>
      <Field label={t("settings.whatsappProfile.vertical")} error={fieldErrors["channels.profile.vertical"]}>
        <select name="vertical" defaultValue={profile.vertical}>
          <option value="">{t("settings.whatsappProfile.noVertical")}</option>
          {PROFILE_VERTICALS.map((v) => (
            <option key={v} value={v}>
              {t(`settings.whatsappProfile.verticals.${v}`)}
            </option>
          ))}
        </select>
      </Field>
    </SettingsSection>
  );
}
