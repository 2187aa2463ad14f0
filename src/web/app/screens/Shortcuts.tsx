import { useEffect, useRef } from "react";
import { useT } from "../i18n.js";

export type ShortcutAction = "next" | "previous" | "reply" | "close" | "help";

const KEYS: Record<string, ShortcutAction> = {
  j: "next",
  k: "previous",
  r: "reply",
  e: "close",
  "?": "help",
};

/** True while the person types somewhere: shortcuts stay out of the way of text. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The inbox's keys: j/k move, r replies, e closes, ? shows the help; never while typing or with a modifier. */
export function useShortcuts(run: (action: ShortcutAction) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (typing(event.target)) return;
      const action = KEYS[event.key];
      if (!action) return;
      event.preventDefault();
      latest.current(action);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The help overlay: what each key does; Escape or its button closes it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const rows: [string, ShortcutAction][] = [
    ["j", "next"],
    ["k", "previous"],
    ["r", "reply"],
    ["e", "close"],
    ["?", "help"],
  ];
  return (
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" className="card overlay-card">
        <h2 id="shortcuts-title">{t("inbox.shortcuts.title")}</h2>
        <dl className="shortcut-list">
          {rows.map(([key, action]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(`inbox.shortcuts.${action}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{t("inbox.shortcuts.typing")}</p>
        <button ref={closeButton} type="button" onClick={onClose}>
          {t("inbox.shortcuts.dismiss")}
        </button>
      </div>
    </div>
  );
}
