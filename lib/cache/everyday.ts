/**
 * The hand-written everyday word lists bundled beside the lexicon (models/embed-static/): a thesaurus of words
 * any story request may swap ("solve" / "crack", "taxi" / "cab") and a list of everyday opposites that must
 * never pass for each other ("land" / "take off", "cheerful" / "gloomy"), both of which WordNet misses.
 * lib/cache/lexicon.ts reads them; these are their formats and parsers.
 */
import type { Pos } from "./lexicon.ts";

/** The everyday thesaurus, read from beside the lexicon when there (see parseEverydaySynonyms). */
export const EVERYDAY_FILE = "everyday_synonyms.txt";
/**
 * The everyday near-synonyms, read from beside the lexicon when there (see parseNearSynonyms): verbs, adjectives
 * and adverbs users swap in a request though a strict thesaurus would not ("discover" / "uncover", "slowly" /
 * "gradually").
 */
export const NEAR_FILE = "everyday_near_synonyms.txt";
/**
 * The everyday near nouns, read from beside the lexicon when there (see parseNearNouns): nouns users swap for the
 * same character, thing or place though a strict thesaurus keeps them apart ("hen" / "chicken", "envoy" /
 * "ambassador").
 */
export const NEAR_NOUNS_FILE = "everyday_near_nouns.txt";
/**
 * WordNet's pertainyms, read from beside the lexicon when there (see parsePertainyms): an adjective and the noun
 * it is "of" ("Tibetan" / "Tibet", "volcanic" / "volcano"), written by tools/embed-model/pertainyms.py.
 */
export const PERTAINYMS_FILE = "pertainyms.txt";
/** The everyday opposites, read from beside the lexicon when there (see parseEverydayOpposites). */
export const OPPOSITES_FILE = "everyday_opposites.txt";

// written as prompts are read: lowercase, punctuation a word break ("a.i." is "a i", "self-aware" two words), phrases joined
const asMember = (m: string) => m.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ").join("_");

/**
 * One group of the hand-written everyday thesaurus (models/embed-static/everyday_synonyms.txt): words and
 * phrases ("figure_out") that any story request may swap for one another, which WordNet does not link ("solve" /
 * "crack", "taxi" / "cab", "disappear" / "go missing").
 */
export interface EverydayGroup {
  pos: Pos;
  members: string[];
  /**
   * Whether a multi-word member is read as one word where a prompt says it (default true). The near-synonyms
   * do not join words: "argue over" read as one word would no longer match "argue" on the other side, so their
   * phrases count only where WordNet or the thesaurus already joins them.
   */
  joins?: boolean;
}

/**
 * Reads the everyday thesaurus: one group per line, `pos: word | phrase | word` (pos n, v, a or r), `#`
 * comments. Throws with the line number on a malformed line.
 */
export function parseEverydaySynonyms(text: string, source = "everyday synonyms"): EverydayGroup[] {
  const groups: EverydayGroup[] = [];
  for (const [n, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^([nvar])\s*:\s*(.+)$/.exec(line);
    const members = match?.[2].split("|").map(asMember);
    if (!match || !members || members.length < 2 || members.some((m) => m === "")) {
      throw new Error(`${source}:${n + 1}: expected "pos: word | word [| ...]" with pos n, v, a or r`);
    }
    groups.push({ pos: match[1] as Pos, members: [...new Set(members)] });
  }
  return groups;
}

/**
 * Reads the everyday near-synonyms: the thesaurus format (parseEverydaySynonyms), but no noun groups. A story
 * request that swaps one noun for a near one asks for another character, object or place ("a town" / "a
 * city"), so only verbs, adjectives and adverbs may be near. Throws with the line number on a noun group.
 */
export function parseNearSynonyms(text: string, source = "everyday near-synonyms"): EverydayGroup[] {
  const lines = text.split("\n");
  const noun = lines.findIndex((line) => /^n\s*:/.test(line.trim()));
  if (noun >= 0) {
    throw new Error(`${source}:${noun + 1}: near-synonym groups are verbs, adjectives or adverbs (v, a, r)`);
  }
  return parseEverydaySynonyms(text, source).map((group) => ({ ...group, joins: false }));
}

/**
 * Reads the everyday near nouns: the thesaurus format (parseEverydaySynonyms), noun groups only (the near-synonyms
 * of other parts of speech are parseNearSynonyms'). Their compounds are read as one word, as the thesaurus's are
 * ("tavern keeper" / "innkeeper"). Throws with the line number on a group of another part of speech.
 */
export function parseNearNouns(text: string, source = "everyday near nouns"): EverydayGroup[] {
  const lines = text.split("\n");
  const other = lines.findIndex((line) => /^[var]\s*:/.test(line.trim()));
  if (other >= 0) throw new Error(`${source}:${other + 1}: near-noun groups are nouns (n)`);
  return parseEverydaySynonyms(text, source);
}

/**
 * Reads the pertainyms: one pair a line, `a: adjective | noun` (`a: tibetan | tibet`), two words that may stand
 * for each other ("a young Tibetan monk" / "a young monk from Tibet"), `#` comments. Unlike the thesaurus's
 * groups they are only a match between the two words: nothing else is read from them. Throws with the line
 * number on a line that is not two single words.
 */
export function parsePertainyms(text: string, source = "pertainyms"): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [n, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^a:\s*([a-z]+)\s*\|\s*([a-z]+)$/.exec(line);
    if (!match) throw new Error(`${source}:${n + 1}: expected "a: adjective | noun", single words`);
    pairs.push([match[1], match[2]]);
  }
  return pairs;
}

/** One line of the everyday opposites: two sides, each a list of interchangeable words or phrases. */
export interface EverydayOpposite {
  pos: Pos;
  sides: [string[], string[]];
}

/**
 * Reads the everyday opposites: one pair per line, `pos: word, phrase | word, word` (exactly two sides), `#`
 * comments. Throws with the line number on a malformed line.
 */
export function parseEverydayOpposites(text: string, source = "everyday opposites"): EverydayOpposite[] {
  const pairs: EverydayOpposite[] = [];
  for (const [n, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^([nvar])\s*:\s*([^|]+)\|([^|]+)$/.exec(line);
    const sides = match ? [match[2], match[3]].map((side) => side.split(",").map(asMember)) : [];
    if (!match || sides.some((side) => side.some((m) => m === ""))) {
      throw new Error(
        `${source}:${n + 1}: expected "pos: word[, word] | word[, word]" with pos n, v, a or r`,
      );
    }
    pairs.push({ pos: match[1] as Pos, sides: [sides[0], sides[1]] });
  }
  return pairs;
}
