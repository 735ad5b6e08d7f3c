import assert from "node:assert/strict";
import {
  type BackendView,
  createStrategy,
  type RequestView,
  STRATEGIES,
  type Strategy,
  STRATEGY_NAMES,
} from "../lib/strategies/index.ts";
import { mulberry32 } from "../lib/random.ts";
import { LeastLoad } from "../lib/strategies/least_load.ts";
import { PowerOfTwo } from "../lib/strategies/p2c.ts";
import { PrefixAffinity } from "../lib/strategies/prefix.ts";
import { RoundRobin } from "../lib/strategies/round_robin.ts";

/** A mutable backend as a strategy sees it. */
interface FakeBackend extends BackendView {
  inFlight: number;
  weight: number;
  load: { in_flight: number; queued: number; tokens_per_s: number };
}

function backend(
  id: string,
  inFlight = 0,
  options: { weight?: number; tokensPerS?: number; concurrency?: number } = {},
): FakeBackend {
  return {
    id,
    address: id,
    model: "m",
    inFlight,
    weight: options.weight ?? 1,
    concurrency: options.concurrency ?? 1,
    load: { in_flight: inFlight, queued: 0, tokens_per_s: options.tokensPerS ?? 0 },
  };
}
const request = (prompt = "Once upon a time", maxTokens = 50): RequestView => ({
  id: "r",
  prompt,
  maxTokens,
});

