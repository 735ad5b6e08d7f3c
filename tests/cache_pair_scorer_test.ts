/**
 * The learned pair scorer experiment (issue 13): the features of known pairs, the committed weights, the
 * hybrid decision, and the generator/trainer and evaluation tools run as real processes, the trainer with
 * reading tests/data denied (it must never see the evaluation set).
 */
import assert from "node:assert/strict";
import { DEFAULT_LEXICON_URL, Lexicon, type LexiconData } from "../lib/cache/lexicon.ts";
import { FEATURE_NAMES, type FeatureName, pairFeatures } from "../lib/cache/pair_features.ts";
import { hybridAccepts, PairScorer, type PairScorerWeights } from "../lib/cache/pair_scorer.ts";
import { PairGenerator } from "../tools/pair-scorer/generate.ts";

const lexicon = await Lexicon.load();
const ROOT = new URL("../", import.meta.url).pathname;

/** Features of (new prompt, cached prompt) by name. */
function features(prompt: string, cached: string, similarity?: (a: string, b: string) => number) {
  const f = pairFeatures(prompt, cached, lexicon, similarity);
  assert.equal(f.values.length, FEATURE_NAMES.length);
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, f.values[i]])) as Record<FeatureName, number>;
}

Deno.test("pair features: the same request reads as all matched, with no clash", () => {
  const f = features("Can you write a story about a brave knight?", "Write a story about a brave knight.");
  assert.equal(f.unmatched, 0);
  assert.equal(f.unmatched_count, 0);
  assert.equal(f.similarity_min, 1);
  for (const flag of ["negation", "numbers", "time", "antonym", "roles", "genre"] as const) {
    assert.equal(f[flag], 0);
  }
  // deterministic
  assert.deepEqual(
    pairFeatures("A little girl found a cat.", "A small girl discovered a cat.", lexicon).values,
    pairFeatures("A little girl found a cat.", "A small girl discovered a cat.", lexicon).values,
  );
});

Deno.test("pair features: synonyms, typos, asides and swapped words are told apart", () => {
  assert.ok(features("A small girl found a cat.", "A little girl found a cat.").synonym > 0);
  assert.ok(features("A brave knigth finds a key.", "A brave knight finds a key.").spelling > 0);
  const aside = features(
    "Write a story about a brave knight. Make it funny.",
    "Write a story about a brave knight.",
  );
  assert.equal(aside.unmatched_count, 1);
  assert.equal(aside.unmatched_aside, 1);
  assert.equal(aside.additions, 1);
  const noun = features("Write a story about a golden bracelet.", "Write a story about a golden necklace.");
  assert.equal(noun.substitutions, 1);
  assert.equal(noun.unmatched_aside, 0);
  assert.equal(noun.unmatched_noun, 2);
  const name = features("A girl named Lucy finds a key.", "A girl named Nora finds a key.");
  assert.equal(name.unmatched_name, 2);
});

Deno.test("pair features: negation, numbers, time, antonyms, roles and genre set their flags", () => {
  assert.equal(features("A fox does not find a key.", "A fox finds a key.").negation, 1);
  assert.equal(features("Three wolves chase a deer.", "Two wolves chase a deer.").numbers, 1);
  assert.equal(features("A boy who will be a king.", "A boy who was a king.").time, 1);
  assert.equal(features("A horse who lost a race.", "A horse who won a race.").antonym, 1);
  assert.equal(features("The cat chased the dog.", "The dog chased the cat.").roles, 1);
  assert.equal(features("The bridge was built by a giant.", "A giant built the bridge.").roles, 0);
  assert.equal(features("Write a poem about a fox.", "Write a story about a fox.").genre, 1);
});

Deno.test("pair features: the word similarity is read for unmatched words only", () => {
  const calls: string[] = [];
  const f = features("A brave pirate sails.", "A brave knight sails.", (a, b) => {
    calls.push(`${a}/${b}`);
    return 0.9;
  });
  assert.equal(f.similarity_min, 0.9);
  assert.equal(f.low_similarity, 0);
  assert.deepEqual(calls.sort(), ["knight/pirate", "pirate/knight"]);
  assert.equal(features("A brave pirate sails.", "A brave knight sails.").similarity_min, 0);
});

