/**
 * Runs the exported model through transformers.js (as ailb does) on the token ids in a case file written by
 * verify.py, and prints one JSON line comparing the ONNX logits with torch's.
 *
 * Usage: deno run --allow-read --allow-env --allow-ffi --allow-sys verify_onnx.ts MODEL_DIR CASE_JSON [DTYPE]
 */
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from "@huggingface/transformers";

const [modelDir, casePath, dtype = "fp32"] = Deno.args;
const abs = await Deno.realPath(modelDir);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = abs.slice(0, abs.lastIndexOf("/") + 1);
const id = abs.slice(abs.lastIndexOf("/") + 1);
const c = JSON.parse(await Deno.readTextFile(casePath));
const model = await AutoModelForCausalLM.from_pretrained(id, { dtype: dtype as "fp32", device: "cpu" });
const tokenizer = await AutoTokenizer.from_pretrained(id);

const ids: number[] = c.ids;
const prefix: number = c.prefix;
const expected: number[][] = c.expected;
const vocab = expected[0].length;

function tensorOf(values: number[]): Tensor {
  return new Tensor("int64", BigInt64Array.from(values.map(BigInt)), [1, values.length]);
}

/** Row `row` of a [1, T, V] logits tensor. */
function rowOf(logits: Tensor, row: number): Float32Array {
  const data = logits.data as Float32Array;
  return data.subarray(row * vocab, (row + 1) * vocab);
}

function compare(rows: Float32Array[]): { maxDiff: number; agree: number } {
  let maxDiff = 0;
  let agree = 0;
  rows.forEach((r, i) => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < vocab; j++) {
      maxDiff = Math.max(maxDiff, Math.abs(r[j] - expected[i][j]));
      if (r[j] > r[a]) a = j;
      if (expected[i][j] > expected[i][b]) b = j;
    }
    if (a === b) agree++;
  });
  return { maxDiff, agree: agree / rows.length };
}

// Full forward over every token; keep the rows that predict tokens prefix..end.
const full = await model.forward({ input_ids: tensorOf(ids), attention_mask: tensorOf(ids.map(() => 1)) });
const fullRows = [];
for (let i = prefix - 1; i < ids.length - 1; i++) fullRows.push(rowOf(full.logits, i));

// Cached path: prefill the prefix, then feed one token at a time with the returned cache.
const cachedRows: Float32Array[] = [];
let out = await model.forward({
  input_ids: tensorOf(ids.slice(0, prefix)),
  attention_mask: tensorOf(Array(prefix).fill(1)),
});
cachedRows.push(rowOf(out.logits, prefix - 1).slice());
for (let i = prefix; i < ids.length - 1; i++) {
  const past: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(out)) {
    if (k.startsWith("present.")) past[k.replace("present.", "past_key_values.")] = v as Tensor;
  }
  out = await model.forward({
    input_ids: tensorOf([ids[i]]),
    attention_mask: tensorOf(Array(i + 1).fill(1)),
    past_key_values: past,
  });
  cachedRows.push(rowOf(out.logits, 0).slice());
}

const f = compare(fullRows);
const k = compare(cachedRows);

// The shipped tokenizer must reproduce the training ids exactly.
const valText = await Deno.readTextFile(c.val_text);
const raw = await Deno.readFile(c.val_ids);
const trained = Array.from(new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2));
const encoded = tokenizer.encode(valText, { add_special_tokens: false });
let tokenizerMatches = encoded.length === trained.length;
for (let i = 0; tokenizerMatches && i < encoded.length; i++) tokenizerMatches = encoded[i] === trained[i];

// Mean next-token loss over the first windows of the validation set, to compare variants (fp32 vs q8) by quality.
const WINDOW = 256;
let nll = 0;
let count = 0;
for (let w = 0; w < 4 && (w + 1) * WINDOW < trained.length; w++) {
  const win = trained.slice(w * WINDOW, (w + 1) * WINDOW + 1);
  const o = await model.forward({
    input_ids: tensorOf(win.slice(0, WINDOW)),
    attention_mask: tensorOf(Array(WINDOW).fill(1)),
  });
  for (let i = 0; i < WINDOW; i++) {
    const r = rowOf(o.logits, i);
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) max = Math.max(max, r[j]);
    let sum = 0;
    for (let j = 0; j < vocab; j++) sum += Math.exp(r[j] - max);
    nll += Math.log(sum) + max - r[win[i + 1]];
    count++;
  }
}

console.log(JSON.stringify({
  val_loss_1k: nll / count,
  full_max_diff: f.maxDiff,
  cached_max_diff: k.maxDiff,
  argmax_agreement: Math.min(f.agree, k.agree),
  tokenizer_matches: tokenizerMatches,
  tokenizer_tokens: [encoded.length, trained.length],
}));
