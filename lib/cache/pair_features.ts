/**
 * A small numeric description of a prompt pair for a learned pair scorer (issue 13's experiment; the cache does
 * not use it to decide). It reads the verifier's explanation (which rule decided, negations, numbers, time) and
 * aligns every content word of each side, not only up to the first unmatched one as the verifier does, so
 * that "one adjective left unmatched" and "two nouns swapped for others" look different. The optional word
 * similarity (cosine of the embedding's word vectors) says how close the unmatched words are to the other
 * side's.
 *
 * Deterministic and cheap: two analyses, matchWords calls (memoised by the verifier) and a few set lookups.
 */
import { analysePrompt, type Analysis, GENRES } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { nominalPositions } from "./readings.ts";
import { readRoles } from "./roles.ts";
import { explainPair, type Explanation, type MatchKind, matchWords } from "./verifier.ts";

/** Names of the features, in the order of {@link PairFeatures.values}. */
export const FEATURE_NAMES = [
  // (how many words matched as the same word or lemma is left out: it is 1 minus the others)
  "synonym", // fraction of content words (both sides) whose counterpart is a synonym

  "spelling",
  "compound",
  "unmatched", // fraction of content words with no counterpart
  "unmatched_count", // unmatched words on both sides, capped at 4
  "substitutions", // min(unmatched new, unmatched cached): words replaced by others
  "additions", // |unmatched new - unmatched cached|: words added or dropped
  "unmatched_noun", // unmatched words that can only be nouns (a thing or creature swapped)
  "unmatched_adjective",
  "unmatched_verb", // unmatched words that can be verbs but not nouns
  "unmatched_name",
  "unmatched_unknown", // unmatched words the lexicon does not know (far misspellings, rare words)
  "unmatched_aside", // unmatched words in a clause where no content word matched ("Make it fun.")
  "similarity_min", // lowest best similarity of an unmatched word to the other side (1 when none)
  "similarity_mean",
  "low_similarity", // unmatched words whose best similarity is below 0.25
  "genre", // a genre word without a counterpart
  "negation", // negation parity differs
  "numbers",
  "time", // tense, modality or aspect differs
  "antonym", // the verifier's antonym rule, or unmatched words that are WordNet antonyms
  "roles", // the verifier's role/possession/place rules, or an agent aligned with the other's patient
  "length_difference", // |content new - content cached| / the larger
] as const;

/** One feature's name. */
export type FeatureName = typeof FEATURE_NAMES[number];

/** Cosine-like closeness of two words (from the embedding's word vectors); undefined when unknown. */
export type WordSimilarity = (a: string, b: string) => number | undefined;

/** A pair's features and the verifier's explanation they were read from. */
export interface PairFeatures {
  values: number[];
  explanation: Explanation;
  /** Unmatched content words of each side (for reports). */
  unmatched: { a: string[]; b: string[] };
}

const STRENGTH: Record<MatchKind, number> = { same: 5, lemma: 4, compound: 3, synonym: 2, spelling: 1 };
const KINDS: MatchKind[] = ["same", "lemma", "synonym", "spelling", "compound"];
const LOW_SIMILARITY = 0.25;

interface Aligned {
  /** content position in `from` → best counterpart position in `to` and how, or undefined. */
  match: Map<number, { at: number; how: MatchKind } | undefined>;
}

function align(from: Analysis, to: Analysis, lexicon: Lexicon): Aligned {
  const match = new Map<number, { at: number; how: MatchKind } | undefined>();
  const raw = (x: Analysis, i: number) => x.tokens[i].raw.replaceAll(" ", "") || "\u0000";
  const fromNominal = nominalPositions(from, lexicon);
  const toNominal = nominalPositions(to, lexicon);
  for (const i of from.content) {
    let best: { at: number; how: MatchKind } | undefined;
    for (const t of to.content) {
      const how = matchWords(
        from.tokens[i].word,
        to.tokens[t].word,
        lexicon,
        fromNominal.has(i),
        toNominal.has(t),
      );
      if (how && (!best || STRENGTH[how] > STRENGTH[best.how])) best = { at: t, how };
      if (best?.how === "same") break;
    }
    match.set(i, best);
  }
  // "light house" / "lighthouse": two adjacent words that spell one word of the other side
  const content = from.content;
  for (let k = 0; k + 1 < content.length; k++) {
    const [i, j] = [content[k], content[k + 1]];
    if (j !== i + 1 || (match.get(i) && match.get(j))) continue;
    const at = to.content.find((t) => raw(to, t) === raw(from, i) + raw(from, j));
    if (at !== undefined) {
      match.set(i, { at, how: "compound" });
      match.set(j, { at, how: "compound" });
    }
  }
  // and the other way round: one word of `from` spelt as two adjacent words of `to`
  for (let k = 0; k + 1 < to.content.length; k++) {
    const [t, u] = [to.content[k], to.content[k + 1]];
    if (u !== t + 1) continue;
    const i = content.find((f) => !match.get(f) && raw(from, f) === raw(to, t) + raw(to, u));
    if (i !== undefined) match.set(i, { at: t, how: "compound" });
  }
  return { match };
}

/** Clause number of each token (clauses are separated by boundary tokens). */
function clauses(analysis: Analysis): number[] {
  let clause = 0;
  return analysis.tokens.map((t) => t.tag === "boundary" ? clause++ : clause);
}

/** Unmatched words of `from` that sit in a clause where no content word matched. */
function asides(from: Analysis, aligned: Aligned): number {
  const clauseOf = clauses(from);
  const matchedClauses = new Set(from.content.filter((i) => aligned.match.get(i)).map((i) => clauseOf[i]));
  return from.content.filter((i) => !aligned.match.get(i) && !matchedClauses.has(clauseOf[i])).length;
}

