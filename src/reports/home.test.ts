import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays, customerWithLicenses } from "../policy/policy.test-support.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";
import { whatsappEnv } from "../whatsapp/test-support.js";

// Issue 14, the first hour: the owner's first sign-in questions (onboarded on the account), Home's checklist
// with live counts and the day's numbers, on both databases.

interface Home {
  onboarding: boolean;
  checklist: { step: string; done: boolean; count: number | null }[];
  today: { waiting: number; needsReply: number; overdueTickets: number; toInvoice: number | null };
}

describeEachDatabase("Home: onboarding, checklist and the day's numbers", (dialect) => {
  let t: TestServer;
  let owner: string;
  let agent: string;
  const http = testHttp(() => t.server);
  const home = async (as: string) => {
    const res = await http.get("/api/v1/home", as);
    expect(res.statusCode).toBe(200);
    return res.json() as Home;
  };
  const step = (h: Home, name: string) => h.checklist.find((s) => s.step === name)!;

  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
    owner = await signInCookie(t.server);
  });
  afterAll(async () => t?.close());

  it("asks a new owner the first questions until they are answered, and renames the account", async () => {
    expect((await home(owner)).onboarding).toBe(true);
    const session = (await http.get("/api/v1/session", owner)).json();
    expect(session.user.onboarded).toBe(false);

    expect((await http.patch("/api/v1/session", owner, {})).statusCode).toBe(400);
    expect((await http.patch("/api/v1/session", owner, { name: "" })).statusCode).toBe(400);
    expect((await http.patch("/api/v1/session", owner, { onboarded: false })).statusCode).toBe(400);
    expect((await http.patch("/api/v1/session", owner, { role: "agent" })).statusCode).toBe(400);
    expect((await http.get("/api/v1/session", owner)).json().user).toMatchObject({
      role: "owner",
      onboarded: false,
    });

    const renamed = await http.patch("/api/v1/session", owner, { name: "Marta Vendor" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().user).toMatchObject({ name: "Marta Vendor", onboarded: false });
    const done = await http.patch("/api/v1/session", owner, { onboarded: true });
    expect(done.json().user).toMatchObject({ name: "Marta Vendor", onboarded: true });
    expect((await home(owner)).onboarding).toBe(false);
    expect((await http.request("PATCH", "/api/v1/session", { body: { name: "x" } })).statusCode).toBe(401);

    // The language the app is used in: what the server writes for the person follows it.
    expect((await http.patch("/api/v1/session", owner, { language: "fr" })).statusCode).toBe(400);
    const spanish = await http.patch("/api/v1/session", owner, { language: "es" });
    expect(spanish.json().user).toMatchObject({ name: "Marta Vendor", language: "es", onboarded: true });
    // A fresh desk has received no webhook and is not subscribed: a next step, in the app's language.
    const problems = async () => (await http.get("/api/v1/whatsapp/status", owner)).json().steps as string[];
    const inSpanish = await problems();
    await http.patch("/api/v1/session", owner, { language: "en" });
    const inEnglish = await problems();
    expect(inSpanish.length).toBeGreaterThan(0);
    expect(inSpanish).toHaveLength(inEnglish.length);
    expect(inSpanish).not.toEqual(inEnglish);
  });

  it("ticks each step with its live count as the work is done", async () => {
    const before = await home(owner);
    expect(before.checklist.map((s) => s.step)).toEqual(
      expect.arrayContaining(["whatsapp", "profile", "hours", "agents", "licenses"]),
    );
    expect(step(before, "agents")).toMatchObject({ done: false, count: 0 });
    expect(step(before, "licenses")).toMatchObject({ done: false, count: 0 });
    expect(step(before, "hours").done).toBe(false);

    await createUser(t.server.ctx, {
      email: "agent@example.com",
      name: "Ana Agent",
      password: "agent-password-1",
      role: "agent",
    });
    agent = await signInCookie(t.server, "agent@example.com", "agent-password-1");
    await customerWithLicenses(t.server.ctx, {
      email: "ann@example.com",
      name: "Ann Buyer",
      licenses: [
        { product: "Product Filter", supportUntil: "2027-03-01" },
        { product: "One Page Checkout", supportUntil: "2026-06-30" },
      ],
    });
    const settings = (await http.get("/api/v1/settings", owner)).json();
    expect(
      (
        await http.put("/api/v1/settings/presales", owner, {
          ...settings.presales,
          businessHours: { days: [1, 2, 3, 4, 5], open: "08:30", close: "17:00" },
        })
      ).statusCode,
    ).toBe(200);
    await customerSays(t.server, "Hola, ¿tenéis descuento?", { from: "34600555111" });

    const after = await home(owner);
    expect(step(after, "agents")).toMatchObject({ done: true, count: 1 });
    expect(step(after, "licenses")).toMatchObject({ done: true, count: 2 });
    expect(step(after, "hours").done).toBe(true);
    expect(after.today.waiting).toBe(1);
    expect(after.today.needsReply).toBe(1);
    expect(after.today.overdueTickets).toBe(0);
    expect(after.today.toInvoice).toBe(0);
  });

  it("leaves premium work out of an agent's numbers, and no onboarding for agents", async () => {
    const h = await home(agent);
    expect(h.onboarding).toBe(false);
    expect(h.today.toInvoice).toBeNull();
  });
});
