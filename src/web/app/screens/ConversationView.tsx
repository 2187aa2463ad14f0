import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import type { ReplyContent } from "../../../policy/policy-texts.js";
import { ApiError, api } from "../api.js";
import type { CannedReply, ListOf } from "../api-types.js";
import { useT } from "../i18n.js";
import type { SessionUser } from "../types.js";
import { ConversationActions } from "./ConversationActions.js";
import { CustomerPanel } from "./CustomerPanel.js";
import { DataRights } from "./DataRights.js";
import { WindowBadge } from "./InboxScreen.js";
import {
  type ConversationView as Conversation,
  contactName,
  type MessageView,
  type NoteView,
  type UserView,
} from "./inbox-types.js";
import { ConversationMeter } from "./premium/ConversationMeter.js";
import { TemplateComposer } from "./TemplateComposer.js";
import { WhatsAppContent } from "./WhatsAppContent.js";

const TICKS: Record<string, string> = {
  queued: "🕓",
  held: "⏸",
  sent: "✓",
  delivered: "✓✓",
  read: "✓✓",
  played: "✓✓",
};

/** Interactive content of an outbound message, from the request body the channel stored. */
function interactiveOf(m: MessageView): ReplyContent | undefined {
  if (m.direction !== "out") return undefined;
  const i = m.content.interactive as
    | {
        type: string;
        body?: { text: string };
        action?: {
          buttons?: { reply: { id: string; title: string } }[];
          button?: string;
          sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
        };
      }
    | undefined;
  if (!i?.body) return undefined;
  if (i.type === "button" && i.action?.buttons) {
    return { kind: "buttons", body: i.body.text, buttons: i.action.buttons.map((b) => b.reply) };
  }
  if (i.type === "list" && i.action?.sections) {
    return { kind: "list", body: i.body.text, button: i.action.button ?? "", sections: i.action.sections };
  }
  return undefined;
}

type Entry = { at: string; message?: MessageView; note?: NoteView };

