import { useEffect, useMemo, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { Conversation, ListOf, WhatsAppTemplate } from "../api-types.js";
import { useT } from "../i18n.js";

/** The body with {{n}} replaced by the n-th value (an empty value keeps its {{n}} visible). */
function fill(body: string, values: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1]?.trim() || whole);
}

/**
 * Outside the 24-hour window: the approved templates, the customer's language first, their variables filled
 * from the conversation (the customer's first name; the rest for the agent), and a preview of what they read.
 */
export function TemplateComposer({
  conversation,
  onSent,
}: {
  conversation: Conversation;
  onSent: () => void;
}) {
  const t = useT();
  const [templates, setTemplates] = useState<WhatsAppTemplate[]>([]);
  const [key, setKey] = useState("");
  const [values, setValues] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const language = conversation.contact.language === "es" ? "es" : "en";
  const firstName = (conversation.contact.name ?? "").split(/\s+/)[0] ?? "";

  useEffect(() => {
    api<ListOf<WhatsAppTemplate>>("GET", "/api/v1/whatsapp/templates").then(
      (r) => {
        const approved = r.data
          .filter((x) => x.status === "APPROVED")
          .sort((a, b) => Number(b.language.startsWith(language)) - Number(a.language.startsWith(language)));
        setTemplates(approved);
      },
      () => setTemplates([]),
    );
  }, [language]);

  const chosen = useMemo(
    () => templates.find((x) => `${x.name}:${x.language}` === key) ?? templates[0],
    [templates, key],
  );
  useEffect(() => {
    if (!chosen) return;
    setValues(Array.from({ length: chosen.variableCount }, (_, i) => (i === 0 ? firstName : "")));
  }, [chosen, firstName]);

  if (templates.length === 0) {
    return <p className="muted">{t("whatsapp.ui.composerNone")}</p>;
  }

  async function send() {
    if (!chosen) return;
    setBusy(true);
    setProblem(null);
    try {
      await api("POST", `/api/v1/conversations/${conversation.id}/messages`, {
        template: { name: chosen.name, language: chosen.language, parameters: values.map((v) => v.trim()) },
      });
      onSent();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="template-form" aria-label={t("whatsapp.ui.composerTitle")}>
      <label>
        {t("whatsapp.ui.composerPick")}
        <select
          value={chosen ? `${chosen.name}:${chosen.language}` : ""}
          onChange={(e) => setKey(e.target.value)}
        >
          {templates.map((x) => (
            <option key={`${x.name}:${x.language}`} value={`${x.name}:${x.language}`}>
              {x.name} ({x.language})
            </option>
          ))}
        </select>
      </label>
      {values.map((value, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a template variable is its position ({{1}}, {{2}}…).
        <label key={`${chosen?.name}-${i}`}>
          {t("whatsapp.ui.composerParam", { n: i + 1 })}
          <input
            value={value}
            maxLength={1000}
            onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))}
          />
        </label>
      ))}
      {chosen ? (
        <figure className="template-preview">
          <figcaption className="muted">{t("whatsapp.ui.composerPreview")}</figcaption>
          <p data-testid="template-preview">{fill(chosen.body, values)}</p>
        </figure>
      ) : null}
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={busy || values.some((v) => v.trim() === "")}
        onClick={() => void send()}
      >
        {t("whatsapp.ui.composerSend")}
      </button>
    </fieldset>
  );
}
