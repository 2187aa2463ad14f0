import type { MessageKey } from "../../../../platform/i18n/i18n.js";
import { useT } from "../../i18n.js";

/** The settings' sections, in page order: each link jumps to its section. */
export const SETTINGS_SECTIONS: { id: string; label: MessageKey }[] = [
  { id: "general", label: "settings.sections.general" },
  { id: "hours", label: "settings.sections.hours" },
  { id: "catalogue", label: "settings.sections.catalogue" },
  { id: "tickets", label: "settings.sections.tickets" },
  { id: "payments", label: "settings.sections.payments" },
  { id: "fixed", label: "settings.sections.fixed" },
  { id: "billing", label: "settings.sections.billing" },
  { id: "exchange", label: "settings.sections.exchange" },
  { id: "agents", label: "settings.sections.agents" },
  { id: "api-keys", label: "settings.sections.apiKeys" },
  { id: "auto-replies", label: "settings.sections.autoReplies" },
  { id: "whatsapp", label: "settings.sections.whatsapp" },
  { id: "whatsapp-profile", label: "settings.sections.whatsappProfile" },
  { id: "mail-in", label: "settings.sections.mailIn" },
  { id: "backups", label: "settings.sections.backups" },
  { id: "retention", label: "settings.sections.retention" },
];

export function SettingsNav() {
  const t = useT();
  return (
    <nav aria-label={t("settings.nav")} className="settings-nav">
      <ul className="plain">
        {SETTINGS_SECTIONS.map((s) => (
          <li key={s.id}>
            <a href={`#${s.id}`}>{t(s.label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
