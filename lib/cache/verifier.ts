/**
 * Retrieve-then-verify: the vector index proposes near prompts, and this verifier decides whether a cached
 * prompt asks for the same thing as the new one. Mean-pooled word vectors put "won a race" next to "lost a
 * race" (antonyms share contexts), so the decision is made on words: every content word on each side must have
 * a counterpart on the other (same word, same lemma or stem, WordNet synonym, or a close misspelling), and the
 * pair is rejected on WordNet antonyms, a difference in negation, in numbers, or in names, or when two matched
 * words trade places around a third ("the cat chased the dog" / "the dog chased the cat").
 */
import levenshtein from "damerau-levenshtein";
import { stemmer } from "stemmer";
import type { Lexicon } from "./lexicon.ts";
import { promptWords } from "./normalize.ts";

/** Outcome of a verification; `reason` says why a pair was rejected (for debug logs and tests). */
export interface Verdict {
  accepted: boolean;
  reason: string;
}

// Words that carry no request-specific meaning in a prompt: articles, auxiliaries, request framing ("write",
// "tell me", "please") and the story formula "once upon a time". Prepositions of place and pronouns are NOT
// here: "on the roof" / "under the roof" and "he" / "she" change the answer.
const IGNORED = new Set(
  ("a an the of to for about with by from upon at as and that which who whom whose this these those there here " +
    "it its some any very really just so then is are was were be been being am do does did has have had " +
    "please kindly write tell compose generate create narrate give me us you i my your his her their our " +
    "can could would will shall should may might want once called named").split(" "),
);
// Content words everywhere except where they frame the request: "a short story", "a little tale", "write a
// story about" (see isFraming).
const FRAMING_ONLY = new Set(["short", "little", "story", "tale"]);

const NEGATIONS = new Set([
  "not",
  "no",
  "never",
  "nobody",
  "nothing",
  "none",
  "neither",
  "nor",
  "without",
  "nowhere",
]);

const ORDINAL_DIGITS = /^(\d+)(st|nd|rd|th)$/;

// Story-opening formulas say the same thing; each becomes one marker word so "Long ago, a fox…" matches
// "Once upon a time, a fox…" and the "time" of one formula is not left unmatched.
const STORY_OPENINGS = ["once upon a time", "a long time ago", "long long ago", "long ago"].map((p) =>
  p.split(" ")
);
const OPENING_MARKER = "once-upon-a-time";

function replaceOpenings(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const opening = STORY_OPENINGS.find((phrase) => phrase.every((w, k) => words[i + k] === w));
    if (opening) {
      out.push(OPENING_MARKER);
      i += opening.length - 1;
    } else out.push(words[i]);
  }
  return out;
}

interface PromptAnalysis {
  content: string[];
  negations: number;
  numbers: string[];
}

function analyse(text: string, lexicon: Lexicon): PromptAnalysis {
  const words = replaceOpenings(promptWords(text, lexicon.spelling));
  const content: string[] = [];
  const numbers: string[] = [];
  let negations = 0;
  let pendingCardinal: number | undefined;
  const flushCardinal = () => {
    if (pendingCardinal !== undefined) numbers.push(`#${pendingCardinal}`);
    pendingCardinal = undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const cardinal = /^\d+$/.test(word) ? Number(word) : lexicon.cardinal(word);
    if (cardinal !== undefined) {
      // "twenty one" is one number (21) and "three hundred" too (300).
      if (pendingCardinal !== undefined && cardinal >= 100) pendingCardinal *= cardinal;
      else if (pendingCardinal !== undefined && pendingCardinal % 10 === 0 && cardinal < 10) {
        pendingCardinal += cardinal;
      } else {
        flushCardinal();
        pendingCardinal = cardinal;
      }
      continue;
    }
    flushCardinal();
    const ordinalDigits = ORDINAL_DIGITS.exec(word);
    const ordinal = ordinalDigits ? Number(ordinalDigits[1]) : lexicon.ordinal(word);
    if (ordinal !== undefined) numbers.push(`th${ordinal}`);
    else if (NEGATIONS.has(word)) negations++;
    else if (FRAMING_ONLY.has(word) && isFraming(words, i)) continue;
    else if (!IGNORED.has(word)) content.push(word);
  }
  flushCardinal();
  return { content, negations, numbers: numbers.sort() };
}

/** "short"/"little" right before "story"/"tale", and "story"/"tale" in the first words after "write"/"tell". */
function isFraming(words: string[], i: number): boolean {
  if (words[i] === "story" || words[i] === "tale") {
    return i <= 6 && words.slice(0, i).some((w) => w === "write" || w === "tell");
  }
  return words[i + 1] === "story" || words[i + 1] === "tale";
}

type MatchKind = "same" | "lemma" | "synonym" | "spelling";

function maxTypoDistance(a: string, b: string): number {
  if (Math.min(a.length, b.length) < 3) return 0;
  return Math.max(a.length, b.length) >= 8 ? 2 : 1;
}

