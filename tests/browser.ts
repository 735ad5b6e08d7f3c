/**
 * Browser-test helpers: Debian's /usr/bin/chromium driven by playwright-core.
 * Screenshots land in artifacts/screenshots/ (git-ignored) for people to look at.
 */
import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
/** Where screenshots go. */
export const SHOTS: string = new URL("../artifacts/screenshots/", import.meta.url).pathname;

/**
 * A browser test. Never skipped: `deno task test` installs Debian's chromium first, and a missing
 * browser must fail loudly rather than pass as "ignored".
 */
export function browserTest(name: string, fn: () => Promise<void>): void {
  Deno.test({ name, sanitizeResources: false, sanitizeOps: false, fn });
}

/** Starts headless Chromium. */
export async function launch(): Promise<Browser> {
  await Deno.stat(CHROMIUM).catch((error) => {
    throw new Error(`${CHROMIUM} is missing (apt-get install chromium; deno task test does it): ${error}`);
  });
  await Deno.mkdir(SHOTS, { recursive: true });
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Collects page errors and console errors; `check()` fails the test if there were any. */
export function watchErrors(page: Page): { check(): void; errors: string[] } {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { errors, check: () => assert.deepEqual(errors, []) };
}

/** Types a prompt with `maxTokens` and sends it with Enter. */
export async function ask(page: Page, prompt: string, maxTokens: number): Promise<void> {
  await page.getByLabel("Max tokens").fill(String(maxTokens));
  await page.getByLabel("Story opening").fill(prompt);
  await page.getByLabel("Story opening").press("Enter");
}

/** The newest answer in the conversation. */
export const lastAnswer = "#log .turn:last-child .answer";

/** How far the page scrolls sideways (0 when nothing overflows). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate<number>(`document.scrollingElement.scrollWidth - innerWidth`);
}
