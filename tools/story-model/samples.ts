/**
 * Prints sample continuations from the bundled model through the production engine (markdown, for
 * MODEL_CARD.md). Usage (from the repo root):
 *   deno run --allow-read --allow-env --allow-ffi --allow-sys tools/story-model/samples.ts [dtype] [tokens]
 */
import { createLlmEngine } from "../../lib/engines/llm.ts";

const dtype = Deno.args[0] ?? "fp32";
const maxTokens = Number(Deno.args[1] ?? 60);
const engine = await createLlmEngine({ dtype, log: () => {} });
const never = new AbortController().signal;
const prompts = [
  "Once upon a time",
  "Once upon a time",
  "Once upon a time",
  "The old sailor looked at the sea and",
];
try {
  for (const [i, prompt] of prompts.entries()) {
    let text = "";
    const params = { maxTokens, temperature: 0.8, topK: 40, topP: 0.95, seed: i + 1, stop: [] };
    for await (const chunk of engine.generate({ prompt, params }, never)) text += chunk.text;
    console.log(`- seed ${params.seed}: **${prompt}**${text.replace(/\n+/g, " / ")}`);
  }
  let greedy = "";
  const params = { maxTokens, temperature: 0, topK: 0, topP: 1, stop: [] };
  for await (const chunk of engine.generate({ prompt: "Once upon a time", params }, never)) {
    greedy += chunk.text;
  }
  console.log(`- greedy: **Once upon a time**${greedy.replace(/\n+/g, " / ")}`);
} finally {
  await engine.close();
}
