import { describe, expect, it } from "vitest";
import {
  agentReadableReason,
  parseGraphError,
  parseSendResponse,
  WhatsAppResponseError,
} from "./graph-response.js";

describe("parseSendResponse", () => {
  it("reads the wamid and wa_id", () => {
    expect(
      parseSendResponse({
        messaging_product: "whatsapp",
        contacts: [{ input: "+34 612 345 678", wa_id: "34612345678" }],
        messages: [{ id: "wamid.OUT", message_status: "accepted" }],
      }),
    ).toEqual({ wamid: "wamid.OUT", waId: "34612345678", messageStatus: "accepted" });
  });

  it("reads a BSUID send", () => {
    expect(
      parseSendResponse({ contacts: [{ input: "US.1", user_id: "US.1" }], messages: [{ id: "wamid.B" }] }),
    ).toEqual({ wamid: "wamid.B", userId: "US.1" });
  });

  it.each([null, {}, { messages: [] }, { messages: [{ id: "" }] }, "ok"])("throws for %j", (json) => {
    expect(() => parseSendResponse(json)).toThrow(WhatsAppResponseError);
  });
});

function graph(code: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) Something`,
      type: "OAuthException",
      code,
      error_data: { messaging_product: "whatsapp", details: "Details here" },
      fbtrace_id: "AbCdEf",
      ...extra,
    },
  };
}

describe("parseGraphError", () => {
  it("reads the Graph error", () => {
    expect(parseGraphError(400, graph(131047))).toEqual({
      code: 131047,
      title: "OAuthException",
      message: "(#131047) Something",
      details: "Details here",
      retryable: false,
      windowClosed: true,
    });
    expect(parseGraphError(400, graph(100, { error_user_title: "Bad param" })).title).toBe("Bad param");
  });

  it.each([
    [429, 4],
    [400, 130429],
    [400, 131056],
    [400, 80007],
    [400, 131057],
    [500, 131000],
    [503, 2],
    [500, 1],
    [503, 133004],
  ])("HTTP %i code %i is retryable", (status, code) => {
    expect(parseGraphError(status, graph(code))).toMatchObject({
      code,
      retryable: true,
      windowClosed: false,
    });
  });

  it.each([
    [400, 131047],
    [400, 131026],
    [400, 131051],
    [400, 100],
    [400, 131009],
    [401, 190],
    [400, 368],
    [400, 131031],
    [400, 132001],
    [400, 131062],
    [500, 131026],
  ])("HTTP %i code %i is not retryable", (status, code) => {
    expect(parseGraphError(status, graph(code)).retryable).toBe(false);
  });

  it("falls back on the HTTP status without a known code", () => {
    for (const status of [500, 502, 503, 504, 429, 408]) {
      expect(parseGraphError(status, "<html>Bad gateway</html>")).toMatchObject({
        retryable: true,
        title: `HTTP ${status}`,
        message: `WhatsApp API answered HTTP ${status}`,
        windowClosed: false,
      });
    }
    for (const status of [400, 401, 403, 404]) expect(parseGraphError(status, null).retryable).toBe(false);
    expect(parseGraphError(400, graph(999_999)).retryable).toBe(false);
    expect(parseGraphError(502, graph(999_999)).retryable).toBe(true);
    expect(parseGraphError(502, undefined)).not.toHaveProperty("code");
  });

  it("suggests 4^attempt seconds for the pair rate limit", () => {
    expect([1, 2, 3].map((attempt) => parseGraphError(400, graph(131056), attempt).retryAfterMs)).toEqual([
      4_000, 16_000, 64_000,
    ]);
    expect(parseGraphError(400, graph(131056)).retryAfterMs).toBe(4_000);
    expect(parseGraphError(400, graph(131056), 20).retryAfterMs).toBe(3_600_000);
    expect(parseGraphError(400, graph(130429))).not.toHaveProperty("retryAfterMs");
  });
});

describe("agentReadableReason", () => {
  it("explains the closed window in both languages", () => {
    expect(agentReadableReason(131047, "en")).toBe(
      "The 24-hour window has closed: send a template message instead.",
    );
    expect(agentReadableReason(131047, "es")).toBe(
      "La ventana de 24 horas se ha cerrado: envía una plantilla en su lugar.",
    );
  });

  it("has a sentence in both languages for each classified code", () => {
    for (const code of [4, 100, 131026, 131051, 131056, 130429, 80007, 190, 368, 131031, 132001]) {
      const en = agentReadableReason(code, "en");
      const es = agentReadableReason(code, "es");
      expect(en).not.toBe(es);
      expect(en).not.toContain(String(code));
    }
  });

  it("falls back to the code for unknown errors", () => {
    expect(agentReadableReason(999_999, "en")).toBe("WhatsApp could not send the message (error 999999).");
    expect(agentReadableReason(999_999, "es")).toBe("WhatsApp no pudo enviar el mensaje (error 999999).");
    expect(agentReadableReason(undefined, "en")).toBe("WhatsApp could not send the message.");
    expect(agentReadableReason(Number.NaN, "en")).toMatch(/could not send/);
  });
});
