import { afterEach, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../test/harness.js";
import type { AppContext } from "./context.js";
import type { DomainModule } from "./module.js";
import { startSchedule } from "./schedules.js";

describe("startSchedule", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeContext(warnings: string[]): AppContext {
    return {
      log: { warn: (_: unknown, message: string) => warnings.push(message) },
    } as unknown as AppContext;
  }

  it("runs at start when asked, then every interval, never two runs at once, and survives a failure", async () => {
    vi.useFakeTimers();
    const warnings: string[] = [];
    let runs = 0;
    let release: (() => void) | undefined;
    const stop = startSchedule(fakeContext(warnings), {
      name: "test",
      everyMs: 1000,
      atStart: true,
      run: async () => {
        runs++;
        if (runs === 2) throw new Error("boom");
        if (runs === 3) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    expect(warnings).toEqual(["scheduled work failed"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(3);
    // The third run is still going: the next ticks skip instead of overlapping it.
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(3);
    release?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(4);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(4);
  });
});

describe("DomainModule schedules", () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const t of servers.splice(0)) await t.close();
  });

  it("are started by the worker role only, with the server's context", async () => {
    const runs: Array<{ role: string; ctx: AppContext }> = [];
    const start = async (role: "web" | "all") => {
      const module: DomainModule = {
        name: "probe",
        schedules: [
          { name: "probe", everyMs: 60_000, atStart: true, run: async (ctx) => runs.push({ role, ctx }) },
        ],
      };
      const t = await startTestServer("sqlite", { role, modules: [module] });
      servers.push(t);
      t.server.startBackground();
      return t.server;
    };
    await start("web");
    const worker = await start("all");
    expect(runs.map((r) => r.role)).toEqual(["all"]);
    expect(runs[0]?.ctx).toBe(worker.ctx);
  });
});
