// npm run bench: SPEC section 5's bars on this machine, on fresh data folders. Prints figures; never fails on them.
import { ensureBuilt } from "../scripts/ensure-built.mjs";
import { measureAppJs } from "./app-js.js";
import type { BarResult } from "./bars.js";
import { printBars } from "./bars.js";
import { measureStartup } from "./startup.js";

ensureBuilt({ quiet: true });
const bars: BarResult[] = [];
const step = async (name: string, fn: () => Promise<BarResult[] | BarResult>) => {
  process.stderr.write(`bench: ${name}…\n`);
  const result = await fn();
  bars.push(...[result].flat());
};

await step("agent app size", async () => measureAppJs());
await step("start-up", () => measureStartup());
printBars(bars);
