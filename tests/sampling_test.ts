/** Picking the next token from logits (lib/engines/sampling.ts): greedy, top-k, top-p, temperature. */
import assert from "node:assert/strict";
import { sampleToken } from "../lib/engines/sampling.ts";
import type { GenerationParams } from "../lib/params.ts";

const params = (p: Partial<GenerationParams>): GenerationParams => ({
  maxTokens: 1,
  temperature: 1,
  topK: 0,
  topP: 1,
  stop: [],
  ...p,
});
const logits = Float32Array.from([0.1, 3.0, 2.9, -1.0, 0.5]);
// a deterministic stream of draws over [0, 1)
const draws = (n: number) => Array.from({ length: n }, (_, i) => (i + 0.5) / n);

Deno.test("sampling: temperature 0 is greedy whatever the draw", () => {
  for (const r of [0, 0.5, 0.999]) assert.equal(sampleToken(logits, params({ temperature: 0 }), () => r), 1);
});

Deno.test("sampling: top-k keeps exactly the k most likely tokens (k accepted, the k+1-th never drawn)", () => {
  const seen = new Set(draws(500).map((r) => sampleToken(logits, params({ topK: 2 }), () => r)));
  assert.deepEqual([...seen].sort(), [1, 2]);
  const three = new Set(draws(500).map((r) => sampleToken(logits, params({ topK: 3 }), () => r)));
  assert.deepEqual([...three].sort(), [1, 2, 4]);
});

Deno.test("sampling: top-p keeps the smallest prefix whose mass reaches p", () => {
  // token 1 holds 0.49 of the mass and tokens 1 and 2 0.92: p = 0.45 keeps only the first, p = 0.85 both
  const small = new Set(draws(200).map((r) => sampleToken(logits, params({ topP: 0.45 }), () => r)));
  assert.deepEqual([...small], [1]);
  const wide = new Set(draws(200).map((r) => sampleToken(logits, params({ topP: 0.85 }), () => r)));
  assert.deepEqual([...wide].sort(), [1, 2]);
});

Deno.test("sampling: plain temperature reaches every token, in proportion to its probability", () => {
  const counts = new Map<number, number>();
  for (const r of draws(10_000)) {
    const t = sampleToken(logits, params({}), () => r);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  assert.equal(counts.size, logits.length);
  const z = [...logits].reduce((s, x) => s + Math.exp(x), 0);
  for (const [t, n] of counts) assert.ok(Math.abs(n / 10_000 - Math.exp(logits[t]) / z) < 0.01, `token ${t}`);
});
