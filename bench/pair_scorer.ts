/**
 * The learned pair scorer of issue 13's experiment (lib/cache/pair_features.ts, pair_scorer.ts) next to the
 * verifier it might replace: time per verified pair, and hits / wrong hits on the DEV pairs only (the frozen
 * hold-out split is not read; tools/pair-scorer/eval-dev.ts has the per-kind tables). The cache does not use the
 * scorer; these figures are for deciding whether it should.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { pairFeatures } from "../lib/cache/pair_features.ts";
import { PairScorer } from "../lib/cache/pair_scorer.ts";
import { verifySamePrompt } from "../lib/cache/verifier.ts";
import { judge, type Method, METHODS } from "../tools/pair-scorer/compare.ts";
import { loadDevSets } from "./eval_set.ts";
import { percentile, ratio, table } from "./stats.ts";

const ROUNDS = 5;

/** Runs the benchmark and returns its markdown section. */
export async function run(): Promise<string> {
  const lexicon = await Lexicon.load();
  const scorer = await PairScorer.load();
  const sets = await loadDevSets();
  const pairs = sets.flatMap(([, p]) => p);
  // per pair, the verifier's hot path and the scorer's (features with a full explanation, then the score),
  // interleaved round by round so that both see the same machine load; analyses are warm after round one
  const times: Record<"rules" | "scorer", number[]> = { rules: [], scorer: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of pairs) {
      let t = performance.now();
      verifySamePrompt(p.b, p.a, lexicon);
      if (round > 0) times.rules.push(performance.now() - t);
      t = performance.now();
      scorer.score(pairFeatures(p.b, p.a, lexicon).values);
      if (round > 0) times.scorer.push(performance.now() - t);
    }
  }
  const µs = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  const timing = table(
    ["per pair", "p50", "p99", "p50 vs rules"],
    (["rules", "scorer"] as const).map((k) => [
      k === "rules" ? "verifier (verifySamePrompt)" : "pair features + logistic score",
      µs(percentile(times[k], 50)),
      µs(percentile(times[k], 99)),
      ratio(percentile(times[k], 50) / percentile(times.rules, 50)),
    ]),
  );
  const rows = sets.map(([name, set]) => {
    const hit = { rules: 0, learned: 0, hybrid: 0 }, wrong = { rules: 0, learned: 0, hybrid: 0 };
    let paraphrases = 0;
    for (const p of set) {
      const { verdict } = judge(p.a, p.b, scorer, lexicon);
      if (p.label === "paraphrase") paraphrases++;
      for (const m of METHODS) if (verdict[m]) (p.label === "paraphrase" ? hit : wrong)[m]++;
    }
    const negatives = set.length - paraphrases;
    const cell = (m: Method) =>
      `${(100 * hit[m] / paraphrases).toFixed(1)}% / ${(100 * wrong[m] / negatives).toFixed(1)}%`;
    return [name, `${paraphrases} / ${negatives}`, ...METHODS.map(cell)];
  });
  return [
    `Time per verified pair over the ${pairs.length} dev pairs (${
      ROUNDS - 1
    } warm rounds); a lookup verifies ` +
    "a handful of candidates, so either stays far below the 2 ms lookup budget.",
    "",
    timing,
    "",
    `Dev pairs only: paraphrases hit / wrong hits. Thresholds chosen on generated validation pairs (learned ` +
    `${scorer.data.threshold}, hybrid ${scorer.data.hybridThreshold}); models/pair-scorer/weights.json, recipe ` +
    "in tools/pair-scorer/README.md. Not used by the cache.",
    "",
    table(["dev set", "paraphrases / negatives", "rules", "learned", "hybrid"], rows),
  ].join("\n");
}
