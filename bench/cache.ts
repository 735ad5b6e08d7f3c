/**
 * Semantic cache measurements (issues 4 and 13):
 * 1. hit rate on paraphrases and wrong-hit rate on hard negatives of the evaluation set
 *    (tests/data/cache_eval_*.txt, per kind, with each file's sha256) and of the older pairs
 *    (tests/data/cache_pairs.jsonl); threshold sweep with and without the verifier; the default threshold is
 *    chosen on the dev files and reported on the latest blind, frozen hold-out splits, pooled (REPORTED_SPLITS);
 * 2. lookup latency of the vector index at 1k / 10k / 100k entries, flat scan vs clustered (splitting IVF);
 * 3. embedding time per prompt and lookup time through the cache facade.
 */
import { createEmbedder, type Embedder } from "../lib/cache/embedder.ts";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { cosine, decide } from "../lib/cache/explain.ts";
import { DEFAULT_THRESHOLD, SemanticCache } from "../lib/cache/semantic_cache.ts";
import { CLUSTERED, FLAT, VectorIndex, type VectorIndexOptions } from "../lib/cache/vector_index.ts";
import { DEV_SPLITS, type EvalPair, freshPairs, loadEvalSplit, REPORTED_SPLITS } from "./eval_set.ts";
import { percentile, table } from "./stats.ts";
import { MEASURED_ONCE, REPORTED_NAME } from "./cache_eval_history.ts";
import { paraphrase, storyPrompts } from "./cache_prompts.ts";

interface ScoredPair extends EvalPair {
  exact: boolean;
  similarity: number;
  verified: boolean;
}

const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98];
/** The wrong-hit budget a threshold must keep on the dev split (issue 13: ≤ 1%). */
const MAX_WRONG = 0.01;

/** The older hand-written pairs (issue 4), kept as a second, smaller set. */
async function loadLegacyPairs(): Promise<EvalPair[]> {
  const text = await Deno.readTextFile(new URL("../tests/data/cache_pairs.jsonl", import.meta.url));
  return text.trim().split("\n").map((line) => JSON.parse(line) as EvalPair);
}

/** Scores every pair the way SemanticCache.lookup decides: exact key, else similarity + verifier. */
async function scorePairs(pairs: EvalPair[], embedder: Embedder, lexicon: Lexicon): Promise<ScoredPair[]> {
  const scored: ScoredPair[] = [];
  for (const pair of pairs) {
    const [a, b] = await embedder.embed([pair.a, pair.b]);
    // the cached prompt is the group's base (a); the new prompt is the variant (b)
    const d = decide(pair.b, pair.a, cosine(a, b), 1, lexicon);
    scored.push({
      ...pair,
      exact: d.kind === "exact",
      similarity: d.similarity,
      verified: d.verifier.accepted,
    });
  }
  return scored;
}

const hitAt = (threshold: number, verify: boolean) => (p: ScoredPair) =>
  p.exact || (p.similarity >= threshold && (!verify || p.verified));

function rates(pairs: ScoredPair[], threshold: number, verify: boolean) {
  const hit = hitAt(threshold, verify);
  const paraphrases = pairs.filter((p) => p.label === "paraphrase");
  const negatives = pairs.filter((p) => p.label === "negative");
  return {
    hits: paraphrases.filter(hit).length,
    paraphrases: paraphrases.length,
    wrong: negatives.filter(hit).length,
    negatives: negatives.length,
    hitRate: paraphrases.filter(hit).length / paraphrases.length,
    wrongRate: negatives.filter(hit).length / negatives.length,
  };
}

/**
 * The threshold with the most hits among those whose wrong-hit rate stays within MAX_WRONG; among equals the
 * highest, which keeps a margin for prompts unlike the labelled set.
 */
