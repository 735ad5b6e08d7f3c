/**
 * The llm engine on the bundled story model, loaded through createLlmEngine exactly as `ailb serve` does.
 * These check observable properties (continuation, token limits, seeding, streaming, cancellation,
 * concurrency, event-loop health, load errors), not particular words: the model is retrained from time to time.
 */
import assert from "node:assert/strict";
import { setImmediate } from "node:timers";
import { createLlmEngine, defaultModelPath, EngineLoadError, type LlmEngine } from "../lib/engines/llm.ts";
import type { Chunk, GenerationParams } from "../lib/engines/engine.ts";
import { createProgressRenderer } from "../lib/engines/progress.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const logs: string[] = [];
let shared: Promise<LlmEngine> | undefined;

/** One engine for the whole file: loading per test would dominate the runtime. */
function engine(): Promise<LlmEngine> {
  shared ??= createLlmEngine({ log: (m) => logs.push(m) });
  return shared;
}

function params(over: Partial<GenerationParams> = {}): GenerationParams {
  return { maxTokens: 30, temperature: 0.8, topK: 40, topP: 0.95, seed: 7, stop: [], ...over };
}

async function collect(
  prompt: string,
  p: GenerationParams,
  signal = new AbortController().signal,
): Promise<{ text: string; tokens: number; chunks: Chunk[] }> {
  const e = await engine();
  const chunks: Chunk[] = [];
  for await (const c of e.generate({ prompt, params: p }, signal)) chunks.push(c);
  return {
    text: chunks.map((c) => c.text).join(""),
    tokens: chunks.reduce((n, c) => n + c.tokens, 0),
    chunks,
  };
}

Deno.test("llm: loads the bundled model and logs the load time", opts, async () => {
  const e = await engine();
  assert.equal(e.name, "llm");
  assert.equal(e.model, "story-gpt2");
  assert.match(logs.join("\n"), /model loaded in \d+ ms/);
  assert.ok(defaultModelPath().endsWith("/models/story-gpt2/"));
});

Deno.test("llm: output continues the prompt", opts, async () => {
  const prompt = "Once upon a time";
  const { text, tokens } = await collect(prompt, params({ maxTokens: 25 }));
  assert.ok(tokens > 0);
  assert.ok(text.trim().length > 0, "non-empty continuation");
  assert.ok(
    !text.trimStart().startsWith(prompt),
    `continuation does not repeat the prompt: ${JSON.stringify(text)}`,
  );
  // Story prose: mostly letters and spaces, not byte garbage.
  const letters = text.replace(/[^A-Za-z ]/g, "").length;
  assert.ok(letters / text.length > 0.7, `reads like text: ${JSON.stringify(text)}`);
});

Deno.test("llm: respects max_tokens (engine counts and tokenizer)", opts, async () => {
  const e = await engine();
  // Greedy decoding does not stop at a mid-sentence end-of-text, so the limit is reached exactly.
  const greedy = await collect(
    "The old man walked slowly down the road and",
    params({ maxTokens: 24, temperature: 0 }),
  );
  assert.equal(greedy.tokens, 24);
  assert.ok(e.encode(greedy.text).length <= 24, "re-tokenized text fits the limit");
  for (const maxTokens of [1, 5, 17]) {
    const r = await collect("She opened the door", params({ maxTokens, seed: maxTokens }));
    assert.ok(r.tokens <= maxTokens && r.tokens >= 1, `${r.tokens} tokens for max ${maxTokens}`);
    assert.ok(e.encode(r.text).length <= maxTokens);
  }
});

Deno.test(
  "llm: stop strings end generation before them; the end reports reason and token counts",
  opts,
  async () => {
    const e = await engine();
    const prompt = "The old man walked slowly down the road and";
    const greedy = params({ maxTokens: 40, temperature: 0 });
    const run = async (stop: string[]) => {
      const chunks = e.generate({ prompt, params: { ...greedy, stop } }, new AbortController().signal);
      const pieces: string[] = [];
      let next = await chunks.next();
      for (; !next.done; next = await chunks.next()) pieces.push(next.value.text);
      return { pieces, text: pieces.join(""), end: next.value };
    };
    const full = await run([]);
    assert.equal(full.end.finishReason, "length");
    assert.equal(full.end.completionTokens, 40);
    assert.equal(full.end.promptTokens, e.encode(prompt).length);
    // A stop string from the middle of the greedy text, spanning token boundaries.
    const stop = full.text.slice(12, 19);
    const at = full.text.indexOf(stop);
    assert.ok(at > 0, `"${stop}" occurs in ${JSON.stringify(full.text)}`);
    const cut = await run([stop]);
    assert.equal(cut.text, full.text.slice(0, at));
    assert.equal(cut.end.finishReason, "stop");
    assert.ok(cut.end.completionTokens < 40 && cut.end.completionTokens >= e.encode(cut.text).length);
    assert.ok(!cut.text.includes(stop));
  },
);

Deno.test("llm: a seed makes sampling reproducible, different seeds differ", opts, async () => {
  const p = (seed: number) => params({ maxTokens: 30, temperature: 1, topK: 0, topP: 1, seed });
  const a = await collect("It was a dark night", p(42));
  const b = await collect("It was a dark night", p(42));
  assert.equal(a.text, b.text);
  const others = [await collect("It was a dark night", p(43)), await collect("It was a dark night", p(44))];
  assert.ok(others.some((o) => o.text !== a.text), "other seeds give other text");
});

Deno.test("llm: streams text in more than one chunk", opts, async () => {
  const { chunks, text } = await collect("The ship sailed", params({ maxTokens: 20 }));
  assert.ok(chunks.length > 1, `${chunks.length} chunks`);
  assert.ok(chunks.every((c) => c.tokens >= 1));
  assert.equal(chunks.map((c) => c.text).join(""), text);
});

