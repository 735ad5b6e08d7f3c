/**
 * The dashboard and the page's connection handling in a real headless
 * Chromium: reconnecting after a balancer restart (banner, greyed numbers, a
 * countdown that counts, "Retry now"), the time windows, hover values, and
 * screenshots at phone (390 px) and desktop (1280 px) width checked for
 * sideways overflow and readable chart labels.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { eventually, freePort, Proc, startCluster } from "./helpers.ts";
import { ask, browserTest, lastAnswer, launch, overflow, SHOTS, watchErrors } from "./browser.ts";

/** Seconds shown in "Retrying in 2.3 s", or undefined while connecting. */
async function countdown(page: Page): Promise<number | undefined> {
  const text = await page.locator("#retry-status").textContent() ?? "";
  const match = /Retrying in ([\d.]+) s/.exec(text);
  return match ? Number(match[1]) : undefined;
}

browserTest(
  "web ui: after a balancer restart the page says so, greys stale numbers, counts down and reconnects",
  async () => {
    const httpPort = freePort();
    const cluster = await startCluster({ servers: 1, httpPort, balanceArgs: ["--no-cache"] });
    let second: Proc | undefined;
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`http://127.0.0.1:${httpPort}/dashboard`);
      await page.locator("#conn[data-state=up]").waitFor();
      await page.locator("#backends tbody tr[data-backend] .state.up").waitFor();
      assert.equal(await page.locator("#offline").isHidden(), true);

      await cluster.balancer.stop("SIGTERM");
      // A banner, before anything is sent, and every number greyed as stale.
      await page.locator("#offline").waitFor({ state: "visible", timeout: 5_000 });
      assert.match(await page.locator("#offline").textContent() ?? "", /Cannot reach the balancer/);
      assert.equal(await page.locator("body.offline").count(), 1);
      const opacity = Number(
        await page.evaluate(`getComputedStyle(document.querySelector(".dash .tiles")).opacity`),
      );
      assert.ok(opacity < 0.6, `stale tiles have opacity ${opacity}`);
      assert.equal(await page.locator("#conn").getAttribute("data-state"), "down");
      await page.screenshot({ path: `${SHOTS}10-offline.png` });

      // The countdown really counts down: three readings, each lower, within one wait for the next attempt.
      let seen: number[] = [];
      await eventually(
        async () => {
          const left = await countdown(page);
          if (left === undefined) return false;
          if (seen.length && left > seen.at(-1)!) seen = []; // a new attempt started a new wait
          if (!seen.length || left < seen.at(-1)!) seen.push(left);
          return seen.length >= 3;
        },
        15_000,
        "three falling countdown readings",
      );
      // "Retry now" makes an attempt at once: with the balancer still down it fails and a new, longer wait starts.
      await eventually(
        async () => ((await countdown(page)) ?? 0) >= 1.5,
        15_000,
        "a countdown of 1.5 s or more",
      );
      const attemptsBefore = cluster.balancer.log.length; // (the balancer is down: nothing to log)
      const before = (await countdown(page))!;
      await page.getByRole("button", { name: "Retry now" }).click();
      const after = await eventually(
        async () => {
          const left = await countdown(page);
          return left !== undefined && left > before ? left : undefined;
        },
        5_000,
        "a fresh countdown after Retry now",
      );
      assert.ok(after! > before, `countdown went from ${before} s to ${after} s`);
      assert.equal(cluster.balancer.log.length, attemptsBefore);

      // A new balancer on the same ports: the server registers again and the page comes back by itself.
      second = new Proc([
        "balance",
        "--port",
        String(cluster.port),
        "--http",
        String(httpPort),
        "--no-cache",
      ]);
      await second.waitFor(/Web UI on http:/);
      await second.waitFor(/registered/, 15_000);
      await page.locator("#conn[data-state=up]").waitFor({ timeout: 15_000 });
      await page.locator("#offline").waitFor({ state: "hidden" });
      assert.equal(await page.locator("body.offline").count(), 0);
      await page.locator("#backends tbody tr[data-backend] .state.up").waitFor({ timeout: 5_000 });
      await page.screenshot({ path: `${SHOTS}11-reconnected.png` });
    } finally {
      await browser.close();
      await second?.stop();
      await cluster.stop();
    }
  },
);

