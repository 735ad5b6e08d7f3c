/**
 * The dashboard's in-memory windows (web/history.ts) under a controlled clock:
 * percentiles from the log-binned histogram, points moving out of the 1 min,
 * 15 min and 1 h windows as time passes, and memory staying bounded (the rings
 * are overwritten, the recent-requests log is capped) over hours of traffic.
 * The real balancer's feed into it is covered by tests/metrics_test.ts and the
 * browser tests; here the events are fed directly so hours pass in milliseconds.
 */
import assert from "node:assert/strict";
import type { BalancerEvent } from "../lib/balancer/balancer.ts";
import type { BalancerStatus } from "../lib/balancer/status.ts";
import { History, LogHistogram, RECENT_REQUESTS } from "../web/history.ts";

/** A balancer as History sees it: events to subscribe to, and a status with no servers. */
function source() {
  const listeners: ((event: BalancerEvent) => void)[] = [];
  const status = {
    backends: [],
    queue: { waiting: 0, max: 10, timeout_ms: 1000 },
  } as unknown as BalancerStatus;
  return {
    subscribe(listener: (event: BalancerEvent) => void) {
      listeners.push(listener);
      return () => {};
    },
    status: () => status,
    emit(event: BalancerEvent) {
      for (const listener of listeners) listener(event);
    },
  };
}

function ended(totalMs: number, extra: Partial<BalancerEvent & { type: "request_end" }> = {}): BalancerEvent {
  return {
    type: "request_end",
    id: "r",
    prompt: "Once upon a time",
    backend: "127.0.0.1:1235",
    outcome: "ok",
    cached: false,
    cacheLookup: true,
    ttftMs: totalMs / 10,
    totalMs,
    queueMs: 0,
    tokens: 10,
    ...extra,
  } as BalancerEvent;
}

Deno.test("history: log-binned percentiles are within 10% of the true ones", () => {
  const h = new LogHistogram();
  assert.equal(h.quantile(0.5), null);
  for (let ms = 1; ms <= 1000; ms++) h.add(ms);
  for (const [q, truth] of [[0.5, 500], [0.95, 950], [0.99, 990]]) {
    const got = h.quantile(q)!;
    assert.ok(Math.abs(got - truth) / truth <= 0.1, `p${q * 100} = ${got}, true ${truth}`);
  }
  const merged = new LogHistogram();
  merged.merge(h);
  merged.merge(h);
  assert.equal(merged.total, 2000);
  assert.equal(merged.quantile(0.5), h.quantile(0.5));
});

Deno.test("history: requests leave each window as time passes; cached and generated are apart", () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const events = source();
  const history = new History(events, () => now);
  try {
    events.emit({ type: "request_start", id: "a" });
    events.emit(ended(400));
    events.emit(ended(2, { cached: true, cacheKind: "exact", backend: undefined }));
    events.emit(ended(50, { outcome: "no_backend", backend: undefined, ttftMs: undefined }));
    const first = history.view("1m");
    assert.equal(first.points.length, 60);
    assert.equal(first.points.at(-1)!.finished, 3);
    assert.equal(first.points.at(-1)!.started, 1);
    assert.equal(first.summary.error_rate, 0.3333);
    assert.equal(first.summary.cache_hit_rate, 0.3333);
    assert.equal(first.summary.latency.generated.total.count, 1);
    assert.equal(first.summary.latency.cached.total.count, 1);
    assert.ok(first.summary.latency.cached.total.p50! < 5);
    assert.ok(first.summary.latency.generated.total.p50! > 300);
    assert.equal(first.recent.length, 3);
    assert.equal(first.recent[0].outcome, "no_backend", "newest first");

    now += 61_000;
    const sum = (view: ReturnType<History["view"]>) => view.points.reduce((n, p) => n + p.finished, 0);
    assert.equal(sum(history.view("1m")), 0, "gone from the last minute");
    assert.equal(sum(history.view("15m")), 3);
    assert.equal(sum(history.view("1h")), 3);
    now += 15 * 60_000;
    assert.equal(sum(history.view("15m")), 0, "gone from the last 15 minutes");
    assert.equal(sum(history.view("1h")), 3);
    now += 60 * 60_000;
    assert.equal(sum(history.view("1h")), 0, "gone from the last hour");
    assert.equal(history.view("1h").summary.error_rate, null);
  } finally {
    history.close();
  }
});

Deno.test("history: two hours at 5 requests a second keep fixed-size windows and a capped log", () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const events = source();
  const history = new History(events, () => now);
  try {
    for (let second = 0; second < 2 * 3600; second++) {
      for (let i = 0; i < 5; i++) events.emit(ended(100 + i));
      history.sample();
      now += 1000;
    }
    now -= 1000; // stay in the last second that had traffic
    const minute = history.view("1m");
    const hour = history.view("1h");
    assert.equal(minute.points.length, 60);
    assert.equal(hour.points.length, 60);
    assert.equal(history.view("15m").points.length, 90);
    // Exactly the window's traffic, none of the hour before it: the rings were overwritten in place.
    assert.equal(minute.points.reduce((n, p) => n + p.finished, 0), 60 * 5);
    const inHour = hour.points.reduce((n, p) => n + p.finished, 0);
    assert.ok(inHour <= 3600 * 5 && inHour > 59 * 60 * 5, `${inHour} requests in the 1 h window`);
    assert.equal(minute.recent.length, RECENT_REQUESTS);
    assert.equal(minute.summary.finished_per_s, 5);
  } finally {
    history.close();
  }
});
