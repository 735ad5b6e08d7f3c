/**
 * The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core) against a real balancer and synthetic servers slow enough
 * (20 tokens/s) to watch the answer stream in. Screenshots land in
 * artifacts/screenshots/ (git-ignored) for people to look at.
 */
import assert from "node:assert/strict";
import parsePrometheus from "parse-prometheus-text-format";
import { type Browser, chromium, type Page } from "playwright-core";
import { eventually, freePort, startCluster } from "./helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = new URL("../artifacts/screenshots/", import.meta.url).pathname;
/**
 * A browser test. Never skipped: `deno task test` installs Debian's chromium first, and a missing
 * browser must fail loudly rather than pass as "ignored".
 */
function browserTest(name: string, fn: () => Promise<void>): void {
  Deno.test({ name, sanitizeResources: false, sanitizeOps: false, fn });
}

async function launch(): Promise<Browser> {
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

/** Counts the distinct states the newest answer's text goes through while it streams. */
// Page-side code is passed as source text: it runs in the browser, and this file is type-checked
// against Deno's globals, not the DOM's.

/** Records the distinct states the newest answer's text goes through while it streams. */
async function watchStreaming(page: Page): Promise<void> {
  await page.evaluate(`
    window.__steps = new Set();
    new MutationObserver(() => {
      const text = document.querySelector("#log .turn:last-child .continuation")?.textContent ?? "";
      if (text) window.__steps.add(text);
    }).observe(document.querySelector("#log"), { childList: true, subtree: true, characterData: true });
  `);
}

function streamingSteps(page: Page): Promise<number> {
  return page.evaluate(`window.__steps.size`);
}

async function ask(page: Page, prompt: string, maxTokens: number): Promise<void> {
  await page.getByLabel("Max tokens").fill(String(maxTokens));
  await page.getByLabel("Story opening").fill(prompt);
  await page.getByLabel("Story opening").press("Enter");
}

const lastAnswer = "#log .turn:last-child .answer";

browserTest("web e2e: stream, stop, closed tab and live dashboard in Chromium", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    httpPort,
    // A short queue timeout lets the no-server error show up quickly at the end.
    balanceArgs: ["--no-cache", "--queue-timeout", "1s"],
    serveArgs: ["--tokens-per-s", "20", "--log-level", "debug"],
  });
  const base = `http://127.0.0.1:${httpPort}`;
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(base);
    await page.locator("#conn[data-state=up]").waitFor();
    // The live dashboard lists both servers without a reload.
    await page.locator("#backends tbody tr[data-backend]").nth(1).waitFor();
    assert.equal(await page.locator("#backends tbody tr[data-backend]").count(), 2);
    assert.match(await page.locator("#t-strategy").textContent() ?? "", /round robin/);
    assert.equal(await page.locator("#t-cache").textContent(), "off");
    await page.screenshot({ path: `${SHOTS}01-empty.png` });

    // A prompt sent with Enter streams back in several steps and names its server.
    await watchStreaming(page);
    await ask(page, "The lighthouse keeper found a letter", 12);
    await page.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
    const steps = await streamingSteps(page);
    assert.ok(steps > 1, `the answer arrived in ${steps} step(s)`);
    const backend = await page.locator(`${lastAnswer} .badge.backend`).textContent();
    const names = cluster.serverPorts.map((p) => `127.0.0.1:${p}`);
    assert.ok(names.includes(backend!), `backend label "${backend}" is not one of ${names}`);
    assert.match(
      await page.locator(`${lastAnswer} .meta`).textContent() ?? "",
      /first token [\d.]+ m?s.*total [\d.]+ m?s.*12 tokens/,
    );
    await page.locator("#t-served", { hasText: "1" }).waitFor();
    await page.screenshot({ path: `${SHOTS}02-answer.png` });

    // Stop cancels a long generation: the server hears about it.
    await ask(page, "A very long saga begins", 400);
    await page.locator(`${lastAnswer} .continuation`).filter({ hasText: /\S/ }).waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await page.locator(`${lastAnswer}.stopped`).waitFor();
    await eventually(
      () => cluster.servers.some((s) => /Request \S+ cancelled after \d+ tokens/.test(s.log)),
      5_000,
      "a server to log the cancel",
    );
    await page.screenshot({ path: `${SHOTS}03-stopped.png` });

    // Closing a tab mid-answer cancels its generation too.
    const other = await browser.newPage();
    await other.goto(base);
    await other.locator("#conn[data-state=up]").waitFor();
    await ask(other, "Another endless story", 400);
    await other.locator(`${lastAnswer} .continuation`).filter({ hasText: /\S/ }).waitFor();
    await other.close();
    const status = await eventually(
      async () => {
        const s = await (await fetch(`${base}/api/status`)).json();
        return s.counters.cancelled === 2 ? s : undefined;
      },
      5_000,
      "the closed tab's request to be cancelled",
    );
    assert.equal(status.backends.reduce((n: number, b: { in_flight: number }) => n + b.in_flight, 0), 0);

    // Bad input over the page's own socket is answered in the conversation, not a crash.
    await page.evaluate(`
      const socket = new WebSocket("ws://" + location.host + "/ws");
      socket.onopen = () => socket.send("{oops");
      socket.onmessage = (event) => document.title = JSON.parse(event.data).code;
    `);
    await eventually(async () => (await page.title()) === "bad_frame", 5_000, "an error for bad input");

    // A killed server stays on the dashboard, marked down.
    await cluster.servers[0].stop("SIGKILL");
    await page.locator(`#backends tbody tr[data-backend="127.0.0.1:${cluster.serverPorts[0]}"] .state.down`)
      .waitFor({ timeout: 5_000 });
    assert.equal(await page.locator("#t-up").textContent(), "1 / 2");
    await page.screenshot({ path: `${SHOTS}04-one-server.png`, fullPage: true });

    // Phone width: everything stacks and stays usable.
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      colorScheme: "dark",
    });
    await phone.goto(base);
    await phone.locator("#conn[data-state=up]").waitFor();
    await ask(phone, "On a small screen", 6);
    await phone.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
    const overflow = await phone.evaluate<number>(`document.documentElement.scrollWidth - innerWidth`);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
    await phone.screenshot({ path: `${SHOTS}05-phone.png`, fullPage: true });
    await phone.goto(`${base}/dashboard`);
    await phone.locator("#backends tbody tr[data-backend]").first().waitFor();
    await phone.screenshot({ path: `${SHOTS}06-phone-dashboard.png`, fullPage: true });

    // With no server left: an empty dashboard and a readable error in the conversation.
    await cluster.servers[1].stop("SIGKILL");
    await eventually(
      async () => (await page.locator("#backends tbody .state.down").count()) === 2,
      5_000,
      "both servers to show down",
    );
    await ask(page, "Is anyone there?", 10);
    await page.locator(`${lastAnswer}.error`).waitFor({ timeout: 5_000 });
    assert.match(
      await page.locator(`${lastAnswer} .meta`).textContent() ?? "",
      /Error: no_backend.*ailb serve/,
    );
    await page.screenshot({ path: `${SHOTS}07-no-server.png` });

    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await cluster.stop();
  }
});

