import { renderToStaticMarkup } from "react-dom/server";

/** What a mail says, independent of its format: rendered once as plain text and once as HTML. */
export interface MailContent {
  lang: "es" | "en";
  subject: string;
  heading: string;
  paragraphs: string[];
  /** Text someone wrote (a reply, a ticket description): always escaped, line breaks kept. */
  quote?: { label: string; text: string };
  action?: { label: string; url: string };
  /** Smaller print under the action (expiry, reminders). */
  notes?: string[];
  footer: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(content: MailContent): RenderedMail {
  return {
    subject: cleanSubject(content.subject),
    text: renderText(content),
    html: `<!doctype html>${renderToStaticMarkup(<MailHtml content={content} />)}`,
  };
}

/** Header-safe subject: one line, bounded. */
export function cleanSubject(subject: string): string {
  return subject
    .replace(/[\r\n\t]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

function renderText(c: MailContent): string {
  const parts: string[] = [c.heading, ...c.paragraphs];
  if (c.quote) {
    parts.push(
      `${c.quote.label}\n${c.quote.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join("\n")}`,
    );
  }
  if (c.action) parts.push(`${c.action.label}:\n${c.action.url}`);
  if (c.notes?.length) parts.push(c.notes.join("\n"));
  parts.push(`-- \n${c.footer}`);
  return `${parts.join("\n\n")}\n`;
}

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

function MailHtml({ content: c }: { content: MailContent }) {
  return (
    <html lang={c.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{cleanSubject(c.subject)}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: "#f4f6f5", fontFamily: FONT }}>
        <table
          role="presentation"
          width="100%"
          cellPadding={0}
          cellSpacing={0}
          style={{ background: "#f4f6f5" }}
        >
          <tbody>
            <tr>
              <td align="center" style={{ padding: "24px 12px" }}>
                <table
                  role="presentation"
                  width="100%"
                  cellPadding={0}
                  cellSpacing={0}
                  style={{
                    maxWidth: "600px",
                    background: "#ffffff",
                    border: "1px solid #d9dee3",
                    borderRadius: "8px",
                  }}
                >
                  <tbody>
                    <tr>
                      <td
                        style={{
                          padding: "24px 28px",
                          color: "#1b1f24",
                          fontSize: "16px",
                          lineHeight: "1.5",
                        }}
                      >
                        <h1 style={{ fontSize: "20px", margin: "0 0 16px" }}>{c.heading}</h1>
                        {c.paragraphs.map((p, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: static list, never reordered.
                          <p key={i} style={{ margin: "0 0 14px" }}>
                            {p}
                          </p>
                        ))}
                        {c.quote ? (
                          <>
                            <p style={{ margin: "0 0 6px", color: "#545d68", fontSize: "14px" }}>
                              {c.quote.label}
                            </p>
                            <div
                              style={{
                                whiteSpace: "pre-wrap",
                                borderLeft: "4px solid #0b6e4f",
                                background: "#f7f8f6",
                                padding: "10px 14px",
                                margin: "0 0 16px",
                              }}
                            >
                              {c.quote.text}
                            </div>
                          </>
                        ) : null}
                        {c.action ? (
                          <p style={{ margin: "20px 0" }}>
                            <a
                              href={c.action.url}
                              style={{
                                background: "#0b6e4f",
                                color: "#ffffff",
                                padding: "10px 18px",
                                borderRadius: "6px",
                                textDecoration: "none",
                                fontWeight: 600,
                                display: "inline-block",
                              }}
                            >
                              {c.action.label}
                            </a>
                          </p>
                        ) : null}
                        {c.action ? (
                          <p
                            style={{
                              margin: "0 0 14px",
                              fontSize: "13px",
                              color: "#545d68",
                              wordBreak: "break-all",
                            }}
                          >
                            {c.action.url}
                          </p>
                        ) : null}
                        {(c.notes ?? []).map((n, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: static list, never reordered.
                          <p key={i} style={{ margin: "0 0 10px", fontSize: "14px", color: "#545d68" }}>
                            {n}
                          </p>
                        ))}
                      </td>
                    </tr>
                    <tr>
                      <td
                        style={{
                          padding: "14px 28px",
                          borderTop: "1px solid #d9dee3",
                          fontSize: "13px",
                          color: "#545d68",
                        }}
                      >
                        {c.footer}
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}
