/**
 * Trains the logistic pair scorer on generated pairs and writes models/pair-scorer/weights.json.
 *
 *   deno run -A tools/pair-scorer/train.ts [--pairs N] [--seed S] [--similarity] [--out FILE] [--sample K]
 *
 * Training pairs use the even-position words of words.ts, validation pairs the odd ones (unseen words). The
 * threshold is the lowest score that keeps wrong hits on the validation pairs ≤ --max-wrong (default 0.01, the
 * issue's target; "rules": as many as the verifier's rules let through there, at least one). Full-batch gradient
 * descent (Adam) with a small L2 penalty on standardised features; the written weights are for raw features.
 * Never reads tests/data.
 */
import { parseArgs } from "node:util";
import { DEFAULT_LEXICON_URL, Lexicon, type LexiconData } from "../../lib/cache/lexicon.ts";
import {
  FEATURE_NAMES,
  type PairFeatures,
  pairFeatures,
  type WordSimilarity,
} from "../../lib/cache/pair_features.ts";
import {
  DEFAULT_PAIR_SCORER_URL,
  hybridAccepts,
  type PairScorerWeights,
  sigmoid,
} from "../../lib/cache/pair_scorer.ts";
import { type GeneratedPair, PairGenerator } from "./generate.ts";

const USAGE =
  "usage: train.ts [--pairs N] [--seed S] [--max-wrong F] [--similarity] [--out FILE] [--sample K]";
