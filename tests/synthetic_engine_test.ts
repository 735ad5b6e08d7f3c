import assert from "node:assert/strict";
import { createSyntheticEngine } from "../lib/engines/synthetic.ts";

import { toGenerationParams } from "../lib/params.ts";

const params = { ...toGenerationParams("x", { max_tokens: 2048, seed: 7 }) };
const request = (prompt: string, maxTokens = params.maxTokens) => ({
  prompt,
  params: { ...params, maxTokens },
});

Deno.test("synthetic engine: same prompt and seed give the same text, one token per chunk", async () => {
  const engine = createSyntheticEngine({ ttftMs: 0, tokensPerS: 0 });
  const run = async () => {
    const chunks = [];
    for await (
      const chunk of engine.generate(request("Once upon a time", 20), AbortSignal.any([]))
    ) {
      chunks.push(chunk);
    }
    return chunks;
  };
  const [a, b] = [await run(), await run()];
  assert.equal(a.length, 20);
  assert.ok(a.every((c) => c.tokens === 1));
  assert.deepEqual(a, b);
});

Deno.test("synthetic engine unpaced: long generations still let timers (heartbeats) run", async () => {
  const engine = createSyntheticEngine({ ttftMs: 0, tokensPerS: 0 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  let tokens = 0;
  const started = performance.now();
  try {
    // Several long generations at once, as on a busy server: none may starve the event loop.
    await Promise.all(Array.from({ length: 4 }, async (_, i) => {
      for (let round = 0; round < 5; round++) {
        for await (const chunk of engine.generate(request(`story ${i}`), AbortSignal.any([]))) {
          tokens += chunk.tokens;
        }
      }
    }));
  } finally {
    clearInterval(timer);
  }
  assert.equal(tokens, 4 * 5 * 2048);
  const elapsed = performance.now() - started;
  // The interval could fire about once per elapsed millisecond; it must have fired during the run.
  assert.ok(ticks >= 1, `the interval fired ${ticks} times in ${elapsed.toFixed(0)} ms`);
});

Deno.test("synthetic engine: an abort stops an unpaced generation", async () => {
  const engine = createSyntheticEngine({ ttftMs: 0, tokensPerS: 0 });
  const controller = new AbortController();
  let tokens = 0;
  await assert.rejects(async () => {
    for await (const _ of engine.generate(request("abort me"), controller.signal)) {
      if (++tokens === 10) controller.abort(new Error("stop"));
    }
  }, /stop/);
  assert.equal(tokens, 10);
});
