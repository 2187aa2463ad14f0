import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

const KINDS = ["compatibility", "price", "link", "qa"] as const;

/**
 * Settings → catalogue answers: which kinds of pre-sales question beedesk answers by itself from the products'
 * facts. A kind turned off waits for an agent, with the answer offered as a suggestion.
 */
export function CatalogueSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.catalogue");
  const { status, save } = useSectionSave(title);
  const on = settings.presales.catalogue;

  const submit = (f: FormData) =>
    save(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/presales", {
        ...current.presales,
        catalogue: Object.fromEntries(KINDS.map((k) => [k, f.get(k) === "on"])),
      });
    });

  return (
    <SettingsSection
      id="catalogue"
      title={title}
      saveLabel={t("settings.catalogue.save")}
      status={status}
      onSubmit={submit}
    >
      <p className="muted">{t("settings.catalogue.intro")}</p>
      <fieldset>
        <legend>{t("settings.catalogue.kinds")}</legend>
        {KINDS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" name={k} defaultChecked={on[k]} />
            {t(`settings.catalogue.${k}`)}
          </label>
        ))}
      </fieldset>
    </SettingsSection>
  );
}