let args;
try {
  args = parseArgs({
    args: Deno.args,
    options: {
      pairs: { type: "string", default: "8000" },
      seed: { type: "string", default: "1" },
      "max-wrong": { type: "string", default: "0.01" },
      similarity: { type: "boolean", default: false },
      out: { type: "string", default: DEFAULT_PAIR_SCORER_URL.pathname },
      sample: { type: "string", default: "0" },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  Deno.exit(2);
}
const count = Number(args.pairs), seed = Number(args.seed), sample = Number(args.sample);
const maxWrongArg = args["max-wrong"] === "rules" ? 0 : Number(args["max-wrong"]);
if (![count, seed, sample].every(Number.isInteger) || count < 100 || !(maxWrongArg >= 0 && maxWrongArg < 1)) {
  console.error(
    `--pairs must be an integer ≥ 100, --seed and --sample integers, --max-wrong "rules" or a fraction in [0, 1)\n${USAGE}`,
  );
  Deno.exit(2);
}

const lexicon = await Lexicon.load();
const data = JSON.parse(await Deno.readTextFile(DEFAULT_LEXICON_URL)) as LexiconData;
const train = new PairGenerator(lexicon, data, "train", seed).pairs(count);
const validation = new PairGenerator(lexicon, data, "validation", seed + 1000).pairs(Math.round(count / 3));
for (const p of train.slice(0, sample)) console.log(`${p.label} ${p.kind}: "${p.a}" / "${p.b}"`);

let similarity: WordSimilarity | undefined;
if (args.similarity) {
  // loaded only here: the embedding runtime (onnxruntime, sharp) is not needed without similarities
  const { createEmbedder } = await import("../../lib/cache/embedder.ts");
  const { wordSimilarity } = await import("./similarity.ts");
  const embedder = await createEmbedder();
  similarity = await wordSimilarity(embedder, [...train, ...validation].flatMap((p) => [p.a, p.b]), lexicon);
  await embedder.dispose();
}
const featuresOf = (pairs: GeneratedPair[]) => pairs.map((p) => pairFeatures(p.b, p.a, lexicon, similarity));
const fTrain = featuresOf(train), fValidation = featuresOf(validation);
const xTrain = fTrain.map((f) => f.values), xValidation = fValidation.map((f) => f.values);

// with --max-wrong rules, the learned scorer may let through as many generated negatives as the rules do
const rulesWrong = fValidation.filter((f, i) => f.explanation.accepted && !validation[i].label).length;
const negatives = validation.filter((p) => !p.label).length;
const maxWrong = args["max-wrong"] === "rules" ? Math.max(rulesWrong, 1) / negatives : maxWrongArg;
console.log(
  `rules on validation: ${rulesWrong}/${negatives} wrong hits; allowed for learned: ${maxWrong.toFixed(4)}`,
);
const yTrain = train.map((p) => p.label), yValidation = validation.map((p) => p.label);

/** Logistic regression on standardised features; returns weights and bias for raw features. */
function fit(x: number[][], y: number[], l2 = 1e-3, steps = 3000, rate = 0.05) {
  const d = x[0].length, n = x.length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j], 0) / n);
  const sd = Array.from(
    { length: d },
    (_, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1,
  );
  const z = x.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
  const w = new Array(d + 1).fill(0); // last: bias
  const m = new Array(d + 1).fill(0), v = new Array(d + 1).fill(0);
  for (let step = 1; step <= steps; step++) {
    const grad = new Array(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      let s = w[d];
      for (let j = 0; j < d; j++) s += w[j] * z[i][j];
      const err = sigmoid(s) - y[i];
      for (let j = 0; j < d; j++) grad[j] += err * z[i][j] / n;
      grad[d] += err / n;
    }
    for (let j = 0; j <= d; j++) {
      const g = grad[j] + (j < d ? l2 * w[j] : 0);
      m[j] = 0.9 * m[j] + 0.1 * g;
      v[j] = 0.999 * v[j] + 0.001 * g * g;
      w[j] -= rate * (m[j] / (1 - 0.9 ** step)) / (Math.sqrt(v[j] / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  const weights = w.slice(0, d).map((wj, j) => wj / sd[j]);
  const bias = w[d] - weights.reduce((s, wj, j) => s + wj * mean[j], 0);
  return { weights, bias };
}

const model = fit(xTrain, yTrain);
const score = (r: number[]) => sigmoid(r.reduce((s, v, j) => s + v * model.weights[j], model.bias));

/** Hits and wrong hits at a threshold (of the hybrid when `hybrid` gives the pairs' features). */
function rates(x: number[][], y: number[], threshold: number, hybrid?: PairFeatures[]) {
  let hit = 0, pos = 0, wrong = 0, neg = 0;
  x.forEach((r, i) => {
    const accepted = hybrid ? hybridAccepts(hybrid[i], score(r), threshold) : score(r) >= threshold;
    if (y[i]) [pos, hit] = [pos + 1, hit + (accepted ? 1 : 0)];
    else [neg, wrong] = [neg + 1, wrong + (accepted ? 1 : 0)];
  });
  return { hits: hit / pos, wrong: wrong / neg };
}

/** The lowest threshold (most hits) whose wrong hits on validation are ≤ --max-wrong, rounded up to 1e-4. */
function chooseThreshold(hybrid?: PairFeatures[]): number {
  const candidates = [...new Set(xValidation.map((r) => Math.ceil(score(r) * 1e4) / 1e4))].sort((a, b) =>
    a - b
  );
  return candidates.find((t) => rates(xValidation, yValidation, t, hybrid).wrong <= maxWrong) ?? 1;
}
const threshold = chooseThreshold(), hybridThreshold = chooseThreshold(fValidation);
const atTrain = rates(xTrain, yTrain, threshold), atValidation = rates(xValidation, yValidation, threshold);
const hybridValidation = rates(xValidation, yValidation, hybridThreshold, fValidation);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`thresholds: learned ${threshold}, hybrid ${hybridThreshold}`);
console.log(`train: ${train.length} pairs, hits ${pct(atTrain.hits)}, wrong ${pct(atTrain.wrong)}`);
console.log(
  `validation: ${validation.length} pairs, hits ${pct(atValidation.hits)}, wrong ${pct(atValidation.wrong)}`,
);
console.log(`hybrid on validation: hits ${pct(hybridValidation.hits)}, wrong ${pct(hybridValidation.wrong)}`);
const round = (x: number) => Math.round(x * 1e5) / 1e5;
FEATURE_NAMES.forEach((name, j) => console.log(`  ${name.padEnd(20)} ${round(model.weights[j])}`));
console.log(`  ${"bias".padEnd(20)} ${round(model.bias)}`);

const weights: PairScorerWeights = {
  format: "ailb-pair-scorer",
  version: 1,
  features: [...FEATURE_NAMES],
  weights: model.weights.map(round),
  bias: round(model.bias),
  threshold,
  hybridThreshold,
  usesSimilarity: similarity !== undefined,
  recipe: {
    tool: "deno run -A tools/pair-scorer/train.ts",
    args: Deno.args,
    seed,
    maxWrong: round(maxWrong),
    validationSeed: seed + 1000,
    trainPairs: train.length,
    validationPairs: validation.length,
    words: "tools/pair-scorer/words.ts: even positions train, odd positions validation",
    lexicon: "models/embed-static/lexicon.json",
    similarity: similarity ? "cosine of models/embed-static word vectors" : "none",
    validation: { hits: round(atValidation.hits), wrong: round(atValidation.wrong) },
    hybridValidation: { hits: round(hybridValidation.hits), wrong: round(hybridValidation.wrong) },
    train: { hits: round(atTrain.hits), wrong: round(atTrain.wrong) },
  },
};
await Deno.mkdir(new URL(".", `file://${args.out}`), { recursive: true });
await Deno.writeTextFile(args.out, JSON.stringify(weights, null, 1) + "\n");
console.log(`wrote ${args.out}`);
