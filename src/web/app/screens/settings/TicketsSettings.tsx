import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
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
      <Field label={t("settings.tickets.refundWindow")} error={fieldErrors["tickets.refundWindowDays"]}>
        <input
          name="refundWindowDays"
          type="number"
          min={0}
          max={365}
          defaultValue={tickets.refundWindowDays}
          required
        />
      </Field>
      <Field label={t("settings.tickets.firstResponse")} error={fieldErrors["tickets.firstResponseHours"]}>
        <input
          name="firstResponseHours"
          type="number"
          min={1}
          max={336}
          step="any"
          defaultValue={tickets.firstResponseHours}
          required
        />
      </Field>
      <Field label={t("settings.tickets.autoClose")} error={fieldErrors["tickets.autoCloseDays"]}>
        <input
          name="autoCloseDays"
          type="number"
          min={1}
          max={90}
          defaultValue={tickets.autoCloseDays}
          required
        />
      </Field>
    </SettingsSection>
  );
}
