/**
 * The chat page in a real headless Chromium against a real balancer and
 * synthetic servers slow enough (20 tokens/s) to watch the answer stream in:
 * streaming, Stop, closed tabs, a server going down, no server at all, the
 * token prompt, cached answers, settings checked in the page, history across
 * reloads and the copy button.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { eventually, freePort, startCluster } from "./helpers.ts";
import { ask, browserTest, lastAnswer, launch, overflow, SHOTS, watchErrors } from "./browser.ts";
import { scrape, total } from "./prometheus.ts";

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

function focusedId(page: Page): Promise<string> {
  return page.evaluate(`document.activeElement?.id ?? ""`);
}

browserTest("web e2e: stream, stop, closed tab, a server going down and no server at all", async () => {
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(base);
    await page.locator("#conn[data-state=up]").waitFor();
    assert.equal(await focusedId(page), "prompt", "focus starts in the prompt");
    // The slider and the other settings have accessible names.
    await page.getByRole("slider", { name: "Temperature" }).waitFor();
    await page.getByRole("spinbutton", { name: "Max tokens" }).waitFor();
    // The "●" state dots are decoration: not part of what a screen reader reads.
    assert.doesNotMatch(await page.locator("header").ariaSnapshot(), /●/);
    await page.locator("#backends tbody tr[data-backend]").first().waitFor();
    assert.doesNotMatch(await page.locator("#backends").ariaSnapshot(), /●/);
    assert.match(await page.locator("#backends").ariaSnapshot(), /\bup\b/);
    await page.locator("#backends tbody tr[data-backend]").nth(1).waitFor();
    assert.match(await page.locator("#t-strategy").textContent() ?? "", /round robin/);
    assert.equal(await page.locator("#t-cache").textContent(), "off");
    assert.equal(await page.locator("#no-server").isHidden(), true);

    // A prompt sent with Enter streams back in several steps and names its server and its real rate.
    await watchStreaming(page);
    await ask(page, "The lighthouse keeper found a letter", 12);
    await page.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
    const steps = await streamingSteps(page);
    assert.ok(steps > 1, `the answer arrived in ${steps} step(s)`);
    const backend = await page.locator(`${lastAnswer} .badge.backend`).textContent();
    const names = cluster.serverPorts.map((p) => `127.0.0.1:${p}`);
    assert.ok(names.includes(backend!), `backend label "${backend}" is not one of ${names}`);
    const meta = await page.locator(`${lastAnswer} .meta`).textContent() ?? "";
    assert.match(meta, /first token [\d.]+ m?s.*total [\d.]+ m?s.*12 tokens/);
    // The servers generate 20 tokens/s; the page shows the rate after the first token, not tokens ÷ total.
    const rate = Number(/([\d.]+) tok\/s/.exec(meta)?.[1]);
    assert.ok(rate > 10 && rate < 40, `shown rate ${rate} tok/s for a 20 tok/s server`);
    assert.equal(await focusedId(page), "prompt", "focus back in the prompt after an answer");
    await page.locator("#recent tbody tr", { hasText: "The lighthouse keeper" }).waitFor();
    await page.screenshot({ path: `${SHOTS}02-answer.png` });

    // Max tokens 0 is refused in the page: a message, the prompt kept, nothing sent.
    const turns = await page.locator("#log .turn").count();
    await ask(page, "Too short to be a story", 0);
    await page.getByRole("alert").filter({ hasText: "Max tokens must be a whole number from 1 to 2048" })
      .waitFor();
    assert.equal(await page.getByLabel("Story opening").inputValue(), "Too short to be a story");
    assert.equal(await page.locator("#log .turn").count(), turns);
    assert.equal(await page.locator("#max-tokens").getAttribute("aria-invalid"), "true");
    await page.getByLabel("Story opening").fill("");

    // Stop cancels a long generation: the server hears about it, and focus returns to the prompt.
    await ask(page, "A very long saga begins", 400);
    await page.locator(`${lastAnswer} .continuation`).filter({ hasText: /\S/ }).waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await page.locator(`${lastAnswer}.stopped`).waitFor();
    assert.equal(await focusedId(page), "prompt", "focus back in the prompt after Stop");
    await eventually(
      () => cluster.servers.some((s) => /Request \S+ cancelled after \d+ tokens/.test(s.log)),
      5_000,
      "a server to log the cancel",
    );
    // The recent-requests log lists it as stopped, on the server it was stopped on.
    await page.locator("#recent tbody tr.stopped", { hasText: "A very long saga" })
      .filter({ hasText: /127\.0\.0\.1:\d+/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}03-stopped.png` });

    // Closing a tab mid-answer cancels its generation too.
    const other = await context.newPage();
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

    // A killed server stays on the dashboard: a down row with since when and why.
    await cluster.servers[0].stop("SIGKILL");
    const downRow = page.locator(`#backends tbody tr[data-backend="127.0.0.1:${cluster.serverPorts[0]}"]`);
    await downRow.locator(".state.down").waitFor({ timeout: 5_000 });
    assert.match(await downRow.locator(".reason").textContent() ?? "", /connection closed/);
    assert.match(await downRow.locator("td[data-label=Since]").textContent() ?? "", /^\d+(\.\d)? s$/);
    assert.match(
      await downRow.locator("td[data-label='Last heard']").textContent() ?? "",
      /\d{2}:\d{2}:\d{2}/,
    );
    assert.match(await page.locator("#t-up").textContent() ?? "", /^1 \/ 2 \(1 down\)$/);
    await page.screenshot({ path: `${SHOTS}04-server-down.png`, fullPage: true });

    // With no server left: a banner says so before anyone waits, and the pill is not a green "Connected".
    await cluster.servers[1].stop("SIGKILL");
    await page.locator("#no-server").waitFor({ state: "visible", timeout: 5_000 });
    assert.match(await page.locator("#no-server").textContent() ?? "", /No server is up.*up to 1 s/s);
    await page.locator("#conn", { hasText: "no server up" }).waitFor();
    assert.notEqual(await page.locator("#conn").getAttribute("data-state"), "up");
    await ask(page, "Is anyone there?", 10);
    await page.locator(`${lastAnswer} .meta`, { hasText: "No server is up: waiting up to 1 s" }).waitFor();
    await page.locator(`${lastAnswer}.error`).waitFor({ timeout: 5_000 });
    assert.match(
      await page.locator(`${lastAnswer} .meta`).textContent() ?? "",
      /Error: no_backend.*ailb serve/,
    );
    // The prompt is kept after an error.
    assert.equal(await page.getByLabel("Story opening").inputValue(), "Is anyone there?");
    await page.screenshot({ path: `${SHOTS}05-no-server.png` });

    // The conversation survives a reload (local storage), marked as restored.
    const before = await page.locator("#log .turn").count();
    await page.reload();
    await page.locator("#log .turn.restored").nth(before - 2).waitFor();
    assert.match(await page.locator("#log .turn").first().textContent() ?? "", /The lighthouse keeper/);
    await page.getByRole("button", { name: "Clear history" }).click();
    assert.equal(await page.locator("#log .turn").count(), 0);
    errors.check();
    // Page loads, reloads and closed tabs leave nothing in the balancer's log at info level but the
    // servers coming and going (no cancelled-fetch errors, no line per request).
    const lines = cluster.balancer.log.trim().split("\n");
    const unexpected = lines.filter((line) =>
      !/Balancer listening|Web UI on|OpenAI API on|Cache ready|registered|removed:|fails over|re-sent|Server \S+ is draining/
        .test(line)
    );
    assert.deepEqual(unexpected, []);
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

browserTest(
  "web e2e: a paraphrase is badged as cache with the prompt it matched; copy copies the answer",
  async () => {
    const httpPort = freePort();
    const cluster = await startCluster({ httpPort, serveArgs: ["--tokens-per-s", "200"] });
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`http://127.0.0.1:${httpPort}`);
      await page.locator("#conn[data-state=up]").waitFor();
      const original = "Once upon a time, a little girl found a dragon in the forest.";
      await ask(page, original, 20);
      await page.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(`${lastAnswer} .badge.cached`).count(), 0);
      const generated = await page.locator(`${lastAnswer} .continuation`).textContent();
      // The answer is stored after it is sent (embedding takes a moment under load): wait for it.
      await eventually(
        async () =>
          (await (await fetch(`http://127.0.0.1:${httpPort}/api/status`)).json()).cache.entries === 1,
        10_000,
        "the first answer to be in the cache",
      );
      await ask(page, "Once upon a time, a small girl discovered a dragon in the woods.", 20);
      await page.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
      // Badged as the cache (not as a server that generated it), with the similarity and the matched prompt.
      assert.match(
        await page.locator(`${lastAnswer} .badge.cached`).textContent() ?? "",
        /^cache · semantic 0\.\d{3}$/,
      );
      assert.equal(await page.locator(`${lastAnswer} .badge.backend`).count(), 0);
      assert.equal(await page.locator(`${lastAnswer} .matched q`).textContent(), original);
      assert.equal(await page.locator(`${lastAnswer} .continuation`).textContent(), generated);
      assert.equal(
        await page.locator(`${lastAnswer} .rate`).count(),
        0,
        "no generation rate for a cached answer",
      );
      await page.locator("#t-cache", { hasText: /^50% · 1 entry$/ }).waitFor();
      await page.locator("#recent tbody tr", { hasText: "semantic" }).waitFor();
      await page.locator(`${lastAnswer} button.copy`).click();
      await page.locator(`${lastAnswer} button.copy`, { hasText: "Copied" }).waitFor();
      assert.equal(await page.evaluate(`navigator.clipboard.readText()`), generated);
      await page.screenshot({ path: `${SHOTS}09-cached.png` });

      // The hit shows up in /metrics under its kind, and the first request as a miss.
      const metrics = await scrape(httpPort);
      assert.equal(total(metrics, "ailb_cache_hits_total"), 1);
      assert.equal(total(metrics, "ailb_cache_misses_total"), 1);
      assert.equal(total(metrics, "ailb_cache_entries"), 1);
      errors.check();
      assert.ok(await overflow(page) <= 0);
    } finally {
      await browser.close();
      await cluster.stop();
    }
  },
);