function chooseThreshold(pairs: ScoredPair[], verify: boolean): number | undefined {
  let best: number | undefined;
  let bestHits = -1;
  for (const t of THRESHOLDS) {
    const { hitRate, wrongRate } = rates(pairs, t, verify);
    if (wrongRate <= MAX_WRONG && hitRate >= bestHits) [best, bestHits] = [t, hitRate];
  }
  return best;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ratio = (r: ReturnType<typeof rates>) => [
  `${r.hits}/${r.paraphrases} = ${pct(r.hitRate)}`,
  `${r.wrong}/${r.negatives} = ${pct(r.wrongRate)}`,
];

async function thresholdSection(embedder: Embedder, lexicon: Lexicon): Promise<string> {
  const reported = await Promise.all(REPORTED_SPLITS.map(loadEvalSplit));
  // (without a group whose base an earlier split already had: bench/eval_set.ts REPEATED_BASES)
  const perSplit: ScoredPair[][] = [];
  for (const name of REPORTED_SPLITS) {
    perSplit.push(await scorePairs(await freshPairs(name), embedder, lexicon));
  }
  const holdout = perSplit.flat();
  const devFiles = [];
  for (const [name, what] of DEV_SPLITS) {
    const split = await loadEvalSplit(name);
    devFiles.push({ split, what, scored: await scorePairs(split.pairs, embedder, lexicon) });
  }
  const legacy = await scorePairs(await loadLegacyPairs(), embedder, lexicon);
  const allDev = devFiles.flatMap((f) => f.scored);
  const t = DEFAULT_THRESHOLD;
  const chosen = chooseThreshold(allDev, true);
  const chosenWithout = chooseThreshold(allDev, false);
  const summary = [
    [
      `**${REPORTED_NAME}**, pooled (written blind, frozen; evaluated once: below)`,
      ...ratio(rates(holdout, t, true)),
    ],
    ...REPORTED_SPLITS.map((name, k) => [`${name} (reported)`, ...ratio(rates(perSplit[k], t, true))]),
    ...devFiles.map((f) => [f.what, ...ratio(rates(f.scored, t, true))]),
    ["issue 4 pairs, dev", ...ratio(rates(legacy.filter((p) => p.split === "dev"), t, true))],
    ["issue 4 pairs, test", ...ratio(rates(legacy.filter((p) => p.split === "test"), t, true))],
  ];
  const kinds = [...new Set([...allDev, ...holdout].map((p) => `${p.label}:${p.kind}`))].sort();
  const kindRows = kinds.map((k) => {
    const cell = (pairs: ScoredPair[]) => {
      const group = pairs.filter((p) => `${p.label}:${p.kind}` === k);
      return `${group.filter(hitAt(t, true)).length}/${group.length}`;
    };
    const all = [...allDev, ...holdout].filter((p) => `${p.label}:${p.kind}` === k);
    const mean = all.reduce((sum, p) => sum + p.similarity, 0) / all.length;
    return [k, cell(allDev), cell(holdout), mean.toFixed(3)];
  });
  const sweep = THRESHOLDS.map((x) => {
    const withV = rates(holdout, x, true), without = rates(holdout, x, false);
    return [
      x.toFixed(2),
      pct(without.hitRate),
      pct(without.wrongRate),
      pct(withV.hitRate),
      pct(withV.wrongRate),
    ];
  });
  const describe = (x: number | undefined, verify: boolean) => {
    if (x === undefined) return `no threshold in the sweep keeps wrong hits ≤ ${pct(MAX_WRONG)} on dev`;
    const r = rates(holdout, x, verify);
    return `${x.toFixed(2)} → ${REPORTED_NAME}: ${pct(r.hitRate)} of paraphrases hit, ${
      pct(r.wrongRate)
    } wrong hits`;
  };
  const file = (split: { file: string; sha256: string; pairs: EvalPair[] }, what: string) =>
    `- \`${split.file}\` (${split.pairs.length} pairs; ${what}) sha256 \`${split.sha256}\``;
  return [
    `Evaluation set of issue 13: hand-written story-prompt pairs in groups (a base prompt, its paraphrases and` +
    ` hard negatives), stratified by kind. The **${REPORTED_NAME}** were written blind by helper sessions (two` +
    ` a split) that read no cache code or evaluation data, frozen on arrival, and evaluated once with the final` +
    ` verifier; pooled, they are what the issue's targets are measured on. Every other file is dev: rules were` +
    ` written while reading it.`,
    "",
    ...reported.map((split) =>
      file(split, `reported: frozen, evaluated once on its fresh pairs with the final verifier`)
    ),
    ...devFiles.map((f) => file(f.split, f.what)),
    "",
    `A pair is a hit when the normalised texts are equal, or the cosine similarity is ≥ the threshold and the` +
    ` verifier accepts — what \`SemanticCache.lookup\` does for a candidate. At the default threshold` +
    ` (\`DEFAULT_THRESHOLD\` = ${t}):`,
    "",
    table(["set", "paraphrases hit", "wrong hits on hard negatives"], summary),
    "",
    MEASURED_ONCE,
    "",
    `Per kind at ${t} (hits / pairs; all dev files together, and the ${REPORTED_NAME}; the mean cosine shows why a` +
    ` threshold alone cannot decide):`,
    "",
    table(["label:kind", "dev", REPORTED_NAME, "mean cosine"], kindRows),
    "",
    `Threshold sweep on the **${REPORTED_NAME}**, pooled:`,
    "",
    table([
      "threshold",
      "hit rate (no verifier)",
      "wrong hits (no verifier)",
      "hit rate (verifier)",
      "wrong hits (verifier)",
    ], sweep),
    "",
    `- Chosen on all dev files by the rule "most hits with ≤ ${
      pct(MAX_WRONG)
    } wrong, the highest among equals", with the` +
    ` verifier: ${describe(chosen, true)}`,
    `- Without the verifier the same rule would pick: ${describe(chosenWithout, false)}`,
  ].join("\n");
}

async function embedMany(embedder: Embedder, prompts: string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < prompts.length; i += 32) out.push(...await embedder.embed(prompts.slice(i, i + 32)));
  return out;
}

