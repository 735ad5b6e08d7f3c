/**
 * Joins the multi-word expressions of a prompt into one word before it is tagged (lib/cache/analysis.ts):
 * WordNet's multi-word lemmas and the everyday thesaurus's phrases ("looking for" → look_for, "fire trucks"), a
 * misspelt last word of a phrase ("love leters"), and a phrasal verb around its pronoun ("gives it back").
 */
import damerau from "damerau-levenshtein";
import type { Lexicon } from "./lexicon.ts";
import { tagOf } from "./tags.ts";
import { AUX, BE, DETERMINERS, GET, OWNERS, PREPOSITIONS } from "./words.ts";

// "last" is not counted inside phrases: "at last" is "finally".
export const isNumberWord = (word: string, lexicon: Lexicon) =>
  /^\d/.test(word) || lexicon.cardinal(word) !== undefined ||
  (lexicon.ordinal(word) !== undefined && word !== "last");

/**
 * An adverbial of the everyday thesaurus that starts with a preposition ("for ages", "for good") is not one
 * when a noun phrase goes on after it: "for ages 7 to 9", "for good kids".
 */
function continuesPhrase(phrase: string[], next: string | undefined, lexicon: Lexicon): boolean {
  if (!PREPOSITIONS.has(phrase[0]) || !lexicon.isEverydayPhrase(phrase.join("_")) || next === undefined) {
    return false;
  }
  if (isNumberWord(next, lexicon) || /^\d/.test(next)) return true;
  // "for good kids": the last word describes the noun after it ("by mistake turns…" is the phrase)
  return tagOf(next, undefined) === "content" && lexicon.canBe(phrase.at(-1)!, "a") &&
    lexicon.canBe(next, "n");
}

const ARTICLES = new Set(["a", "an", "the"]);

/** True when the last word of a two-word noun phrase at `i` is an inflected verb with an article after it. */
function verbWithObject(phrase: string[], words: string[], i: number, lexicon: Lexicon): boolean {
  const last = words[i + phrase.length - 1] ?? "";
  if (
    phrase.length !== 2 || !ARTICLES.has(words[i + phrase.length] ?? "") || !/[^s]s$/.test(last) ||
    !lexicon.lemmasOf(last).some((l) => l !== last && lexicon.canBe(l, "v"))
  ) return false;
  // (its noun phrase opens the clause: "a teacher loses the final exam papers the night before" has its verb)
  const article = [i - 1, i - 2, i - 3].find((k) => ARTICLES.has(words[k] ?? ""));
  return article !== undefined && (article === 0 || tagOf(words[article - 1], undefined) !== "content");
}

/** "get away", "get up", "get back": a verb of "get" and its particle, a phrase of no content word. */
function getsAway(phrase: string[], lexicon: Lexicon): boolean {
  return phrase.length === 2 && GET.has(phrase[0]) && PARTICLES.has(phrase[1]) &&
    lexicon.canBe(phrase.join("_"), "v");
}

/** True when the word at `at` can be a noun and follows an article, a determiner or a describing word. */
function nounInPhrase(words: string[], at: number, lexicon: Lexicon): boolean {
  const before = words[at - 1] ?? "";
  return lexicon.canBe(words[at], "n") &&
    (DETERMINERS.has(before) || (tagOf(before, undefined) === "content" && lexicon.canBe(before, "a")));
}

/**
 * True when a phrase can only be a verb ("rabbit_on", "beef_up"), even written as one word ("a white-out" is a
 * whiteout).
 */
function onlyVerb(phrase: string[], lexicon: Lexicon): boolean {
  const joined = phrase.join("_");
  return lexicon.canBe(joined, "v") && !lexicon.canBe(joined, "n") && !lexicon.canBe(joined, "a") &&
    !lexicon.canBe(phrase.join(""), "n");
}