export function ConversationView({
  id,
  user,
  users,
  version,
  now,
  onBack,
  onChanged,
}: {
  id: string;
  user: SessionUser;
  users: UserView[];
  version: number;
  now: number;
  onBack: () => void;
  onChanged: () => void;
}) {
  const t = useT();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [notes, setNotes] = useState<NoteView[]>([]);
  const [missing, setMissing] = useState(false);
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const threadRef = useRef<HTMLOListElement>(null);
  const [canned, setCanned] = useState<CannedReply[] | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, m, n] = await Promise.all([
        api<Conversation>("GET", `/api/v1/conversations/${id}`),
        api<ListOf<MessageView>>("GET", `/api/v1/conversations/${id}/messages`),
        api<ListOf<NoteView>>("GET", `/api/v1/conversations/${id}/notes`),
      ]);
      setConversation(c);
      setMessages(m.data);
      setNotes(n.data);
      if (c.unreadCount > 0) {
        await api("POST", `/api/v1/conversations/${id}/read`).catch(() => undefined);
        onChanged();
      }
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setMissing(true);
    }
  }, [id, onChanged]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the live-update signal to reload.
  useEffect(() => {
    void load();
  }, [load, version]);

  // The newest message in view, as in any chat.
  const count = messages.length + notes.length;
  useEffect(() => {
    if (count > 0 && threadRef.current) threadRef.current.scrollTop = threadRef.current.scrollHeight;
  }, [count]);

  useEffect(() => {
    api<ListOf<CannedReply>>("GET", "/api/v1/canned-replies").then(
      (r) => setCanned(r.data),
      () => setCanned([]),
    );
  }, []);

  if (missing) return <p className="muted">{t("common.errors.notFound")}</p>;
  if (!conversation) return <p className="muted">{t("inbox.loading")}</p>;

  const windowOpen = conversation.window.closesAt ? Date.parse(conversation.window.closesAt) > now : false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setProblem(null);
    try {
      if (mode === "note") await api("POST", `/api/v1/conversations/${id}/notes`, { body: text });
      else await api("POST", `/api/v1/conversations/${id}/messages`, { text });
      setDraft("");
      await load();
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.code === "window_closed") setProblem(t("inbox.composer.closedWindow"));
      else setProblem(e instanceof ApiError ? e.message : String(e));
    }
  }

  const entries: Entry[] = [
    ...messages.map((message) => ({ at: message.createdAt, message })),
    ...notes.map((note) => ({ at: note.createdAt, note })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const nameOf = (userId: string | null) =>
    userId === null
      ? t("inbox.auto")
      : userId === user.id
        ? t("inbox.you")
        : (users.find((u) => u.id === userId)?.name ?? "");

  return (
    <article className="conversation" aria-label={contactName(conversation.contact)}>
      <header className="conversation-head">
        <button type="button" className="link back" onClick={onBack}>
          ← {t("inbox.back")}
        </button>
        <h2>{contactName(conversation.contact)}</h2>
        <span className={`badge role-${conversation.role}`}>{t(`inbox.roles.${conversation.role}`)}</span>
        <span className={`state state-${conversation.state}`}>{t(`inbox.states.${conversation.state}`)}</span>
        <WindowBadge conversation={conversation} now={now} />
        {conversation.contact.waId ? <span className="muted">+{conversation.contact.waId}</span> : null}
      </header>
      <div className="conversation-body">
        <div className="thread-column">
          <ol className="thread" aria-live="polite" ref={threadRef}>
            {entries.map((e) =>
              e.note ? (
                <li key={`n-${e.note.id}`} className="entry note">
                  <div className="wa-bubble note">
                    <span className="who">
                      {t("inbox.note")} · {e.note.authorName}
                    </span>
                    <p className="wa-text">{e.note.body}</p>
                  </div>
                </li>
              ) : e.message ? (
                <li key={`m-${e.message.id}`} className={`entry ${e.message.direction}`}>
                  <div className={`wa-bubble ${e.message.direction === "out" ? "out" : ""}`}>
                    {e.message.direction === "out" ? (
                      <span className="who">{nameOf(e.message.sentByUserId)}</span>
                    ) : null}
                    {(() => {
                      const content = interactiveOf(e.message);
                      return content ? (
                        <WhatsAppContent content={content} />
                      ) : (
                        <>
                          {e.message.media ? (
                            <a href={e.message.media.url} target="_blank" rel="noreferrer">
                              {e.message.media.mimeType?.startsWith("image/") ? (
                                <img
                                  src={e.message.media.url}
                                  alt={e.message.text ?? e.message.type}
                                  className="media"
                                />
                              ) : (
                                `[${e.message.type}]`
                              )}
                            </a>
                          ) : null}
                          {e.message.text || !e.message.media ? (
                            <p className="wa-text">{e.message.text ?? `[${e.message.type}]`}</p>
                          ) : null}
                        </>
                      );
                    })()}
                    <span className="meta">
                      <time dateTime={e.message.createdAt}>
                        {new Date(e.message.createdAt).toLocaleString([], {
                          day: "numeric",
                          month: "short",
                          hour: "2-digit",
                          minute: "2-digit",
                        })}
                      </time>
                      {e.message.direction === "out" ? (
                        <span
                          role="img"
                          className={`tick tick-${e.message.status}`}
                          title={t(`inbox.ticks.${e.message.status as "sent"}`)}
                          aria-label={t(`inbox.ticks.${e.message.status as "sent"}`)}
                        >
                          {e.message.status === "failed" ? "⚠" : (TICKS[e.message.status] ?? "")}
                        </span>
                      ) : null}
                    </span>
                    {e.message.status === "held" ? (
                      <p className="notice small" role="note">
                        {e.message.errorReason}
                      </p>
                    ) : null}
                    {e.message.status === "failed" ? (
                      <p className="error small" role="note">
                        {t("inbox.failed", {
                          reason: e.message.errorReason ?? String(e.message.errorCode ?? ""),
                        })}
                      </p>
                    ) : null}
                  </div>
                </li>
              ) : null,
            )}
          </ol>
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
              {mode === "reply" && canned && canned.length > 0 ? (
                <select
                  aria-label={t("inbox.composer.canned")}
                  value=""
                  onChange={(e) => {
                    const c = canned.find((x) => x.id === e.target.value);
                    if (c) setDraft((d) => (d ? `${d}\n${c.body}` : c.body));
                  }}
                >
                  <option value="">{t("inbox.composer.canned")}</option>
                  {canned.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              ) : null}
            </div>
            {mode === "reply" && !windowOpen ? (
              <div className="notice" role="note">
                <p>{t("inbox.composer.closedWindow")}</p>
                <TemplateComposer
                  conversation={conversation}
                  onSent={() => {
                    setProblem(t("inbox.composer.templateSent"));
                    void load();
                    onChanged();
                  }}
                />
              </div>
            ) : null}
            <textarea
              aria-label={mode === "note" ? t("inbox.composer.note") : t("inbox.composer.reply")}
              placeholder={
                mode === "note" ? t("inbox.composer.notePlaceholder") : t("inbox.composer.placeholder")
              }
              value={draft}
              rows={3}
              maxLength={4096}
              disabled={mode === "reply" && !windowOpen}
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
              <button type="submit" className="primary" disabled={mode === "reply" && !windowOpen}>
                {mode === "note" ? t("inbox.composer.addNote") : t("inbox.composer.send")}
              </button>
            </div>
          </form>
        </div>
        <aside className="conversation-side">
          <ConversationActions
            conversation={conversation}
            user={user}
            users={users}
            windowOpen={windowOpen}
            onChanged={async () => {
              await load();
              onChanged();
            }}
          />
          {conversation.role === "premium" ? <ConversationMeter conversationId={id} /> : null}
          <CustomerPanel
            conversationId={id}
            version={version}
            lastCustomerText={messages.filter((m) => m.direction === "in" && m.text).at(-1)?.text ?? ""}
          />
          {user.role === "owner" ? (
            <DataRights
              kind="contact"
              id={conversation.contact.id}
              onErased={async () => {
                await load();
                onChanged();
              }}
            />
          ) : null}
        </aside>
      </div>
    </article>
  );
}
