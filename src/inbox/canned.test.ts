import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays, customerWithLicenses } from "../policy/policy.test-support.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { fillCannedReply } from "../tickets/canned-replies.service.js";
import { whatsappEnv } from "../whatsapp/test-support.js";

it("fills known variables, keeps unknown ones, and leaves no gap where a value is empty", () => {
  expect(
    fillCannedReply("Hi {name}, see {portalUrl}. {other}", { name: "Ann", portalUrl: "https://x/support" }),
  ).toBe("Hi Ann, see https://x/support. {other}");
  expect(fillCannedReply("Hola {name}, gracias.", { name: "" })).toBe("Hola, gracias.");
  expect(fillCannedReply("{name} {constructor}", { name: "A" })).toBe("A {constructor}");
});

describeEachDatabase("canned replies in the WhatsApp composer", (dialect) => {
  let t: TestServer;
  let owner: string;
  const http = testHttp(() => t.server);

  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
    owner = await signInCookie(t.server);
  });
  afterAll(async () => t?.close());

  async function conversationOf(waId: string): Promise<string> {
    const list = await http.get("/api/v1/conversations", owner);
    const c = (list.json().data as { id: string; contact: { waId: string } }[]).find(
      (x) => x.contact.waId === waId,
    );
    if (!c) throw new Error("no conversation");
    return c.id;
  }

  it("lists the shared canned replies, the contact's language first, with the customer's name, portal link and rates", async () => {
    const made = await http.post("/api/v1/canned-replies", owner, {
      title: "Saludo con portal",
      body: "Hola {name}, su portal: {portalUrl}\nTarifas:\n{rates}\n— {agent}",
      language: "es",
    });
    expect(made.statusCode).toBe(201);
    await http.post("/api/v1/canned-replies", owner, {
      title: "English one",
      body: "Hi {name}, your portal: {portalUrl}\n{rates}",
      language: "en",
    });
    const { customer } = await customerWithLicenses(t.server.ctx, {
      email: "lucia@example.com",
      name: "Lucía Gómez",
      licenses: [{ product: "Product Filter", supportUntil: "2027-03-01" }],
    });
    await customerSays(t.server, "Hola, ¿tenéis descuento?", { from: "34600111222" });
    const id = await conversationOf("34600111222");
    await http.patch(`/api/v1/conversations/${id}/contact`, owner, { language: "es" });
    expect(
      (await http.post(`/api/v1/conversations/${id}/link`, owner, { email: customer.email })).statusCode,
    ).toBe(200);

    const res = await http.get(`/api/v1/conversations/${id}/canned-replies`, owner);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      language: string;
      data: { title: string; language: string; text: string }[];
    };
    expect(body.language).toBe("es");
    expect(body.data[0]!.language).toBe("es");
    expect(body.data.findIndex((r) => r.language === "en")).toBeGreaterThan(
      body.data.findLastIndex((r) => r.language === "es"),
    );
    const mine = body.data.find((r) => r.title === "Saludo con portal")!;
    expect(mine.text).toContain("Hola Lucía, su portal: ");
    expect(mine.text).toContain("/support?lang=es");
    expect(mine.text).toMatch(/\d/); // the rate card's amounts
    expect(mine.text).not.toContain("{");
    expect(mine.text).toMatch(/\n— \S/); // the agent's name
    // An English reply to a Spanish customer is English through and through: its rate card and portal link too.
    const english = body.data.find((r) => r.title === "English one")!;
    expect(english.text).toContain("Hi Lucía, your portal: ");
    expect(english.text).toContain("/support?lang=en");
    expect(english.text).toMatch(/per hour/);
    expect(english.text).not.toMatch(/por hora/);
  });

  it("answers 404 for a conversation that does not exist, and refuses anonymous callers", async () => {
    expect((await http.get("/api/v1/conversations/nope/canned-replies", owner)).statusCode).toBe(404);
    expect((await http.request("GET", "/api/v1/conversations/nope/canned-replies", {})).statusCode).toBe(401);
  });
});
