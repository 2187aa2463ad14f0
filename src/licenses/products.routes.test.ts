import { afterAll, beforeAll, expect, it } from "vitest";
import { checkedResponse } from "../test/api-shape.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";

type Json = Record<string, unknown>;

const FACTS = {
  priceCents: 2900,
  currency: "eur",
  aliases: ["invoice module", "módulo de facturas"],
  phpVersions: ["7.4", "8.1"],
  flavours: ["ocmod", "vqmod"],
  qa: [
    { question: "Does it print packing slips?", answer: "Yes, from the order page.", language: "en" },
    { question: "¿Imprime albaranes?", answer: "Sí, desde la página del pedido.", language: "es" },
  ],
};

describeEachDatabase("products API: catalogue facts", (dialect) => {
  let t: TestServer;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    cookie = await signInCookie(t.server);
  });
  afterAll(async () => t.close());

  async function call(method: "GET" | "POST" | "PATCH", url: string, body?: unknown) {
    const res = await t.server.app.inject({
      method,
      url,
      headers: { cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      payload: body !== undefined ? JSON.stringify(body) : undefined,
    });
    checkedResponse(t.server, res);
    return { status: res.statusCode, body: res.json() as Json };
  }

  const listed = async (sku: string) =>
    ((await call("GET", "/api/v1/products")).body.data as Json[]).find((p) => p.sku === sku);

  it("stores a product's price, aliases, PHP versions, flavours and Q&A, and lists them", async () => {
    const created = await call("POST", "/api/v1/products", {
      sku: "T-PDF",
      name: "PDF Invoice Pro",
      platformVersions: ["3.0", "4.0.2.3"],
      ...FACTS,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...FACTS, currency: "EUR", platformVersions: ["3.0", "4.0.2.3"] });
    expect(await listed("T-PDF")).toMatchObject({ ...FACTS, currency: "EUR" });
  });

  it("gives a product without facts no price and empty lists", async () => {
    const created = await call("POST", "/api/v1/products", { sku: "T-BARE", name: "Bare" });
    expect(created.body).toMatchObject({
      priceCents: null,
      currency: "USD",
      aliases: [],
      phpVersions: [],
      flavours: [],
      qa: [],
      supportMonths: 12,
    });
  });

  it("changes only what a PATCH names: the other facts stay", async () => {
    const created = await call("POST", "/api/v1/products", {
      sku: "T-KEEP",
      name: "Keep Me",
      platformVersions: ["4.0"],
      supportMonths: 6,
      storeUrl: "https://shop.example/keep",
      ...FACTS,
    });
    const id = created.body.id as string;
    const patched = await call("PATCH", `/api/v1/products/${id}`, { name: "Keep Me Too" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "Keep Me Too",
      platformVersions: ["4.0"],
      supportMonths: 6,
      storeUrl: "https://shop.example/keep",
      ...FACTS,
      currency: "EUR",
    });
    const cleared = await call("PATCH", `/api/v1/products/${id}`, { priceCents: null, aliases: [] });
    expect(cleared.body).toMatchObject({ priceCents: null, aliases: [], phpVersions: FACTS.phpVersions });
  });

  it("refuses bad facts with a clear error and changes nothing", async () => {
    const created = await call("POST", "/api/v1/products", { sku: "T-BAD", name: "Bad", ...FACTS });
    const id = created.body.id as string;
    const bad: Json[] = [
      { currency: "US" },
      { priceCents: -1 },
      { priceCents: 12.5 },
      { phpVersions: ["eight"] },
      { flavours: ["joomla"] },
      { qa: [{ question: "Why?", answer: "Because.", language: "fr" }] },
      { aliases: ["x"] },
    ];
    for (const body of bad) {
      const res = await call("PATCH", `/api/v1/products/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body.error as Json).code).toBe("validation_failed");
    }
    expect(await listed("T-BAD")).toMatchObject({ ...FACTS, currency: "EUR" });
    const refused = await call("POST", "/api/v1/products", {
      sku: "T-BAD2",
      name: "Bad",
      currency: "dollars",
    });
    expect(refused.status).toBe(400);
    expect(await listed("T-BAD2")).toBeUndefined();
  });
});
