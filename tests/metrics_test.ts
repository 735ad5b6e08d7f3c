/**
 * `/metrics` of a real balancer, parsed with a Prometheus text-format parser:
 * names, types and labels as Prometheus' naming guidelines want them, and the
 * values moving as real traffic, cache hits, coalesced requests and a frozen
 * server say they should.
 */
import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import { VERSION } from "../lib/version.ts";
import { eventually, freePort, startCluster } from "./helpers.ts";
import { scrape, total } from "./prometheus.ts";

/** Every family we promise: its type and its label names (besides `le`). */
const EXPECTED: Record<string, [string, string[]]> = {
  ailb_build_info: ["GAUGE", ["version"]],
  ailb_start_time_seconds: ["GAUGE", []],
  ailb_requests_received_total: ["COUNTER", []],
  ailb_requests_total: ["COUNTER", ["backend", "outcome"]],
  ailb_time_to_first_token_seconds: ["HISTOGRAM", ["backend", "cached"]],
  ailb_request_duration_seconds: ["HISTOGRAM", ["backend", "cached"]],
  ailb_queue_wait_seconds: ["HISTOGRAM", []],
  ailb_generation_tokens_per_second: ["HISTOGRAM", ["backend"]],
  ailb_tokens_streamed_total: ["COUNTER", ["backend"]],
  ailb_cache_hits_total: ["COUNTER", ["kind"]],
  ailb_cache_misses_total: ["COUNTER", []],
  ailb_coalesced_requests_total: ["COUNTER", []],
  ailb_heartbeat_misses_total: ["COUNTER", ["backend"]],
  ailb_backend_down_total: ["COUNTER", ["cause"]],
  ailb_retries_total: ["COUNTER", []],
  ailb_failovers_total: ["COUNTER", []],
  ailb_backend_state_changes_total: ["COUNTER", ["state"]],
  ailb_backends_up: ["GAUGE", []],
  ailb_in_flight_requests: ["GAUGE", []],
  ailb_queued_requests: ["GAUGE", []],
  ailb_backend_up: ["GAUGE", ["backend"]],
  ailb_backend_in_flight_requests: ["GAUGE", ["backend"]],
  ailb_backend_queued_requests: ["GAUGE", ["backend"]],
  ailb_backend_last_heartbeat_seconds: ["GAUGE", ["backend"]],
  ailb_cache_entries: ["GAUGE", []],
  ailb_cache_bytes: ["GAUGE", []],
};

