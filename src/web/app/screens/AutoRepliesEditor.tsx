import { useEffect, useMemo, useState } from "react";
import type { PolicyTextKey } from "../../../policy/policy-text-keys.js";
import { api, errorMessage } from "../api.js";
import type { PolicyPreview, PolicyTexts } from "../api-types.js";
import { type Lang, useT } from "../i18n.js";
import { WhatsAppContent } from "./WhatsAppContent.js";
import "./policy.css";

type Texts = Partial<Record<PolicyTextKey, Partial<Record<Lang, string>>>>;

const LANGS: Lang[] = ["es", "en"];
const SHORT: ReadonlySet<PolicyTextKey> = new Set([
  "buttonPresales",
  "buttonPurchase",
  "buttonPremium",
  "rateCardButton",
]);

/**
 * The owner rewords the automatic replies: one field per text and language, a live preview rendered by
 * the server from the draft (the same code that sends them), and a save the server refuses while any
 * filled text breaks a WhatsApp limit.
 */
export function AutoRepliesEditor() {
  const t = useT();
  const [data, setData] = useState<PolicyTexts | null>(null);
  const [draft, setDraft] = useState<Record<Lang, Record<string, string>>>({ es: {}, en: {} });
  const [lang, setLang] = useState<Lang>("es");
  const [preview, setPreview] = useState<PolicyPreview | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    api<PolicyTexts>("GET", "/api/v1/policy/texts").then((d) => {
      setData(d);
      const next: Record<Lang, Record<string, string>> = { es: {}, en: {} };
      for (const l of LANGS) for (const k of d.keys) next[l][k] = d.overrides[k]?.[l] ?? d.defaults[l][k];
      setDraft(next);
    });
  }, []);

  /** Only the texts that differ from the built-in ones are the owner's. */
  const overrides = useMemo(() => {
    const result: Texts = {};
    if (!data) return result;
    for (const k of data.keys) {
      for (const l of LANGS) {
        const value = draft[l][k];
        if (value !== undefined && value !== data.defaults[l][k]) result[k] = { ...result[k], [l]: value };
      }
    }
    return result;
  }, [data, draft]);

  useEffect(() => {
    if (!data) return;
    const timer = setTimeout(() => {
      api<PolicyPreview>("POST", "/api/v1/policy/texts/preview", { overrides, language: lang }).then(
        setPreview,
        () => setPreview(null),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [data, overrides, lang]);

  if (!data) return null;

  async function save() {
    try {
      await api("PUT", "/api/v1/policy/texts", { overrides });
      setStatus({ ok: true, text: t("policy.ui.saved") });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  }

  const edit = (key: PolicyTextKey, value: string) =>
    setDraft((d) => ({ ...d, [lang]: { ...d[lang], [key]: value } }));

  return (
    <section aria-labelledby="replies-title" className="stack wide" style={{ width: "100%" }}>
      <h2 id="replies-title">{t("policy.ui.title")}</h2>
      <p className="muted">{t("policy.ui.lead")}</p>
      <fieldset>
        <legend>{t("policy.ui.language")}</legend>
        <div className="meta" role="radiogroup" style={{ display: "flex", gap: 12 }}>
          {LANGS.map((l) => (
            <label key={l} className="check" style={{ display: "flex", gap: 6 }}>
              <input
                type="radio"
                name="replies-lang"
                checked={lang === l}
                onChange={() => setLang(l)}
                style={{ width: "auto" }}
              />
              {t(`common.languageName.${l}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="replies-editor">
        <div className="fields">
          {data.keys.map((key) => {
            const value = draft[lang][key] ?? "";
            const own = value !== data.defaults[lang][key];
            const id = `reply-${key}-${lang}`;
            return (
              <div className="field" key={key}>
                <label htmlFor={id}>{t(`policy.editor.${key}`)}</label>
                {SHORT.has(key) ? (
                  <input id={id} value={value} maxLength={20} onChange={(e) => edit(key, e.target.value)} />
                ) : (
                  <textarea
                    id={id}
                    value={value}
                    rows={Math.min(12, Math.max(3, value.split("\n").length + 1))}
                    maxLength={1024}
                    onChange={(e) => edit(key, e.target.value)}
                  />
                )}
                <div className="meta muted">
                  <span>{own ? t("policy.ui.custom") : t("policy.ui.builtIn")}</span>
                  <span>· {t("policy.ui.chars", { count: Array.from(value).length })}</span>
                  {own ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => edit(key, data.defaults[lang][key])}
                    >
                      {t("policy.ui.reset")}
                    </button>
                  ) : null}
                </div>
                <div className="meta muted">
                  {data.placeholders[key].length === 0
                    ? t("policy.ui.none")
                    : t("policy.ui.placeholders", {
                        list: data.placeholders[key].map((p) => `{${p}}`).join(" "),
                      })}
                </div>
              </div>
            );
          })}
        </div>
        <aside className="replies-preview" aria-label={t("policy.ui.preview")}>
          <h3>{t("policy.ui.preview")}</h3>
          <p className="muted" style={{ margin: 0 }}>
            {t("policy.ui.previewLead")}
          </p>
          {preview?.previews.map((p) => (
            <div key={p.name}>
              <h3>{t(`policy.ui.samples.${p.name}` as Parameters<typeof t>[0])}</h3>
              <div className="wa-bubble">
                <WhatsAppContent content={p.content} />
              </div>
            </div>
          ))}
        </aside>
      </div>
      {preview && preview.problems.length > 0 ? (
        <div role="alert" className="error">
          <p>{t("policy.ui.problems")}</p>
          <ul>
            {preview.problems.map((p) => (
              <li key={`${p.key}-${p.language}-${p.message}`}>
                {p.key} ({p.language}): {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {status ? (
        <p role="status" className={status.ok ? "ok" : "error"}>
          {status.text}
        </p>
      ) : null}
      <div>
        <button type="button" className="primary" onClick={save}>
          {t("policy.ui.save")}
        </button>
      </div>
    </section>
  );
}
