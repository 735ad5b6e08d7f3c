/**
 * Regression test for the busy loop (issue 10, defect 3): when every server
 * answers `overloaded`, the balancer re-sends a bounded number of times with
 * back-off, then the client gets `overloaded`. The number of `generate`
 * messages is read from the server's own request count (in its heartbeats).
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient, AilbError } from "../lib/client.ts";
import { eventually, freePort, startCluster } from "./helpers.ts";

/** One full server (1 generating + 1 queued), 10 asks at once; returns the server's request count. */
async function tenAsksAtAFullServer(balanceArgs: string[]) {
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", "--heartbeat-interval", "200ms", "--heartbeat-timeout", "2s", ...balanceArgs],
    // 40 tokens at 20/s: the first two requests hold the server for ~4 s, far longer than all back-offs.
    serveArgs: ["--concurrency", "1", "--max-queue", "1", "--tokens-per-s", "20"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => client.ask(`Full house ${i}`, { maxTokens: 40 }).result),
    );
    const ok = settled.filter((s) => s.status === "fulfilled");
    const refused = settled.filter((s) => s.status === "rejected").map((s) => s.reason as AilbError);
    const serverCount = async () => (await client.status()).backends[0].server_requests ?? 0;
    // Heartbeats carry the count; wait for it to settle (three quiet heartbeats).
    let last = -1;
    await eventually(
      async () => {
        const now = await serverCount();
        const stable = now === last;
        last = now;
        if (!stable) await sleep(600);
        return stable;
      },
      10_000,
      "the server's request count to settle",
    );
    const { counters } = await client.status();
    return { ok, refused, requests: last, counters };
  } finally {
    client.close();
    await cluster.stop();
  }
}

Deno.test("every server full: --retries 2 means exactly 3 attempts per request, then overloaded", async () => {
  const { ok, refused, requests, counters } = await tenAsksAtAFullServer(["--retries", "2"]);
  assert.equal(ok.length, 2, "the running and the queued request complete");
  for (const result of ok) {
    if (result.status === "fulfilled") assert.equal(result.value.stats.tokens, 40);
  }
  assert.equal(refused.length, 8);
  for (const error of refused) {
    assert.equal(error.code, "overloaded");
    assert.match(error.message, /gave up after 3 attempts/);
  }
  // 2 accepted + 8 refused requests × (1 + 2 retries): no busy loop.
  assert.equal(requests, 2 + 8 * 3);
  assert.equal(counters.retried, 16);
  assert.equal(counters.overloaded, 8);
});

Deno.test("every server full: --retries 0 sends each request once", async () => {
  const { ok, refused, requests } = await tenAsksAtAFullServer(["--retries", "0"]);
  assert.equal(ok.length, 2);
  assert.equal(refused.length, 8);
  assert.ok(refused.every((e) => e.code === "overloaded"));
  assert.equal(requests, 10);
});

Deno.test("every server full: back-off stops at the queue timeout even with many retries left", async () => {
  const { refused, requests } = await tenAsksAtAFullServer(["--retries", "50", "--queue-timeout", "500ms"]);
  assert.equal(refused.length, 8);
  for (const error of refused) {
    assert.equal(error.code, "overloaded");
    assert.match(error.message, /every server stayed busy/);
  }
  // Back-off of 50-100, 100-200, 200-400 ms… fits at most 4 re-sends into 500 ms.
  assert.ok(requests <= 2 + 8 * 5, `${requests} generate messages`);
  assert.ok(requests >= 2 + 8 * 2, `${requests} generate messages: retried at least twice`);
});

Deno.test("every server full: the OpenAI API answers 429 overloaded once the retries are spent", async () => {
  const http = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort: http,
    balanceArgs: ["--no-cache", "--retries", "1"],
    serveArgs: ["--concurrency", "1", "--max-queue", "1", "--tokens-per-s", "20"],
  });
  try {
    const base = `http://127.0.0.1:${http}/v1/completions`;
    const ask = (i: number) =>
      fetch(base, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt: `Busy ${i}`, max_tokens: 40 }),
      });
    const responses = await Promise.all([0, 1, 2, 3].map(ask));
    const statuses = responses.map((r) => r.status).sort();
    const bodies = await Promise.all(responses.map((r) => r.json()));
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    for (const body of bodies.filter((b) => b.error)) {
      assert.equal(body.error.code, "overloaded");
      assert.match(body.error.message, /gave up after 2 attempts/);
    }
  } finally {
    await cluster.stop();
  }
});
