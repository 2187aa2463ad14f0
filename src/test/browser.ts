import fs from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe } from "vitest";
import { OWNER } from "./harness.js";

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

/** Opens `url` (any page of the agent app) and signs in through its form, as the owner unless told. */
export async function signInWithForm(
  page: Page,
  url: string,
  who: { email: string; password: string } = OWNER,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * A server and a Chromium shared by one describeBrowser block: `start` runs before its tests (and may seed),
 * both close after them. Read `suite.t` and `suite.browser` inside the tests.
 */
export function browserSuite<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
): { readonly t: T; readonly browser: Browser } {
  let t: T | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  return {
    get t() {
      if (!t) throw new Error("browserSuite: the server has not started");
      return t;
    },
    get browser() {
      if (!browser) throw new Error("browserSuite: Chromium has not started");
      return browser;
    },
  };
}

/** Follows a link of the agent app's navigation, opening the menu first where a phone folds it behind one. */
export async function openScreen(page: Page, name: string): Promise<void> {
  await page.locator(".topbar").waitFor();
  const menu = page.locator(".topbar .menu-button");
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation").first().getByRole("link", { name, exact: true }).click();
}

/** Keeps a full-page picture of the step as `<name>.png` when BEEDESK_SCREENSHOTS names a folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.BEEDESK_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** How many CSS pixels the page scrolls sideways (0 when it fits the viewport's width). */
export function sideScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
