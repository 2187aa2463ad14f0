import { useRef, useState } from "react";
import type { BusinessMessage, ChatMessage, CustomerMessage } from "../simulator.types.js";
import type { CustomerActionBody, T } from "./api.js";
import { WhatsAppText } from "./format.js";
import { Icon } from "./icons.js";

// One message as WhatsApp draws it: the customer's on the right with ticks, the business's on the left with
// the buttons, list and template buttons the customer can tap.

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** A short plain-text preview of a message (for quotes). */
export function preview(message: ChatMessage): string {
  const c = message.content;
  switch (c.type) {
    case "text":
      return c.text;
    case "button_reply":
    case "list_reply":
      return c.title;
    case "template_button":
      return c.text;
    case "image":
    case "document":
      return c.caption ?? c.filename ?? c.type;
    case "buttons":
    case "list":
    case "cta_url":
      return c.body;
    case "template":
      return c.template.name;
    case "media":
      return c.caption ?? c.kind;
    case "reaction":
      return c.emoji;
    case "location":
      return c.name ?? c.address ?? `${c.latitude}, ${c.longitude}`;
    case "edit":
      return c.text;
    case "revoke":
      return "🚫";
    case "contacts":
      return c.contacts.map((x) => x.name).join(", ");
    case "order":
      return c.text ?? c.catalogId;
    case "number_change":
      return `+${c.newWaId}`;
  }
}

function Ticks({ message, t }: { message: CustomerMessage; t: T }) {
  if (message.status === "failed") {
    const label = t("simulator.status.failed", {
      reason: message.error?.details || message.error?.title || "?",
    });
    return (
      <span className="ticks ticks-failed" role="img" aria-label={label} title={label}>
        !
      </span>
    );
  }
  const label = t(`simulator.status.${message.status}`);
  return (
    <span className={`ticks ticks-${message.status}`} role="img" aria-label={label} title={label}>
      {message.status === "sent" ? "✓" : "✓✓"}
    </span>
  );
}

function CustomerBody({ message, t }: { message: CustomerMessage; t: T }) {
  const c = message.content;
  switch (c.type) {
    case "text":
      return (
        <>
          {c.referral && (
            <small className="muted">
              {t("simulator.updates.fromAd", { headline: c.referral.headline })}
            </small>
          )}
          <WhatsAppText text={c.text} />
          {c.fromUserId && <small className="muted">{t("simulator.updates.asUsername")}</small>}
        </>
      );
    case "button_reply":
    case "list_reply":
      return (
        <span className="reply-choice">
          <span aria-hidden="true">↩ </span>
          {c.title}
          {c.type === "list_reply" && c.description && <small className="muted"> — {c.description}</small>}
        </span>
      );
    case "template_button":
      return <span className="reply-choice">↩ {c.text}</span>;
    case "image":
      return (
        <figure className="media">
          <img src={`/simulator/api/media/${c.mediaId}`} alt={c.caption ?? t("simulator.bubble.image")} />
          {c.caption && <figcaption>{c.caption}</figcaption>}
        </figure>
      );
    case "document":
      return (
        <span>
          <Icon name="file" />{" "}
          <a href={`/simulator/api/media/${c.mediaId}`} target="_blank" rel="noopener noreferrer">
            {c.filename ?? t("simulator.bubble.document")}
          </a>
          {c.caption && <span className="caption">{c.caption}</span>}
        </span>
      );
    default:
      return <UpdateBody message={message} t={t} />;
  }
}

/** The WhatsApp updates a persona sent (customer-updates.ts), as a line in the chat. */
function UpdateBody({ message, t }: { message: CustomerMessage; t: T }) {
  const c = message.content;
  switch (c.type) {
    case "reaction":
      return <em>{t("simulator.bubble.reaction", { emoji: c.emoji || "∅" })}</em>;
    case "edit":
      return <em>{t("simulator.updates.editOf", { text: c.text })}</em>;
    case "revoke":
      return <em>🚫 {t("simulator.updates.revoked")}</em>;
    case "location":
      return (
        <span>
          📍 <strong>{c.name}</strong> {c.address} ({c.latitude}, {c.longitude})
        </span>
      );
    case "contacts":
      return <span>👤 {c.contacts.map((x) => `${x.name} ${x.phones.join(", ")}`).join(" · ")}</span>;
    case "order":
      return <span>🛒 {t("simulator.updates.cart", { count: c.items.length })}</span>;
    case "number_change":
      return <em>{t("simulator.updates.numberChanged", { number: c.newWaId })}</em>;
    case "text":
      return <WhatsAppText text={c.text} />;
    default:
      return null;
  }
}

interface BusinessProps {
  message: BusinessMessage;
  t: T;
  onAction: (action: CustomerActionBody) => void;
}