browserTest("web ui: windows, hover values, and no overflow at phone and desktop width", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    httpPort,
    balanceArgs: ["--no-cache"],
    serveArgs: ["--tokens-per-s", "100"],
  });
  const browser = await launch();
  try {
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(desktop);
    await desktop.goto(`http://127.0.0.1:${httpPort}/`);
    await desktop.locator("#conn[data-state=up]").waitFor();
    for (let i = 0; i < 3; i++) {
      await ask(desktop, `Story number ${i} begins`, 10);
      await desktop.locator(`${lastAnswer}:not([aria-busy])`).waitFor({ timeout: 10_000 });
    }
    await desktop.locator("#recent tbody tr", { hasText: "Story number 2" }).waitFor();
    await desktop.goto(`http://127.0.0.1:${httpPort}/dashboard`);
    await desktop.locator("#recent tbody tr", { hasText: "Story number 2" }).waitFor();
    // The dashboard page uses the full width.
    const dashWidth: number = await desktop.evaluate(
      `document.querySelector(".dash").getBoundingClientRect().width`,
    );
    assert.ok(dashWidth > 1180, `the dashboard is ${dashWidth}px wide on a 1280px page`);
    // Latency percentiles: generated answers counted, none cached.
    const generated = desktop.locator("#latency tbody tr", { hasText: "Generated · total" });
    assert.equal(await generated.locator("td").last().textContent(), "3");
    assert.equal(
      await desktop.locator("#latency tbody tr", { hasText: "Cached · total" }).locator("td").last()
        .textContent(),
      "0",
    );

    // Hovering a chart shows the values at that time.
    const plot = desktop.locator("#chart-requests .plot");
    const box = (await plot.boundingBox())!;
    await desktop.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
    await desktop.locator("#chart-requests .readout").waitFor({ state: "visible" });
    assert.match(await desktop.locator("#chart-requests .readout").textContent() ?? "", /started: [\d.]+\/s/);
    // ...and so does the keyboard: focus the chart, step back through the points with the arrow keys.
    await desktop.mouse.move(0, 0);
    await desktop.locator("#chart-latency .plot").focus();
    await desktop.keyboard.press("ArrowLeft");
    await desktop.locator("#chart-latency .readout").waitFor({ state: "visible" });
    assert.match(await desktop.locator("#chart-latency .readout").textContent() ?? "", /total p50: /);
    await desktop.keyboard.press("Home");
    assert.match(await desktop.locator("#chart-latency .readout strong").textContent() ?? "", /\d{2}:\d{2}/);

    // Each window is another resolution (1 s, 10 s, 1 min steps): the oldest point's label says how far back.
    for (const [label, oldest] of [["15 min", "−15 min"], ["1 h", "−59 min"], ["1 min", "−59 s"]]) {
      await desktop.locator(".window label", { hasText: label }).first().click();
      await desktop.locator("#chart-requests .tick", { hasText: oldest }).first().waitFor({ timeout: 5_000 });
    }
    await desktop.locator(".window label", { hasText: "15 min" }).click();
    await desktop.locator("#chart-requests .tick", { hasText: "−15 min" }).first().waitFor();
    await desktop.reload();
    assert.equal(await desktop.getByLabel("15 min", { exact: true }).isChecked(), true);
    await desktop.locator("#chart-requests .tick", { hasText: "−15 min" }).first().waitFor();
    await desktop.locator(".window label", { hasText: "1 min" }).first().click();

    for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]] as const) {
      const page = width === 1280 ? desktop : await browser.newPage({
        viewport: { width, height },
        isMobile: true,
        colorScheme: "dark",
      });
      for (const path of ["/", "/dashboard"]) {
        await page.goto(`http://127.0.0.1:${httpPort}${path}`);
        await page.locator("#backends tbody tr[data-backend]").first().waitFor();
        await page.locator("#chart-requests svg .tick").first().waitFor();
        const sideways = await overflow(page);
        assert.ok(sideways <= 0, `${path} at ${width}px scrolls ${sideways}px sideways`);
        // Chart labels are drawn at their real size: readable on a phone, not huge on a desktop.
        const size: number = await page.evaluate(
          `document.querySelector("#chart-requests svg .tick").getBoundingClientRect().height`,
        );
        assert.ok(size >= 9 && size <= 16, `chart labels are ${size}px tall at ${width}px`);
        await page.screenshot({
          path: `${SHOTS}12-${name}${path === "/" ? "-chat" : "-dashboard"}.png`,
          fullPage: true,
        });
      }
    }
    errors.check();
  } finally {
    await browser.close();
    await cluster.stop();
  }
});
