/**
 * Reads a prompt the way the verifier compares prompts: words tagged by what they do in the sentence (request
 * framing, function word, negation, number, time marker, content word), with multi-word expressions joined
 * ("runs away" → run_away, "at last" → at_last, "in which" → where) so a phrase and its one-word synonym line
 * up, and the request framing ("Could you please write me…", "I'd love…", "Tell me…") set aside so only what
 * the story is about is compared.
 */
import { type AudienceSex, dropAudience } from "./audience.ts";
import type { Lexicon } from "./lexicon.ts";
import { BOUNDARY, promptTokens } from "./normalize.ts";
import { dropAsides } from "./asker_clauses.ts";
import { splitRunOnRequests } from "./run_on.ts";
import {
  canonicalPhrases,
  dropFraming,
  joinAdjectives,
  misspeltFunctionWord,
  unstretched,
} from "./passes.ts";
import { isNumberWord, joinPhrases } from "./phrase_join.ts";
import { correctInPhrases } from "./typos.ts";
import { converseVerbs, negatedAdjectives } from "./converses.ts";
import { durationsInYears } from "./durations.ts";
import { isContentWord, tagOf, type Token } from "./tags.ts";
import {
  BECOME,
  DETERMINERS,
  EXTRA_ORDINALS,
  FUTURE_TIMES,
  GENRE_NAMES,
  GENRES,
  GET,
  GRANTS,
  HAVE,
  KEEP_GOING,
  NUMBERED,
  ORDINAL_DIGITS,
  PERFORMS,
  PREPOSITIONS,
  PROSE,
  SIBLING_AGE,
  SIBLINGS,
  STORY_WORDS,
  TIME_MARKERS,
  TIME_NOUNS,
  WISH_NOUNS,
  WISHES,
  wordSet,
} from "./words.ts";

export { GENRES } from "./words.ts";

export { isContentWord, type Tag, type Token } from "./tags.ts";

/** True when the raw words start with an -ing form of a verb ("writing", "breaking down"). */
function isIngVerb(raw: string, lexicon: Lexicon): boolean {
  const first = raw.split(" ")[0];
  // (or a misspelt one: "keeps relivng")
  return /i?ng$/.test(first) && first.length >= 5 && (lexicon.canBe(first, "v") || !lexicon.isCommon(first));
}

export interface Analysis {
  tokens: Token[];
  /** Indices of content words in `tokens`. */
  content: number[];
  negations: number;
  /**
   * How many clauses (to a comma, a conjunction or a relative pronoun) hold an odd number of negations: two
   * negated clauses are not a double negation.
   */
  negatedClauses: number;
  /** Positions in `tokens` of the negations counted in `negations`. */
  negatedAt: number[];
  /**
   * Numbers as "#3" (cardinal) and "th3" (ordinal, "th-1" = last), in the order written: which number comes
   * first carries meaning ("3 wolves and 2 sheep" is not "2 wolves and 3 sheep"), so a reordering that moves
   * numbers is a miss, never a wrong hit.
   */
  numbers: string[];
  /**
   * For each of `numbers`, the lemma of the noun it counts: the content word right after it ("five paragraphs"
   * → paragraph), else the one before it or its range ("ages 7-9" → age), else "". A reordering that keeps
   * every number with its noun, and the numbers of one noun in their order, is the same request.
   */
  numberNouns: string[];
  /** Position of the noun each number counts (-1 when none), for comparing counted nouns once words align. */
  numberNounAt: number[];
  /** Tense and modality markers that change the request: future (will, going to), used to, must, should, can, may. */
  time: string[];
  /** How many times a time or modality marker is said (a marker said twice counts twice). */
  timeMarks: number;
  /**
   * Whether the prompt tells of something under way ("is learning", "is being flooded"), done ("learned", "was
   * flooded"), both, or neither (a present or an infinitive): under way and done are different requests.
   */
  aspect: "ongoing" | "past" | "both" | undefined;
  /**
   * What someone is ("the king is a child") or was ("the king was a child"), or both: a present and a past
   * state are different requests (a child king, or a king who was once a child). "There was a…" is no state.
   */
  state: "present" | "past" | "both" | undefined;
  /** True when no genre word was written and "story" was assumed. */
  implicitGenre: boolean;
  /**
   * Positions of the words after a "one" read as an article ("one lost duckling"): they name one thing, and
   * the other prompt must not name many ("her lost ducklings").
   */
  single: number[];
  /** The sex of whom the asker wants the story for, when the prompt says it ("for my son"; lib/cache/audience.ts). */
  audience?: AudienceSex;
}