Deno.test("llm: abort after the first chunk stops generation promptly", opts, async () => {
  const e = await engine();
  const ac = new AbortController();
  let tokens = 0;
  let abortedAt = 0;
  for await (const c of e.generate({ prompt: "He ran", params: params({ maxTokens: 500 }) }, ac.signal)) {
    tokens += c.tokens;
    if (!abortedAt) {
      abortedAt = performance.now();
      ac.abort();
    }
  }
  const stopMs = performance.now() - abortedAt;
  assert.ok(abortedAt > 0, "got a first chunk");
  assert.ok(tokens <= 3, `${tokens} tokens after abort`);
  assert.ok(stopMs < 1000, `stopped in ${stopMs.toFixed(0)} ms`);
});

Deno.test("llm: 4 concurrent requests on one engine all complete", opts, async () => {
  const prompts = ["Once upon a time", "The king said", "In the morning", "She laughed and"];
  const results = await Promise.all(prompts.map((p, i) => collect(p, params({ maxTokens: 20, seed: i }))));
  for (const r of results) {
    assert.ok(r.tokens >= 1 && r.tokens <= 20);
    assert.ok(r.text.length > 0);
  }
  // Interleaving must not disturb the seeded sequences: each equals its solo run.
  const solo = await collect(prompts[2], params({ maxTokens: 20, seed: 2 }));
  assert.equal(results[2].text, solo.text);
});

Deno.test("llm: a long generation never blocks the event loop for long", opts, async () => {
  // Counted in tokens, not milliseconds, so neither a loaded nor a fast machine changes the verdict: a
  // macrotask (setImmediate) ticker must get to run between tokens. An engine that only awaited microtasks
  // between tokens would let it run once, after all of them.
  const e = await engine();
  let generated = 0;
  let sinceTick = 0;
  let maxTokensBetweenTicks = 0;
  let ticking = true;
  const tick = () => {
    maxTokensBetweenTicks = Math.max(maxTokensBetweenTicks, sinceTick);
    sinceTick = 0;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const p = params({ maxTokens: 300, seed: 3 });
    for await (
      const chunk of e.generate({ prompt: "The night was long and", params: p }, new AbortController().signal)
    ) {
      generated += chunk.tokens;
      sinceTick += chunk.tokens;
    }
  } finally {
    ticking = false;
  }
  assert.ok(generated > 100, `${generated} tokens`);
  assert.ok(
    maxTokensBetweenTicks <= 2,
    `the event loop ran other tasks only every ${maxTokensBetweenTicks} tokens (of ${generated})`,
  );
});

Deno.test("llm: generations longer than the position table keep going", opts, async () => {
  // The bundled model has 512 positions; a long prompt plus 300 tokens needs the sliding window.
  const prompt = "The sea was calm. ".repeat(60);
  const r = await collect(prompt, params({ maxTokens: 300, temperature: 0, seed: 1 }));
  assert.equal(r.tokens, 300);
});

Deno.test("llm: a missing model folder rejects with EngineLoadError naming the path", opts, async () => {
  const path = "/nonexistent/models/no-such-model";
  const err = await createLlmEngine({ model: path, log: () => {} }).then(
    () => assert.fail("should not load"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof EngineLoadError);
  assert.equal(err.model, path);
  assert.match(err.message, /no-such-model/);
  assert.ok(!err.message.includes("\n"), "one-line message");
});

Deno.test("llm: an unknown dtype rejects with EngineLoadError", opts, async () => {
  await assert.rejects(createLlmEngine({ dtype: "fp64", log: () => {} }), EngineLoadError);
});

Deno.test("llm: the q8 variant loads and generates", opts, async () => {
  const files: string[] = [];
  const q8 = await createLlmEngine({ dtype: "q8", log: () => {}, onProgress: (p) => files.push(p.file) });
  try {
    assert.equal(q8.model, "story-gpt2:q8");
    assert.ok(
      files.includes("onnx/model_quantized.onnx"),
      `progress reported ${[...new Set(files)].join(", ")}`,
    );
    const chunks: Chunk[] = [];
    for await (
      const c of q8.generate(
        { prompt: "Once upon a time", params: params({ maxTokens: 20 }) },
        new AbortController().signal,
      )
    ) {
      chunks.push(c);
    }
    const text = chunks.map((c) => c.text).join("");
    assert.ok(text.trim().length > 0);
    assert.ok(chunks.reduce((n, c) => n + c.tokens, 0) <= 20);
  } finally {
    await q8.close();
  }
});

Deno.test("progress: plain lines off a terminal, a redrawn bar on one", () => {
  let plain = "";
  const p = createProgressRenderer({ tty: false, write: (t) => plain += t });
  p({ file: "onnx/model.onnx", loaded: 0, total: 0, status: "initiate" });
  p({ file: "onnx/model.onnx", loaded: 5e6, total: 10e6, status: "progress" });
  p({ file: "onnx/model.onnx", loaded: 10e6, total: 10e6, status: "done" });
  assert.equal(plain, "loading onnx/model.onnx\nloaded onnx/model.onnx (10.0 MB)\n");
  let tty = "";
  const bar = createProgressRenderer({ tty: true, width: 10, write: (t) => tty += t });
  bar({ file: "onnx/model.onnx", loaded: 5e6, total: 10e6, status: "progress" });
  bar({ file: "onnx/model.onnx", loaded: 10e6, total: 10e6, status: "done" });
  assert.match(tty, /\[#####-----\] 50% 5\.0\/10\.0 MB/);
  assert.match(tty, /\[##########\] 100% 10\.0\/10\.0 MB\n$/);
});

Deno.test("llm: close the shared engine", opts, async () => {
  await (await engine()).close();
});
