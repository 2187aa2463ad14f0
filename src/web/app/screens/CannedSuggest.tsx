import type { KeyboardEvent } from "react";
import type { FilledCannedReply } from "../api-types.js";
import { useT } from "../i18n.js";

/** The "/word" being typed at the caret (at the start or after a space), or null. */
export function slashQuery(draft: string, caret: number): { start: number; query: string } | null {
  const before = draft.slice(0, caret);
  const m = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!m) return null;
  return { start: before.length - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

/** Canned replies whose title or text has every word of the query, in the given order. */
export function matchCanned(replies: FilledCannedReply[], query: string): FilledCannedReply[] {
  const words = query.split(/[\s-]+/).filter(Boolean);
  return replies.filter((r) => {
    const hay = `${r.title} ${r.text}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/**
 * Arrow keys move, Enter or Tab picks, Escape closes; answers true when it handled the key (the textarea
 * then does nothing else with it).
 */
export function suggestKey(
  event: KeyboardEvent,
  count: number,
  active: number,
  setActive: (n: number) => void,
  pick: () => void,
  close: () => void,
): boolean {
  if (event.key === "ArrowDown" && count > 0) setActive((active + 1) % count);
  else if (event.key === "ArrowUp" && count > 0) setActive((active - 1 + count) % count);
  else if ((event.key === "Enter" || event.key === "Tab") && count > 0 && !event.ctrlKey && !event.metaKey)
    pick();
  else if (event.key === "Escape") close();
  else return false;
  event.preventDefault();
  return true;
}

/** The list under the composer while a "/word" is typed: the matching canned replies, filled. */
export function CannedSuggest({
  matches,
  active,
  onPick,
}: {
  matches: FilledCannedReply[];
  active: number;
  onPick: (reply: FilledCannedReply) => void;
}) {
  const t = useT();
  return (
    <div className="canned-suggest">
      {matches.length === 0 ? (
        <p className="muted">{t("inbox.composer.cannedNoMatch")}</p>
      ) : (
        <div role="listbox" id="canned-suggest" aria-label={t("inbox.composer.canned")}>
          {matches.map((r, i) => (
            <div
              key={r.id}
              tabIndex={-1}
              id={`canned-${r.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : ""}
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(r);
              }}
            >
              <strong>{r.title}</strong> <span className="badge">{r.language}</span>
              <span className="canned-text">{r.text}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
