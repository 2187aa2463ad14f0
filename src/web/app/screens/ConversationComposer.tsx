import { type FormEvent, useState } from "react";
import { api, errorMessage, isApiError } from "../api.js";
import type { CannedReply, Conversation, ListOf } from "../api-types.js";
import { useT } from "../i18n.js";
import { useData } from "../use-data.js";
import { TemplateComposer } from "./TemplateComposer.js";

/**
 * The composer under a conversation: a reply (or, past the 24-hour window, a template) to the customer, or an
 * internal note. `onSent` reloads the conversation after each.
 */
export function ConversationComposer({
  conversation,
  windowOpen,
  onSent,
}: {
  conversation: Conversation;
  windowOpen: boolean;
  onSent: () => Promise<void>;
}) {
  const t = useT();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const canned = useData<ListOf<CannedReply>>("/api/v1/canned-replies").data?.data ?? [];
  const url = `/api/v1/conversations/${conversation.id}`;
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
        <div className="notice" role="note">
          <p>{t("inbox.composer.closedWindow")}</p>
          <TemplateComposer
            conversation={conversation}
            onSent={async () => {
              setProblem(t("inbox.composer.templateSent"));
              await onSent();
            }}
          />
        </div>
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
