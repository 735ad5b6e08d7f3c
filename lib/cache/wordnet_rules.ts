/**
 * How the verifier reads WordNet (lib/cache/lexicon.ts): the layout of the bundled lexicon.json, morphy's
 * suffix rules, and the corrections to WordNet's synonymy that story requests need (familiar names that may go
 * up the is-a tree, synset members a request tells apart, ages, sizes and units of time that are never each
 * other).
 */

/** The JSON layout written by tools/embed-model/wordnet.py. */
export interface LexiconData {
  format: "ailb-lexicon";
  version: number;
  source: string;
  lemmas: Record<string, number[]>;
  /** One character per synset: n(oun), v(erb), a(djective), r (adverb). */
  synset_pos: string;
  similar: Record<string, number[]>;
  hypernyms: Record<string, number[]>;
  /** Lemmas WordNet only writes capitalised: proper names, not dictionary words. */
  proper: string[];
  antonyms: Record<string, string[]>;
  exceptions: Record<"noun" | "verb" | "adj" | "adv", Record<string, string[]>>;
  numbers: { cardinal: Record<string, number>; ordinal: Record<string, number> };
  names: string[];
  spelling: Record<string, string>;
  /** How many multi-word lemmas ("run_away", "at_last") `lemmas` holds (tools/embed-model/lexicon_extras.py). */
  phrase_count?: number;
  /** Verb senses left out of `lemmas` as infrequent; only their is-a parents are used ("devour" → "eat"). */
  rare_verb_senses?: Record<string, number[]>;
  /** Infrequent noun, adjective and adverb senses (tools/embed-model/lexicon_extras.py). */
  rare_senses?: Record<string, number[]>;
}

/** A WordNet part of speech: n(oun), v(erb), a(djective), r (adverb). */
export type Pos = "n" | "v" | "a" | "r";
export const POS_OF_TABLE: Record<string, Pos> = { noun: "n", verb: "v", adj: "a", adv: "r" };

// WordNet's detachment rules (what morphy tries after the exception lists), per part of speech: the base form
// must exist with that part of speech, so "famer" is not read as the adjective form of the noun "fame".
export const SUFFIX_RULES: ReadonlyArray<readonly [Pos, string, string]> = [
  ["n", "s", ""],
  ["n", "ses", "s"],
  ["n", "xes", "x"],
  ["n", "zes", "z"],
  ["n", "ches", "ch"],
  ["n", "shes", "sh"],
  ["n", "men", "man"],
  ["n", "ies", "y"],
  ["v", "s", ""],
  ["v", "ies", "y"],
  ["v", "es", "e"],
  ["v", "es", ""],
  ["v", "ed", "e"],
  ["v", "ed", ""],
  ["v", "ing", "e"],
  ["v", "ing", ""],
  ["a", "er", ""],
  ["a", "est", ""],
  ["a", "er", "e"],
  ["a", "est", "e"],
];

/**
 * Words whose noun synset WordNet files as a kind of its parent although they are a familiar name for it:
 * "dad" is a father, "mom" a mother, "buddy" a friend, "bunny" a rabbit, "doggy" a dog, "lady" a woman. Only these nouns go up
 * the is-a tree (each synset is found by one of its lemmas; "mom" brings "mum", "mama", "ma").
 */
export const FAMILIAR_NAMES: readonly string[] = ["dad", "mom", "buddy", "bunny", "doggy", "lady"];

/**
 * Pairs WordNet puts in one synset that a story request tells apart: its "frog" synset also holds "toad", its
 * second sense of "cat" is "guy", and its dwarf is a gnome.
 */
// (and a household is not the house it lives in: "a second family" / "a second house")
export const NOT_SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ["frog", "toad"],
  ["hedgehog", "porcupine"],
  ["cat", "guy"],
  ["dwarf", "gnome"],
  ["family", "house"],
  ["family", "home"],
  ["astronaut", "cosmonaut"],
  // animals of one kind that a request names apart ("a lost moose calf" / "a lost elk calf")
  ["moose", "elk"],
  ["hare", "rabbit"],
  // (slang for money, both: the vegetables stay two vegetables)
  ["cabbage", "lettuce"],
  // (a post, both: "the principal's parking spot" is no office)
  ["spot", "office"],
];

// Ages and sizes that tell two people apart ("old man" / "young man", "little brother" / "big brother").
export const AGE_AND_SIZE = new Set([
  "old",
  "young",
  "elderly",
  "older",
  "younger",
  "elder",
  "little",
  "big",
  "small",
]);

// Units of time are never each other ("ten days" / "ten years" share WordNet's "the time of a life").
export const TIME_UNITS = new Set([
  "second",
  "minute",
  "hour",
  "day",
  "night",
  "week",
  "month",
  "year",
  "decade",
  "century",
]);
