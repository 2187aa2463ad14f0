import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInCookie, startTestServer, type TestServer } from "../../test/harness.js";
import { testHttp } from "../../test/http.js";

describe("GET /policy and /contact", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", {
      env: { WHATSAPP_PREMIUM_NUMBER: "+34 699 888 777", WHATSAPP_PRESALES_NUMBER: "+34 611 222 333" },
    });
  });
  afterAll(async () => t.close());

  const http = testHttp(() => t.server);

  it("shows the official number with a click-to-chat link and the three rates from settings, in Spanish", async () => {
    const res = await http.get("/policy?lang=es");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain("+34 611 222 333");
    expect(res.body).toContain('href="https://wa.me/34611222333"');
    expect(res.body).toMatch(/15,00\s*US\$/);
    expect(res.body).toMatch(/20,00\s*US\$/);
    expect(res.body).toMatch(/30,00\s*US\$/);
    expect(res.body).toContain("Consulta");
    expect(res.body).toContain("Trabajo crítico urgente");
  });

  it("keeps the premium number off the page by default and says how to get it", async () => {
    for (const url of ["/policy?lang=en", "/policy?lang=es", "/contact?lang=en", "/contact?lang=es"]) {
      const res = await http.get(url);
      expect(res.body).not.toContain("699 888 777");
      expect(res.body).not.toContain("34699888777");
    }
    expect((await http.get("/policy?lang=en")).body).toContain(
      "given in the automatic reply of the official number",
    );
  });

  it("gives the business hours with their time zone named", async () => {
    const en = (await http.get("/contact?lang=en")).body;
    expect(en).toMatch(
      /We answer on Monday, [^<]*Friday, \d\d:\d\d–\d\d:\d\d \(India Standard Time, Asia\/Kolkata\)\./,
    );
    const es = (await http.get("/contact?lang=es")).body;
    expect(es).toMatch(/Respondemos lunes, [^<]*viernes, de \d\d:\d\d a \d\d:\d\d \([^<]*Asia\/Kolkata\)\./);
  });

  it("follows Accept-Language when there is no ?lang", async () => {
    const es = await http.get("/contact", undefined, { "accept-language": "es-ES,es;q=0.9,en;q=0.5" });
    expect(es.body).toContain('<html lang="es">');
    const en = await http.get("/contact", undefined, { "accept-language": "de-DE,en;q=0.8" });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain("$15.00");
  });

  it("changes when the owner changes a rate or publishes the premium number", async () => {
    const cookie = await signInCookie(t.server);
    const settings = (await http.get("/api/v1/settings", cookie)).json();
    const rates = { ...settings.rates, hourly: { ...settings.rates.hourly, consultation: 1750 } };
    const put = await http.put("/api/v1/settings/rates", cookie, rates);
    expect(put.statusCode).toBe(200);
    const channels = { ...settings.channels, publishPremiumNumber: true };
    await http.put("/api/v1/settings/channels", cookie, channels);
    await new Promise((r) => setTimeout(r, 1100)); // settings cache
    const page = (await http.get("/policy?lang=en")).body;
    expect(page).toContain("$17.50");
    expect(page).not.toContain("$15.00");
    expect(page).toContain("+34 699 888 777");
  });

  it("refuses invalid settings with a clear error and changes nothing", async () => {
    const cookie = await signInCookie(t.server);
    const before = (await http.get("/api/v1/settings", cookie)).json();
    const res = await http.put("/api/v1/settings/channels", cookie, {
      ...before.channels,
      presalesAbout: "x".repeat(140),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
    expect(JSON.stringify(res.json().error.details)).toContain("channels.presalesAbout");
    const after = (await http.get("/api/v1/settings", cookie)).json();
    expect(after.channels.presalesAbout).toBe(before.channels.presalesAbout);
  });

  it("is accessible without script: landmarks, one h1, skip link, strict CSP", async () => {
    const res = await http.get("/policy?lang=en");
    expect(res.body).not.toContain("<script");
    expect(res.body.match(/<h1/g)).toHaveLength(1);
    expect(res.body).toContain("<main");
    expect(res.body).toContain("<nav");
    expect(res.body).toContain('href="#content"');
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("names an icon every page links to, served as SVG at /favicon.svg and /favicon.ico", async () => {
    const page = await http.get("/contact?lang=es");
    expect(page.body).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    for (const path of ["/favicon.svg", "/favicon.ico"]) {
      const icon = await http.get(path);
      expect(icon.statusCode).toBe(200);
      expect(icon.headers["content-type"]).toBe("image/svg+xml");
      expect(icon.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    const app = await http.get("/app");
    expect(app.body).toContain('rel="icon" href="/favicon.svg"');
  });
});
