import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("gives the embedded setup with no variables: SQLite in ./data, simulator on, port 3000", () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.database.kind).toBe("sqlite");
    expect(config.simulator).toBe(true);
    expect(config.publicUrl).toBe("http://127.0.0.1:3000");
    expect(config.secureCookies).toBe(false);
    expect(config.whatsapp.graphUrl).toBe("http://127.0.0.1:3000/simulator/graph");
  });

  it("reports every bad variable at once, one message each", () => {
    const found = problems({
      PORT: "abc",
      DATABASE_URL: "mysql://x",
      PUBLIC_URL: "ftp://x",
      BEEDESK_SIMULATOR: "maybe",
    });
    expect(found).toHaveLength(4);
    expect(found.find((p) => p.startsWith("PORT:"))).toMatch(/number/);
    expect(found.find((p) => p.startsWith("DATABASE_URL:"))).toMatch(/postgres:\/\//);
    expect(found.some((p) => p.startsWith("PUBLIC_URL:"))).toBe(true);
    expect(found.some((p) => p.startsWith("BEEDESK_SIMULATOR:"))).toBe(true);
  });

  it("uses PostgreSQL for a postgres:// URL", () => {
    const config = parseConfig({ DATABASE_URL: "postgres://u@127.0.0.1:5432/db" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u@127.0.0.1:5432/db" });
  });

  it("turns the simulator off with an access token, and then requires the rest of the WhatsApp settings", () => {
    const found = problems({ WHATSAPP_ACCESS_TOKEN: "token" });
    expect(found).toContain("WHATSAPP_APP_SECRET: is required when the simulator is off");
    expect(found).toContain("WHATSAPP_PRESALES_PHONE_NUMBER_ID: is required when the simulator is off");
    const config = parseConfig({
      WHATSAPP_ACCESS_TOKEN: "token",
      WHATSAPP_APP_SECRET: "secret",
      WHATSAPP_VERIFY_TOKEN: "verify",
      WHATSAPP_PRESALES_PHONE_NUMBER_ID: "111",
      WHATSAPP_PRESALES_NUMBER: "+34 600 000 001",
    });
    expect(config.simulator).toBe(false);
    expect(config.whatsapp.graphUrl).toBe("https://graph.facebook.com");
  });

  it("forces the simulator off in production and refuses BEEDESK_SIMULATOR=on there", () => {
    expect(problems({ NODE_ENV: "production", BEEDESK_SIMULATOR: "on" })).toContain(
      "BEEDESK_SIMULATOR: cannot be on when NODE_ENV=production",
    );
    expect(problems({ NODE_ENV: "production" })).toContain(
      "WHATSAPP_ACCESS_TOKEN: is required when the simulator is off",
    );
  });

  it("sets the Secure cookie flag from the PUBLIC_URL scheme", () => {
    expect(parseConfig({ PUBLIC_URL: "https://desk.example.com/" }).secureCookies).toBe(true);
    expect(parseConfig({ PUBLIC_URL: "https://desk.example.com/" }).publicUrl).toBe(
      "https://desk.example.com",
    );
  });

  it("accepts a 32-byte secret key as hex or base64 and refuses anything else", () => {
    expect(parseConfig({ BEEDESK_SECRET_KEY: "ab".repeat(32) }).secretKey?.length).toBe(32);
    expect(
      parseConfig({ BEEDESK_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") }).secretKey?.length,
    ).toBe(32);
    expect(problems({ BEEDESK_SECRET_KEY: "short" })[0]).toMatch(/^BEEDESK_SECRET_KEY: must be 32 bytes/);
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(parseConfig({}))).toBe(true);
  });

  it("refuses to start in production without SMTP_URL, so the development mail viewer never runs there", () => {
    const found = problems({ NODE_ENV: "production" });
    expect(found.some((p) => p.startsWith("SMTP_URL: is required when NODE_ENV=production"))).toBe(true);
    const withSmtp = problems({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example.com:587" });
    expect(withSmtp.some((p) => p.startsWith("SMTP_URL"))).toBe(false);
    expect(problems({ NODE_ENV: "development" }).some((p) => p.startsWith("SMTP_URL"))).toBe(false);
  });

  it("trusts no forwarding proxy by default, in production too", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ ...PRODUCTION }).trustProxy).toBe(false);
  });

  it("reads TRUST_PROXY as a hop count or a list of proxy addresses and ranges", () => {
    expect(parseConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,::1" }).trustProxy).toEqual([
      "10.0.0.5",
      "10.1.0.0/16",
      "::1",
    ]);
    for (const bad of ["true", "0", "yes", "10.0.0.300", "10.0.0.0/33", "proxy.internal", "1,2"])
      expect(problems({ TRUST_PROXY: bad })[0], bad).toMatch(/^TRUST_PROXY: must be a hop count/);
  });
});

const PRODUCTION = {
  NODE_ENV: "production",
  SMTP_URL: "smtp://mail.example.com:587",
  WHATSAPP_ACCESS_TOKEN: "token",
  WHATSAPP_APP_SECRET: "secret",
  WHATSAPP_VERIFY_TOKEN: "verify",
  WHATSAPP_PRESALES_PHONE_NUMBER_ID: "111",
  WHATSAPP_PRESALES_NUMBER: "+34 600 000 001",
};
