import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { NumberField } from "../NumberField.js";
import { SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

/** Settings → tickets: the refund window, the first-response target and when solved tickets close. */
export function TicketsSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.tickets");
  const { status, fieldErrors, save } = useSectionSave(title);
  const tickets = settings.tickets;

  const submit = (f: FormData) =>
    save(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/tickets", {
        ...current.tickets,
        refundWindowDays: Number(f.get("refundWindowDays")),
        firstResponseHours: Number(f.get("firstResponseHours")),
        autoCloseDays: Number(f.get("autoCloseDays")),
      });
    });

  return (
    <SettingsSection
      id="tickets"
      title={title}
      saveLabel={t("settings.tickets.save")}
      status={status}
      onSubmit={submit}
    >
      <NumberField
        label={t("settings.tickets.refundWindow")}
        name="refundWindowDays"
        min={0}
        max={365}
        defaultValue={tickets.refundWindowDays}
        error={fieldErrors["tickets.refundWindowDays"]}
      />
      <NumberField
        label={t("settings.tickets.firstResponse")}
        name="firstResponseHours"
        min={1}
        max={336}
        step="any"
        defaultValue={tickets.firstResponseHours}
        error={fieldErrors["tickets.firstResponseHours"]}
      />
      <NumberField
        label={t("settings.tickets.autoClose")}
        name="autoCloseDays"
        min={1}
        max={90}
        defaultValue={tickets.autoCloseDays}
        error={fieldErrors["tickets.autoCloseDays"]}
      />
    </SettingsSection>
  );
}