/** A random source replaying `values` in a loop. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

function counts(picks: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of picks) out[id] = (out[id] ?? 0) + 1;
  return out;
}

Deno.test("registry: every strategy is created by its name and reports that name", () => {
  for (const name of STRATEGY_NAMES) {
    const strategy = createStrategy(name);
    assert.equal(strategy.name, name);
    assert.equal(strategy.select([], request()), undefined, `${name} with no candidates`);
    const only = backend("only");
    assert.equal(strategy.select([only], request())?.id, "only", `${name} with one candidate`);
    assert.ok(STRATEGIES[name].description.length > 10);
  }
});

Deno.test("round robin cycles over the candidates it is given", () => {
  const strategy = createStrategy("round-robin");
  const all = [backend("a"), backend("b"), backend("c")];
  const picks = Array.from({ length: 6 }, () => strategy.select(all, request())!.id);
  assert.deepEqual(picks, ["a", "b", "c", "a", "b", "c"]);
  // With one backend gone, only healthy ones are chosen and they still alternate.
  const healthy = [all[0], all[2]];
  const next = Array.from({ length: 4 }, () => strategy.select(healthy, request())!.id);
  assert.deepEqual(new Set(next), new Set(["a", "c"]));
  assert.notEqual(next[0], next[1]);
});

Deno.test("round robin honours weights smoothly (weight 2 gets 2 of 3, never 3 in a row)", () => {
  const strategy = new RoundRobin();
  const all = [backend("a", 0, { weight: 2 }), backend("b")];
  const picks = Array.from({ length: 30 }, () => strategy.select(all)!.id);
  assert.deepEqual(counts(picks), { a: 20, b: 10 });
  assert.doesNotMatch(picks.join(""), /aaa/);
  // A backend that leaves and comes back starts afresh.
  strategy.onBackendRemoved(all[0]);
  assert.equal(strategy.select(all)!.id, "a");
});

Deno.test("least connections picks the fewest in flight per unit of weight and rotates ties", () => {
  const strategy = createStrategy("least-connections");
  assert.equal(strategy.select([backend("a", 3), backend("b", 1), backend("c", 2)], request())!.id, "b");
  const tied = [backend("a", 1), backend("b", 1), backend("c", 5)];
  const picks = Array.from({ length: 4 }, () => strategy.select(tied, request())!.id);
  assert.ok(picks.every((id) => id === "a" || id === "b"), "never the busy one");
  assert.notEqual(picks[0], picks[1]);
  assert.equal(picks[0], picks[2]);
  // Weight 3 with 2 in flight (0.67 per unit) beats weight 1 with 1 in flight.
  assert.equal(
    strategy.select([backend("small", 1), backend("big", 2, { weight: 3 })], request())!.id,
    "big",
  );
});

Deno.test("p2c compares two distinct random candidates and keeps the less loaded", () => {
  // 0.0 → index 0; second draw 0.0 → index 0 of the remaining, shifted past the first → index 1.
  const strategy: Strategy = new PowerOfTwo(sequence(0, 0));
  const busy = backend("busy", 5);
  const idle = backend("idle", 1);
  const other = backend("other", 0);
  assert.equal(strategy.select([busy, idle, other], request())!.id, "idle", "samples busy and idle only");
  assert.equal(strategy.select([idle, busy], request())!.id, "idle");
  // The two samples are always distinct, even when the random source repeats itself.
  const seen = new Set<string>();
  const fixed: Strategy = new PowerOfTwo(sequence(0.99, 0.99));
  const trio = [backend("x", 0), backend("y", 0), backend("z", 9)];
  seen.add(fixed.select(trio, request())!.id);
  assert.deepEqual(seen, new Set(["y"]), "z is busier, so of (z, y) y wins");
  // Weights: 4 in flight on weight 4 is lighter than 2 on weight 1.
  assert.equal(
    strategy.select([backend("w1", 2), backend("w4", 4, { weight: 4 })], request())!.id,
    "w4",
  );
  // Over many random draws every backend is sampled: nothing starves.
  const spread: Strategy = new PowerOfTwo(mulberry32(1));
  const even = [backend("a"), backend("b"), backend("c")];
  const picks = counts(Array.from({ length: 300 }, () => spread.select(even, request())!.id));
  for (const id of ["a", "b", "c"]) assert.ok(picks[id] > 50, `${id} picked ${picks[id]} of 300`);
});

Deno.test("least load: expected finish = outstanding tokens / measured tokens/s", () => {
  let now = 0;
  const strategy = new LeastLoad({ now: () => now });
  const fast = backend("fast", 0, { tokensPerS: 400 });
  const slow = backend("slow", 0, { tokensPerS: 100 });
  const pool = [slow, fast];
  // Both idle: the faster one finishes first.
  assert.equal(strategy.select(pool, request("p", 100))!.id, "fast");
  // Load the fast one with 300 outstanding tokens: (300+100)/400 = 1 s = 100/100 on the slow one; at 400 it loses.
  strategy.onStart(fast, request("p", 300));
  strategy.onStart(fast, request("p", 100));
  assert.equal(strategy.outstanding(fast), 400);
  assert.equal(strategy.select(pool, request("p", 100))!.id, "slow");
  // Outstanding tokens leave when requests end, whatever the outcome.
  strategy.onEnd(fast, request("p", 300));
  assert.equal(strategy.outstanding(fast), 100);
  assert.equal(strategy.select(pool, request("p", 100))!.id, "fast");
  // Capacity is the best rate measured; a lull in the reports does not make a server look slow...
  fast.load.tokens_per_s = 10;
  assert.equal(strategy.capacity(fast, pool), 400);
  // ...but the best rate decays (half-life 60 s), so a server that really got slower is believed in time.
  now = 120_000;
  assert.equal(strategy.capacity(fast, pool), 100);
});

Deno.test("least load: a new backend starts from the pool's median, scaled by weight", () => {
  const strategy = new LeastLoad({ now: () => 0 });
  const pool = [
    backend("a", 0, { tokensPerS: 100 }),
    backend("b", 0, { tokensPerS: 200 }),
    backend("c", 0, { tokensPerS: 300 }),
  ];
  strategy.select(pool, request());
  const fresh = backend("new", 0, { weight: 2 });
  const withNew = [...pool, fresh];
  // Median per unit of weight is 200; the floor keeps an unmeasured backend at 0.25 × that × its weight.
  assert.equal(strategy.capacity(fresh, withNew), 0.25 * 200 * 2);
  // Once it reports, its own figure counts.
  fresh.load.tokens_per_s = 500;
  strategy.select(withNew, request());
  assert.equal(strategy.capacity(fresh, withNew), 500);
  // With nothing measured anywhere all backends rate alike: it degrades to least outstanding tokens.
  const blank = new LeastLoad({ now: () => 0 });
  const x = backend("x");
  const y = backend("y");
  blank.onStart(x, request("p", 10));
  assert.equal(blank.select([x, y], request())!.id, "y");
  // A removed backend's state is forgotten.
  strategy.onBackendRemoved(fresh);
  assert.equal(strategy.outstanding(fresh), 0);
});

Deno.test("least load: speeds of finished requests count, so an under-used server is not taken for slow", () => {
  let now = 0;
  const strategy = new LeastLoad({ now: () => now });
  // Heartbeats say 20 tokens/s (it was given little work); it ran a 100-token request in 1 s, 4 streams.
  const idle = backend("idle", 0, { tokensPerS: 20, concurrency: 4 });
  const other = backend("other", 0, { tokensPerS: 300, concurrency: 4 });
  strategy.select([idle, other], request());
  // Before any request: the floor, 0.25 × the pool median (300).
  assert.equal(strategy.capacity(idle, [idle, other]), 75);
  strategy.onStart(idle, { id: "a", prompt: "p", maxTokens: 100 });
  now = 1000;
  strategy.onEnd(idle, { id: "a", prompt: "p", maxTokens: 100 }, "ok", 100);
  assert.equal(strategy.capacity(idle, [idle, other]), 400, "100 tokens/s per stream × 4 streams");
  // Failed or cancelled requests say nothing about speed.
  strategy.onStart(idle, { id: "b", prompt: "p", maxTokens: 100 });
  now = 11_000;
  strategy.onEnd(idle, { id: "b", prompt: "p", maxTokens: 100 }, "cancelled", 5);
  assert.ok(strategy.capacity(idle, [idle, other]) > 350, "the slow cancelled request did not count");
});

Deno.test("least load: a long request avoids a slow server even when it is idle", () => {
  const strategy = new LeastLoad({ now: () => 0 });
  // Per stream: slow 50 tokens/s, fast 200 tokens/s (4 streams each).
  const slow = backend("slow", 0, { tokensPerS: 200, concurrency: 4 });
  const fast = backend("fast", 2, { tokensPerS: 800, concurrency: 4 });
  strategy.onStart(fast, request("p", 200));
  strategy.onStart(fast, request("p", 200));
  // 300 tokens: slow alone needs 6 s; fast with 400 outstanding needs max(1.5, 700/800) = 1.5 s.
  assert.equal(strategy.select([slow, fast], request("p", 300))!.id, "fast");
});

Deno.test("prefix: one prefix, one backend; different prefixes spread; loads stay bounded", () => {
  const strategy = new PrefixAffinity({ prefixChars: 20 });
  const pool = [backend("a"), backend("b"), backend("c")];
  for (const b of pool) strategy.onBackendAdded(b);
  const doc = (n: number) => `Document ${n} says: `.padEnd(20, ".");
  const homes = new Map<number, string>();
  for (let n = 0; n < 30; n++) {
    const first = strategy.select(pool, request(`${doc(n)} question one`))!.id;
    const second = strategy.select(pool, request(`${doc(n)} another question`))!.id;
    assert.equal(first, second, `both questions on document ${n} go to the same backend`);
    homes.set(n, first);
  }
  const spread = counts([...homes.values()]);
  assert.equal(Object.keys(spread).length, 3, `30 prefixes use every backend: ${JSON.stringify(spread)}`);

  // Bounded load: the home takes the request while inFlight + 1 ≤ ceil(1.25 × (total + 1) / 3)...
  const home = pool.find((b) => b.id === homes.get(0))!;
  const others = pool.filter((b) => b !== home);
  home.inFlight = 3;
  others[0].inFlight = 2;
  others[1].inFlight = 2; // total 7: bound ceil(1.25 × 8 / 3) = 4 → 3 + 1 fits
  assert.equal(strategy.select(pool, request(`${doc(0)} q`))!.id, home.id);
  // ...or while it runs fewer than 4 (the slack) ahead of the least loaded:
  home.inFlight = 4; // total 7: bound ceil(1.25 × 8 / 3) = 4 → 4 + 1 does not fit, but 4 - 1 < 4
  others[0].inFlight = 2;
  others[1].inFlight = 1;
  assert.equal(strategy.select(pool, request(`${doc(0)} q`))!.id, home.id);
  home.inFlight = 5; // total 8: bound 4, and 5 - 1 = 4 ahead: the least loaded takes it
  assert.equal(strategy.select(pool, request(`${doc(0)} q`))!.id, others[1].id);
  // Without slack, the relative bound alone decides.
  const strict = new PrefixAffinity({ prefixChars: 20, slack: 0 });
  home.inFlight = 4;
  assert.equal(strict.select(pool, request(`${doc(0)} q`))!.id, others[1].id);
});

Deno.test("prefix: a backend leaving moves only its own prefixes; weights get more prefixes", () => {
  const strategy = new PrefixAffinity({ prefixChars: 16 });
  const pool = [backend("a"), backend("b"), backend("c")];
  for (const b of pool) strategy.onBackendAdded(b);
  const prompts = Array.from({ length: 200 }, (_, n) => `prefix number ${n}`.padEnd(16, "."));
  const before = prompts.map((p) => strategy.home(pool, p)!.id);
  strategy.onBackendRemoved(pool[2]);
  const rest = pool.slice(0, 2);
  const after = prompts.map((p) => strategy.home(rest, p)!.id);
  for (let i = 0; i < prompts.length; i++) {
    if (before[i] !== "c") assert.equal(after[i], before[i], "prefixes of a and b stay where they were");
  }
  // Weight 3 against weight 1: roughly three times the prefixes.
  const weighted = new PrefixAffinity({ prefixChars: 16 });
  const heavy = backend("heavy", 0, { weight: 3 });
  const light = backend("light");
  const share = counts(prompts.map((p) => weighted.home([heavy, light], p)!.id));
  assert.ok(
    share.heavy > 2 * share.light,
    `weight 3 owns ${share.heavy} of 200, weight 1 owns ${share.light}`,
  );
});
