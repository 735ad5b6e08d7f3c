/**
 * Whom the asker wants the story for, said around the request: "for my son", "tell my daughter a story", "my
 * 6yo wants a story about…", "for my class of 7 year olds", "my brother and I want…", "for my history class". The audience is not the story: a pass over the
 * prompt's words (run before asides and framing, lib/cache/analysis.ts) drops it. An age it gives stays ("for
 * my class of 7 year olds" is "for 7 year olds"), and the same nouns inside the story ("a dad who builds a
 * treehouse for his son") stay: only the asker's own ("my", "our") are the audience.
 */
import damerau from "damerau-levenshtein";
import type { Lexicon } from "./lexicon.ts";
import { BOUNDARY } from "./normalize.ts";
import { tagOf } from "./tags.ts";
import { NUMBER_WORDS, REQUEST_VERBS } from "./words.ts";

/** People a story is asked for. */
const AUDIENCE = new Set(
  ("son sons daughter daughters kid kids child children boy boys girl girls grandson grandsons granddaughter " +
    "granddaughters grandkid grandkids grandchild grandchildren nephew nephews niece nieces class students " +
    "pupils toddler twins players group brother brothers sister sisters siblings cousin cousins club " +
    "homework assignment project lesson")
    .split(" "),
);
const OWN = new Set(["my", "our"]);
/** Chat words that may open a clause before the audience asks ("ok so my kids want…"). */
const LEAD_IN = new Set(["ok", "okay", "so", "hey", "hi", "well", "and", "also", "now"]);
// "my son wants a story…", "my daughter asked me for one…": the asker's audience asking
const ASKING = [
  ["wants"],
  ["want"],
  ["asked", "for"],
  ["asked", "me", "for"],
  ["would", "like"],
  ["would", "love"],
  ["needs"],
  ["requested"],
  ["is", "asking", "for"],
  ["begged", "for"],
  ["begged", "me", "for"],
];
const AUDIENCE_PRONOUNS = new Set(["he", "she", "they"]);
const ADVERBS_BEFORE_ASKING = new Set(["really", "just", "absolutely", "desperately"]);
/** Words that may stand between "my" and the audience noun: "my little", "my 6 year old", "my Year 4". */
const BEFORE_AUDIENCE = /^(?:\d+|little|young|year|years|old|yo|sweet|wonderful|lovely)$/;
const MAX_BEFORE = 3;
/** A number in digits or in words ("my Year 3 class", "my year three class"). */
const isCount = (w: string) => /\d/.test(w) || NUMBER_WORDS.has(w);
/** Audience nouns that may follow what they are about ("my creative writing class", "my English homework"). */
const SUBJECT_OF = new Set(["class", "group", "club", "homework", "assignment", "project", "lesson"]);
const SUBJECT_WORDS = 2;

/** The audience's sex when its noun says it ("son", "granddaughter"): a story for a boy is not one for a girl. */
export type AudienceSex = "male" | "female";
const SEX: Readonly<Record<string, AudienceSex>> = Object.fromEntries([
  ..."son sons boy boys grandson grandsons nephew nephews".split(" ").map((w) => [w, "male" as const]),
  ..."daughter daughters girl girls granddaughter granddaughters niece nieces".split(" ")
    .map((w) => [w, "female" as const]),
]);

/** The audience noun a word is, read through one slip of the keys ("daugther"), or undefined. */
function audienceNoun(word: string): string | undefined {
  if (AUDIENCE.has(word)) return word;
  if (word.length < 5) return undefined;
  return [...AUDIENCE].find((noun) => noun.length >= 5 && (damerau(word, noun).steps as number) <= 1);
}

/** The audience phrase starting with "my"/"our" at `i`: where it ends (exclusive), its noun, and whether it
 * gives a number. */
function audienceAt(
  words: readonly string[],
  i: number,
): { end: number; noun: string; counted: boolean } | undefined {
  if (!OWN.has(words[i])) return undefined;
  for (let j = i + 1; j < words.length && j <= i + 1 + MAX_BEFORE; j++) {
    const counted = words.slice(i + 1, j).some(isCount);
    const noun = audienceNoun(words[j]) ??
      (words[j] === "one" && words[j - 1] === "little" ? "one" : undefined);
    if (noun) return { end: j + 1, noun, counted };
    // ("my history class", "my creative writing class", "my D&D group": what the class or group is about)
    const named = words.slice(j + 1, j + 1 + SUBJECT_WORDS + 1).findIndex((w) => SUBJECT_OF.has(w));
    if (named >= 0 && j + 1 + named <= i + 1 + MAX_BEFORE + SUBJECT_WORDS) {
      const end = j + 2 + named;
      return { end, noun: words[end - 1], counted: words.slice(i + 1, end).some(isCount) };
    }
    if (!BEFORE_AUDIENCE.test(words[j]) && !NUMBER_WORDS.has(words[j])) return undefined;
  }
  return undefined;
}

/**
 * Drops the asker's audience from a prompt's words (see the module's comment) and says its sex when the noun
 * gives one. Kept: an audience given a number ("for my Year 4 class") or a name ("my son Leo", who may be in
 * the story).
 */
export function dropAudience(
  words: readonly string[],
  lexicon: Lexicon,
): { words: string[]; sex?: AudienceSex } {
  const out: string[] = [];
  let sex: AudienceSex | undefined;
  for (let i = 0; i < words.length; i++) {
    // (after chat words only: "ok so my kids want…")
    let start = i;
    while (start > 0 && LEAD_IN.has(words[start - 1])) start--;
    const clauseStart = start === 0 || words[start - 1] === BOUNDARY;
    const found = audienceAt(words, i);
    const next = words[found?.end ?? i] ?? "";
    const named = found !== undefined && lexicon.names.has(next) && tagOf(next, undefined) === "content";
    if (found && !named) {
      const { end } = found;
      const drop = () => {
        sex ??= SEX[found.noun];
      };
      // "for my class of 7 year olds": the age stays
      if (words[end] === "of" && out.at(-1) === "for") {
        drop();
        i = end;
        continue;
      }
      // "for my son", "tell my daughter a story" (and what is said of them: "for my twins who can't sleep")
      if (!found.counted && (out.at(-1) === "for" || REQUEST_VERBS.has(out.at(-1) ?? ""))) {
        if (out.at(-1) === "for") out.pop();
        drop();
        i = end - 1;
        if (words[end] === "who") { while (i + 1 < words.length && words[i + 1] !== BOUNDARY) i++; }
        continue;
      }
      // "my son wants a story…" at the start of a clause ("my brother and I want…" too)
      // ("my son is 8 and he really wants…": the age said between, as "my son (8) wants…")
      const aged = ["is", "are"].includes(words[end]) && isCount(words[end + 1] ?? "") &&
          words[end + 2] === "and" && AUDIENCE_PRONOUNS.has(words[end + 3] ?? "")
        ? (ADVERBS_BEFORE_ASKING.has(words[end + 4] ?? "") ? 5 : 4)
        : 0;
      const withMe = words[end] === "and" && (words[end + 1] === "i" || words[end + 1] === "me") ? 2 : 0;
      // (what stands between the audience and its asking)
      const between = aged || withMe;
      const asking = clauseStart && !found.counted
        ? ASKING.find((p) => p.every((w, k) => words[end + between + k] === w))
        : undefined;
      if (asking) {
        drop();
        i = end + between + asking.length - 1;
        continue;
      }
    }
    out.push(words[i]);
  }
  return { words: out, sex };
}
