import { useCallback, useState } from "react";
import { api, errorMessage, fieldErrors as fieldErrorsOf } from "../../api.js";
import type { AppSettings } from "../../api-types.js";
import { useT } from "../../i18n.js";

export interface SaveStatus {
  ok: boolean;
  text: string;
}

/** The settings as saved now: a section spreads these, never a copy loaded before another section's save. */
export function currentSettings(): Promise<AppSettings> {
  return api<AppSettings>("GET", "/api/v1/settings");
}

/** One section's Save: runs the writes, then says "saved" or shows the server's reasons per field. */
export function useSectionSave(section: string) {
  const t = useT();
  const [status, setStatus] = useState<SaveStatus | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const save = useCallback(
    async (work: () => Promise<unknown>) => {
      try {
        await work();
        setFieldErrors({});
        setStatus({ ok: true, text: t("settings.saved", { section }) });
      } catch (e) {
        setFieldErrors(fieldErrorsOf(e));
        setStatus({ ok: false, text: t("settings.failed", { message: errorMessage(e) }) });
      }
    },
    [t, section],
  );
  return { status, fieldErrors, save };
}
