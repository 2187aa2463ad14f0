import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { CATALOGUE_QUESTIONS, PRESALES_PERSONAS } from "../catalogue-questions.js";
import {
  type BusinessNumber,
  type ChatMessage,
  type Persona,
  type PersonaLanguage,
  UPDATE_KINDS,
} from "../simulator.types.js";
import type { CustomerActionBody, T } from "./api.js";
import { Bubble } from "./Bubble.js";
import { Icon } from "./icons.js";

// The phone: the business's name and number on top, the conversation, and the customer's composer.

/** What a customer might write, in the persona's language (customer content, not page text). */
const SUGGESTIONS: Record<PersonaLanguage, string[]> = {
  es: [
    "¿Tiene descuento si compro tres?",
    "¿Funciona con OpenCart 4?",
    "Compré el módulo y después de instalarlo da un error",
    "Necesito ayuda urgente, la tienda no carga",
  ],
  en: [
    "If I buy three, is there a discount?",
    "Is installation included?",
    "I bought the checkout module and it stopped working after the update",
    "I need urgent help, my store is down",
  ],
};

export function Chat({
  persona,
  number,
  messages,
  typing,
  onAction,
  onUpload,
  onClear,
  onQuiet,
  onBack,
  t,
}: {
  persona: Persona;
  number: BusinessNumber;
  messages: ChatMessage[];
  typing: boolean;
  onAction: (action: CustomerActionBody) => Promise<void>;
  onUpload: (file: File) => Promise<void>;
  onClear: () => void;
  /** "Customer quiet for a day": closes the 24-hour window on both sides. */
  onQuiet: () => void;
  onBack: () => void;
  t: T;
}) {
  const [text, setText] = useState("");
  const [menu, setMenu] = useState(false);
  const [busy, setBusy] = useState(false);
  // The pre-sales personas keep their catalogue questions at hand (a follow-up comes after an answer).
  const presales = number.role === "presales" && PRESALES_PERSONAS.includes(persona.id);
  const list = useRef<HTMLOListElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);

  // Keep the newest message in view, as a phone does.
  const shown = messages.length + (typing ? 1 : 0);
  useEffect(() => {
    const el = list.current;
    if (el && shown > 0) el.scrollTop = el.scrollHeight;
  }, [shown]);

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    try {
      await onAction({ type: "text", text });
      setText("");
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  const title = `${number.verifiedName} · ${t(`simulator.numbers.${number.role}`)}`;
  return (
    <section className="phone" aria-label={t("simulator.chat.messages", { number: number.displayNumber })}>
      <header className="phone-header">
        <button
          type="button"
          className="back icon-button"
          onClick={onBack}
          aria-label={t("simulator.chat.back")}
        >
          ←
        </button>
        <span className="avatar business" aria-hidden="true">
          {number.verifiedName.slice(0, 1).toUpperCase()}
        </span>
        <div className="phone-title">
          <h2>{title}</h2>
          <p>
            {typing ? (
              <span className="typing">{t("simulator.chat.typing")}</span>
            ) : (
              <>
                {number.displayNumber}
                {number.about && <span className="about"> · {number.about}</span>}
              </>
            )}
          </p>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={t("simulator.chat.quiet")}
          title={t("simulator.chat.quiet")}
          onClick={onQuiet}
        >
          <span aria-hidden="true">☾</span>
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t("simulator.chat.clear")}
          title={t("simulator.chat.clear")}
          onClick={() => {
            if (window.confirm(t("simulator.chat.clearConfirm"))) onClear();
          }}
        >
          <Icon name="trash" />
        </button>
      </header>

      <ol className="messages" ref={list} role="log" aria-live="polite">
        {messages.length === 0 && <li className="empty">{t("simulator.chat.empty")}</li>}
        {messages.map((m) => (
          <Bubble
            key={m.id}
            message={m}
            quoted={m.replyTo ? byId.get(m.replyTo) : undefined}
            t={t}
            onAction={(action) => void onAction(action)}
          />
        ))}
        {typing && (
          <li className="bubble-row theirs">
            <div className="bubble bubble-theirs typing-bubble">
              <span className="visually-hidden">{t("simulator.chat.typing")}</span>
              <span aria-hidden="true">• • •</span>
            </div>
          </li>
        )}
      </ol>

      {(messages.length === 0 || presales) && (
        <fieldset className="suggestions">
          <legend className="muted small">{t("simulator.chat.suggestions")}</legend>
          {(presales ? CATALOGUE_QUESTIONS : SUGGESTIONS)[persona.language].map((s) => (
            <button key={s} type="button" className="chip" onClick={() => setText(s)}>
              {s}
            </button>
          ))}
        </fieldset>
      )}

      <form className="composer" onSubmit={send}>
        <div className="attach">
          <button
            type="button"
            className="icon-button"
            aria-label={t("simulator.chat.attach")}
            aria-expanded={menu}
            aria-controls="attach-menu"
            onClick={() => setMenu(!menu)}
          >
            <Icon name="attach" />
          </button>
          {menu && (
            <div id="attach-menu" className="attach-menu">
              <button
                type="button"
                onClick={() => {
                  setMenu(false);
                  void onAction({ type: "sample_image", caption: t("simulator.chat.sampleCaption") });
                }}
              >
                {t("simulator.chat.sampleImage")}
              </button>
              <button
                type="button"
                onClick={() => {
                  setMenu(false);
                  file.current?.click();
                }}
              >
                {t("simulator.chat.chooseFile")}
              </button>
              <p className="muted small">{t("simulator.updates.heading")}</p>
              {UPDATE_KINDS.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  onClick={() => {
                    setMenu(false);
                    void onAction({ type: "update", kind });
                  }}
                >
                  {t(`simulator.updates.${kind}`)}
                </button>
              ))}
            </div>
          )}
          <input
            ref={file}
            type="file"
            hidden
            accept="image/jpeg,image/png,application/pdf,text/plain"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              e.target.value = "";
              if (picked) void onUpload(picked);
            }}
          />
        </div>
        <label className="visually-hidden" htmlFor="composer-text">
          {t("simulator.chat.message")}
        </label>
        <textarea
          id="composer-text"
          rows={1}
          value={text}
          placeholder={t("simulator.chat.message")}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          maxLength={4096}
        />
        <button
          type="submit"
          className="send"
          disabled={!text.trim() || busy}
          aria-label={t("simulator.chat.send")}
        >
          <Icon name="send" />
        </button>
      </form>
    </section>
  );
}
