import { useState } from "react";
import { api } from "../../api.js";
import type { SessionUser, UserView } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { Field, SaveLine, SettingsSection } from "./SettingsSection.js";
import { useSectionSave } from "./section-save.js";

/** Settings → agents: who can sign in, with which role; add an agent, change a role, deactivate or reactivate. */
export function AgentsSettings({ me }: { me: SessionUser }) {
  const t = useT();
  const title = t("settings.sections.agents");
  const users = useData<{ data: UserView[] }>("/api/v1/users?includeInactive=true");
  const invite = useSectionSave(title);
  const change = useSectionSave(title);
  const [formKey, setFormKey] = useState(0);

  const submit = (f: FormData) =>
    invite.save(async () => {
      const created = await api<UserView>("POST", "/api/v1/users", {
        email: String(f.get("email")).trim(),
        name: String(f.get("name")).trim(),
        role: f.get("role"),
        language: f.get("language"),
        password: f.get("password"),
      });
      setFormKey((k) => k + 1);
      await users.reload();
      return created;
    });
  const patch = (u: UserView, body: { role?: string; active?: boolean }) =>
    change.save(async () => {
      await api("PATCH", `/api/v1/users/${u.id}`, body);
      await users.reload();
    });

  return (
    <section id="agents" aria-label={title} className="settings-section">
      <h2>{title}</h2>
      <ul className="plain agent-list">
        {users.data?.data.map((u) => (
          <li key={u.id} className={u.active ? undefined : "muted"}>
            <span>
              <strong>{u.name}</strong> {u.id === me.id ? t("settings.agents.you") : null} · {u.email}
              {u.active ? null : ` · ${t("settings.agents.inactive")}`}
            </span>
            <select
              aria-label={t("settings.agents.roleOf", { name: u.name })}
              value={u.role}
              disabled={u.id === me.id}
              onChange={(e) => void patch(u, { role: e.target.value })}
            >
              <option value="agent">{t("settings.agents.roles.agent")}</option>
              <option value="owner">{t("settings.agents.roles.owner")}</option>
            </select>
            {u.id === me.id ? null : (
              <button type="button" onClick={() => void patch(u, { active: !u.active })}>
                {t(u.active ? "settings.agents.deactivate" : "settings.agents.reactivate", { name: u.name })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <SaveLine status={change.status} />
      <SettingsSection
        key={formKey}
        id="agents-invite"
        title={t("settings.agents.invite")}
        saveLabel={t("settings.agents.invite")}
        status={invite.status}
        onSubmit={submit}
      >
        <Field label={t("settings.agents.name")} error={invite.fieldErrors.name}>
          <input name="name" required maxLength={80} />
        </Field>
        <Field label={t("settings.agents.email")} error={invite.fieldErrors.email}>
          <input name="email" type="email" required maxLength={254} />
        </Field>
        <Field label={t("settings.agents.role")}>
          <select name="role" defaultValue="agent">
            <option value="agent">{t("settings.agents.roles.agent")}</option>
            <option value="owner">{t("settings.agents.roles.owner")}</option>
          </select>
        </Field>
        <Field label={t("settings.agents.language")}>
          <select name="language" defaultValue={me.language === "es" ? "es" : "en"}>
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </Field>
        <Field label={t("settings.agents.password")} error={invite.fieldErrors.password}>
          <input
            name="password"
            type="password"
            required
            minLength={8}
            maxLength={200}
            autoComplete="new-password"
          />
        </Field>
      </SettingsSection>
    </section>
  );
}
