import { api } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { Field, SettingsSection } from "./SettingsSection.js";
import { currentSettings, useSectionSave } from "./section-save.js";

/** Settings → renewals and payments: where customers renew support, and the payment link sent with invoices. */
export function PaymentsSettings({ settings }: { settings: AppSettings }) {
  const t = useT();
  const title = t("settings.sections.payments");
  const { status, fieldErrors, save } = useSectionSave(title);

  const submit = (f: FormData) =>
    save(async () => {
      const current = await currentSettings();
      await api("PUT", "/api/v1/settings/vendor", {
        ...current.vendor,
        renewalUrl: String(f.get("renewalUrl")).trim(),
      });
      await api("PUT", "/api/v1/settings/rates", {
        ...current.rates,
        paymentUrlTemplate: String(f.get("paymentUrlTemplate")).trim(),
      });
      await api("PUT", "/api/v1/settings/premium", {
        ...current.premium,
        reviewDays: Number(f.get("reviewDays")),
        unusedPrepaid: String(f.get("unusedPrepaid")),
      });
    });

  return (
    <SettingsSection
      id="payments"
      title={title}
      saveLabel={t("settings.payments.save")}
      status={status}
      onSubmit={submit}
    >
      <Field label={t("settings.payments.renewalUrl")} error={fieldErrors["vendor.renewalUrl"]}>
        <input name="renewalUrl" inputMode="url" defaultValue={settings.vendor.renewalUrl} maxLength={2000} />
      </Field>
      <Field label={t("settings.payments.paymentUrl")} error={fieldErrors["rates.paymentUrlTemplate"]}>
        <input
          name="paymentUrlTemplate"
          inputMode="url"
          defaultValue={settings.rates.paymentUrlTemplate}
          maxLength={500}
        />
      </Field>
      <p className="muted">{t("settings.payments.paymentHint")}</p>
      <Field label={t("settings.payments.reviewDays")} error={fieldErrors["premium.reviewDays"]}>
        <input
          name="reviewDays"
          type="number"
          min={1}
          max={30}
          defaultValue={settings.premium.reviewDays}
          required
        />
      </Field>
      <Field label={t("settings.payments.unusedPrepaid")} error={fieldErrors["premium.unusedPrepaid"]}>
        <select name="unusedPrepaid" defaultValue={settings.premium.unusedPrepaid}>
          <option value="keep">{t("settings.payments.unusedKeep")}</option>
          <option value="refund">{t("settings.payments.unusedRefund")}</option>
        </select>
      </Field>
    </SettingsSection>
  );
}
