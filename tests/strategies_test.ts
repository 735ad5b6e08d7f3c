import assert from "node:assert/strict";
import { type BackendView, createStrategy, type Strategy } from "../lib/strategies/index.ts";
import { LeastLoad } from "../lib/strategies/least_load.ts";

function backend(id: string, inFlight = 0, queued = 0, tokensPerS = 0): BackendView {
  return {
    id,
    address: id,
    model: "m",
    inFlight,
    load: { in_flight: inFlight, queued, tokens_per_s: tokensPerS },
  };
}
const request = { id: "r", prompt: "Once upon a time" };

Deno.test("round robin cycles over the candidates it is given", () => {
  const strategy = createStrategy("round_robin");
  const all = [backend("a"), backend("b"), backend("c")];
  const picks = Array.from({ length: 6 }, () => strategy.select(all, request)!.id);
  assert.deepEqual(picks, ["a", "b", "c", "a", "b", "c"]);
  // With one backend gone, only healthy ones are chosen and they still alternate.
  const healthy = [all[0], all[2]];
  const next = Array.from({ length: 4 }, () => strategy.select(healthy, request)!.id);
  assert.deepEqual(new Set(next), new Set(["a", "c"]));
  assert.notEqual(next[0], next[1]);
  assert.equal(strategy.select([], request), undefined);
});

Deno.test("least connections picks the fewest in flight and rotates ties", () => {
  const strategy = createStrategy("least_connections");
  assert.equal(strategy.select([backend("a", 3), backend("b", 1), backend("c", 2)], request)!.id, "b");
  const tied = [backend("a", 1), backend("b", 1), backend("c", 5)];
  const picks = Array.from({ length: 4 }, () => strategy.select(tied, request)!.id);
  assert.ok(picks.every((id) => id === "a" || id === "b"), "never the busy one");
  assert.notEqual(picks[0], picks[1]);
  assert.equal(picks[0], picks[2]);
});

Deno.test("least load prefers less work (in flight + queue), then higher throughput", () => {
  const sequence = [0, 0]; // first sample index 0, second index 1 (the other one)
  let i = 0;
  const strategy: Strategy = new LeastLoad(() => sequence[i++ % sequence.length]);
  const busy = backend("busy", 2, 5);
  const idle = backend("idle", 1, 0);
  assert.equal(strategy.select([busy, idle], request)!.id, "idle");
  assert.equal(strategy.select([idle, busy], request)!.id, "idle");
  const slow = backend("slow", 1, 0, 10);
  const fast = backend("fast", 1, 0, 90);
  assert.equal(strategy.select([slow, fast], request)!.id, "fast");
  assert.equal(strategy.select([slow], request)!.id, "slow");
});