async function indexSection(embedder: Embedder): Promise<string> {
  const sizes = [1_000, 10_000, 100_000];
  const unique = new Set<string>();
  for (const prompt of storyPrompts(1)) {
    unique.add(prompt);
    if (unique.size === sizes[sizes.length - 1]) break;
  }
  const prompts = [...unique];
  const started = performance.now();
  const vectors = await embedMany(embedder, prompts);
  const embedSeconds = (performance.now() - started) / 1000;
  // Queries: paraphrases of stored prompts (from the first 1,000, so they are stored at every size).
  const sources = prompts.slice(0, 1_000).map((prompt, id) => ({ id, query: paraphrase(prompt) }))
    .filter((s) => s.query !== prompts[s.id]).slice(0, 300);
  const queries = await embedMany(embedder, sources.map((s) => s.query));
  const rows: string[][] = [];
  for (const size of sizes) {
    const configs: Array<[string, VectorIndexOptions]> = [["flat", FLAT], ["clustered (default)", CLUSTERED]];
    if (size === sizes[sizes.length - 1]) {
      // the alternatives the default was chosen against, at the size where they differ
      configs.push(["clustered 512/12", { maxListSize: 512, probes: 12 }]);
      configs.push(["clustered 1024/20", { maxListSize: 1024, probes: 20 }]);
    }
    for (const [name, options] of configs) {
      const index = new VectorIndex(embedder.dim, options);
      const buildStart = performance.now();
      for (let id = 0; id < size; id++) index.add(id, vectors[id]);
      const buildMs = performance.now() - buildStart;
      const times: number[] = [];
      const top: number[][] = [];
      for (const query of queries) {
        const t = performance.now();
        top.push(index.search(query, 5).map((n) => n.id));
        times.push(performance.now() - t);
      }
      const recall = top.filter((ids, q) => ids.includes(sources[q].id)).length / top.length;
      rows.push([
        size.toLocaleString("en"),
        name,
        percentile(times, 50).toFixed(2),
        percentile(times, 99).toFixed(2),
        recall.toFixed(3),
        String(index.listCount),
        (index.bytes / 1e6).toFixed(1),
        (buildMs / size * 1000).toFixed(1),
      ]);
    }
  }
  return [
    `Vectors: ${
      prompts.length.toLocaleString("en")
    } distinct generated story prompts embedded with the bundled` +
    ` model (${
      embedSeconds.toFixed(1)
    } s in batches of 32). Queries: ${sources.length} paraphrases of stored` +
    ` prompts (synonyms swapped), top 5; recall@5 = the paraphrased entry is among them. Clustered: lists split at` +
    ` ${CLUSTERED.maxListSize} vectors, ${CLUSTERED.probes} lists scanned per lookup; the alternatives are named` +
    " max list size / probes.",
    "",
    table(["entries", "index", "p50 ms", "p99 ms", "recall@5", "lists", "MB", "insert µs/entry"], rows),
  ].join("\n");
}