/** Joins WordNet multi-word lemmas ("looking for" → look_for); the first word may be inflected. */
export function joinPhrases(words: string[], lexicon: Lexicon): Array<{ word: string; raw: string }> {
  const out: Array<{ word: string; raw: string }> = [];
  for (let i = 0; i < words.length; i++) {
    let joined: string[] | undefined;
    const lemmas = new Set([words[i], ...lexicon.lemmasOf(words[i])]);
    // Not auxiliaries ("is given" is not be_given, "inclined"), articles ("a little town" is not a_little,
    // "somewhat"), numbers ("three times") or function words only ("out of").
    // "is worried about" says how someone is: the adjective, not the verb phrase "worry about" ("is nervous
    // about" is the same request)
    const state = BE.has(words[i - 1] ?? "") && lexicon.canBe(words[i], "a") && words[i].endsWith("ed");
    if (
      !BE.has(words[i]) && !AUX.has(words[i]) && !DETERMINERS.has(words[i]) &&
      !isNumberWord(words[i], lexicon) && !state
    ) {
      for (const lemma of lemmas) {
        // (the last word may be inflected too: "fire trucks", "love notes")
        // (and misspelt, when it is no word: "love leters", "gets stcuk")
        const at = (w: string, k: number, last: boolean) => {
          const typed = words[i + k] ?? "";
          if (typed === w || (last && k > 0 && lexicon.lemmasOf(typed).includes(w))) return true;
          const near = (form: string) => (damerau(typed, form).steps as number) <= 1;
          // (never a function word: "our school from a flood" is no "school prom")
          return k > 0 && w.length >= 4 && typed.length >= 4 && !lexicon.isKnown(typed) &&
            tagOf(typed, undefined) === "content" && !lexicon.names.has(typed) &&
            (near(w) || (last && near(`${w}s`)));
        };
        joined = lexicon.phrasesStartingWith(lemma).find((p) =>
          p.every((w, k) => k === 0 || (at(w, k, k === p.length - 1) && !isNumberWord(w, lexicon))) &&
          (p.some((w) => tagOf(w, undefined) === "content") || getsAway(p, lexicon)) &&
          !continuesPhrase(p, words[i + p.length], lexicon) &&
          // "a post office run by a snail": a participle after its noun and its doer, not "run_by"
          !(p.at(-1) === "by" && i > 0 && tagOf(words[i - 1], undefined) === "content") &&
          // "a rabbit on the moon": a noun after its article, not the verb "rabbit_on"
          !(ARTICLES.has(words[i - 1] ?? "") && onlyVerb(p, lexicon)) &&
          // "the Bedouin girl guides a British archaeologist": a verb with its object after it, not "girl_guide"
          !verbWithObject(p, words, i, lexicon) &&
          // "the oldest patient of the ward": a noun in its phrase, not "patient_of" (tolerant of)
          !(p.at(-1) === "of" && nounInPhrase(words, i, lexicon) && !lexicon.canBe(p.join("_"), "n"))
        );
        if (joined) break;
      }
    }
    if (joined) {
      out.push({ word: joined.join("_"), raw: words.slice(i, i + joined.length).join(" ") });
      i += joined.length - 1;
      continue;
    }
    // a phrasal verb around its pronoun object: "gives it back" is "gives back it", "picks her up"
    const separated = OBJECT_PRONOUN.has(words[i + 1]) && words[i + 2] !== undefined
      ? [...lemmas].map((l) => [l, words[i + 2]]).find((p) =>
        lexicon.phrasesStartingWith(p[0]).some((q) => q.length === 2 && q[1] === p[1]) &&
        PARTICLES.has(p[1]) && lexicon.canBe(p.join("_"), "v")
      )
      : undefined;
    if (separated) {
      out.push({ word: separated.join("_"), raw: `${words[i]} ${words[i + 2]}` });
      out.push({ word: words[i + 1], raw: words[i + 1] });
      i += 2;
      continue;
    }
    // …or around a short noun phrase: "sets the royal library on fire", "turns the lights off"
    const around = aroundPhrase(words, i, lemmas, lexicon);
    if (around) {
      const { verb, tail, end } = around;
      out.push({ word: [verb, ...tail].join("_"), raw: [words[i], ...tail].join(" ") });
      for (let k = i + 1; k < end; k++) out.push({ word: words[k], raw: words[k] });
      i = end + tail.length - 1;
    } else out.push({ word: words[i], raw: words[i] });
  }
  return out;
}

/**
 * A phrasal verb whose particles follow a noun phrase of two to four words after it ("sets the royal library
 * on fire"): the verb's lemma, its particles, and where they start.
 */
function aroundPhrase(
  words: string[],
  i: number,
  lemmas: Set<string>,
  lexicon: Lexicon,
): { verb: string; tail: string[]; end: number } | undefined {
  if (!PHRASE_OPENERS.has(words[i + 1] ?? "")) return undefined;
  for (let end = i + 3; end <= i + 5 && end < words.length; end++) {
    const word = words[end - 1];
    if (tagOf(word, undefined) !== "content") return undefined;
    if (!PARTICLES.has(words[end])) continue;
    for (const verb of lemmas) {
      const tail = lexicon.phrasesStartingWith(verb).find((p) =>
        p.length >= 2 && p.length <= 3 && p.slice(1).every((w, k) => words[end + k] === w) &&
        PARTICLES.has(p[1]) && lexicon.canBe(p.join("_"), "v")
      )?.slice(1);
      // (a particle that heads a phrase of its own is a preposition: "beats the national team in a match")
      const after = words[end + (tail?.length ?? 0)];
      const free = after === undefined ||
        !["content", "det", "num", "pron"].includes(tagOf(after, undefined));
      // ("gives a stolen egg back" is "returns" it)
      const light = LIGHT_VERBS.has(verb) && !(verb === "give" && tail?.join(" ") === "back");
      if (tail && free && !light) return { verb, tail, end };
    }
  }
  return undefined;
}

// Verbs too light to make a phrase around a noun: "has a crush on her", "have a fight over a jacket".
const LIGHT_VERBS = new Set(["have", "be", "get", "do", "make", "take", "give"]);
// Words that open a noun phrase a phrasal verb may go around.
const PHRASE_OPENERS = new Set(["the", "a", "an", ...OWNERS]);

const OBJECT_PRONOUN = new Set(["it", "him", "her", "them", "me", "us", "you"]);
// The particles a phrasal verb can leave behind its object.
const PARTICLES = new Set([
  "back",
  "up",
  "down",
  "out",
  "off",
  "away",
  "over",
  "in",
  "on",
  "around",
  "round",
]);