/** How word a can stand for word b, or undefined when it cannot. */
export function matchWords(a: string, b: string, lexicon: Lexicon): MatchKind | undefined {
  if (a === b) return "same";
  const knownA = lexicon.isKnown(a);
  const knownB = lexicon.isKnown(b);
  // A name is never a misspelling: Mia / Mila are two people, even when only one is in the name list.
  // Words that are also dictionary words (rose / lily) go on to the word rules below.
  if ((lexicon.names.has(a) || lexicon.names.has(b)) && !(knownA && knownB)) return undefined;
  if (knownA && knownB) {
    const lemmasB = new Set(lexicon.lemmasOf(b));
    if (lexicon.lemmasOf(a).some((l) => lemmasB.has(l))) return "lemma";
    if (lexicon.areSynonyms(a, b)) return "synonym";
    return undefined; // two different dictionary words are never "typos" of each other (cat / cart)
  }
  if (stemmer(a) === stemmer(b)) return "lemma";
  const steps = levenshtein(a, b).steps as number;
  return steps <= maxTypoDistance(a, b) ? "spelling" : undefined;
}

/**
 * For each word of `from`, the position of its counterpart in `to` (or the first word without one). Repeated
 * words take the next occurrence after the previous match, so an unchanged prompt maps to increasing positions.
 */
function findMatches(from: string[], to: string[], lexicon: Lexicon): number[] | string {
  const occurrences = new Map<string, number[]>();
  to.forEach((word, at) => occurrences.set(word, [...occurrences.get(word) ?? [], at]));
  const positions: number[] = [];
  let previous = -1;
  for (const word of from) {
    const exact = occurrences.get(word);
    let at = exact ? (exact.find((p) => p > previous) ?? exact[0]) : -1;
    if (at < 0) {
      // Nearest counterpart after the previous match first, then anywhere: same order-keeping preference.
      const after = to.findIndex((candidate, p) => p > previous && matchWords(word, candidate, lexicon));
      at = after >= 0 ? after : to.findIndex((candidate) => matchWords(word, candidate, lexicon));
    }
    if (at < 0) return word;
    positions.push(at);
    previous = at;
  }
  return positions;
}

/**
 * Two matched words that appear in opposite order with a third matched word between them on both sides mean
 * the roles were swapped; moving a whole phrase ("once upon a time" to the end) does not trigger this. The inner
 * scan only runs for inverted pairs, which a paraphrase has few of.
 */
function rolesSwapped(positions: number[]): boolean {
  for (let i = 0; i < positions.length; i++) {
    for (let k = i + 2; k < positions.length; k++) {
      if (positions[i] <= positions[k]) continue;
      for (let j = i + 1; j < k; j++) {
        if (positions[j] < positions[i] && positions[j] > positions[k]) return true;
      }
    }
  }
  return false;
}

/** Decides whether the cached prompt asks for the same thing as the new prompt. */
export function verifySamePrompt(prompt: string, cachedPrompt: string, lexicon: Lexicon): Verdict {
  const a = analyse(prompt, lexicon);
  const b = analyse(cachedPrompt, lexicon);
  if (a.negations % 2 !== b.negations % 2) return { accepted: false, reason: "negation differs" };
  if (a.numbers.join(" ") !== b.numbers.join(" ")) return { accepted: false, reason: "numbers differ" };
  // An antonym across the sides only counts when the word has no counterpart on its own side other than its
  // antonym: "a lost puppy found its way" has both words on both sides, "small … big" / "little … large" has a
  // synonym for each; but "her mother" / "her father" must not count father ~ mother (they share a rare verb
  // sense, "to beget") as the counterpart.
  const sets = new Map([[a.content, new Set(a.content)], [b.content, new Set(b.content)]]);
  const onSide = (word: string, side: string[], antonym: string) =>
    (word !== antonym && sets.get(side)!.has(word)) ||
    side.some((w) => w !== antonym && matchWords(word, w, lexicon) !== undefined);
  // Index one side's antonyms by lemma so long prompts cost a pass over each side, not every pair of words.
  const antonymOf = new Map<string, string[]>();
  for (const x of new Set(a.content)) {
    for (const lemma of lexicon.antonymLemmas(x)) antonymOf.set(lemma, [...antonymOf.get(lemma) ?? [], x]);
  }
  for (const y of new Set(b.content)) {
    for (const lemma of lexicon.lemmasOf(y)) {
      for (const x of antonymOf.get(lemma) ?? []) {
        if (x !== y && !onSide(y, a.content, x) && !onSide(x, b.content, y)) {
          return { accepted: false, reason: `antonyms ${x}/${y}` };
        }
      }
    }
  }
  const forward = findMatches(a.content, b.content, lexicon);
  if (typeof forward === "string") return { accepted: false, reason: `no match for "${forward}"` };
  const backward = findMatches(b.content, a.content, lexicon);
  if (typeof backward === "string") return { accepted: false, reason: `no match for "${backward}"` };
  if (rolesSwapped(forward)) return { accepted: false, reason: "word order changes roles" };
  return { accepted: true, reason: "every content word matched" };
}
