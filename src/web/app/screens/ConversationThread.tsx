import { useEffect, useRef } from "react";
import type { ReplyContent } from "../../../policy/policy-texts.js";
import type { Message, Note, OutboundInteractive, SessionUser, UserView } from "../api-types.js";
import { useT } from "../i18n.js";
import { type CatalogueAction, CatalogueNote } from "./CatalogueNote.js";
import { MessageUpdates, RichContent } from "./MessageParts.js";
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
function interactiveOf(m: Message): ReplyContent | undefined {
  if (m.direction !== "out") return undefined;
  const i = m.content.interactive as OutboundInteractive | undefined;
  if (!i?.body) return undefined;
  if (i.type === "button" && i.action?.buttons) {
    return { kind: "buttons", body: i.body.text, buttons: i.action.buttons.map((b) => b.reply) };
  }
  if (i.type === "list" && i.action?.sections) {
    return { kind: "list", body: i.body.text, button: i.action.button ?? "", sections: i.action.sections };
  }
  return undefined;
}

type Entry = { at: string; message?: Message; note?: Note };

/** A conversation's messages and internal notes, oldest first, scrolled to the newest. */
export function ConversationThread({
  messages,
  notes,
  user,
  users,
  onReact,
  onCatalogue,
}: {
  messages: Message[];
  notes: Note[];
  user: SessionUser;
  users: UserView[];
  /** An agent reacts to a message (an empty emoji takes the reaction back). */
  onReact?: (messageId: string, emoji: string) => void;
  /** An agent's one-click action on a catalogue answer or question. */
  onCatalogue?: (messageId: string, action: CatalogueAction) => void;
}) {
  const t = useT();
  const threadRef = useRef<HTMLOListElement>(null);

  // The newest message in view, as in any chat; a search result's message (#message-<id>) instead, marked.
  const count = messages.length + notes.length;
  useEffect(() => {
    if (count === 0 || !threadRef.current) return;
    const target = location.hash.startsWith("#message-")
      ? document.getElementById(location.hash.slice(1))
      : null;
    if (target && threadRef.current.contains(target)) {
      target.classList.add("found");
      target.scrollIntoView({ block: "center" });
    } else threadRef.current.scrollTop = threadRef.current.scrollHeight;
  }, [count]);

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
        ) : e.message?.type === "system" ? (
          <li key={`m-${e.message.id}`} className="entry notice">
            <p className="wa-notice small">{e.message.text ?? "[system]"}</p>
          </li>
        ) : e.message ? (
          <li
            key={`m-${e.message.id}`}
            id={`message-${e.message.id}`}
            className={`entry ${e.message.direction}`}
          >
            <MessageBubble
              message={e.message}
              author={nameOf(e.message.sentByUserId)}
              onReact={onReact && ((emoji) => onReact(e.message!.id, emoji))}
              onCatalogue={onCatalogue && ((action) => onCatalogue(e.message!.id, action))}
            />
          </li>
        ) : null,
      )}
    </ol>
  );
}

function MessageBubble({
  message,
  author,
  onReact,
  onCatalogue,
}: {
  message: Message;
  author: string;
  onReact?: (emoji: string) => void;
  onCatalogue?: (action: CatalogueAction) => void;
}) {
  const t = useT();
  const content = interactiveOf(message);
  const deleted = message.deletedAt !== null;
  return (
    <div className={`wa-bubble ${message.direction === "out" ? "out" : ""} ${deleted ? "deleted" : ""}`}>
      {message.direction === "out" ? <span className="who">{author}</span> : null}
      {deleted ? (
        <p className="wa-deleted small" role="note">
          🚫 {message.text === null ? t("inbox.wa.deleted") : t("inbox.wa.deletedOwner")}
        </p>
      ) : null}
      {deleted && message.text === null ? null : content ? (
        <WhatsAppContent content={content} />
      ) : (
        <>
          <RichContent message={message} />
          <MessageBody message={message} />
        </>
      )}
      <span className="meta">
        <time dateTime={message.createdAt}>
          {new Date(message.createdAt).toLocaleString([], {
            day: "numeric",
            month: "short",
            hour: "2-digit",
            minute: "2-digit",
          })}
        </time>
        {message.direction === "out" ? (
          <span
            role="img"
            className={`tick tick-${message.status}`}
            title={t(`inbox.ticks.${message.status as "sent"}`)}
            aria-label={t(`inbox.ticks.${message.status as "sent"}`)}
          >
            {message.status === "failed" ? "⚠" : (TICKS[message.status] ?? "")}
          </span>
        ) : null}
      </span>
      {message.status === "held" ? (
        <p className="notice small" role="note">
          {message.errorReason}
        </p>
      ) : null}
      {message.status === "failed" ? (
        <p className="error small" role="note">
          {t("inbox.failed", { reason: message.errorReason ?? String(message.errorCode ?? "") })}
        </p>
      ) : null}
      <MessageUpdates message={message} onReact={onReact} />
      <CatalogueNote message={message} onAction={onCatalogue} />
    </div>
  );
}

/** Types whose content RichContent draws; their readable text is only repeated when it says more. */
const DRAWN = new Set(["contacts", "order", "location", "document"]);

/** A message's media (an image inline, anything else a link) and text. */
function MessageBody({ message }: { message: Message }) {
  const t = useT();
  if (DRAWN.has(message.type)) {
    const caption = (message.content.document as { caption?: string } | undefined)?.caption;
    const text = message.type === "document" ? caption : message.type === "order" ? message.text : null;
    return text ? <p className="wa-text">{text}</p> : null;
  }
  return (
    <>
      {message.media?.status === "deleted" ? (
        <p className="muted">{t("inbox.mediaDeleted", { type: message.type })}</p>
      ) : message.media ? (
        <a href={message.media.url} target="_blank" rel="noreferrer">
          {message.media.mimeType?.startsWith("image/") ? (
            <img src={message.media.url} alt={message.text ?? message.type} className="media" />
          ) : (
            `[${message.type}]`
          )}
        </a>
      ) : null}
      {message.text || !message.media ? (
        <p className="wa-text">{message.text ?? `[${message.type}]`}</p>
      ) : null}
    </>
  );
}
