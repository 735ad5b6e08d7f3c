/**
 * A misspelt word put right where the slip hides a phrase ("workign at" → working at, so "work_at" is found on
 * both sides; "braeking up", "all sumer", "wants to becme"): the word matcher (lib/cache/word_match.ts)
 * forgives a slip between two single words, but not one inside a phrase. Elsewhere the word is left as typed.
 */
import damerau from "damerau-levenshtein";
import type { Lexicon } from "./lexicon.ts";
import { promptWords } from "./normalize.ts";
import { tagOf } from "./tags.ts";
import { otherSex } from "./word_match.ts";
import { canonicalPhrases } from "./passes.ts";
import { joinPhrases } from "./phrase_join.ts";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const memo = new Map<string, string | null>();

/**
 * The one common dictionary word (or a form of one) that a word no dictionary or list of names holds is one
 * likely slip away from: two letters swapped, a letter dropped or a letter doubled, keeping the first letter.
 * Two candidates are a guess, and none is returned.
 */
export function misspeltCommonWord(word: string, lexicon: Lexicon): string | undefined {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return undefined;
  const known = memo.get(word);
  if (known !== undefined) return known ?? undefined;
  let found: string | undefined;
  if (!lexicon.isKnown(word) && !lexicon.names.has(word) && !lexicon.isCommon(word)) {
    const common = (c: string) => lexicon.isCommon(c) || lexicon.lemmasOf(c).some((l) => lexicon.isCommon(l));
    const fits = (c: string) => c[0] === word[0] && lexicon.isKnown(c) && common(c);
    const candidates = new Set<string>();
    for (let i = 0; i < word.length; i++) {
      if (i + 1 < word.length) candidates.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
      if (word[i] === word[i - 1]) candidates.add(word.slice(0, i) + word.slice(i + 1));
      for (const letter of LETTERS) candidates.add(word.slice(0, i + 1) + letter + word.slice(i + 1));
    }
    const fitting = [...candidates].filter(fits);
    if (fitting.length === 1) found = fitting[0];
  }
  if (memo.size > 50_000) memo.clear();
  memo.set(word, found ?? null);
  return found;
}

/** `words` with each misspelt word put right where the right word makes a phrase with its neighbours. */
export function correctInPhrases(words: string[], lexicon: Lexicon): string[] {
  return words.map((word, i) => {
    const right = misspeltCommonWord(word, lexicon);
    if (right === undefined) return word;
    const around = (w: string) =>
      [words[i - 1] ?? "", w, words[i + 1] ?? "", words[i + 2] ?? ""].filter(Boolean);
    const [typed, fixed] = [around(word), around(right)];
    const phrase = joinPhrases(fixed, lexicon).length < joinPhrases(typed, lexicon).length ||
      canonicalPhrases(fixed).join(" ") !== fixed.join(" ");
    return phrase ? right : word;
  });
}

/**
 * `text` with each word no dictionary or list of names holds put right when it is one slip (two slips in a long
 * word) from exactly one dictionary word of `other`, the prompt it is compared with ("the reporter who fibds
 * out" against "…who finds out", "a doctor who flls in love", "firt day"): the slip would otherwise hide a
 * phrase, a number or a tense the other prompt has. A word the dictionary holds ("word" / "world") and an
 * invented name ("Zib" / "Zob") stay as typed; the word matcher judges them.
 */
export function mendSlipsAgainst(text: string, other: string, lexicon: Lexicon): string {
  if (!SLIP_CANDIDATE.test(text)) return text;
  let theirs: string[] | undefined;
  return text.replace(WORD, (typed) => {
    const word = typed.toLowerCase();
    if (!mayBeSlip(word, lexicon)) return typed;
    theirs ??= [...new Set(promptWords(other, lexicon.spelling))];
    if (theirs.includes(word)) return typed;
    const limit = word.length >= 8 ? 2 : 1;
    const capitalised = typed[0] !== word[0];
    const near = theirs.filter((c) => {
      if (c[0] !== word[0] || Math.abs(c.length - word.length) > limit || otherSex(word, c)) return false;
      // a capitalised word or a name only for two letters swapped ("Olso" / "Oslo", "Taipie" / "Taipei"); a
      // word of three letters only for one dropped ("ovr" / "over")
      if (capitalised || lexicon.names.has(c)) return swapped(word, c);
      if (word.length === 3) return c.length === 4 && (damerau(word, c).steps as number) === 1;
      return lexicon.isKnown(c) && (damerau(word, c).steps as number) <= limit;
    });
    return near.length === 1 ? near[0] : typed;
  });
}

// Whether a word may be a slip, remembered per lexicon (most words of most prompts are not, and come again).
const SLIP_WORDS_KEPT = 50_000;
const slipMemo = new WeakMap<Lexicon, Map<string, boolean>>();

/**
 * True when a word may be a slip: letters only, no dictionary word, listed name, function word or short form
 * ("could", "dont"; "Mila" is no "Mia" misspelt).
 */
function mayBeSlip(word: string, lexicon: Lexicon): boolean {
  let memo = slipMemo.get(lexicon);
  if (!memo) slipMemo.set(lexicon, memo = new Map());
  let may = memo.get(word);
  if (may === undefined) {
    may = word.length >= 3 && /^[a-z]+$/.test(word) && !lexicon.isKnown(word) && !lexicon.names.has(word) &&
      tagOf(word, undefined) === "content" && promptWords(word, lexicon.spelling).join(" ") === word;
    if (memo.size >= SLIP_WORDS_KEPT) memo.clear();
    memo.set(word, may);
  }
  return may;
}

// Words of letters (an apostrophe inside: "don't" is one word, left as typed since the dictionary holds none).
const WORD = /\p{L}+(?:'\p{L}+)?/gu;
// A quick test that a prompt has a word of four letters or more at all.
const SLIP_CANDIDATE = /[A-Za-z]{4}/;

/** True when b is a with two neighbouring letters swapped, in a word of four letters or more. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 4) return false;
  const k = [...a].findIndex((ch, i) => ch !== b[i]);
  return k >= 0 && a[k] === b[k + 1] && a[k + 1] === b[k] && a.slice(k + 2) === b.slice(k + 2);
}