Deno.test("metrics: names, types and labels follow Prometheus' guidelines and move with real traffic", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    httpPort,
    balanceArgs: ["--heartbeat-interval", "200ms", "--heartbeat-timeout", "1s"],
    serveArgs: ["--tokens-per-s", "40"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const ids = cluster.serverPorts.map((p) => `127.0.0.1:${p}`);
  try {
    const before = await scrape(httpPort);
    for (const [name, family] of before) {
      assert.match(name, /^ailb_[a-z_]+$/, "one prefix, snake case");
      assert.ok(family.help.length > 10, `${name} has a help text`);
      if (family.type === "COUNTER") assert.match(name, /_total$/, `counter ${name} ends in _total`);
      else assert.doesNotMatch(name, /_total$/, `non-counter ${name} must not end in _total`);
      assert.doesNotMatch(name, /_(ms|milliseconds|kb|mb)(_|$)/, `${name} uses base units`);
    }
    for (const [name, [type, labels]] of Object.entries(EXPECTED)) {
      const family = before.get(name);
      assert(family, `${name} is missing`);
      assert.equal(family.type, type, name);
      for (const sample of family.metrics) {
        const names = Object.keys(sample.labels ?? {}).filter((l) => l !== "le").sort();
        assert.deepEqual(names, [...labels].sort(), `labels of ${name}`);
      }
    }
    assert.equal(total(before, "ailb_build_info", { version: VERSION }), 1);
    const start = total(before, "ailb_start_time_seconds");
    assert.ok(start > Date.now() / 1000 - 120 && start <= Date.now() / 1000, `start time ${start}`);
    for (const id of ids) {
      assert.equal(total(before, "ailb_backend_up", { backend: id }), 1);
      assert.equal(total(before, "ailb_backend_in_flight_requests", { backend: id }), 0);
    }
    assert.equal(total(before, "ailb_backends_up"), 2);

    // Two generated answers, an exact repeat (a cache hit), three identical requests at once (one
    // generates, two share its answer: coalesced, not cache hits).
    const first = await client.ask("The fox met a heron", { maxTokens: 8 }).result;
    const second = await client.ask("The bear lost his hat", { maxTokens: 8 }).result;
    const repeat = await client.ask("The fox met a heron", { maxTokens: 8 }).result;
    assert.deepEqual([first.stats.cached, second.stats.cached, repeat.stats.cached], [false, false, true]);
    const trio = await Promise.all(
      [0, 1, 2].map(() => client.ask("Three owls shared a lantern", { maxTokens: 8 }).result),
    );
    assert.equal(trio.filter((a) => a.stats.cache === "coalesced").length, 2, JSON.stringify(trio));

    // A long one is in flight while we scrape.
    const long = client.ask("A long road home", { maxTokens: 400, cache: false });
    const longIterator = long[Symbol.asyncIterator]();
    await longIterator.next();
    const during = await scrape(httpPort);
    assert.equal(
      ids.reduce((n, id) => n + total(during, "ailb_backend_in_flight_requests", { backend: id }), 0),
      1,
    );
    assert.equal(total(during, "ailb_in_flight_requests"), 1);
    assert.equal(total(during, "ailb_requests_received_total"), 7);
    assert.equal(total(during, "ailb_requests_total"), 6, "the long request has not finished");

    const after = await scrape(httpPort);
    assert.equal(total(after, "ailb_cache_hits_total", { kind: "exact" }), 1);
    assert.equal(total(after, "ailb_cache_hits_total"), 1, "coalesced requests are not cache hits");
    assert.equal(total(after, "ailb_coalesced_requests_total"), 2);
    assert.equal(total(after, "ailb_requests_total", { backend: "cache", outcome: "ok" }), 3);
    // Cache hits and shared answers are observed apart from generated ones.
    assert.equal(total(after, "ailb_time_to_first_token_seconds", { cached: "true", backend: "cache" }), 3);
    assert.equal(total(after, "ailb_time_to_first_token_seconds", { cached: "false" }), 3);
    for (const id of ids) {
      const generated = total(after, "ailb_requests_total", { backend: id, outcome: "ok" });
      assert.equal(
        total(after, "ailb_time_to_first_token_seconds", { backend: id, cached: "false" }),
        generated,
      );
      assert.equal(
        total(after, "ailb_request_duration_seconds", { backend: id, cached: "false" }),
        generated,
      );
      assert.equal(total(after, "ailb_generation_tokens_per_second", { backend: id }), generated);
    }
    assert.equal(total(after, "ailb_queue_wait_seconds"), 3, "generated requests' queue waits");
    // 40 tokens/s servers: every observed rate lands in the (20, 50] or (50, 100] buckets' range.
    const rates = after.get("ailb_generation_tokens_per_second")!.metrics;
    const sum = rates.reduce((n, m) => n + Number(m.sum), 0);
    const count = rates.reduce((n, m) => n + Number(m.count), 0);
    assert.ok(sum / count > 20 && sum / count < 100, `mean generation rate ${sum / count} tokens/s`);
    assert.equal(total(after, "ailb_tokens_streamed_total"), 6 * 8);
    await long.result.catch(() => {});

    // A frozen server: its heartbeat misses are counted one by one, then it is down (cause heartbeat).
    const frozen = cluster.servers[0];
    Deno.kill(frozen.child.pid, "SIGSTOP");
    try {
      await cluster.balancer.waitFor(/removed: missed \d+ heartbeats/, 10_000);
      const dead = await scrape(httpPort);
      // 1 s of silence at a 200 ms interval: at least 4 whole intervals went by unheard.
      const misses = total(dead, "ailb_heartbeat_misses_total", { backend: ids[0] });
      assert.ok(misses >= 4 && misses <= 10, `heartbeat misses ${misses}`);
      assert.equal(total(dead, "ailb_backend_down_total", { cause: "heartbeat" }), 1);
      assert.equal(total(dead, "ailb_backend_up", { backend: ids[0] }), 0, "listed down");
      assert.equal(total(dead, "ailb_backend_up", { backend: ids[1] }), 1);
      assert.equal(total(dead, "ailb_backends_up"), 1);
    } finally {
      Deno.kill(frozen.child.pid, "SIGCONT");
    }
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("metrics: /api/history refuses an unknown window and serves the three known ones", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({ servers: 1, httpPort, balanceArgs: ["--no-cache"] });
  try {
    const bad = await fetch(`http://127.0.0.1:${httpPort}/api/history?window=2d`);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).message, /window must be one of 1m, 15m, 1h/);
    const client = await AilbClient.connect({ port: cluster.port });
    try {
      await client.ask("Once there was a kettle", { maxTokens: 5 }).result;
    } finally {
      client.close();
    }
    for (
      const [window, step, points] of [["1m", 1000, 60], ["15m", 10_000, 90], ["1h", 60_000, 60]] as const
    ) {
      const view = await eventually(
        async () => {
          const v = await (await fetch(`http://127.0.0.1:${httpPort}/api/history?window=${window}`)).json();
          return v.points.some((p: { finished: number }) => p.finished === 1) ? v : undefined;
        },
        5_000,
        `the request in the ${window} window`,
      );
      assert.equal(view.step_ms, step);
      assert.equal(view.points.length, points);
      assert.equal(view.recent[0].prompt, "Once there was a kettle");
      assert.equal(view.recent[0].tokens, 5);
      assert.equal(view.recent[0].cache, null);
      assert.equal(view.summary.latency.generated.total.count, 1);
      assert.equal(view.summary.error_rate, 0);
      assert.equal(view.summary.cache_hit_rate, null, "no lookups with the cache off");
    }
  } finally {
    await cluster.stop();
  }
});
