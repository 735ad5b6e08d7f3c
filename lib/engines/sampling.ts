/**
 * Picking the next token from a model's logits for the `llm` engine (lib/engines/llm.ts): greedy, or
 * temperature with top-k and top-p (nucleus) filtering, drawn from each request's own PRNG.
 *
 * @module
 */
import type { GenerationParams } from "./engine.ts";

/** Indices of the k largest logits, largest first. */
function topIndices(logits: Float32Array, k: number): Int32Array {
  const n = logits.length;
  if (k > 256) {
    // Large k: one full sort is simpler than insertion and about as fast.
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all.sort((a, b) => logits[b] - logits[a]).subarray(0, k);
  }
  // Small k (the usual 20-50): keep a sorted buffer; most logits fail the first comparison, so this is one pass.
  const idx = new Int32Array(k).fill(-1);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = logits[i];
    if (size === k && v <= logits[idx[k - 1]]) continue;
    let j = size < k ? size++ : k - 1;
    while (j > 0 && logits[idx[j - 1]] < v) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = i;
  }
  return idx.subarray(0, size);
}

/**
 * Picks the next token from raw logits: greedy at temperature 0, otherwise temperature, top-k and top-p
 * (nucleus) filtering, then a draw from the request's own PRNG (`rand` returns a float in [0, 1)).
 */
export function sampleToken(logits: Float32Array, params: GenerationParams, rand: () => number): number {
  const n = logits.length;
  if (params.temperature <= 0) {
    let best = 0;
    for (let i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }
  const inv = 1 / params.temperature;
  const k = params.topK > 0 && params.topK < n ? params.topK : n;
  const nucleus = params.topP > 0 && params.topP < 1;
  if (k === n && !nucleus) {
    // Plain temperature sampling over the whole vocabulary: no ordering needed.
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
    const probs = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += probs[i] = Math.exp((logits[i] - max) * inv);
    let r = rand() * sum;
    for (let i = 0; i < n; i++) if ((r -= probs[i]) < 0) return i;
    return n - 1; // rounding left a sliver of mass
  }
  const cand = topIndices(logits, k);
  const max = logits[cand[0]];
  const probs = new Float64Array(cand.length);
  let sum = 0;
  for (let i = 0; i < cand.length; i++) sum += probs[i] = Math.exp((logits[cand[i]] - max) * inv);
  let keep = cand.length;
  if (nucleus) {
    // Candidates are sorted, so the nucleus is a prefix: stop once its mass reaches top_p.
    let acc = 0;
    for (let i = 0; i < cand.length; i++) {
      acc += probs[i];
      if (acc >= params.topP * sum) {
        keep = i + 1;
        sum = acc;
        break;
      }
    }
  }
  let r = rand() * sum;
  for (let i = 0; i < keep; i++) if ((r -= probs[i]) < 0) return cand[i];
  return cand[keep - 1];
}
