import { type MouseEvent, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../api.js";
import type { Conversation, ListOf, LiveMessage, SessionUser, UserView } from "../api-types.js";
import { useT } from "../i18n.js";
import { navigate } from "../router.js";
import { useData } from "../use-data.js";
import { ConversationView } from "./ConversationView.js";
import { InboxViews, VIEW_FILTERS, viewOf } from "./InboxViews.js";
import { contactName, remaining } from "./inbox-ui.js";
import { useLiveEvents } from "./live.js";
import { type ShortcutAction, ShortcutHelp, useShortcuts } from "./Shortcuts.js";
import "./inbox.css";
import "./policy.css";

const BASE = "/app/inbox";

interface Filters {
  role: string;
  state: string;
  assignee: string;
  /** "true": only conversations waiting for a human reply. */
  needsReply: string;
  q: string;
}

function query(f: Filters, me: string): string {
  const p = new URLSearchParams();
  if (f.role) p.set("role", f.role);
  // "Needs reply" is a view of its own: waiting for a human, even when a later message was redirected.
  if (f.state === "needs_reply") p.set("needsReply", "true");
  else if (f.state) p.set("state", f.state);
  if (f.assignee) p.set("assignee", f.assignee === "me" ? me : f.assignee);
  if (f.needsReply) p.set("needsReply", f.needsReply);
  if (f.q.trim()) p.set("q", f.q.trim());
  // The waiting views list the customer who has waited longest first.
  if (f.state === "waiting" || f.state === "needs_reply" || f.needsReply === "true")
    p.set("order", "waiting");
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A conversation's address; a search result's goes to the matching message. */
function hrefOf(c: Conversation): string {
  const base = `${BASE}/${encodeURIComponent(c.id)}`;
  return c.match ? `${base}#message-${encodeURIComponent(c.match.messageId)}` : base;
}

/** The text with the server's match ranges marked (React escapes the text: never HTML from the server). */
function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length) continue;
    parts.push(text.slice(at, start), <mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Ticks every 30 s so window countdowns stay current without reloading. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function WindowBadge({ conversation, now }: { conversation: Conversation; now: number }) {
  const t = useT();
  const closesAt = conversation.window.closesAt ? Date.parse(conversation.window.closesAt) : Number.NaN;
  if (Number.isNaN(closesAt)) return <span className="window closed">{t("inbox.window.never")}</span>;
  const left = closesAt - now;
  if (left <= 0) return <span className="window closed">{t("inbox.window.closed")}</span>;
  return (
    <span className={`window ${left < 3 * 3600_000 ? "soon" : "open"}`}>
      {t("inbox.window.open", { time: remaining(left) })}
    </span>
  );
}

function notify(title: string, body: string) {
  if (typeof Notification === "undefined" || Notification.permission !== "granted" || !document.hidden)
    return;
  new Notification(title, { body, tag: title });
}

/**
 * The inbox: conversations from both numbers in one list, filters and search, and the selected
 * conversation beside it (on a phone: the list, then the conversation full screen).
 */
export function InboxScreen({ user, path }: { user: SessionUser; path: string }) {
  const t = useT();
  const now = useNow();
  const selected = path.startsWith(`${BASE}/`) ? decodeURIComponent(path.slice(BASE.length + 1)) : null;
  const [filters, setFilters] = useState<Filters>({
    role: "",
    state: "",
    assignee: "",
    needsReply: "",
    q: "",
  });
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const userList = useData<ListOf<UserView>>("/api/v1/users");
  const users = userList.data?.data ?? [];
  const [version, setVersion] = useState(0);
  const [notifyAllowed, setNotifyAllowed] = useState(
    typeof Notification !== "undefined" && Notification.permission === "granted",
  );
  const roles = useRef(new Map<string, string>());

  const load = useCallback(async () => {
    const list = await api<ListOf<Conversation>>("GET", `/api/v1/conversations${query(filters, user.id)}`);
    for (const c of list.data) roles.current.set(c.id, c.role);
    setConversations(list.data);
  }, [filters, user.id]);

  useEffect(() => {
    const timer = setTimeout(() => void load().catch(() => setConversations([])), filters.q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [load, filters.q]);

  // Many events can arrive at once (a batch of messages): reload at most every 300 ms.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void load().catch(() => undefined);
      setVersion((v) => v + 1);
    }, 300);
  }, [load]);

  useLiveEvents((event: LiveMessage) => {
    const conversationId = typeof event.data.conversationId === "string" ? event.data.conversationId : "";
    if (event.type === "message.created" && event.data.direction === "in") {
      const role = roles.current.get(conversationId);
      if (role === "premium" || role === undefined) notify(t("inbox.notify.premium"), "");
    }
    if (event.type === "ticket.created") notify(t("inbox.notify.ticket"), "");
    if (event.type === "engagement.requested") notify(t("inbox.notify.premium"), "");
    refresh();
  }, refresh);

  function open(event: MouseEvent<HTMLAnchorElement>, c: Conversation) {
    event.preventDefault();
    navigate(hrefOf(c));
  }

  const [help, setHelp] = useState(false);
  const closeHelp = useCallback(() => setHelp(false), []);
  const [keyStatus, setKeyStatus] = useState<string | null>(null);
  useShortcuts((action: ShortcutAction) => {
    const list = conversations ?? [];
    const at = list.findIndex((c) => c.id === selected);
    if (action === "help") setHelp(true);
    else if (action === "next" || action === "previous") {
      const next = action === "next" ? (at < 0 ? 0 : at + 1) : at < 0 ? 0 : at - 1;
      const target = list[Math.max(0, Math.min(list.length - 1, next))];
      if (target) navigate(`${BASE}/${encodeURIComponent(target.id)}`);
    } else if (action === "reply") document.getElementById("composer-text")?.focus();
    else if (action === "close" && selected) {
      api("POST", `/api/v1/conversations/${encodeURIComponent(selected)}/close`).then(
        () => {
          setKeyStatus(t("inbox.shortcuts.closed"));
          refresh();
        },
        (e: unknown) => setKeyStatus(errorMessage(e)),
      );
    }
  });

  const set = (key: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <section className={`inbox ${selected ? "has-selection" : ""}`} aria-labelledby="inbox-title">
      <div className="inbox-list">
        <div className="inbox-head">
          <h1 id="inbox-title">{t("inbox.title")}</h1>
          {typeof Notification !== "undefined" && !notifyAllowed ? (
            <button
              type="button"
              className="link"
              onClick={() => Notification.requestPermission().then((p) => setNotifyAllowed(p === "granted"))}
            >
              {t("inbox.notify.enable")}
            </button>
          ) : null}
          <button type="button" className="link" onClick={() => setHelp(true)}>
            {t("inbox.shortcuts.hint")}
          </button>
        </div>
        {keyStatus ? (
          <p role="status" className="small">
            {keyStatus}
          </p>
        ) : null}
        {help ? <ShortcutHelp onClose={closeHelp} /> : null}
        <InboxViews
          active={viewOf(filters)}
          version={version}
          onPick={(view) => setFilters((f) => ({ ...f, ...VIEW_FILTERS[view] }))}
        />
        <fieldset className="inbox-filters">
          <legend className="visually-hidden">{t("inbox.filters.label")}</legend>
          <input
            type="search"
            aria-label={t("inbox.filters.search")}
            placeholder={t("inbox.filters.search")}
            value={filters.q}
            onChange={(e) => set("q")(e.target.value)}
          />
          <div className="row">
            <label>
              <span>{t("inbox.filters.role")}</span>
              <select value={filters.role} onChange={(e) => set("role")(e.target.value)}>
                <option value="">{t("inbox.filters.all")}</option>
                <option value="presales">{t("inbox.roles.presales")}</option>
                <option value="premium">{t("inbox.roles.premium")}</option>
              </select>
            </label>
            <label>
              <span>{t("inbox.filters.state")}</span>
              <select value={filters.state} onChange={(e) => set("state")(e.target.value)}>
                <option value="">{t("inbox.filters.all")}</option>
                <option value="needs_reply">{t("inbox.filters.needsReply")}</option>
                {(["waiting", "redirected", "replied", "closed"] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`inbox.states.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t("inbox.filters.assignee")}</span>
              <select value={filters.assignee} onChange={(e) => set("assignee")(e.target.value)}>
                <option value="">{t("inbox.filters.anyone")}</option>
                <option value="me">{t("inbox.filters.me")}</option>
                <option value="none">{t("inbox.filters.unassigned")}</option>
                {users
                  .filter((u) => u.id !== user.id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={filters.needsReply === "true"}
                onChange={(e) => set("needsReply")(e.target.checked ? "true" : "")}
              />{" "}
              <span>{t("inbox.wa.needsReply")}</span>
            </label>
          </div>
        </fieldset>
        {conversations === null ? (
          <p className="muted">{t("inbox.loading")}</p>
        ) : conversations.length === 0 ? (
          <p className="muted">{t("inbox.empty")}</p>
        ) : (
          <ul className="conversations">
            {conversations.map((c) => (
              <li key={c.id}>
                <a
                  href={hrefOf(c)}
                  onClick={(e) => open(e, c)}
                  aria-current={c.id === selected ? "true" : undefined}
                  className="conversation-item"
                >
                  <span className="line">
                    <strong className="name">{contactName(c.contact)}</strong>
                    <span className={`badge role-${c.role}`}>{t(`inbox.roles.${c.role}`)}</span>
                    {c.needsReply ? (
                      <span className="badge needs-reply" title={t("inbox.wa.needsReply")}>
                        ●
                      </span>
                    ) : null}
                    {c.unreadCount > 0 ? (
                      <span className="badge unread" title={t("inbox.unread", { count: c.unreadCount })}>
                        {c.unreadCount}
                      </span>
                    ) : null}
                  </span>
                  {c.match ? (
                    <span className="preview match">
                      <Highlighted text={c.match.text} ranges={c.match.ranges} />
                    </span>
                  ) : (
                    <span className="preview">{c.preview || c.lastMessagePreview}</span>
                  )}
                  <span className="line small">
                    {c.needsReply ? (
                      <span className="badge needs-reply">{t("inbox.filters.needsReply")}</span>
                    ) : null}
                    <span className={`state state-${c.state}`}>{t(`inbox.states.${c.state}`)}</span>
                    <WindowBadge conversation={c} now={now} />
                    <time dateTime={c.lastMessageAt}>
                      {new Date(c.lastMessageAt).toLocaleTimeString([], {
                        hour: "2-digit",
                        minute: "2-digit",
                      })}
                    </time>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="inbox-thread">
        {selected ? (
          <ConversationView
            key={selected}
            id={selected}
            user={user}
            users={users}
            version={version}
            now={now}
            onBack={() => navigate(BASE)}
            onChanged={refresh}
          />
        ) : (
          <p className="muted pick">{t("inbox.pick")}</p>
        )}
      </div>
    </section>
  );
}
