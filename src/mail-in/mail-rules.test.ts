import { describe, expect, it } from "vitest";
import { chooseLicense } from "./mail-in.service.js";
import {
  automaticReason,
  headerMap,
  newPartOfReply,
  referencedMessageIds,
  ticketNumberInSubject,
} from "./mail-rules.js";

const headers = (lines: Record<string, string>) =>
  headerMap(Object.entries(lines).map(([key, value]) => ({ key, line: `${key}: ${value}` })));

describe("automaticReason", () => {
  it("lets a person's mail through", () => {
    expect(automaticReason(headers({ Subject: "Help" }), "ana@shop.example", "Help")).toBeUndefined();
    expect(automaticReason(headers({ "Auto-Submitted": "no" }), "ana@shop.example", "Help")).toBeUndefined();
  });

  it.each([
    [{ "Auto-Submitted": "auto-replied" }, "ana@shop.example", "Hi", /Auto-Submitted/],
    [{ "Auto-Submitted": "auto-generated; owner-email=x@y" }, "ana@shop.example", "Hi", /auto-generated/],
    [
      { "Content-Type": 'multipart/report; report-type="delivery-status"' },
      "ana@shop.example",
      "Hi",
      /report/,
    ],
    [{ "Return-Path": "<>" }, "ana@shop.example", "Hi", /null sender/],
    [{ Precedence: "bulk" }, "ana@shop.example", "Hi", /bulk/],
    [{ Precedence: "junk" }, "ana@shop.example", "Hi", /junk/],
    [{ Precedence: "list" }, "ana@shop.example", "Hi", /list/],
    [{ "X-Autoreply": "yes" }, "ana@shop.example", "Hi", /x-autoreply/],
    [{ "X-Autorespond": "yes" }, "ana@shop.example", "Hi", /x-autorespond/],
    [{ "X-Auto-Response-Suppress": "All" }, "ana@shop.example", "Hi", /Suppress/],
    [{ "List-Id": "<news.shop.example>" }, "ana@shop.example", "Hi", /mailing list/],
    [{}, "MAILER-DAEMON@mx.example", "Hi", /machine sender/],
    [{}, "no-reply@shop.example", "Hi", /machine sender/],
    [{}, "ana@shop.example", "Automatic reply: Help", /automatic subject/],
    [{}, "ana@shop.example", "Respuesta automática: Ayuda", /automatic subject/],
    [{}, "ana@shop.example", "Out of Office: back Monday", /automatic subject/],
  ])("recognises %o from %s", (h, from, subject, reason) => {
    expect(automaticReason(headers(h as Record<string, string>), from, subject)).toMatch(reason);
  });
});

describe("newPartOfReply", () => {
  it("cuts a Gmail quote whose attribution is split over two lines, and the signature", () => {
    const text = [
      "Thanks, it works now.",
      "",
      "-- ",
      "Ana",
      "",
      "On Wed, 25 Nov 2026 at 10:00, HuntBee Support <support@huntbee.example>",
      "wrote:",
      "> Enable the module.",
    ].join("\n");
    expect(newPartOfReply(text)).toBe("Thanks, it works now.");
  });

  it("cuts Spanish attributions, Outlook headers and mobile signatures", () => {
    expect(newPartOfReply("Vale.\n\nEl mié, 25 nov 2026, Soporte escribió:\n> hola")).toBe("Vale.");
    expect(
      newPartOfReply(
        "Done.\n\n________________________________\nFrom: Support\nSent: Wednesday\nSubject: x\n\nold",
      ),
    ).toBe("Done.");
    expect(newPartOfReply("Okay.\nFrom: Support <s@x>\nSent: Wednesday\nTo: me\n\nold text")).toBe("Okay.");
    expect(newPartOfReply("Listo.\n\nEnviado desde mi iPhone")).toBe("Listo.");
    expect(newPartOfReply("Sí.\n\n-----Mensaje original-----\nDe: x")).toBe("Sí.");
  });

  it("drops interleaved quote lines but keeps the answers between them", () => {
    expect(newPartOfReply("> Which version?\n4.0.2.3\n> PHP?\n8.1")).toBe("4.0.2.3\n8.1");
  });

  it("keeps the whole text when cutting would leave nothing", () => {
    expect(newPartOfReply("> only a quote")).toBe("> only a quote");
  });

  it("keeps a From: line that is not an Outlook header block", () => {
    expect(newPartOfReply("From: my shop, the filter is gone.\nIt was there yesterday.")).toBe(
      "From: my shop, the filter is gone.\nIt was there yesterday.",
    );
  });
});

describe("threading helpers", () => {
  it("finds the ticket number in a subject", () => {
    expect(ticketNumberInSubject("Re: [#1042] New reply: Filter")).toBe(1042);
    expect(ticketNumberInSubject("Re: #1042 Filter")).toBeUndefined();
  });

  it("lists In-Reply-To first, then References newest first, once each", () => {
    const h = headers({ "In-Reply-To": "<c@x>", References: "<a@x> <b@x>\r\n <c@x>" });
    expect(referencedMessageIds(h)).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
  });
});

describe("chooseLicense", () => {
  const l = (id: string, productName: string, supportUntil: string) => ({
    id,
    key: `KEY-${id}`,
    productName,
    supportUntil,
  });
  it("takes the only license", () => {
    expect(chooseLicense([l("1", "Filter", "2027-01-01")], "x")).toEqual({
      chosen: l("1", "Filter", "2027-01-01"),
      guessed: false,
    });
  });
  it("takes the one product the mail names", () => {
    const r = chooseLicense(
      [l("1", "Filter", "2027-01-01"), l("2", "Checkout", "2027-06-01")],
      "the filter is gone",
    );
    expect(r).toMatchObject({ chosen: { id: "1" }, guessed: false });
  });
  it("takes the one key the mail names", () => {
    const r = chooseLicense(
      [l("1", "Filter", "2027-01-01"), l("2", "Filter", "2027-06-01")],
      "my key is key-1",
    );
    expect(r).toMatchObject({ chosen: { id: "1" }, guessed: false });
  });
  it("otherwise takes the latest and says it guessed", () => {
    const r = chooseLicense(
      [l("1", "Filter", "2027-01-01"), l("2", "Checkout", "2027-06-01")],
      "it is broken",
    );
    expect(r).toMatchObject({ chosen: { id: "2" }, guessed: true });
  });
});
