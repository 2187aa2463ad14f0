import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays } from "../policy/policy.test-support.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { whatsappEnv } from "../whatsapp/test-support.js";
import { snippetFor } from "./search-snippet.js";

const marked = (s: { text: string; ranges: [number, number][] }) =>
  s.ranges.map(([a, b]) => s.text.slice(a, b));

it("marks every word, case- and accent-insensitively, and merges overlaps", () => {
  const s = snippetFor("La Factura y la FACTURACIÓN: ¿facturáis?", "factura");
  expect(marked(s)).toEqual(["Factura", "FACTURA", "facturá"]);
  expect(marked(snippetFor("Módulo de envío", "modulo envio"))).toEqual(["Módulo", "envío"]);
  expect(marked(snippetFor("abcabc", "abc bca"))).toEqual(["abcabc"]);
  expect(snippetFor("nothing here", "zzz").ranges).toEqual([]);
});

it("cuts a long text around the first match, with ellipses, keeping the ranges right", () => {
  const text = `${"intro words ".repeat(30)}the invoice number is missing ${"tail words ".repeat(30)}`;
  const s = snippetFor(text, "invoice");
  expect(s.text.startsWith("…")).toBe(true);
  expect(s.text.endsWith("…")).toBe(true);
  expect(s.text.length).toBeLessThanOrEqual(165);
  expect(marked(s)).toEqual(["invoice"]);
});

describeEachDatabase("search results' snippets", (dialect) => {
  let t: TestServer;
  let owner: string;
  const http = testHttp(() => t.server);
  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
    owner = await signInCookie(t.server);
  });
  afterAll(async () => t?.close());

  it("answers the newest matching message with its matches as ranges, never as HTML", async () => {
    await customerSays(t.server, "Hola, necesito una factura", { from: "34600777001" });
    await customerSays(t.server, "<b>Factura</b> con IVA para mi empresa, por favor", {
      from: "34600777001",
    });
    await customerSays(t.server, "Otra pregunta sin nada", { from: "34600777002" });
    const res = await http.get("/api/v1/conversations?q=factura", owner);
    expect(res.statusCode).toBe(200);
    const data = res.json().data as {
      contact: { waId: string };
      match: { messageId: string; text: string; ranges: [number, number][] } | null;
    }[];
    expect(data.map((c) => c.contact.waId)).toEqual(["34600777001"]);
    const match = data[0]!.match!;
    expect(match.text).toBe("<b>Factura</b> con IVA para mi empresa, por favor");
    expect(marked(match)).toEqual(["Factura"]);
    const thread = (
      await http.get(`/api/v1/conversations/${(data[0] as unknown as { id: string }).id}/messages`, owner)
    ).json();
    expect((thread.data as { id: string; text: string }[]).find((m) => m.id === match.messageId)?.text).toBe(
      match.text,
    );
    // Without a search there is no match field to read.
    const plain = (await http.get("/api/v1/conversations", owner)).json().data as { match?: unknown }[];
    expect(plain.every((c) => c.match === undefined)).toBe(true);
  });
});