browserTest("web e2e: a balancer with --token asks the page for it", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort,
    balanceArgs: ["--no-cache", "--token", "open-sesame"],
    serveArgs: ["--token", "open-sesame"],
  });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${httpPort}/`);
    const token = page.getByLabel("Balancer token");
    await token.waitFor();
    assert.equal(await page.locator("main").isHidden(), true);
    await token.fill("wrong");
    await token.press("Enter");
    await page.getByRole("alert").filter({ hasText: "That token was refused." }).waitFor();
    await page.screenshot({ path: `${SHOTS}08-token.png` });
    await token.fill("open-sesame");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.locator("#backends tbody tr[data-backend]").first().waitFor();
    await ask(page, "Behind the locked door", 4);
    await page.locator(`${lastAnswer} .badge.backend`).waitFor({ timeout: 10_000 });
  } finally {
    await browser.close();
    await cluster.stop();
  }
});

browserTest("web e2e: a paraphrase is answered from the cache and marked so", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({ httpPort, serveArgs: ["--tokens-per-s", "200"] });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${httpPort}`);
    await page.locator("#conn[data-state=up]").waitFor();
    await ask(page, "Once upon a time, a little girl found a dragon in the forest.", 20);
    await page.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`${lastAnswer} .badge.cached`).count(), 0);
    await ask(page, "Once upon a time, a small girl discovered a dragon in the woods.", 20);
    await page.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
    const badge = await page.locator(`${lastAnswer} .badge.cached`).textContent();
    assert.match(badge ?? "", /^cached · similarity (0|1)\.\d{3}$/);
    await page.locator("#t-cache", { hasText: /1 entry · 50% hits/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}09-cached.png` });

    // The hit shows up in /metrics under its kind, and the first request as a miss.
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const families = parsePrometheus(text) as {
      name: string;
      metrics: { value: string; labels?: Record<string, string> }[];
    }[];
    const samples = (name: string) => families.find((f) => f.name === name)?.metrics ?? [];
    const hits = samples("ailb_cache_hits_total").filter((m) => m.labels?.kind !== "coalesced");
    assert.equal(hits.reduce((n, m) => n + Number(m.value), 0), 1);
    assert.equal(Number(samples("ailb_cache_misses_total")[0]?.value), 1);
    assert.equal(Number(samples("ailb_cache_entries")[0]?.value), 1);
  } finally {
    await browser.close();
    await cluster.stop();
  }
});
