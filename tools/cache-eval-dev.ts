/**
 * The verifier alone on the DEV files of the semantic-cache evaluation set (bench/eval_set.ts loadDevSets):
 * hits, wrong hits, per kind, and every wrong hit (with `--misses`, every missed paraphrase) with the rule that
 * decided. For iterating on rules in half a second; it never reads the hold-out split (`deno task bench cache`
 * reports that, with embeddings).
 *
 *   deno run -A tools/cache-eval-dev.ts [--misses] [--kinds]
 *
 * Without the embedding this counts a pair the cosine threshold would keep out as a hit; at the default
 * threshold (0.75) no dev pair is below it.
 */
import { loadDevSets } from "../bench/eval_set.ts";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { normalizePrompt } from "../lib/cache/normalize.ts";
import { explainPair } from "../lib/cache/verifier.ts";

const showMisses = Deno.args.includes("--misses");
const showKinds = Deno.args.includes("--kinds");
const lexicon = await Lexicon.load();
for (const [name, pairs] of await loadDevSets()) {
  const perKind = new Map<string, { hit: number; all: number }>();
  let hits = 0, paraphrases = 0, wrong = 0, negatives = 0;
  for (const p of pairs) {
    // the cached prompt is the group's base (a); the new prompt is the variant (b), as in bench/cache.ts
    const e = explainPair(p.b, p.a, lexicon);
    const hit = e.accepted ||
      normalizePrompt(p.b, lexicon.spelling) === normalizePrompt(p.a, lexicon.spelling);
    const kind = `${p.label}:${p.kind}`;
    const count = perKind.get(kind) ?? { hit: 0, all: 0 };
    count.all++;
    if (hit) count.hit++;
    perKind.set(kind, count);
    const why = `"${p.a}" / "${p.b}" (${e.rule}: ${e.reason})`;
    if (p.label === "paraphrase") {
      paraphrases++;
      if (hit) hits++;
      else if (showMisses) console.log(`  miss ${p.kind}: ${why}`);
    } else {
      negatives++;
      if (hit) {
        wrong++;
        console.log(`  WRONG ${p.kind}: ${why}`);
      }
    }
  }
  const pct = (x: number, n: number) => `${x}/${n} = ${(100 * x / n).toFixed(1)}%`;
  console.log(`${name}: paraphrases hit ${pct(hits, paraphrases)}, wrong hits ${pct(wrong, negatives)}`);
  if (showKinds) { for (const [k, c] of [...perKind].sort()) console.log(`  ${k} ${c.hit}/${c.all}`); }
}
