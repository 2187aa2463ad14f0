import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WhatsAppText } from "./format.js";

const html = (text: string) => renderToStaticMarkup(<WhatsAppText text={text} />);

describe("WhatsApp text formatting on the simulator page", () => {
  it("renders bold, italic, strike-through and monospace like WhatsApp", () => {
    expect(html("*Premium* _support_ ~free~ `code`")).toBe(
      "<strong>Premium</strong> <em>support</em> <s>free</s> <code>code</code>",
    );
    expect(html("Rates: *20 USD/h* (_technical_)")).toBe(
      "Rates: <strong>20 USD/h</strong> (<em>technical</em>)",
    );
    expect(html("```a *b*\nc```")).toBe("<code>a *b*\nc</code>");
  });

  it("keeps line breaks and makes links clickable without the trailing punctuation", () => {
    expect(html("Hola,\nabre un ticket: https://desk.example.com/support.")).toBe(
      'Hola,<br/>abre un ticket: <a href="https://desk.example.com/support" target="_blank" rel="noopener noreferrer nofollow">https://desk.example.com/support</a>.',
    );
  });

  it("leaves markers that are not formatting alone", () => {
    expect(html("2*3*4 and snake_case_name and * loose *")).toBe("2*3*4 and snake_case_name and * loose *");
    expect(html("*unclosed")).toBe("*unclosed");
  });

  it("never renders customer text as HTML", () => {
    expect(html('<img src=x onerror="alert(1)"> *<b>*')).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <strong>&lt;b&gt;</strong>",
    );
  });
});
