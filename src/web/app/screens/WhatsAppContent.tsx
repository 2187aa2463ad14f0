import type { ReplyContent } from "../../../policy/policy-texts.js";

/** A business message drawn the way WhatsApp shows it: text, then reply buttons or the list's rows. */
export function WhatsAppContent({ content }: { content: ReplyContent }) {
  if (content.kind === "text") return <p className="wa-text">{content.text}</p>;
  return (
    <div>
      <p className="wa-text">{content.body}</p>
      {content.kind === "buttons" ? (
        <ul className="wa-buttons">
          {content.buttons.map((b) => (
            <li key={b.id}>{b.title}</li>
          ))}
        </ul>
      ) : (
        <div className="wa-list">
          <div className="wa-list-button">☰ {content.button}</div>
          <ul>
            {content.sections.flatMap((s) =>
              s.rows.map((r) => (
                <li key={r.id}>
                  <strong>{r.title}</strong>
                  {r.description ? <span className="muted"> · {r.description}</span> : null}
                </li>
              )),
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
