/** Rules, learned scorer and hybrid on one pair: the decision each makes (shared by eval-dev.ts and bench). */
import type { Lexicon } from "../../lib/cache/lexicon.ts";
import { normalizePrompt } from "../../lib/cache/normalize.ts";
import { type PairFeatures, pairFeatures, type WordSimilarity } from "../../lib/cache/pair_features.ts";
import { hybridAccepts, type PairScorer } from "../../lib/cache/pair_scorer.ts";

/** The three deciders compared. */
export const METHODS = ["rules", "learned", "hybrid"] as const;

/** One decider's name. */
export type Method = typeof METHODS[number];

/** What each decider says about a pair, and what it was based on. */
export interface Judged {
  verdict: Record<Method, boolean>;
  score: number;
  features: PairFeatures;
}

/**
 * Judges `b` (the new prompt) against `a` (the cached one). All three count equal normalised texts as a hit
 * (the cache's exact key) and none applies the cosine threshold.
 */
export function judge(
  a: string,
  b: string,
  scorer: PairScorer,
  lexicon: Lexicon,
  similarity?: WordSimilarity,
): Judged {
  const features = pairFeatures(b, a, lexicon, similarity);
  const exact = normalizePrompt(b, lexicon.spelling) === normalizePrompt(a, lexicon.spelling);
  const score = scorer.score(features.values);
  return {
    verdict: {
      rules: exact || features.explanation.accepted,
      learned: exact || score >= scorer.data.threshold,
      hybrid: exact || hybridAccepts(features, score, scorer.data.hybridThreshold),
    },
    score,
    features,
  };
}
