/**
 * The learned pair scorer side by side with the verifier's rules, on the generated validation pairs (where
 * its thresholds were chosen) and on the DEV files of the evaluation set only (bench/eval_set.ts
 * loadDevSets; never the frozen hold-out split): hits and wrong hits per set and per kind, as markdown.
 *
 *   deno run -A tools/pair-scorer/eval-dev.ts [--weights FILE] [--show] [--show-generated]
 *
 * rules: the verifier. learned: score ≥ threshold. hybrid: the verifier, except that a pair rejected only for
 * an unmatched word is accepted when score ≥ hybrid threshold (lib/cache/pair_scorer.ts hybridAccepts): the
 * learned score instead of "every content word must match", every other rule a hard veto. All three count a pair whose normalised texts are equal as a hit (the exact key), and none
 * applies the cosine threshold (as tools/cache-eval-dev.ts). `--show` lists the dev pairs where they disagree, `--show-generated` the generated ones.
 */
import { parseArgs } from "node:util";
import { type EvalPair, loadDevSets } from "../../bench/eval_set.ts";
import { DEFAULT_LEXICON_URL, Lexicon, type LexiconData } from "../../lib/cache/lexicon.ts";
import type { WordSimilarity } from "../../lib/cache/pair_features.ts";
import { DEFAULT_PAIR_SCORER_URL, PairScorer } from "../../lib/cache/pair_scorer.ts";
import { judge, type Method, METHODS } from "./compare.ts";
import { PairGenerator } from "./generate.ts";

const USAGE = "usage: eval-dev.ts [--weights FILE] [--show] [--show-generated]";
let args;
try {
  args = parseArgs({
    args: Deno.args,
    options: {
      weights: { type: "string", default: DEFAULT_PAIR_SCORER_URL.pathname },
      show: { type: "boolean", default: false },
      "show-generated": { type: "boolean", default: false },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  Deno.exit(2);
}

const lexicon = await Lexicon.load();
const scorer = await PairScorer.load(args.weights);
const recipe = scorer.data.recipe as { validationSeed?: number; validationPairs?: number };
const data = JSON.parse(await Deno.readTextFile(DEFAULT_LEXICON_URL)) as LexiconData;
const generated: EvalPair[] = new PairGenerator(lexicon, data, "validation", recipe.validationSeed ?? 1001)
  .pairs(recipe.validationPairs ?? 1000)
  .map((p, i) => ({
    ...p,
    label: p.label ? "paraphrase" : "negative",
    kind: p.kind.split("+")[0],
    split: "dev",
    group: i,
  }));
const sets: Array<[string, EvalPair[]]> = [["generated validation", generated], ...await loadDevSets()];

let similarity: WordSimilarity | undefined;
if (scorer.data.usesSimilarity) {
  // loaded only here: the embedding runtime (onnxruntime, sharp) is not needed without similarities
  const { createEmbedder } = await import("../../lib/cache/embedder.ts");
  const { wordSimilarity } = await import("./similarity.ts");
  const embedder = await createEmbedder();
  similarity = await wordSimilarity(
    embedder,
    sets.flatMap(([, pairs]) => pairs.flatMap((p) => [p.a, p.b])),
    lexicon,
  );
  await embedder.dispose();
}

type Counts = Record<Method, number> & { all: number };
const pct = (x: number, n: number) => n === 0 ? "–" : `${(100 * x / n).toFixed(1)}%`;
const shown: string[] = [];
console.log(
  `thresholds (chosen on generated validation): learned ${scorer.data.threshold}, hybrid ${scorer.data.hybridThreshold}\n`,
);
for (const [name, pairs] of sets) {
  const kinds = new Map<string, Counts>();
  const totals = { paraphrase: newCounts(), negative: newCounts() };
  for (const p of pairs) {
    const { verdict, score, features: f } = judge(p.a, p.b, scorer, lexicon, similarity);
    const kind = `${p.label}:${p.kind}`;
    if (!kinds.has(kind)) kinds.set(kind, newCounts());
    for (const counts of [kinds.get(kind)!, totals[p.label]]) {
      counts.all++;
      for (const m of METHODS) if (verdict[m]) counts[m]++;
    }
    const listed = name === "generated validation" ? args["show-generated"] : args.show;
    if (listed && new Set(Object.values(verdict)).size > 1) {
      const says = METHODS.map((m) => `${m} ${verdict[m] ? "hit" : "miss"}`).join(", ");
      shown.push(
        `${name} ${kind} (${says}; score ${score.toFixed(3)}, rule ${f.explanation.rule}, unmatched ` +
          `${[...f.unmatched.a, ...f.unmatched.b].join(" ") || "none"}): "${p.a}" / "${p.b}"`,
      );
    }
  }
  console.log(`### ${name}\n`);
  console.log("| | pairs | rules | learned | hybrid |\n| --- | --- | --- | --- | --- |");
  const row = (label: string, c: Counts) =>
    console.log(
      `| ${label} | ${c.all} | ${METHODS.map((m) => `${c[m]} (${pct(c[m], c.all)})`).join(" | ")} |`,
    );
  row("**paraphrases hit**", totals.paraphrase);
  row("**wrong hits**", totals.negative);
  for (const [kind, c] of [...kinds].sort()) row(kind, c);
  console.log();
}
if (shown.length > 0) console.log(shown.join("\n"));

function newCounts(): Counts {
  return { all: 0, rules: 0, learned: 0, hybrid: 0 };
}
