import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors.js";
import {
  buttonsMessage,
  clickToChatLink,
  listMessage,
  markReadBody,
  mediaMessage,
  templateMessage,
  textMessage,
  WhatsAppLimitError,
} from "./outbound.js";

const TO = "34612345678";
const x = (n: number) => "x".repeat(n);

function limitMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WhatsAppLimitError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    return (error as Error).message;
  }
  throw new Error("expected a WhatsAppLimitError");
}

describe("textMessage", () => {
  it("builds the documented body", () => {
    expect(textMessage(TO, "Hola")).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: TO,
      type: "text",
      text: { preview_url: false, body: "Hola" },
    });
  });

  it("adds preview, reply context and callback data", () => {
    expect(
      textMessage(TO, "https://x.test", { previewUrl: true, replyTo: "wamid.A", callbackData: "m_1" }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: TO,
      type: "text",
      text: { preview_url: true, body: "https://x.test" },
      context: { message_id: "wamid.A" },
      biz_opaque_callback_data: "m_1",
    });
  });

  it("sends to a business-scoped user id through `recipient`", () => {
    const body = textMessage("US.13491208655302741918", "Hi");
    expect(body).toMatchObject({ recipient: "US.13491208655302741918" });
    expect(body).not.toHaveProperty("to");
    expect(textMessage("US.ENT.11815799212886844830", "Hi")).toHaveProperty("recipient");
  });

  it("enforces 1..4096 characters, counting emoji as one", () => {
    expect(textMessage(TO, x(4096)).text.body).toHaveLength(4096);
    expect(textMessage(TO, "🙂".repeat(4096)).text.body).toHaveLength(8192);
    expect(limitMessage(() => textMessage(TO, x(4097)))).toBe(
      "text body must be at most 4096 characters (got 4097)",
    );
    expect(limitMessage(() => textMessage(TO, ""))).toBe("text body must not be empty");
    expect(limitMessage(() => textMessage(TO, "  \n"))).toBe("text body must not be empty");
    expect(limitMessage(() => textMessage("", "hi"))).toBe("recipient must not be empty");
  });

  it("limits callback data to 512 bytes", () => {
    expect(textMessage(TO, "a", { callbackData: x(512) }).biz_opaque_callback_data).toHaveLength(512);
    expect(limitMessage(() => textMessage(TO, "a", { callbackData: "ñ".repeat(257) }))).toBe(
      "callback data must be at most 512 bytes (got 514)",
    );
  });
});

describe("buttonsMessage", () => {
  const buttons = [
    { id: "presales", title: "Pregunta de preventa" },
    { id: "purchase", title: "Ayuda con una compra" },
    { id: "premium", title: "Soporte premium" },
  ];

  it("builds the documented body", () => {
    expect(
      buttonsMessage(TO, { body: "¿En qué podemos ayudarte?", header: "HuntBee", footer: "Gratis", buttons }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: TO,
      type: "interactive",
      interactive: {
        type: "button",
        header: { type: "text", text: "HuntBee" },
        body: { text: "¿En qué podemos ayudarte?" },
        footer: { text: "Gratis" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "presales", title: "Pregunta de preventa" } },
            { type: "reply", reply: { id: "purchase", title: "Ayuda con una compra" } },
            { type: "reply", reply: { id: "premium", title: "Soporte premium" } },
          ],
        },
      },
    });
  });

  it("omits header and footer when not given", () => {
    const body = buttonsMessage(TO, { body: "b", buttons: [buttons[0]!] });
    expect(body.interactive).not.toHaveProperty("header");
    expect(body.interactive).not.toHaveProperty("footer");
  });

  it.each([
    [{ buttons: [] }, "a message must have 1 to 3 buttons (got 0)"],
    [{ buttons: [...buttons, { id: "4", title: "Four" }] }, "a message must have 1 to 3 buttons (got 4)"],
    [{ buttons: [{ id: "a", title: x(23) }] }, "button title must be at most 20 characters (got 23)"],
    [{ buttons: [{ id: "a", title: "" }] }, "button title must not be empty"],
    [{ buttons: [{ id: x(257), title: "t" }] }, "button id must be at most 256 characters (got 257)"],
    [{ buttons: [{ id: "", title: "t" }] }, "button id must not be empty"],
    [
      {
        buttons: [
          { id: "a", title: "Sí" },
          { id: "b", title: "Sí" },
        ],
      },
      'button titles must be unique ("Sí" appears twice)',
    ],
    [
      {
        buttons: [
          { id: "a", title: "Sí" },
          { id: "a", title: "No" },
        ],
      },
      'button ids must be unique ("a" appears twice)',
    ],
    [{ body: x(1025) }, "button message body must be at most 1024 characters (got 1025)"],
    [{ body: "" }, "button message body must not be empty"],
    [{ header: x(61) }, "header must be at most 60 characters (got 61)"],
    [{ footer: x(61) }, "footer must be at most 60 characters (got 61)"],
  ])("refuses %j", (change, message) => {
    expect(limitMessage(() => buttonsMessage(TO, { body: "b", buttons, ...change }))).toBe(message);
  });

  it("accepts the limits exactly", () => {
    const body = buttonsMessage(TO, {
      body: x(1024),
      header: x(60),
      footer: x(60),
      buttons: [{ id: x(256), title: x(20) }],
    });
    expect(body.interactive.action.buttons).toHaveLength(1);
  });
});

