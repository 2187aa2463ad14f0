import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays } from "../policy/policy.test-support.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { whatsappEnv } from "../whatsapp/test-support.js";

interface Item {
  id: string;
  lastMessageAt: string;
  contact: { waId: string };
  match: { messageId: string; text: string; ranges: [number, number][] } | null;
}

describeEachDatabase("inbox search", (dialect) => {
  let t: TestServer;
  let owner: string;
  let next = 0;
  const http = testHttp(() => t.server);
  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
    owner = await signInCookie(t.server);
  });
  afterAll(async () => t?.close());

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const says = (from: string, text: string, agoMinutes: number) =>
    customerSays(t.server, text, { from, at: minutesAgo(agoMinutes) });
  const customer = () => String(34600880000 + ++next);
  async function search(q: string, more = ""): Promise<{ data: Item[]; nextBefore: string | null }> {
    const res = await http.get(`/api/v1/conversations?q=${encodeURIComponent(q)}${more}`, owner);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const waIds = async (q: string, more = "") => (await search(q, more)).data.map((c) => c.contact.waId);
  const marked = (m: Item["match"]) => m?.ranges.map(([a, b]) => m.text.slice(a, b));

  it("folds accents and case both ways, as on the other database", async () => {
    const song = customer();
    const name = customer();
    await says(song, "Quiero poner una canción en la tienda", 3);
    await says(name, "Soy Ramon, del pedido de ayer", 2);
    await says(customer(), "Otra pregunta sin nada", 1);
    for (const q of ["cancion", "canción", "CANCIÓN", "Canciòn"]) expect(await waIds(q), q).toEqual([song]);
    for (const q of ["ramon", "Ramón", "RAMÓN"]) expect(await waIds(q), q).toEqual([name]);
    const [found] = (await search("cancion")).data;
    expect(marked(found!.match)).toEqual(["canción"]);
    expect(await waIds("cancionero")).toEqual([]);
  });

  it("orders results by each conversation's last message, whenever its match was written", async () => {
    const oldMatch = customer();
    const newMatch = customer();
    const lastBefore = customer();
    await says(oldMatch, "necesito la factura de marzo", 60);
    await says(newMatch, "¿me mandáis la factura?", 30);
    await says(lastBefore, "factura pendiente", 20);
    // The oldest match's conversation has the newest message of all (not a match): it comes first.
    await says(oldMatch, "gracias, espero", 1);
    await says(newMatch, "hola de nuevo", 10);
    expect(await waIds("factura")).toEqual([oldMatch, newMatch, lastBefore]);
    // The snippet is the newest matching message, not the conversation's last one.
    const first = (await search("factura")).data[0]!;
    expect(first.match?.text).toBe("necesito la factura de marzo");
    // Only the page's size decides between walking the newest conversations and matching everything: the
    // answer is the same.
    expect(await waIds("factura", "&limit=2")).toEqual([oldMatch, newMatch]);
    expect(await waIds("factura", "&limit=1")).toEqual([oldMatch]);
    expect((await search("factura", "&limit=1")).data[0]!.match?.text).toBe("necesito la factura de marzo");
    // Longest waiting first: by the customer's last message, oldest first.
    expect(await waIds("factura", "&order=waiting")).toEqual([lastBefore, newMatch, oldMatch]);
    expect(await waIds("factura", "&order=waiting&limit=2")).toEqual([lastBefore, newMatch]);
  });

  it("pages search results with before, newest first, each conversation once", async () => {
    const customers = Array.from({ length: 5 }, () => customer());
    for (const [i, c] of customers.entries()) {
      await says(c, `licencia número ${i}`, 50 - i * 5);
      if (i % 2 === 0) await says(c, "y otra cosa", 20 - i);
    }
    await says(customer(), "nada que ver", 1);
    const seen: string[] = [];
    let before = "";
    for (let page = 0; page < 4; page++) {
      const res = await search("licencia", `&limit=2${before}`);
      seen.push(...res.data.map((c) => c.contact.waId));
      if (!res.nextBefore) break;
      before = `&before=${encodeURIComponent(res.nextBefore)}`;
    }
    const all = (await search("licencia")).data;
    const expected = [...all].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
    expect(all.map((c) => c.contact.waId)).toEqual(expected.map((c) => c.contact.waId));
    expect(new Set(all.map((c) => c.contact.waId))).toEqual(new Set(customers));
    expect(seen).toEqual(all.map((c) => c.contact.waId));
  });
});
