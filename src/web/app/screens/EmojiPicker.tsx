import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useT } from "../i18n.js";

/** A small built-in set: what support replies use, each with a name for screen readers (es, en). */
const EMOJI = [
  ["😊", "smile"],
  ["🙂", "slightSmile"],
  ["😄", "grin"],
  ["😉", "wink"],
  ["🙏", "thanks"],
  ["👍", "thumbsUp"],
  ["👋", "wave"],
  ["👏", "clap"],
  ["🎉", "party"],
  ["✅", "check"],
  ["❌", "cross"],
  ["⚠️", "warning"],
  ["⏳", "hourglass"],
  ["📎", "paperclip"],
  ["💡", "idea"],
  ["🔧", "wrench"],
  ["❤️", "heart"],
  ["😅", "sweat"],
  ["🤔", "thinking"],
  ["😔", "sorry"],
] as const;

export type EmojiName = (typeof EMOJI)[number][1];

const COLUMNS = 5;

/**
 * The composer's emoji button: opens a grid of buttons; arrow keys move between them, Enter or a click
 * inserts, Escape closes and gives the focus back to the button.
 */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const grid = useRef<HTMLFieldSetElement>(null);

  useEffect(() => {
    if (open) grid.current?.querySelector("button")?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  function move(event: KeyboardEvent<HTMLFieldSetElement>) {
    const buttons = [...(grid.current?.querySelectorAll("button") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }[event.key];
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (step !== undefined && at >= 0) {
      event.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, at + step))]?.focus();
    }
  }

  return (
    <span className="emoji-picker">
      <button
        ref={toggle}
        type="button"
        className="small"
        aria-expanded={open}
        aria-controls="emoji-grid"
        onClick={() => setOpen((o) => !o)}
      >
        {t("inbox.composer.emoji")}
      </button>
      {open ? (
        <fieldset
          id="emoji-grid"
          ref={grid}
          className="emoji-grid"
          aria-label={t("inbox.composer.emoji")}
          onKeyDown={move}
        >
          {EMOJI.map(([emoji, name]) => (
            <button
              key={name}
              type="button"
              aria-label={t(`inbox.composer.emojiNames.${name}`)}
              title={t(`inbox.composer.emojiNames.${name}`)}
              onClick={() => {
                onPick(emoji);
                setOpen(false);
              }}
            >
              {emoji}
            </button>
          ))}
        </fieldset>
      ) : null}
    </span>
  );
}