describe("listMessage", () => {
  const rows = (n: number, prefix = "r") =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));

  it("builds the documented body", () => {
    expect(
      listMessage(TO, {
        body: "Elige el tipo de servicio",
        header: "Soporte premium",
        footer: "Por horas",
        button: "Ver servicios",
        sections: [
          {
            title: "Servicios",
            rows: [
              { id: "consult", title: "Consulta", description: "15 USD/h" },
              { id: "support", title: "Soporte técnico" },
            ],
          },
        ],
      }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: TO,
      type: "interactive",
      interactive: {
        type: "list",
        header: { type: "text", text: "Soporte premium" },
        body: { text: "Elige el tipo de servicio" },
        footer: { text: "Por horas" },
        action: {
          button: "Ver servicios",
          sections: [
            {
              title: "Servicios",
              rows: [
                { id: "consult", title: "Consulta", description: "15 USD/h" },
                { id: "support", title: "Soporte técnico" },
              ],
            },
          ],
        },
      },
    });
  });

  it("accepts 10 rows across sections and one untitled section", () => {
    const body = listMessage(TO, {
      body: "b",
      button: "Open",
      sections: [
        { title: "A", rows: rows(4, "a") },
        { title: "B", rows: rows(6, "b") },
      ],
    });
    expect(body.interactive.action.sections.flatMap((s) => s.rows)).toHaveLength(10);
    expect(listMessage(TO, { body: "b", button: "Open", sections: [{ rows: rows(1) }] })).toBeTruthy();
  });

  it.each([
    [{ sections: [{ rows: rows(11) }] }, "a list must have 1 to 10 rows in total (got 11)"],
    [
      {
        sections: [
          { title: "A", rows: rows(5, "a") },
          { title: "B", rows: rows(6, "b") },
        ],
      },
      "a list must have 1 to 10 rows in total (got 11)",
    ],
    [{ sections: [] }, "a list must have at least 1 section"],
    [{ sections: [{ rows: [] }] }, "a list must have 1 to 10 rows in total (got 0)"],
    [
      {
        sections: [
          { title: "A", rows: rows(1, "a") },
          { title: "B", rows: [] },
        ],
      },
      "each section must have at least 1 row",
    ],
    [
      {
        sections: [{ title: "A", rows: rows(1, "a") }, { rows: rows(1, "b") }],
      },
      "each section needs a title when there are several",
    ],
    [{ sections: [{ title: x(25), rows: rows(1) }] }, "section title must be at most 24 characters (got 25)"],
    [
      { sections: [{ rows: [{ id: x(201), title: "t" }] }] },
      "row id must be at most 200 characters (got 201)",
    ],
    [
      { sections: [{ rows: [{ id: "a", title: x(25) }] }] },
      "row title must be at most 24 characters (got 25)",
    ],
    [
      { sections: [{ rows: [{ id: "a", title: "t", description: x(73) }] }] },
      "row description must be at most 72 characters (got 73)",
    ],
    [
      {
        sections: [
          {
            rows: [
              { id: "a", title: "t" },
              { id: "a", title: "u" },
            ],
          },
        ],
      },
      'row ids must be unique ("a" appears twice)',
    ],
    [{ button: x(21) }, "list button must be at most 20 characters (got 21)"],
    [{ body: x(4097) }, "list message body must be at most 4096 characters (got 4097)"],
  ])("refuses %j", (change, message) => {
    expect(
      limitMessage(() =>
        listMessage(TO, { body: "b", button: "Open", sections: [{ rows: rows(1) }], ...change }),
      ),
    ).toBe(message);
  });
});

