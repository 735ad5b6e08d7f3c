/**
 * Why a prompt would or would not be answered from the cache with the answer stored for another prompt: the
 * same decision SemanticCache.lookup makes for one candidate (exact key, then cosine ≥ threshold and the
 * verifier), with the verifier's whole reasoning. Used by `ailb cache explain` and bench/cache.ts.
 */
import type { Embedder } from "./embedder.ts";
import type { Lexicon } from "./lexicon.ts";
import { normalizePrompt } from "./normalize.ts";
import { explainPair, type Explanation, type Rule } from "./verifier.ts";

/** The decision for one pair and what it rests on. */
export interface PairDecision {
  hit: boolean;
  kind: "exact" | "semantic" | "miss";
  /** Cosine similarity of the two prompts' embeddings. */
  similarity: number;
  threshold: number;
  /** What decided: the exact key, the threshold, or a verifier rule. */
  rule: Rule | "exact" | "threshold";
  reason: string;
  verifier: Explanation;
}

/** Dot product of two unit vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Decides like the cache: equal normalised text, else similarity ≥ threshold and the verifier accepts. */
export function decide(
  prompt: string,
  cachedPrompt: string,
  similarity: number,
  threshold: number,
  lexicon: Lexicon,
): PairDecision {
  const verifier = explainPair(prompt, cachedPrompt, lexicon);
  const result = (hit: boolean, kind: PairDecision["kind"], rule: PairDecision["rule"], reason: string) => ({
    hit,
    kind,
    similarity,
    threshold,
    rule,
    reason,
    verifier,
  });
  if (normalizePrompt(prompt, lexicon.spelling) === normalizePrompt(cachedPrompt, lexicon.spelling)) {
    return result(true, "exact", "exact", "same text after normalisation");
  }
  if (similarity < threshold) {
    return result(
      false,
      "miss",
      "threshold",
      `cosine ${similarity.toFixed(3)} is below the threshold ${threshold}`,
    );
  }
  return result(verifier.accepted, verifier.accepted ? "semantic" : "miss", verifier.rule, verifier.reason);
}

/** Embeds both prompts and decides. */
export async function explainLookup(
  prompt: string,
  cachedPrompt: string,
  options: { embedder: Embedder; lexicon: Lexicon; threshold: number },
): Promise<PairDecision> {
  const [a, b] = await options.embedder.embed([prompt, cachedPrompt]);
  return decide(prompt, cachedPrompt, cosine(a, b), options.threshold, options.lexicon);
}