/** A prompt that differs from a stored one in its main character: near in cosine, rejected by the verifier. */
const otherCharacter = (prompt: string) =>
  prompt.replace(/ (girl|boy|dragon|knight|fox|rabbit|wizard|princess|robot|bear|farmer|owl) /, " pirate ");

async function embeddingSection(embedder: Embedder): Promise<string> {
  const generator = storyPrompts(7);
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const prompt = generator.next().value as string;
    const t = performance.now();
    await embedder.embed([prompt]);
    times.push(performance.now() - t);
  }
  const row = (name: string, values: number[]) => [
    name,
    percentile(values, 50).toFixed(2),
    percentile(values, 99).toFixed(2),
  ];
  const rows = [row("embed one prompt", times)];
  for (const size of [2_000, 100_000]) {
    const cache = await SemanticCache.create({ log: () => {}, capacity: size });
    const unique = new Set<string>();
    for (const prompt of storyPrompts(size)) {
      unique.add(prompt);
      if (unique.size === size) break;
    }
    const stored = [...unique];
    for (const prompt of stored) {
      await cache.store("bench", prompt, { text: "answer", tokens: 1, backend: "b" });
    }
    const timed = async (prompts: string[]) => {
      const out: number[] = [];
      for (const prompt of prompts) {
        const t = performance.now();
        await cache.lookup("bench", prompt);
        out.push(performance.now() - t);
      }
      return out;
    };
    const n = size.toLocaleString("en");
    const exact = await timed(stored.slice(0, 300).map((p) => p.toUpperCase()));
    const semanticQueries = stored.map(paraphrase).filter((p, i) => p !== stored[i]).slice(0, 300);
    const before = cache.stats();
    const semantic = await timed(semanticQueries);
    const semanticHits = cache.stats().semantic_hits - before.semantic_hits;
    const negatives = stored.slice(0, 600).map(otherCharacter).filter((p) => !unique.has(p)).slice(0, 300);
    const negativeBefore = cache.stats().hits;
    const near = await timed(negatives);
    const negativeHits = cache.stats().hits - negativeBefore;
    const misses = await timed(
      Array.from({ length: 300 }, (_, i) => `Explain topic number ${i} of chemistry in detail`),
    );
    await cache.close();
    rows.push(
      row(`${n} entries: exact hit`, exact),
      row(
        `${n} entries: paraphrase (embed + search + verify; ${semanticHits}/${semanticQueries.length} hit)`,
        semantic,
      ),
      row(
        `${n} entries: other character (candidates verified and rejected; ${negativeHits}/${negatives.length} hit)`,
        near,
      ),
      row(`${n} entries: unrelated prompt, miss (embed + search)`, misses),
    );
  }
  return [
    "Single prompts, one call each, through `SemanticCache.lookup` (transformers.js feature-extraction," +
    " onnxruntime-node, this 2-core machine). Entries are distinct generated story prompts; the target of issue" +
    " 13 is a lookup under 2 ms p50 at 100,000 entries.",
    "",
    table(["operation", "p50 ms", "p99 ms"], rows),
  ].join("\n");
}

/** Runs one section and logs its duration to stderr (the run must stay within the bench budget). */
async function timedSection(name: string, section: () => Promise<string>): Promise<string> {
  const started = performance.now();
  const text = await section();
  console.error(`bench cache: ${name} section took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return text;
}

/** Runs all cache measurements and returns the markdown section for BENCHMARKS.md. */
export async function run(): Promise<string> {
  const embedder = await createEmbedder();
  const lexicon = await Lexicon.load();
  try {
    return [
      "## Semantic cache",
      "",
      "### Threshold and verifier",
      "",
      await timedSection("threshold", () => thresholdSection(embedder, lexicon)),
      "",
      "### Vector index lookup latency (excluding embedding)",
      "",
      await timedSection("index", () => indexSection(embedder)),
      "",
      "### Embedding and lookup",
      "",
      await timedSection("embedding", () => embeddingSection(embedder)),
      "",
    ].join("\n");
  } finally {
    await embedder.dispose();
  }
}

if (import.meta.main) console.log(await run());
