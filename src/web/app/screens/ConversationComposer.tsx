import { type FormEvent, useState } from "react";
import { api, errorMessage, isApiError } from "../api.js";
import type { CannedReply, ListOf } from "../api-types.js";
import { useT } from "../i18n.js";
import { useData } from "../use-data.js";

/**
 * The composer under a conversation: a reply (or, past the 24-hour window, a template) to the customer, or an
 * internal note. `onSent` reloads the conversation after each.
 */
export function ConversationComposer({
  conversationId,
  windowOpen,
  onSent,
}: {
  conversationId: string;
  windowOpen: boolean;
  onSent: () => Promise<void>;
}) {
  const t = useT();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [template, setTemplate] = useState({ name: "hello_world", languageCode: "en_US" });
  const canned = useData<ListOf<CannedReply>>("/api/v1/canned-replies").data?.data ?? [];
  const url = `/api/v1/conversations/${conversationId}`;
  const replyClosed = mode === "reply" && !windowOpen;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setProblem(null);
    try {
      if (mode === "note") await api("POST", `${url}/notes`, { body: text });
      else await api("POST", `${url}/messages`, { text });
      setDraft("");
      await onSent();
    } catch (e) {
      setProblem(isApiError(e, "window_closed") ? t("inbox.composer.closedWindow") : errorMessage(e));
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <div className="tabs" role="tablist">
        {(["reply", "note"] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={mode === m ? "active" : ""}
            onClick={() => setMode(m)}
          >
            {t(`inbox.composer.${m}`)}
          </button>
        ))}
        {mode === "reply" ? (
          <CannedPicker canned={canned} onPick={(body) => setDraft((d) => (d ? `${d}\n${body}` : body))} />
        ) : null}
      </div>
      {replyClosed ? (
        <TemplateForm
          url={url}
          template={template}
          onChange={setTemplate}
          onProblem={setProblem}
          onSent={onSent}
        />
      ) : null}
      <textarea
        aria-label={mode === "note" ? t("inbox.composer.note") : t("inbox.composer.reply")}
        placeholder={mode === "note" ? t("inbox.composer.notePlaceholder") : t("inbox.composer.placeholder")}
        value={draft}
        rows={3}
        maxLength={4096}
        disabled={replyClosed}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="composer-actions">
        <button type="submit" className="primary" disabled={replyClosed}>
          {mode === "note" ? t("inbox.composer.addNote") : t("inbox.composer.send")}
        </button>
      </div>
    </form>
  );
}

/** The canned replies, each inserted into the draft; nothing while they load or when there are none. */
function CannedPicker({ canned, onPick }: { canned: CannedReply[]; onPick: (body: string) => void }) {
  const t = useT();
  if (canned.length === 0) return null;
  return (
    <select
      aria-label={t("inbox.composer.canned")}
      value=""
      onChange={(e) => {
        const c = canned.find((x) => x.id === e.target.value);
        if (c) onPick(c.body);
      }}
    >
      <option value="">{t("inbox.composer.canned")}</option>
      {canned.map((c) => (
        <option key={c.id} value={c.id}>
          {c.title}
        </option>
      ))}
    </select>
  );
}

/** Past the 24-hour window only an approved template may be sent. */
type Template = { name: string; languageCode: string };

function TemplateForm({
  url,
  template,
  onChange,
  onProblem,
  onSent,
}: {
  url: string;
  template: Template;
  onChange: (template: Template) => void;
  onProblem: (problem: string | null) => void;
  onSent: () => Promise<void>;
}) {
  const t = useT();

  async function send() {
    onProblem(null);
    try {
      await api("POST", `${url}/template`, template);
      onProblem(t("inbox.composer.templateSent"));
      await onSent();
    } catch (e) {
      onProblem(errorMessage(e));
    }
  }

  return (
    <div className="notice" role="note">
      <p>{t("inbox.composer.closedWindow")}</p>
      <div className="template-form">
        <label>
          {t("inbox.composer.templateName")}
          <input value={template.name} onChange={(e) => onChange({ ...template, name: e.target.value })} />
        </label>
        <label>
          {t("inbox.composer.templateLanguage")}
          <input
            value={template.languageCode}
            onChange={(e) => onChange({ ...template, languageCode: e.target.value })}
          />
        </label>
        <button type="button" onClick={() => void send()}>
          {t("inbox.composer.template")}
        </button>
      </div>
    </div>
  );
}
