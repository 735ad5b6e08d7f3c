/**
 * A misspelt word put right where the slip hides a phrase ("workign at" → working at, so "work_at" is found on
 * both sides; "braeking up", "all sumer", "wants to becme"): the word matcher (lib/cache/word_match.ts)
 * forgives a slip between two single words, but not one inside a phrase. Elsewhere the word is left as typed.
 */
import type { Lexicon } from "./lexicon.ts";
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