const PRESENT_BE = wordSet("is are am");
const PAST_BE = wordSet("was were had");

// A joined phrase ("went home" → go_home) keeps its inflection in the raw text.
const firstWord = (token: Token | undefined) => token?.raw.split(" ")[0] || token?.word || "";

/** See {@link Analysis.aspect}. */
function aspectOf(tokens: Token[], lexicon: Lexicon): Analysis["aspect"] {
  let ongoing = false, past = false;
  for (let i = 0; i < tokens.length; i++) {
    const { word, tag } = tokens[i];
    const before = tokens[i - 1];
    if (PAST_BE.has(word)) past = true;
    else if (PRESENT_BE.has(word)) {
      const next = firstWord(tokens[i + 1]);
      // ("is going to" + verb was read as "will" before this, so a "going" left here is a journey under way)
      if (next === "being" || (next.endsWith("ing") && lexicon.canBe(next, "v"))) ongoing = true;
    } else if (
      tag === "content" && lexicon.isPastForm(firstWord(tokens[i])) &&
      (before === undefined || ["content", "rel", "pron", "boundary"].includes(before.tag))
    ) {
      // a finite past ("who learned", "the fox found"), not a participle after "a", "is" or "has"
      past = true;
    }
  }
  return ongoing && past ? "both" : ongoing ? "ongoing" : past ? "past" : undefined;
}

const INDEFINITE = wordSet("a an");

/** See {@link Analysis.state}. */
function stateOf(tokens: Token[], lexicon: Lexicon): Analysis["state"] {
  let present = false, past = false;
  tokens.forEach((token, i) => {
    if (token.tag !== "be" || tokens[i - 1]?.word === "there" || !INDEFINITE.has(tokens[i + 1]?.word)) return;
    // "is a child", not "is a little spooky": the phrase after "a" ends in a noun
    let head = i + 2;
    while (tokens[head + 1]?.tag === "content") head++;
    if (tokens[head]?.tag !== "content" || !lexicon.canBe(tokens[head].word, "n")) return;
    if (PRESENT_BE.has(token.word)) present = true;
    else if (PAST_BE.has(token.word)) past = true;
  });
  return present && past ? "both" : present ? "present" : past ? "past" : undefined;
}

/** True when a genre word ends the noun phrase that starts after `i` ("a short first-person tale"). */
function genreAhead(words: ReadonlyArray<{ word: string }>, i: number): boolean {
  for (let j = i + 1; j < words.length && j <= i + 3; j++) {
    const word = words[j].word;
    if (GENRES.has(word) || word === "tale") return true;
    // ("a short, sweet story": a comma between two adjectives)
    if (word === BOUNDARY && j === i + 1) continue;
    if (word === BOUNDARY || DETERMINERS.has(word) || PREPOSITIONS.has(word)) return false;
  }
  return false;
}

// "a short story", "a brief tale", "a quick story": the size of the text, said by the genre word already.
const SIZE_OF_TEXT = new Set(["short", "little", "brief", "quick"]);

// Units a count of time is said in: "60 years ago" is a count, even after "day".
const UNITS_OF_TIME = new Set([
  "years",
  "months",
  "weeks",
  "days",
  "hours",
  "minutes",
  "centuries",
  "decades",
]);

