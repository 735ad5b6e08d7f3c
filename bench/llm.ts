/**
 * The llm engine on the bundled story model: load time, time to first token, and tokens/s for one stream
 * and for 4 concurrent streams on one engine, for each shipped ONNX variant (fp32, and q8 when present).
 * Engines run in this process, so the figures are the engine's own, without network or balancer.
 */
import { createLlmEngine, defaultModelPath, type LlmEngine } from "../lib/engines/llm.ts";
import type { GenerationParams } from "../lib/params.ts";
import { pathExists } from "../lib/model_source.ts";
import { percentile, table } from "./stats.ts";

const PROMPTS = [
  "Once upon a time",
  "The old man looked at the sea and",
  "She opened the door",
  "In the morning",
];
const TOKENS = 128;
const never = new AbortController().signal;

function params(seed: number, maxTokens = TOKENS): GenerationParams {
  return { maxTokens, temperature: 0.8, topK: 40, topP: 0.95, seed, stop: [] };
}

/** Runs one request; returns tokens produced, time to first chunk and total time (ms). */
async function request(engine: LlmEngine, prompt: string, p: GenerationParams) {
  const start = performance.now();
  let first = 0;
  let tokens = 0;
  for await (const chunk of engine.generate({ prompt, params: p }, never)) {
    if (!first) first = performance.now() - start;
    tokens += chunk.tokens;
  }
  return { tokens, ttft: first, ms: performance.now() - start };
}

async function measure(dtype: string): Promise<string[]> {
  const loadStart = performance.now();
  const engine = await createLlmEngine({ dtype, log: () => {} });
  const loadMs = performance.now() - loadStart;
  try {
    await request(engine, PROMPTS[0], params(0, 16)); // warm-up: first ONNX runs allocate and optimize

    const ttfts: number[] = [];
    for (let i = 0; i < 20; i++) ttfts.push((await request(engine, PROMPTS[i % 4], params(i, 1))).ttft);

    let tokens = 0;
    let ms = 0;
    for (let i = 0; i < 3; i++) {
      const r = await request(engine, PROMPTS[i], params(100 + i));
      tokens += r.tokens;
      ms += r.ms;
    }
    const single = tokens / (ms / 1000);

    const start = performance.now();
    const results = await Promise.all(PROMPTS.map((p, i) => request(engine, p, params(200 + i))));
    const wall = (performance.now() - start) / 1000;
    const total = results.reduce((n, r) => n + r.tokens, 0);

    const file = dtype === "fp32" ? "model.onnx" : "model_quantized.onnx";
    const size = (await Deno.stat(`${defaultModelPath()}onnx/${file}`)).size / 1e6;
    return [
      dtype,
      `${size.toFixed(1)} MB`,
      `${loadMs.toFixed(0)} ms`,
      `${percentile(ttfts, 50).toFixed(1)} / ${percentile(ttfts, 95).toFixed(1)} ms`,
      single.toFixed(0),
      `${(total / wall).toFixed(0)} (${(total / wall / 4).toFixed(0)} per stream)`,
    ];
  } finally {
    await engine.close();
  }
}

/** Measures the bundled model and returns a markdown section for BENCHMARKS.md. */
export async function run(): Promise<string> {
  const rows = [await measure("fp32")];
  if (await pathExists(`${defaultModelPath()}onnx/model_quantized.onnx`)) rows.push(await measure("q8"));
  const load = Deno.loadavg()[0].toFixed(2);
  return [
    "## LLM engine (bundled story-gpt2)",
    "",
    `In-process \`createLlmEngine\`, ${TOKENS}-token sampled generations (temperature 0.8, top-k 40, top-p 0.95). ` +
    `Time to first token is a short prompt's prefill plus one sampled token. 4 concurrent streams share one ` +
    `ONNX session, interleaved token by token. Load average at the end of the run: ${load} ` +
    `(other processes on the machine lower these figures).`,
    "",
    table(
      ["variant", "file", "load", "TTFT p50 / p95", "tokens/s (1 stream)", "tokens/s (4 concurrent)"],
      rows,
    ),
    "",
  ].join("\n");
}

if (import.meta.main) console.log(await run());