function ListPicker({ message, t, onAction }: BusinessProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [choice, setChoice] = useState<string | null>(null);
  if (message.content.type !== "list") return null;
  const content = message.content;
  const titleId = `list-${message.id}`;
  return (
    <>
      <button type="button" className="bubble-action" onClick={() => dialog.current?.showModal()}>
        <span aria-hidden="true">☰ </span>
        {content.button}
      </button>
      <dialog ref={dialog} className="list-dialog" aria-labelledby={titleId}>
        <form
          method="dialog"
          onSubmit={() => {
            if (choice) onAction({ type: "list", messageId: message.id, rowId: choice });
          }}
        >
          <h2 id={titleId}>{content.button}</h2>
          {content.sections.map((section, s) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: sections of one immutable message
            <fieldset key={s}>
              <legend>{section.title ?? t("simulator.bubble.listTitle")}</legend>
              {section.rows.map((row) => (
                <label key={row.id} className="list-row">
                  <input
                    type="radio"
                    name={`row-${message.id}`}
                    value={row.id}
                    checked={choice === row.id}
                    onChange={() => setChoice(row.id)}
                  />
                  <span>
                    <span className="row-title">{row.title}</span>
                    {row.description && <small className="muted">{row.description}</small>}
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
          <div className="dialog-buttons">
            <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
              {t("simulator.bubble.close")}
            </button>
            <button type="submit" disabled={!choice}>
              {t("simulator.bubble.listSend")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function Parts({ header, body, footer }: { header?: string; body: string; footer?: string }) {
  return (
    <>
      {header && (
        <strong className="bubble-header">
          <WhatsAppText text={header} />
        </strong>
      )}
      <WhatsAppText text={body} />
      {footer && <small className="bubble-footer">{footer}</small>}
    </>
  );
}

function BusinessBody({ message, t }: { message: BusinessMessage; t: T }) {
  const c = message.content;
  switch (c.type) {
    case "text":
      return <WhatsAppText text={c.text} />;
    case "buttons":
    case "list":
    case "cta_url":
      return <Parts header={c.header} body={c.body} footer={c.footer} />;
    case "template":
      return (
        <div className="template">
          <small className="muted">
            {t("simulator.bubble.template", { name: c.template.name, language: c.template.language })}
          </small>
          {[...c.template.header, ...c.template.body].length > 0 && (
            <ol>
              {[...c.template.header, ...c.template.body].map((value, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: parameters of one immutable message
                <li key={i}>
                  <WhatsAppText text={value} />
                </li>
              ))}
            </ol>
          )}
        </div>
      );
    case "media": {
      const label = t(`simulator.bubble.${c.kind}`);
      return (
        <span>
          {c.link ? (
            <a href={c.link} target="_blank" rel="noopener noreferrer nofollow">
              {c.filename ?? label}
            </a>
          ) : c.mediaId && c.kind === "image" ? (
            <figure className="media">
              <img src={`/simulator/api/media/${c.mediaId}`} alt={c.caption ?? label} />
            </figure>
          ) : c.mediaId && c.kind === "document" ? (
            <a href={`/simulator/api/media/${c.mediaId}`} target="_blank" rel="noopener noreferrer">
              {c.filename ?? label}
            </a>
          ) : (
            <span>
              {label} {c.mediaId}
            </span>
          )}
          {c.caption && (
            <span className="caption">
              <WhatsAppText text={c.caption} />
            </span>
          )}
        </span>
      );
    }
    case "reaction":
      return <span className="muted">{t("simulator.bubble.reaction", { emoji: c.emoji || "∅" })}</span>;
    case "location":
      return (
        <span>
          <Icon name="pin" /> {t("simulator.bubble.location")}:{" "}
          {[c.name, c.address].filter(Boolean).join(", ")} ({c.latitude}, {c.longitude})
        </span>
      );
  }
}

function BusinessActions({ message, t, onAction }: BusinessProps) {
  const c = message.content;
  const chose = message.answered && (
    <p className="chose">{t("simulator.bubble.chose", { title: message.answered.title })}</p>
  );
  if (c.type === "buttons") {
    return (
      <div className="bubble-actions">
        {c.buttons.map((b) => (
          <button
            key={b.id}
            type="button"
            className="bubble-action"
            aria-pressed={message.answered?.id === b.id}
            onClick={() => onAction({ type: "button", messageId: message.id, buttonId: b.id })}
          >
            {b.title}
          </button>
        ))}
        {chose}
      </div>
    );
  }
  if (c.type === "list") {
    return (
      <div className="bubble-actions">
        <ListPicker message={message} t={t} onAction={onAction} />
        {chose}
      </div>
    );
  }
  if (c.type === "cta_url") {
    return (
      <div className="bubble-actions">
        <a className="bubble-action" href={c.url} target="_blank" rel="noopener noreferrer nofollow">
          ↗ {c.displayText}
        </a>
      </div>
    );
  }
  if (c.type === "template" && c.template.buttons.length > 0) {
    return (
      <div className="bubble-actions">
        {c.template.buttons.map((b) =>
          b.subType === "quick_reply" ? (
            <button
              key={b.index}
              type="button"
              className="bubble-action"
              aria-pressed={message.answered?.id === b.payload}
              onClick={() => onAction({ type: "template_button", messageId: message.id, index: b.index })}
            >
              {b.payload}
            </button>
          ) : (
            <span key={b.index} className="bubble-action static">
              ↗ {b.text}
            </span>
          ),
        )}
        {chose}
      </div>
    );
  }
  return null;
}

export function Bubble({
  message,
  quoted,
  t,
  onAction,
}: {
  message: ChatMessage;
  quoted: ChatMessage | undefined;
  t: T;
  onAction: (action: CustomerActionBody) => void;
}) {
  const mine = message.direction === "customer";
  return (
    <li className={`bubble-row ${mine ? "mine" : "theirs"}`} data-message-id={message.id}>
      <div className={`bubble ${mine ? "bubble-mine" : "bubble-theirs"}`}>
        {quoted && (
          <blockquote className="quote" aria-label={t("simulator.bubble.replyingTo")}>
            {preview(quoted).slice(0, 120)}
          </blockquote>
        )}
        <div className="bubble-body">
          {message.direction === "customer" ? (
            <CustomerBody message={message} t={t} />
          ) : (
            <BusinessBody message={message} t={t} />
          )}
        </div>
        <span className="meta">
          <time dateTime={message.at}>{time(message.at)}</time>
          {message.direction === "customer" && <Ticks message={message} t={t} />}
        </span>
      </div>
      {message.direction === "business" && <BusinessActions message={message} t={t} onAction={onAction} />}
    </li>
  );
}