/** True when some verb read in both prompts has the doer of one as the done-to of the other. */
function rolesSwapped(a: Analysis, b: Analysis, forward: Aligned, lexicon: Lexicon): boolean {
  const same = (x: number | undefined, y: number | undefined) =>
    x !== undefined && y !== undefined && forward.match.get(x)?.at === y;
  for (const ra of readRoles(a, lexicon)) {
    for (const rb of readRoles(b, lexicon)) {
      if (!same(ra.verb, rb.verb)) continue;
      // only a side that names both roles can swap them ("turns into a frog" / "is transformed into a frog")
      const complete = (ra.agent !== undefined && ra.patient !== undefined) ||
        (rb.agent !== undefined && rb.patient !== undefined);
      if (!complete) continue;
      if (same(ra.agent, rb.patient) && !same(ra.agent, rb.agent)) return true;
      if (same(ra.patient, rb.agent) && !same(ra.patient, rb.patient)) return true;
    }
  }
  return false;
}

const STRUCTURE_RULES = new Set(["roles", "possession", "place"]);

/**
 * The features of a pair: `prompt` is the new prompt, `cachedPrompt` the stored one (as in explainPair).
 * Without `similarity` the similarity features read as if every unmatched word were unrelated (0).
 */
export function pairFeatures(
  prompt: string,
  cachedPrompt: string,
  lexicon: Lexicon,
  similarity?: WordSimilarity,
): PairFeatures {
  const explanation = explainPair(prompt, cachedPrompt, lexicon);
  const a = analysePrompt(prompt, lexicon);
  const b = analysePrompt(cachedPrompt, lexicon);
  const forward = align(a, b, lexicon);
  const backward = align(b, a, lexicon);
  const total = Math.max(1, a.content.length + b.content.length);
  const kinds = new Map<MatchKind, number>(KINDS.map((k) => [k, 0]));
  for (const aligned of [forward, backward]) {
    for (const m of aligned.match.values()) if (m) kinds.set(m.how, kinds.get(m.how)! + 1);
  }
  const unmatchedA = a.content.filter((i) => !forward.match.get(i)).map((i) => a.tokens[i].word);
  const unmatchedB = b.content.filter((i) => !backward.match.get(i)).map((i) => b.tokens[i].word);
  const unmatched = [...unmatchedA, ...unmatchedB];
  const count = (test: (w: string) => boolean) => unmatched.filter(test).length;
  const isName = (w: string) => lexicon.names.has(w) && !lexicon.isKnown(w);
  // each unmatched word's closest word on the other side: its unmatched words if any, else all its words
  const others = (own: string[], other: string[], otherAll: string[]) =>
    own.map((w) => {
      const pool = other.length > 0 ? other : otherAll;
      return Math.max(0, ...pool.map((x) => similarity?.(w, x) ?? 0));
    });
  const contentWords = (x: Analysis) => x.content.map((i) => x.tokens[i].word);
  const best = [
    ...others(unmatchedA, unmatchedB, contentWords(b)),
    ...others(unmatchedB, unmatchedA, contentWords(a)),
  ];
  const antonym = explanation.rule === "antonym" ||
    unmatchedA.some((x) => unmatchedB.some((y) => lexicon.areAntonyms(x, y)));
  const aspectClash = a.aspect !== b.aspect && (a.aspect === "ongoing" || b.aspect === "ongoing") &&
    (a.aspect === "past" || b.aspect === "past");
  const feature: Record<FeatureName, number> = {
    synonym: kinds.get("synonym")! / total,
    spelling: kinds.get("spelling")! / total,
    compound: kinds.get("compound")! / total,
    unmatched: unmatched.length / total,
    unmatched_count: Math.min(4, unmatched.length),
    substitutions: Math.min(unmatchedA.length, unmatchedB.length),
    additions: Math.abs(unmatchedA.length - unmatchedB.length),
    unmatched_noun: count((w) => lexicon.canBe(w, "n") && !lexicon.canBe(w, "a") && !lexicon.canBe(w, "v")),
    unmatched_adjective: count((w) => lexicon.canBe(w, "a")),
    unmatched_verb: count((w) => lexicon.canBe(w, "v") && !lexicon.canBe(w, "n")),
    unmatched_name: count(isName),
    // (a word of letters only: not a phrase or a marker such as "once-upon-a-time")
    unmatched_unknown: count((w) => /^[a-z]+$/.test(w) && !lexicon.isKnown(w) && !isName(w)),
    unmatched_aside: asides(a, forward) + asides(b, backward),
    similarity_min: best.length === 0 ? 1 : Math.min(...best),
    similarity_mean: best.length === 0 ? 1 : best.reduce((s, x) => s + x, 0) / best.length,
    low_similarity: best.filter((x) => x < LOW_SIMILARITY).length,
    genre: explanation.rule === "genre" || unmatched.some((w) => GENRES.has(w)) ? 1 : 0,
    negation: a.negations % 2 !== b.negations % 2 ? 1 : 0,
    numbers: a.numbers.join(" ") !== b.numbers.join(" ") ? 1 : 0,
    time: a.time.join(" ") !== b.time.join(" ") || aspectClash ? 1 : 0,
    antonym: antonym ? 1 : 0,
    roles: STRUCTURE_RULES.has(explanation.rule) || rolesSwapped(a, b, forward, lexicon) ? 1 : 0,
    length_difference: Math.abs(a.content.length - b.content.length) /
      Math.max(1, a.content.length, b.content.length),
  };
  return {
    values: FEATURE_NAMES.map((name) => feature[name]),
    explanation,
    unmatched: { a: unmatchedA, b: unmatchedB },
  };
}
