import { describe, expect, it } from "vitest";
import { isAppError } from "../platform/errors.js";
import { defaultSettings } from "../settings/settings.defaults.js";
import type { Settings } from "../settings/settings.schema.js";
import { testConfig } from "../test/harness.js";
import { audienceOf, authorizeArea, authorizeResource, canSee } from "./policies.js";

const owner = { id: "u-owner", role: "owner" } as const;
const ana = { id: "u-ana", role: "agent" } as const;
const ben = { id: "u-ben", role: "agent" } as const;

function settingsOpenTo(ids: string[]): Settings {
  const settings = defaultSettings(testConfig());
  return { ...settings, premium: { ...settings.premium, openToAgentIds: ids } };
}

function refusal(fn: () => void): { code: string; message: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe("the access policy", () => {
  it("gives the premium line its own audience", () => {
    expect(audienceOf("premium")).toBe("premium");
    expect(audienceOf("presales")).toBe("agents");
  });

  it("shows premium to the owner and to the agents the owner opened it to, everything else to all", () => {
    const settings = settingsOpenTo([ana.id]);
    expect(canSee(settings, owner, "premium")).toBe(true);
    expect(canSee(settings, ana, "premium")).toBe(true);
    expect(canSee(settings, ben, "premium")).toBe(false);
    for (const actor of [owner, ana, ben]) expect(canSee(settings, actor, "agents")).toBe(true);
    expect(canSee(settingsOpenTo([]), ana, "premium")).toBe(false);
  });

  it("refuses one resource like a missing one (404) and an area with 403", () => {
    const settings = settingsOpenTo([]);
    expect(refusal(() => authorizeResource(settings, ben, "premium", "No such engagement"))).toEqual({
      code: "not_found",
      message: "No such engagement",
    });
    expect(refusal(() => authorizeArea(settings, ben, "premium"))?.code).toBe("forbidden");
    expect(refusal(() => authorizeResource(settings, owner, "premium", "x"))).toBeUndefined();
    expect(refusal(() => authorizeArea(settings, ben, "agents"))).toBeUndefined();
  });
});
