import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { buildPortalWorld, portalSession } from "../tickets/tickets.factories.js";

describeEachDatabase("portal: a customer asks for their data or its erasure", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect);
  });
  afterEach(async () => t.close());

  const post = (who: { cookie: string; csrf: string }, fields: Record<string, string>) =>
    t.server.app.inject({
      method: "POST",
      url: "/support/data-request?lang=es",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(fields).toString(),
    });

  it("files a ticket for the owner, in the customer's language, whatever the license's support state", async () => {
    const world = await buildPortalWorld(t.server.ctx);
    const bruno = await portalSession(t.server.ctx, world.bruno.id);
    const home = await t.server.app.inject({
      method: "GET",
      url: "/support?lang=es",
      headers: { cookie: bruno.cookie },
    });
    expect(home.body).toContain("Pedir el borrado de mis datos");

    const res = await post(bruno, { _csrf: bruno.csrf, kind: "erase" });
    expect(res.statusCode).toBe(303);
    const ticketId = /\/support\/tickets\/([^?]+)/.exec(String(res.headers.location))?.[1];
    const db = t.server.ctx.db.kysely;
    const ticket = await db
      .selectFrom("tickets")
      .selectAll()
      .where("id", "=", ticketId!)
      .executeTakeFirstOrThrow();
    const owner = await db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "owner")
      .executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      customer_id: world.bruno.id,
      subject: "Solicitud de datos: borrar mis datos",
      assignee_id: owner.id,
      status: "open",
    });
    const page = await t.server.app.inject({
      method: "GET",
      url: String(res.headers.location),
      headers: { cookie: bruno.cookie },
    });
    expect(page.body).toContain("Solicitud de datos: borrar mis datos");
  });

  it("refuses a missing form token or an unknown kind, filing nothing", async () => {
    const world = await buildPortalWorld(t.server.ctx);
    const alice = await portalSession(t.server.ctx, world.alice.id);
    expect((await post(alice, { kind: "export" })).statusCode).toBe(403);
    expect((await post(alice, { _csrf: alice.csrf, kind: "everything" })).statusCode).toBe(400);
    const anonymous = await t.server.app.inject({
      method: "POST",
      url: "/support/data-request",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "kind=export",
    });
    expect(anonymous.statusCode).toBe(303);
    const count = await t.server.ctx.db.kysely
      .selectFrom("tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