Deno.test("pair scorer: the committed weights load, score and keep the verifier's vetoes in the hybrid", async () => {
  const scorer = await PairScorer.load();
  assert.equal(scorer.data.usesSimilarity, false);
  assert.ok(scorer.data.threshold > 0 && scorer.data.threshold < 1);
  const score = (a: string, b: string) => scorer.score(pairFeatures(a, b, lexicon).values);
  const paraphrase = score(
    "Could you tell me a story about a brave knight?",
    "Write a story about a brave knight.",
  );
  const negation = score(
    "Write a story about a knight who does not win.",
    "Write a story about a knight who wins.",
  );
  assert.ok(paraphrase >= scorer.data.threshold, `paraphrase scored ${paraphrase}`);
  assert.ok(negation < scorer.data.threshold, `negation scored ${negation}`);
  const vetoed = pairFeatures("A fox does not find a key.", "A fox finds a key.", lexicon);
  assert.equal(hybridAccepts(vetoed, 1, scorer.data.hybridThreshold), false);
  const aside = pairFeatures("A fox finds a key. Make it funny.", "A fox finds a key.", lexicon);
  assert.equal(aside.explanation.rule, "unmatched");
  assert.equal(hybridAccepts(aside, 1, 0.5), true);
  assert.equal(hybridAccepts(aside, 0.49, 0.5), false);
  const swapped = pairFeatures("The tall cat chased the dog.", "The dog chased the cat.", lexicon);
  assert.equal(hybridAccepts(swapped, 1, 0.5), false);
});

Deno.test("pair scorer: weights of another feature set, or not numbers, are refused with the cause", async () => {
  const data = JSON.parse(
    await Deno.readTextFile(new URL("../models/pair-scorer/weights.json", import.meta.url)),
  ) as PairScorerWeights;
  assert.throws(() => new PairScorer({ ...data, features: data.features.slice(1) }), /other features/);
  assert.throws(() => new PairScorer({ ...data, weights: [...data.weights.slice(1), NaN] }), /finite/);
  assert.throws(() => new PairScorer({ ...data, version: 2 as 1 }), /unsupported pair-scorer format/);
  await assert.rejects(PairScorer.load("/nonexistent/weights.json"), /cannot read pair-scorer weights/);
  const scorer = new PairScorer(data);
  assert.throws(() => scorer.score([1, 2]), /expected 23 features, got 2/);
});

Deno.test("pair generator: seeded, balanced, and the validation part uses words training never saw", async () => {
  const data = JSON.parse(await Deno.readTextFile(DEFAULT_LEXICON_URL)) as LexiconData;
  const a = new PairGenerator(lexicon, data, "train", 7).pairs(200);
  const b = new PairGenerator(lexicon, data, "train", 7).pairs(200);
  assert.deepEqual(a, b);
  assert.equal(a.filter((p) => p.label === 1).length, 100);
  assert.ok(a.every((p) => p.a !== p.b));
  const validation = new PairGenerator(lexicon, data, "validation", 7).pairs(200);
  // "knight" is a training character (even position), "dragon" a validation one
  assert.ok(a.some((p) => /knight/.test(p.a)) && !a.some((p) => / dragon/.test(p.a)));
  assert.ok(validation.some((p) => / dragon/.test(p.a)) && !validation.some((p) => /knight/.test(p.a)));
});

async function run(args: string[], timeoutMs = 120_000) {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const out = await child.output().finally(() => clearTimeout(timer));
  const text = (x: Uint8Array) => new TextDecoder().decode(x);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("pair scorer tools: training never reads tests/data, and evaluation reports every dev set", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/weights.json`;
    const train = await run([
      "run",
      "--allow-read",
      "--deny-read=tests/data",
      `--allow-write=${dir}`,
      "--allow-env",
      "tools/pair-scorer/train.ts",
      "--pairs",
      "300",
      "--out",
      out,
    ]);
    assert.equal(train.code, 0, train.stderr);
    assert.match(train.stdout, /thresholds: learned [\d.]+, hybrid [\d.]+/);
    const weights = JSON.parse(await Deno.readTextFile(out)) as PairScorerWeights;
    new PairScorer(weights); // valid
    assert.equal(weights.recipe.trainPairs, 300);
    // the frozen hold-out split is never opened by the evaluation either
    const evaluation = await run([
      "run",
      "--allow-read",
      "--deny-read=tests/data/cache_eval_holdout54.txt,tests/data/cache_eval_holdout55.txt,tests/data/cache_eval_holdout56.txt,tests/data/cache_eval_holdout57.txt",
      "--allow-env",
      "tools/pair-scorer/eval-dev.ts",
      "--weights",
      out,
    ]);
    assert.equal(evaluation.code, 0, evaluation.stderr);
    for (const set of ["generated validation", "issue 13 dev", "issue 13 dev_extra", "issue 4 dev"]) {
      assert.match(evaluation.stdout, new RegExp(`### ${set}\\n`));
    }
    assert.match(evaluation.stdout, /\| \*\*wrong hits\*\* \| 180 \|/);
    const bad = await run(["run", "-A", "tools/pair-scorer/train.ts", "--pairs", "ten"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--pairs must be an integer ≥ 100.*\nusage: train\.ts/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
