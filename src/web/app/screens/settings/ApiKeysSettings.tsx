import { useState } from "react";
import { api } from "../../api.js";
import type { ApiKey, ApiKeyCreated, ListOf } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { formatWhen } from "./format-when.js";
import { Field, SaveLine, SettingsSection } from "./SettingsSection.js";
import { useSectionSave } from "./section-save.js";

const SCOPES = ["all", "licenses"] as const;

/** Settings → API keys: create one with its scopes (the secret is shown once, here), list and revoke. */
export function ApiKeysSettings() {
  const t = useT();
  const title = t("settings.sections.apiKeys");
  const keys = useData<ListOf<ApiKey>>("/api/v1/api-keys");
  const create = useSectionSave(title);
  const revoke = useSectionSave(title);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = (f: FormData) =>
    create.save(async () => {
      const scopes = SCOPES.filter((s) => f.get(`scope_${s}`) === "on");
      setCreated(await api<ApiKeyCreated>("POST", "/api/v1/api-keys", { name: f.get("name"), scopes }));
      setFormKey((k) => k + 1);
      await keys.reload();
    });
  const revokeKey = (k: ApiKey) => {
    if (!window.confirm(t("settings.apiKeys.confirmRevoke", { name: k.name }))) return;
    void revoke.save(async () => {
      await api("DELETE", `/api/v1/api-keys/${k.id}`);
      await keys.reload();
    });
  };

  return (
    <section id="api-keys" aria-label={title} className="settings-section">
      <h2>{title}</h2>
      {created ? (
        <div className="secret-once" role="status">
          <p>{t("settings.apiKeys.secret")}</p>
          <code>{created.secret}</code>
        </div>
      ) : null}
      {keys.data?.data.length === 0 ? <p className="muted">{t("settings.apiKeys.none")}</p> : null}
      <ul className="plain api-key-list">
        {keys.data?.data.map((k) => (
          <li key={k.id} className={k.revokedAt ? "muted" : undefined}>
            <span>
              <strong>{k.name}</strong> <code>{k.prefix}…</code> ·{" "}
              {k.scopes
                .map((s) => t(`settings.apiKeys.scopeNames.${s === "licenses" ? "licenses" : "all"}`))
                .join(", ")}{" "}
              · {t("settings.apiKeys.created", { date: formatWhen(k.createdAt) })} ·{" "}
              {k.lastUsedAt
                ? t("settings.apiKeys.lastUsed", { date: formatWhen(k.lastUsedAt) })
                : t("settings.apiKeys.never")}
              {k.revokedAt ? ` · ${t("settings.apiKeys.revoked", { date: formatWhen(k.revokedAt) })}` : null}
            </span>
            {k.revokedAt ? null : (
              <button type="button" onClick={() => revokeKey(k)}>
                {t("settings.apiKeys.revoke", { name: k.name })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <SaveLine status={revoke.status} />
      <SettingsSection
        key={formKey}
        id="api-keys-create"
        title={t("settings.apiKeys.create")}
        saveLabel={t("settings.apiKeys.create")}
        status={create.status}
        onSubmit={submit}
      >
        <Field label={t("settings.apiKeys.name")} error={create.fieldErrors.name}>
          <input name="name" required maxLength={80} />
        </Field>
        <fieldset>
          <legend>{t("settings.apiKeys.scopes")}</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name={`scope_${s}`} defaultChecked={s === "all"} />
              {t(`settings.apiKeys.scopeNames.${s}`)}
            </label>
          ))}
        </fieldset>
      </SettingsSection>
    </section>
  );
}
