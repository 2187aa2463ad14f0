import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, errorMessage, isApiError } from "../api.js";
import type { Conversation, FilledCannedReplies, FilledCannedReply } from "../api-types.js";
import { useT } from "../i18n.js";
import { AttachButton } from "./AttachButton.js";
import { CannedSuggest, matchCanned, slashQuery, suggestKey } from "./CannedSuggest.js";
import { EmojiPicker } from "./EmojiPicker.js";
import { TemplateComposer } from "./TemplateComposer.js";

/**
 * The composer under a conversation: a reply (or, past the 24-hour window, a template) to the customer, or an
 * internal note. Typing `/` offers the canned replies, filled for this customer; the portal link and the
 * premium information go in one click. `onSent` reloads the conversation after each.
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
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const url = `/api/v1/conversations/${conversation.id}`;
  const replyClosed = mode === "reply" && !windowOpen;
  const slash = dismissed ? null : slashQuery(draft, caret);
  // The canned replies are fetched the first time "/" is typed (most replies never ask for them).
  const [canned, setCanned] = useState<FilledCannedReply[] | null>(null);
  const asked = slash !== null;
  useEffect(() => {
    if (!asked || canned !== null) return;
    setCanned([]);
    api<FilledCannedReplies>("GET", `${url}/canned-replies`).then(
      (r) => setCanned(r.data),
      () => setCanned([]),
    );
  }, [asked, canned, url]);
  const matches = slash ? matchCanned(canned ?? [], slash.query) : [];

  function edit(value: string, at: number) {
    setDraft(value);
    setCaret(at);
    setActive(0);
    setDismissed(false);
  }

  /** Puts a canned reply where the "/word" was (or at the end of the draft). */
  function insert(reply: FilledCannedReply) {
    const start = slash ? slash.start : draft.length;
    const end = slash ? caret : draft.length;
    const head = slash ? draft.slice(0, start) : draft ? `${draft}\n` : "";
    const next = `${head}${reply.text}${draft.slice(end)}`;
    const at = head.length + reply.text.length;
    edit(next, at);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  }

  /** Puts text at the caret (an emoji from the picker) and gives the focus back to the text. */
  function insertAtCaret(text: string) {
    const next = `${draft.slice(0, caret)}${text}${draft.slice(caret)}`;
    const at = caret + text.length;
    edit(next, at);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setProblem(null);
    setStatus(null);
    try {
      if (mode === "note") await api("POST", `${url}/notes`, { body: text });
      else await api("POST", `${url}/messages`, { text });
      edit("", 0);
      await onSent();
    } catch (e) {
      setProblem(isApiError(e, "window_closed") ? t("inbox.composer.closedWindow") : errorMessage(e));
    }
  }

  async function quick(kind: "portal_link" | "premium_info") {
    setProblem(null);
    setStatus(null);
    try {
      await api("POST", `${url}/quick-replies`, { kind });
      setStatus(t("inbox.composer.quickSent"));
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
        {mode === "reply" && windowOpen ? (
          <span className="quick-actions">
            <button
              type="button"
              className="small"
              onClick={() => {
                const next = draft && !/\s$/.test(draft) ? `${draft} /` : `${draft}/`;
                edit(next, next.length);
                requestAnimationFrame(() => box.current?.focus());
              }}
            >
              {t("inbox.composer.cannedOpen")}
            </button>
            <button type="button" className="small" onClick={() => void quick("portal_link")}>
              {t("inbox.composer.quickPortal")}
            </button>
            <button type="button" className="small" onClick={() => void quick("premium_info")}>
              {t("inbox.composer.quickPremium")}
            </button>
          </span>
        ) : null}
      </div>
      {replyClosed ? (
        <div className="notice" role="note">
          <p>{t("inbox.composer.closedWindow")}</p>
          <TemplateComposer
            conversation={conversation}
            onSent={async () => {
              setStatus(t("inbox.composer.templateSent"));
              await onSent();
            }}
          />
        </div>
      ) : null}
      {slash && !replyClosed ? <CannedSuggest matches={matches} active={active} onPick={insert} /> : null}
      <textarea
        ref={box}
        id="composer-text"
        aria-label={mode === "note" ? t("inbox.composer.note") : t("inbox.composer.reply")}
        placeholder={mode === "note" ? t("inbox.composer.notePlaceholder") : t("inbox.composer.placeholder")}
        value={draft}
        rows={3}
        maxLength={4096}
        disabled={replyClosed}
        aria-autocomplete="list"
        aria-controls={slash ? "canned-suggest" : undefined}
        aria-activedescendant={slash && matches[active] ? `canned-${matches[active].id}` : undefined}
        onChange={(e) => edit(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          if (slash) {
            const chosen = matches[active];
            const handled = suggestKey(
              e,
              matches.length,
              active,
              setActive,
              () => chosen && insert(chosen),
              () => setDismissed(true),
            );
            if (handled) return;
          }
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      {status ? <p role="status">{status}</p> : null}
      <div className="composer-actions">
        {!replyClosed ? <EmojiPicker onPick={insertAtCaret} /> : null}
        {mode === "reply" && !replyClosed ? (
          <AttachButton
            url={url}
            caption={draft}
            onProblem={setProblem}
            onStatus={setStatus}
            onSent={async () => {
              edit("", 0);
              await onSent();
            }}
          />
        ) : null}
        {mode === "reply" && !replyClosed ? (
          <span className="muted small slash-hint">{t("inbox.composer.slashHint")}</span>
        ) : null}
        <button type="submit" className="primary" disabled={replyClosed}>
          {mode === "note" ? t("inbox.composer.addNote") : t("inbox.composer.send")}
        </button>
      </div>
    </form>
  );
}
