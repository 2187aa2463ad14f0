import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { describe } from "vitest";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  console.warn(
    `\n${"!".repeat(72)}\n!! Chromium not found at ${CHROMIUM_PATH}: BROWSER TESTS ARE SKIPPED.\n!! Install it with: apt-get install -y chromium\n${"!".repeat(72)}\n`,
  );
}

/** describe() for browser journeys: skipped loudly when Chromium is missing. */
export const describeBrowser = chromiumAvailable ? describe : describe.skip;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
