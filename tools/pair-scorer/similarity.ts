/**
 * Word similarity for the pair features: cosine of the bundled embedding's vectors of two words (a phrase
 * such as "run_away" is embedded as "run away"). Vectors are computed up front for every content word of the
 * given prompts, so the features stay synchronous.
 */
import { analysePrompt } from "../../lib/cache/analysis.ts";
import type { Embedder } from "../../lib/cache/embedder.ts";
import { cosine } from "../../lib/cache/explain.ts";
import type { Lexicon } from "../../lib/cache/lexicon.ts";
import type { WordSimilarity } from "../../lib/cache/pair_features.ts";

/** A similarity over the content words of `texts` (undefined for any other word). */
export async function wordSimilarity(
  embedder: Embedder,
  texts: Iterable<string>,
  lexicon: Lexicon,
): Promise<WordSimilarity> {
  const words = new Set<string>();
  for (const text of texts) {
    const analysis = analysePrompt(text, lexicon);
    for (const i of analysis.content) words.add(analysis.tokens[i].word);
  }
  const list = [...words];
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < list.length; i += 256) {
    const batch = list.slice(i, i + 256);
    const embedded = await embedder.embed(batch.map((w) => w.replaceAll("_", " ")));
    batch.forEach((w, k) => vectors.set(w, embedded[k]));
  }
  return (a, b) => {
    const x = vectors.get(a), y = vectors.get(b);
    return x && y ? cosine(x, y) : undefined;
  };
}
