import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage, isApiError } from "../api.js";
import type { Conversation, ListOf, Message, Note, SessionUser, UserView } from "../api-types.js";
import { useT } from "../i18n.js";
import { useLoader } from "../use-data.js";
import { ConversationActions } from "./ConversationActions.js";
import { ConversationComposer } from "./ConversationComposer.js";
import { ConversationThread } from "./ConversationThread.js";
import { CustomerPanel } from "./CustomerPanel.js";
import { DataRights } from "./DataRights.js";
import { WindowBadge } from "./InboxScreen.js";
import { contactName } from "./inbox-ui.js";
import { ConversationMeter } from "./premium/ConversationMeter.js";

/** One conversation: its thread and composer, and beside them the actions, the customer and data rights. */
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the live-update signal to reload.
  const load = useCallback(async () => {
    const [conversation, messages, notes] = await Promise.all([
      api<Conversation>("GET", `/api/v1/conversations/${id}`),
      api<ListOf<Message>>("GET", `/api/v1/conversations/${id}/messages`),
      api<ListOf<Note>>("GET", `/api/v1/conversations/${id}/notes`),
    ]);
    if (conversation.unreadCount > 0) {
      void api("POST", `/api/v1/conversations/${id}/read`)
        .catch(() => undefined)
        .then(onChanged);
    }
    return { conversation, messages: messages.data, notes: notes.data };
  }, [id, onChanged, version]);
  const { data, error, reload } = useLoader(load);
  const [reactError, setReactError] = useState("");
  const drawer = useDrawer();

  if (isApiError(error, 404, 403)) return <p className="muted">{t("common.errors.notFound")}</p>;
  if (!data) return <p className="muted">{t("inbox.loading")}</p>;

  const { conversation, messages } = data;
  const windowOpen = conversation.window.closesAt ? Date.parse(conversation.window.closesAt) > now : false;
  const changed = async () => {
    await reload();
    onChanged();
  };
  const catalogue = (messageId: string, action: "correction" | "send-suggestion") => {
    api("POST", `/api/v1/conversations/${id}/messages/${messageId}/${action}`)
      .then(() => {
        setReactError("");
        return changed();
      })
      .catch((e: unknown) => setReactError(errorMessage(e)));
  };
  const react = (messageId: string, emoji: string) => {
    api("POST", `/api/v1/conversations/${id}/messages/${messageId}/reactions`, { emoji })
      .then(() => {
        setReactError("");
        return reload();
      })
      .catch((e: unknown) => setReactError(errorMessage(e)));
  };

  return (
    <article className="conversation" aria-label={contactName(conversation.contact)}>
      <ConversationHead conversation={conversation} now={now} onBack={onBack}>
        <button
          ref={drawer.opener}
          type="button"
          className="details-button"
          aria-expanded={drawer.open}
          aria-controls="conversation-side"
          onClick={() => drawer.setOpen(!drawer.open)}
        >
          {t("inbox.details")}
        </button>
      </ConversationHead>
      <div className="conversation-body">
        <div className="thread-column">
          {conversation.numberConfigured ? null : (
            <p className="warning" role="alert">
              {t("inbox.wa.unknownNumber", { id: conversation.phoneNumberId })}
            </p>
          )}
          {reactError ? (
            <p className="error" role="alert">
              {reactError}
            </p>
          ) : null}
          <ConversationThread
            messages={messages}
            notes={data.notes}
            user={user}
            users={users}
            onReact={react}
            onCatalogue={catalogue}
          />
          <ConversationComposer conversation={conversation} windowOpen={windowOpen} onSent={changed} />
        </div>
        {drawer.open ? <div className="drawer-backdrop" aria-hidden="true" onClick={drawer.close} /> : null}
        <aside
          id="conversation-side"
          className={drawer.open ? "conversation-side open" : "conversation-side"}
          aria-label={t("inbox.details")}
          onKeyDown={(e) => e.key === "Escape" && drawer.close()}
        >
          <button ref={drawer.closer} type="button" className="drawer-close" onClick={drawer.close}>
            ✕ {t("inbox.closeDetails")}
          </button>
          <ConversationActions conversation={conversation} user={user} users={users} onChanged={changed} />
          {conversation.role === "premium" ? <ConversationMeter conversationId={id} /> : null}
          <CustomerPanel
            conversationId={id}
            version={version}
            lastCustomerText={messages.filter((m) => m.direction === "in" && m.text).at(-1)?.text ?? ""}
          />
          {user.role === "owner" ? (
            <DataRights kind="contact" id={conversation.contact.id} onErased={changed} />
          ) : null}
        </aside>
      </div>
    </article>
  );
}

/**
 * The customer panel and the actions as a drawer on a phone (inbox.css shows them beside the thread on wider
 * screens, where the buttons are hidden): opening moves the focus in, Escape or closing brings it back.
 */
function useDrawer() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const closer = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) closer.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return { open, setOpen, opener, closer, close: () => setOpen(false) };
}

function ConversationHead({
  conversation,
  now,
  onBack,
  children,
}: {
  conversation: Conversation;
  now: number;
  onBack: () => void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <header className="conversation-head">
      <button type="button" className="link back" onClick={onBack}>
        ← {t("inbox.back")}
      </button>
      <h2>{contactName(conversation.contact)}</h2>
      <span className={`badge role-${conversation.role}`}>{t(`inbox.roles.${conversation.role}`)}</span>
      <span className={`state state-${conversation.state}`}>{t(`inbox.states.${conversation.state}`)}</span>
      <WindowBadge conversation={conversation} now={now} />
      {conversation.needsReply ? <span className="badge needs-reply">{t("inbox.wa.needsReply")}</span> : null}
      {conversation.contact.waId ? (
        <span className="muted">+{conversation.contact.waId}</span>
      ) : conversation.contact.userId ? (
        <span className="muted">{conversation.contact.username ?? conversation.contact.userId}</span>
      ) : null}
      {children}
    </header>
  );
}