/** Analyses one prompt. */
export function analysePrompt(text: string, lexicon: Lexicon): Analysis {
  const typed = correctInPhrases(
    promptTokens(text, lexicon.spelling).map((w) =>
      misspeltFunctionWord(w, lexicon, true) ?? misspeltFunctionWord(w, lexicon) ?? unstretched(w, lexicon)
    ),
    lexicon,
  );
  const audience = dropAudience(
    joinAdjectives(
      durationsInYears(
        negatedAdjectives(converseVerbs(canonicalPhrases(typed)), lexicon),
      ),
      lexicon,
    ),
    lexicon,
  );
  const words = dropFraming(dropAsides(splitRunOnRequests(audience.words), lexicon));
  const tokens: Token[] = [];
  const numbers: string[] = [];
  const numberAt: number[] = [];
  const time = new Set<string>();
  let timeMarks = 0;
  let negations = 0;
  const negatedAt: number[] = [];
  let pendingCardinal: number | undefined;
  let singleFrom: number | undefined;
  const single: number[] = [];
  // "one game" is "a game" (or "a single game"): a count of one right before its noun is an article; "one
  // of the twins" and "day one" still count
  const flushCardinal = (next?: string) => {
    const article = pendingCardinal === 1 && next !== undefined && tagOf(next, undefined) === "content";
    if (article) singleFrom = tokens.length;
    if (pendingCardinal !== undefined && !article) {
      // ("day one" is the first day, "chapter 2" the second chapter; "the year 2300" is a year)
      let start = tokens.length - 1;
      while (tokens[start - 1]?.tag === "num") start--;
      // (but "on her wedding day 60 years ago" counts years)
      const numbered = NUMBERED.has(tokens[start - 1]?.word ?? "") && pendingCardinal < 100 &&
        !UNITS_OF_TIME.has(next ?? "");
      numbers.push(numbered ? `th${pendingCardinal}` : `#${pendingCardinal}`);
      numberAt.push(tokens.length - 1);
    }
    pendingCardinal = undefined;
  };
  const joined = joinPhrases(words, lexicon);
  for (let i = 0; i < joined.length; i++) {
    let { word } = joined[i];
    const { raw } = joined[i];
    const next = joined[i + 1]?.word;
    word = misspeltFunctionWord(word, lexicon) ?? word;
    word = GENRE_NAMES[word] ?? STORY_WORDS[word] ?? word;
    // "a big sister" is an older one, "a little brother" a younger one
    if (SIBLINGS.has(next ?? "")) word = SIBLING_AGE[word] ?? word;
    // "short"/"little"/"brief" right before a genre word frame the request: "a short story" is "a story".
    if (SIZE_OF_TEXT.has(word) && genreAhead(joined, i)) continue;
    // "a piece of (medieval historical) fiction" is the fiction asked for, not a piece of something in it
    if (word === "piece" && next === "of" && joined.slice(i + 2, i + 5).some((w) => PROSE.has(w.word))) {
      i++;
      continue;
    }
    // "keeps writing letters" is "writes letters": "keep (on)" before an -ing verb says it goes on, which the
    // story tells either way ("kept" stays: it is the past); it stays as a helper, so the verb after it keeps
    // its doer
    // ("continues to teach" too)
    const toVerb = word.startsWith("continue") && next === "to" &&
      lexicon.canBe(joined[i + 2]?.word ?? "", "v");
    if (KEEP_GOING.has(word) && next !== undefined && (isIngVerb(joined[i + 1].raw, lexicon) || toVerb)) {
      if (toVerb) i++;
      tokens.push({ word, raw, tag: "aux" });
      continue;
    }
    // "one" without a noun after it is a pronoun ("here is one", "the one who"), not a count, except after
    // a noun that numbers things ("day one", "chapter one").
    const pronounOne = word === "one" && (next === undefined || tagOf(next, undefined) !== "content") &&
      !NUMBERED.has(tokens.at(-1)?.word ?? "");
    const digits = /^\d+$/.test(word);
    const cardinal = pronounOne ? undefined : digits ? Number(word) : lexicon.cardinal(word);
    if (cardinal !== undefined) {
      // "twenty one" is one number (21) and "three hundred" (or "3 hundred") too (300); a number written
      // in digits always starts a number of its own: "4-150" is 4 and 150, never 600.
      // ("nineteen eighty-five" is the year 1985, as "1985")
      const year = pendingCardinal !== undefined && pendingCardinal >= 11 && pendingCardinal <= 20 &&
        !digits && cardinal >= 10 && cardinal < 100 && tokens.at(-1)?.tag === "num" &&
        tokens.at(-2)?.tag !== "num";
      if (year) pendingCardinal = pendingCardinal! * 100 + cardinal;
      else if (pendingCardinal !== undefined && !digits && cardinal >= 100) pendingCardinal *= cardinal;
      else if (pendingCardinal !== undefined && !digits && pendingCardinal % 10 === 0 && cardinal < 10) {
        pendingCardinal += cardinal;
      } else {
        flushCardinal();
        pendingCardinal = cardinal;
      }
      tokens.push({ word, raw, tag: "num" });
      continue;
    }
    const ordinalDigits = ORDINAL_DIGITS.exec(word);
    let ordinal = ordinalDigits ? Number(ordinalDigits[1]) : EXTRA_ORDINALS[word] ?? lexicon.ordinal(word);
    // "twenty-first" is the 21st: tens and an ordinal in words are one ordinal
    if (
      ordinal !== undefined && !ordinalDigits && ordinal > 0 && ordinal < 10 &&
      pendingCardinal !== undefined &&
      pendingCardinal >= 20 && pendingCardinal < 100 && pendingCardinal % 10 === 0
    ) {
      ordinal += pendingCardinal;
      pendingCardinal = undefined;
    }
    flushCardinal(word);
    if (ordinal !== undefined) {
      numbers.push(`th${ordinal}`);
      numberAt.push(tokens.length);
      tokens.push({ word, raw, tag: "num" });
      continue;
    }
    // "not happy" is "unhappy", "not kind" is "unkind": one word, no negation to count ("has not spoken" is a
    // verb, not "unspoken")
    const perfect = HAVE.has(tokens.at(-1)?.word ?? "");
    if (
      word === "not" && next !== undefined && !perfect && lexicon.canBe(next, "a") &&
      lexicon.isKnown(`un${next}`) && lexicon.areAntonyms(next, `un${next}`) // ("not dead" is no "undead")
    ) {
      tokens.push({ word: `un${next}`, raw: `${raw} ${joined[i + 1].raw}`, tag: "content" });
      i++;
      continue;
    }
    // "gets a letter", "got two puppies": "get" with a thing after it is the verb, not the passive's helper
    const gets = GET.has(word) && next !== undefined &&
      (DETERMINERS.has(next) || isNumberWord(next, lexicon) || /^\d/.test(next));
    // ("becomes weaker", "became famous": "become" before a describing word is the "get" of "gets weaker")
    // (not before a noun it describes: "become best friends", "become all dragons' king")
    const after = joined[i + 2]?.word;
    const becomes = BECOME.has(word) && next !== undefined && !DETERMINERS.has(next) &&
      lexicon.canBe(next, "a") &&
      !(after !== undefined && isContentWord(after) && lexicon.canBe(after, "n"));
    const tag = gets ? "content" : becomes ? "get" : tagOf(word, tokens.at(-1));
    // (the one thing's phrase runs through its describing words to its noun: "one lost duckling", not on to
    // a verb after it, "one girl want(s)")
    if (singleFrom !== undefined && tag === "content") {
      single.push(tokens.length);
      if (!lexicon.canBe(word, "a")) singleFrom = undefined;
    } else singleFrom = undefined;
    // "never become friends, not even during a blackout": "not even" repeats a negation, it does not undo it
    // ("with neither a sword nor a horse" is one negation over a list, as "without a sword or a horse" is)
    // ("with no laptop, no phone and no money" is one "without" over a list: a "no" that goes on a list of
    // things after "no" or "without" counts once)
    const lastNegation = tokens[negatedAt.at(-1) ?? -1];
    const listed = word === "no" && (lastNegation?.word === "no" || lastNegation?.word === "without") &&
      tokens.slice(negatedAt.at(-1)! + 1).every((t) =>
        ["content", "det", "boundary"].includes(t.tag) || t.word === "and" || t.word === "or" ||
        t.word === "no"
      ) && ["boundary", "conj"].includes(tokens.at(-1)?.tag ?? "");
    const repeated = (word === "not" && next === "even" && negations > 0) || listed ||
      (word === "nor" &&
        tokens.some((t) => t.word === "neither" || t.word === "without" || t.word === "not"));
    if (tag === "neg" && !repeated) {
      negations++;
      negatedAt.push(tokens.length);
    }
    const marker = tag === "modal" ? TIME_MARKERS[word] : undefined;
    if (marker) (time.add(marker), timeMarks++);
    // "wants to fly to the moon" is not "flies to the moon": a wish, told with any verb of wishing
    // (also with whom it is wished of: "wants someone to carve it")
    // (a noun is no wish of anyone's: "grants three wishes but only to…", "grants wishes to whoever…"; but
    // "whose dream is to become…" is one)
    const nounBefore = ["det", "num"].includes(tokens.at(-1)?.tag ?? "") ||
      GRANTS.has(tokens.at(-1)?.word ?? "");
    // ("prefers writing poetry" as "would rather write poetry", read "prefer to write")
    const wishTo = next === "to" || joined[i + 2]?.word === "to" ||
      (word.startsWith("prefer") && (next?.endsWith("ing") ?? false));
    const dreamIsTo = WISH_NOUNS.has(word) && (next === "is" || next === "was") &&
      joined[i + 2]?.word === "to";
    if ((WISHES.has(word) && !nounBefore && wishTo) || dreamIsTo) (time.add("wish"), timeMarks++);
    // "could have saved", "would have won": what did not happen, not what can ("will have a baby sister" owns)
    if (
      word === "have" && tokens.at(-1)?.tag === "modal" && TIME_MARKERS[tokens.at(-1)!.word] &&
      !(["will", "shall"].includes(tokens.at(-1)!.word) && DETERMINERS.has(next ?? ""))
    ) {
      time.add("had");
    }
    tokens.push({ word, raw, tag });
  }
  flushCardinal();
  // "is moving to a new house next week" is "is going to move…": what is under way at a time to come
  const comes = tokens.some((t, k) =>
    FUTURE_TIMES.has(t.word) || (t.word === "next" && TIME_NOUNS.has(tokens[k + 1]?.word ?? ""))
  );
  const underWay = tokens.some((t, k) =>
    t.tag === "content" && t.raw.split(" ")[0].endsWith("ing") && tokens[k - 1]?.tag === "be"
  );
  if (comes && underWay) (time.add("future"), timeMarks++);
  // the noun after ("five paragraphs"), or before a number or range that ends its phrase ("ages 7-9")
  const numberNounAt = numberAt.map((at) => {
    let k = tokens[at + 1]?.tag === "content" ? at + 1 : at - 1;
    while (k < at && k >= 0 && (tokens[k].tag === "num" || tokens[k].word === "to")) k--;
    return tokens[k]?.tag === "content" ? k : -1;
  });
  const numberNouns = numberNounAt.map((k) => {
    const noun = tokens[k];
    // (its shortest lemma: "words" is also a word of WordNet's, the lyrics; "aged" is "age")
    const lemma = lexicon.lemmasOf(noun?.word ?? "").toSorted((x, y) => x.length - y.length)[0];
    return noun?.tag === "content" ? lemma ?? noun.word : "";
  });
  // (a song sung or a joke told in the story is not the text asked for: "a driver who tells him a good joke",
  // "plays a song for every passenger")
  const performed = (at: number) => {
    let k = at - 1;
    while (k >= 0 && ["det", "num", "pron", "content"].includes(tokens[k].tag) && at - k <= 4) {
      // (by someone in the story: not "Sing me a song…", the request)
      const opens = k === 0 || tokens[k - 1].tag === "boundary";
      if (
        tokens[k].tag === "content" && !opens && lexicon.lemmasOf(tokens[k].word).some((l) => PERFORMS.has(l))
      ) {
        return true;
      }
      k--;
    }
    return false;
  };
  // (clauses with an odd number of negations: "a dog who never barks and a cat who doesn't purr" negates two
  // clauses, not none; a clause runs to a comma, a conjunction or a relative pronoun)
  let clause = 0;
  const clauseOf = tokens.map((t) => ["boundary", "conj", "rel"].includes(t.tag) ? ++clause : clause);
  const perClause = new Map<number, number>();
  for (const at of negatedAt) perClause.set(clauseOf[at], (perClause.get(clauseOf[at]) ?? 0) + 1);
  const negatedClauses = [...perClause.values()].filter((n) => n % 2 === 1).length;
  const implicitGenre = !tokens.some((t, k) => GENRES.has(t.word) && !performed(k));
  // first, in a clause of its own, so it never joins a noun phrase of the prompt
  if (implicitGenre) {
    tokens.unshift({ word: "story", raw: "", tag: "content" }, { word: BOUNDARY, raw: "", tag: "boundary" });
  }
  const shift = implicitGenre ? 2 : 0;
  const content = tokens.flatMap((t, i) => t.tag === "content" ? [i] : []);
  return {
    tokens,
    content,
    negations,
    negatedClauses,
    negatedAt: negatedAt.map((i) => i + shift),
    numbers,
    numberNouns,
    numberNounAt: numberNounAt.map((k) => k < 0 ? k : k + shift),
    time: [...time].sort(),
    timeMarks,
    aspect: aspectOf(tokens, lexicon),
    state: stateOf(tokens, lexicon),
    implicitGenre,
    single: single.map((i) => i + shift),
    audience: audience.sex,
  };
}
