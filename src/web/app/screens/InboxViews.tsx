import { useCallback } from "react";
import { api } from "../api.js";
import type { InboxViewCounts } from "../api-types.js";
import { useT } from "../i18n.js";
import { useLoader } from "../use-data.js";

export type InboxView = InboxViewCounts["data"][number]["view"];

/** The filter each view stands for (the same as the server counts it with). */
export const VIEW_FILTERS: Record<InboxView, { state: string; assignee: string; needsReply: string }> = {
  all: { state: "", assignee: "", needsReply: "" },
  needsReply: { state: "needs_reply", assignee: "", needsReply: "" },
  waiting: { state: "waiting", assignee: "", needsReply: "" },
  mine: { state: "", assignee: "me", needsReply: "" },
  unassigned: { state: "", assignee: "none", needsReply: "" },
  closed: { state: "closed", assignee: "", needsReply: "" },
};

/** The view the filters amount to, or null when they are a combination of their own. */
export function viewOf(f: { state: string; assignee: string; needsReply: string }): InboxView | null {
  for (const [view, v] of Object.entries(VIEW_FILTERS) as [InboxView, (typeof VIEW_FILTERS)[InboxView]][]) {
    if (v.state === f.state && v.assignee === f.assignee && v.needsReply === f.needsReply) return view;
  }
  return null;
}

/**
 * The inbox's navigation: one button per view with its size and, highlighted, how many of its conversations
 * are unread (counted on the server; `version` reloads them on live updates).
 */
export function InboxViews({
  active,
  version,
  onPick,
}: {
  active: InboxView | null;
  version: number;
  onPick: (view: InboxView) => void;
}) {
  const t = useT();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the live-update signal to reload.
  const load = useCallback(() => api<InboxViewCounts>("GET", "/api/v1/conversations/counts"), [version]);
  const counts = useLoader(load).data?.data ?? [];
  return (
    <nav className="inbox-views" aria-label={t("inbox.views.label")}>
      {counts.map((c) => (
        <button
          key={c.view}
          type="button"
          aria-pressed={c.view === active}
          className={c.view === active ? "active" : ""}
          onClick={() => onPick(c.view)}
        >
          <span>{t(`inbox.views.${c.view}`)}</span> <span className="view-count">{c.conversations}</span>
          {c.unread > 0 ? (
            <span className="badge unread" title={t("inbox.views.unread", { count: c.unread })}>
              {t("inbox.views.unreadShort", { count: c.unread })}
            </span>
          ) : null}
        </button>
      ))}
    </nav>
  );
}