describe("templateMessage", () => {
  it("builds the documented body", () => {
    const components = [{ type: "body", parameters: [{ type: "text", text: "Lucía" }] }];
    expect(templateMessage(TO, { name: "support_followup", languageCode: "es", components })).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: TO,
      type: "template",
      template: { name: "support_followup", language: { code: "es" }, components },
    });
  });

  it("omits empty components", () => {
    expect(
      templateMessage(TO, { name: "hello_world", languageCode: "en_US", components: [] }).template,
    ).toEqual({
      name: "hello_world",
      language: { code: "en_US" },
    });
  });

  it("refuses malformed names and language codes", () => {
    expect(limitMessage(() => templateMessage(TO, { name: "", languageCode: "es" }))).toBe(
      "template name must not be empty",
    );
    expect(limitMessage(() => templateMessage(TO, { name: "Hello World", languageCode: "es" }))).toMatch(
      /lowercase/,
    );
    expect(limitMessage(() => templateMessage(TO, { name: "ok", languageCode: "Spanish" }))).toMatch(
      /language code/,
    );
  });
});

describe("markReadBody", () => {
  it("marks read", () => {
    expect(markReadBody("wamid.A")).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.A",
    });
  });

  it("adds the typing indicator", () => {
    expect(markReadBody("wamid.A", { typing: true })).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.A",
      typing_indicator: { type: "text" },
    });
  });
});

describe("clickToChatLink", () => {
  it("keeps digits only and url-encodes the text", () => {
    expect(clickToChatLink("+34 911 000 002", "Hola, quiero soporte & más")).toBe(
      "https://wa.me/34911000002?text=Hola%2C%20quiero%20soporte%20%26%20m%C3%A1s",
    );
    expect(clickToChatLink("(34) 911-000-002")).toBe("https://wa.me/34911000002");
  });

  it("refuses something that is not a phone number", () => {
    expect(limitMessage(() => clickToChatLink("call us"))).toMatch(/7 to 15 digits/);
  });
});

describe("mediaMessage", () => {
  it("sends an image or a document by its uploaded media id", () => {
    expect(mediaMessage(TO, { type: "image", id: "1234567", caption: "Mira" })).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: TO,
      type: "image",
      image: { id: "1234567", caption: "Mira" },
    });
    expect(
      mediaMessage(TO, { type: "document", id: "7654321", filename: "factura.pdf", caption: " " }),
    ).toMatchObject({
      type: "document",
      document: { id: "7654321", filename: "factura.pdf" },
    });
  });

  it("refuses a caption over 1024 characters and a missing id", () => {
    expect(limitMessage(() => mediaMessage(TO, { type: "image", id: "1", caption: x(1025) }))).toMatch(
      /caption/,
    );
    expect(limitMessage(() => mediaMessage(TO, { type: "image", id: "" }))).toMatch(/media id/);
  });
});
