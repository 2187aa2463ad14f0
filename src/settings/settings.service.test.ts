import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { getSettings, updateSettings } from "./settings.service.js";

describeEachDatabase("settings", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect);
  });
  afterEach(async () => t.close());

  it("seeds the policy's defaults: 15/20/30 USD per hour, 15-minute increment, 24 h cooldown, premium number unpublished", async () => {
    const s = await getSettings(t.server.ctx);
    expect(s.rates.hourly).toEqual({ consultation: 1500, technical_support: 2000, urgent_critical: 3000 });
    expect(s.rates.currency).toBe("USD");
    expect(s.rates.incrementMinutes).toBe(15);
    expect(s.presales.autoReplyCooldownHours).toBe(24);
    expect(s.channels.publishPremiumNumber).toBe(false);
    expect(s.channels.presalesAbout.length).toBeLessThanOrEqual(139);
    expect(s.channels.presalesAbout).toContain(t.config.whatsapp.premium.displayNumber);
  });

  it("reads settings inside a transaction without waiting for the connection the transaction holds", async () => {
    const ctx = t.server.ctx;
    await new Promise((r) => setTimeout(r, 1100)); // let the cached copy go stale
    const inside = await ctx.db.kysely.transaction().execute(async (trx) => {
      await trx.selectFrom("settings").select("key").execute();
      return getSettings(ctx);
    });
    expect(inside.rates.currency).toBe("USD");
  });

  it("shows a saved change at once in this process", async () => {
    const ctx = t.server.ctx;
    const before = await getSettings(ctx);
    await updateSettings(ctx, "rates", { ...before.rates, incrementMinutes: 30 }, null);
    expect((await getSettings(ctx)).rates.incrementMinutes).toBe(30);
  });
});
