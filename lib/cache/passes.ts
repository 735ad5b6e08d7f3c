/**
 * The passes over a prompt's words before they are tagged (lib/cache/analysis.ts runs them in order):
 * function-word variants made one form, request framing dropped, a comma between two adjectives removed, and
 * misspelt function and genre words corrected (the clauses about the asker are dropped between them:
 * lib/cache/asker_clauses.ts). Multi-word expressions are joined after these passes (lib/cache/phrase_join.ts).
 */
import damerau from "damerau-levenshtein";
import type { Lexicon } from "./lexicon.ts";
import { BOUNDARY, POSSESSIVE } from "./normalize.ts";
import { tagOf } from "./tags.ts";
import {
  BE,
  CHAT,
  CLAUSE_JOINS,
  CONJUNCTIONS,
  DETERMINERS,
  DREAMS,
  DURATION_BEFORE,
  FRAMES,
  GENRES,
  GOING_TO,
  MODALS,
  NUMBER_WORDS,
  OPENING,
  OTHER,
  PREPOSITIONS,
  PRONOUNS,
  RELATIVES,
  REQUEST_VERBS,
  SUBJECT_PRONOUNS,
  VOCATIVES,
  WISHES,
} from "./words.ts";
import { PHRASES_BY_FIRST } from "./function_phrases.ts";
import { idiomAt } from "./idioms.ts";
import { praiseAt, textedWord } from "./chat_conventions.ts";

// Ages said in words ("she's four"); not "one" ("she is one of the twins").
const AGE_WORDS =
  /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)$/;

// "so scared (that) she can't/won't…": who cannot do it, and how.
// Verbs after which "(that) he will…" is their own doer's "to…".
const HOPES = new Set(
  "hope hopes hoped hoping promise promises promised promising swear swears swore vow vows vowed expect expects expected dream dreams dreamed dreamt"
    .split(" "),
);
const SO_THAT_MODALS = new Set(["can", "could", "will", "would"]);
// Verbs before which "back" is a return, not a time long ago ("came back in 1961").
const RETURNING = new Set(
  ("come comes came coming go goes went going get gets got getting move moves moved moving bring brings brought " +
    "send sends sent fly flies flew head heads headed be is was are were been being")
    .split(" "),
);
export function canonicalPhrases(typed: string[]): string[] {
  const words = typed.map((_, i) => textedWord(typed, i));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (
      words[i + 1] === "going" && words[i + 2] === "to" && GOING_TO.has(words[i]) &&
      words[i + 3] !== undefined && !DETERMINERS.has(words[i + 3]) && words[i + 3] !== BOUNDARY
    ) {
      out.push("will");
      i += 2;
      continue;
    }
    // "hopes he'll be knighted", "promise that they will meet again": "hopes to be knighted", "promise to meet"
    // ("dreams that one day she will become a butterfly": "dreams of one day becoming")
    const that = words[i + 1] === "that" ? 1 : 0;
    const oneDay = words[i + 1 + that] === "one" && words[i + 2 + that] === "day" ? 2 : 0;
    if (
      HOPES.has(words[i]) && SUBJECT_PRONOUNS.has(words[i + 1 + that + oneDay] ?? "") &&
      (words[i + 2 + that + oneDay] === "will" || words[i + 2 + that + oneDay] === "would")
    ) {
      // ("dreams that one day she will become a butterfly" is "wants to be" one, as "dreams of becoming")
      const become = DREAMS[words[i]] !== undefined && words[i + 3 + that + oneDay] === "become";
      out.push(DREAMS[words[i]] ?? words[i], "to", ...(become ? ["be"] : []));
      i += 2 + that + oneDay + (become ? 1 : 0);
      continue;
    }
    // "dreams of (about) becoming a knight" is "wants to be a knight"
    // ("dreams of one day becoming a butterfly", "of someday being")
    const someday = words[i + 2] === "one" && words[i + 3] === "day" ? 2 : words[i + 2] === "someday" ? 1 : 0;
    if (
      DREAMS[words[i]] && (words[i + 1] === "of" || words[i + 1] === "about") &&
      /ing$/.test(words[i + 2 + someday] ?? "")
    ) {
      const ing = words[i + 2 + someday];
      const verb = ing === "becoming" || ing === "being" ? "be" : ing;
      out.push(DREAMS[words[i]], "to", verb);
      i += 2 + someday;
      continue;
    }
    // "so spiky he can't hug his friends", "so scared that she won't leave" is "too spiky to hug…"
    {
      const that = words[i + 2] === "that" ? 1 : 0;
      const [pronoun, modal, not] = [words[i + 2 + that], words[i + 3 + that], words[i + 4 + that]];
      if (
        words[i] === "so" && words[i + 1] !== undefined && words[i + 1] !== BOUNDARY &&
        SUBJECT_PRONOUNS.has(pronoun ?? "") && SO_THAT_MODALS.has(modal ?? "") && not === "not" &&
        words[i + 5 + that] !== undefined
      ) {
        out.push("too", words[i + 1], "to");
        i += 4 + that;
        continue;
      }
    }
    // "met her at a dance back in 1961" is "in 1961" ("came back in 1961" is a return)
    if (
      words[i] === "back" && words[i + 1] === "in" && /^\d{4}s?$/.test(words[i + 2] ?? "") &&
      !RETURNING.has(words[i - 1] ?? "")
    ) continue;
    // "only" as an adverb ("can talk, but only to cats", "has only 12") says what "just" says, which is
    // dropped; "the only postwoman", "an only child" name one of a kind and stay
    if (words[i] === "only" && !DETERMINERS.has(words[i - 1] ?? "") && words[i - 1] !== POSSESSIVE) continue;
    const idiom = idiomAt(words, i);
    if (idiom) {
      out.push(...idiom.words);
      i = idiom.last;
      continue;
    }
    // "fails, yet decides" is "but"; "not yet" is not
    if (
      words[i] === "yet" && words[i - 1] !== "not" && words[i + 1] !== undefined &&
      words[i + 1] !== BOUNDARY &&
      !CHAT.has(words[i + 1])
    ) {
      out.push("but");
      continue;
    }
    // "One day, …", "… king one day" and "will one day become" (some day, or once) are no count; "in one day",
    // "get through one day without it", "see one day into the future" are
    // (chat after it ends the clause too: "… king one day pls!!", "… someday thanks so much")
    const clauseEdge = (w: string | undefined) =>
      w === undefined || w === BOUNDARY || CLAUSE_JOINS.has(w) || CHAT.has(w);
    // (after a modal "one day" and "someday" say when, not how long: "will one day become queen")
    const opens = (w: string | undefined) => clauseEdge(w) || MODALS.has(w ?? "");
    if (
      words[i] === "one" && words[i + 1] === "day" && !DURATION_BEFORE.has(words[i - 1] ?? "") &&
      (opens(words[i - 1]) || clauseEdge(words[i + 2]))
    ) {
      i += 1;
      continue;
    }
    // (and "someday", "some day" where "one day" would be dropped: "will be king someday")
    const someDay = words[i] === "someday" ? 1 : words[i] === "some" && words[i + 1] === "day" ? 2 : 0;
    if (someDay > 0 && (opens(words[i - 1]) || clauseEdge(words[i + someDay]))) {
      i += someDay - 1;
      continue;
    }
    // "I'm 14 and…", "she is 5", "she's four": the asker's age is not the story's
    if (
      ["i", "he", "she"].includes(words[i]) && ["am", "is"].includes(words[i + 1]) &&
      (/^\d+$/.test(words[i + 2] ?? "") || AGE_WORDS.test(words[i + 2] ?? ""))
    ) {
      i += words[i + 3] === "years" && words[i + 4] === "old" ? 4 : 2;
      continue;
    }
    // "who is a former detective", "who is an ex cop" is "who used to be a detective"
    if (
      BE.has(words[i]) && (words[i + 1] === "a" || words[i + 1] === "an") &&
      (words[i + 2] === "former" || words[i + 2] === "ex") && words[i + 3] !== undefined &&
      words[i + 3] !== BOUNDARY
    ) {
      out.push("used_to", "be", "a");
      i += 2;
      continue;
    }
    // "who was once a pirate", "who was once afraid of horses" is "who used to be…"
    const said = (w: string | undefined) => w !== undefined && w !== BOUNDARY;
    if (
      (words[i] === "was" || words[i] === "were") && words[i + 1] === "once" && said(words[i + 2]) &&
      words[i - 1] !== "there"
    ) {
      out.push("used_to", "be");
      i += 1;
      continue;
    }
    // "who was a pirate once" too (a clause that ends in "once")
    if ((words[i] === "was" || words[i] === "were") && words[i - 1] !== "there") {
      let close: number | undefined;
      for (let j = i + 1; j <= i + 6 && close === undefined; j++) {
        if (!said(words[j]) || CLAUSE_JOINS.has(words[j])) close = j;
      }
      if (close !== undefined && close > i + 2 && words[close - 1] === "once") {
        out.push("used_to", "be", ...words.slice(i + 1, close - 1));
        i = close - 1;
        continue;
      }
    }
    // "who once walked on the moon" is "who used to walk…"; "grandpa, once a famous magician," is "used to be"
    // (after a noun too: "because a paramedic once saved his life" / "his life was once saved by a paramedic")
    if (words[i] === "once" && onceAfter(words[i - 1]) && PAST_FORM.test(words[i + 1] ?? "")) {
      out.push("used_to");
      continue;
    }
    if (words[i] === "once" && words[i - 1] === BOUNDARY && ["a", "an"].includes(words[i + 1] ?? "")) {
      out.push("used_to", "be");
      continue;
    }
    if (words[i] === "used" && words[i + 1] === "to") {
      out.push("used_to");
      i += 1;
      continue;
    }
    // ("on her own wedding day" is whose day, not "alone")
    const phrase = PHRASES_BY_FIRST.get(words[i])?.find(([from]) =>
      from.every((w, k) => words[i + k] === w) &&
      !(from.at(-1) === "own" && tagOf(words[i + from.length] ?? BOUNDARY, undefined) === "content")
    );
    if (phrase) {
      // a story opening stands apart from the noun phrases around it ("found a dragon once upon a time")
      if (phrase[1][0] === OPENING) out.push(BOUNDARY, OPENING, BOUNDARY, ...phrase[1].slice(1));
      else out.push(...phrase[1]);
      i += phrase[0].length - 1;
    } else out.push(words[i]);
  }
  return out;
}

const ONCE_AFTER = new Set(["who", "that", "which", "he", "she", "they"]);
/** True when "once" after this word says "at one time": a relative, a subject pronoun or a noun. */
function onceAfter(word: string | undefined): boolean {
  return word !== undefined && (ONCE_AFTER.has(word) ||
    (/^[a-z]+$/.test(word) && !FUNCTION_WORDS_BEFORE_ONCE.has(word) && tagOf(word, undefined) === "content"));
}
// ("at once", "for once", "all at once": no past)
const FUNCTION_WORDS_BEFORE_ONCE = new Set(["at", "for", "all", "just", "only", "more", "than"]);
// A past form after "once": regular, or a common irregular one ("who once won", "that once flew").
const PAST_FORM =
  /^(?:\w+ed|was|were|had|won|ran|saw|flew|swam|wrote|sang|fought|built|met|led|held|stood|rode|drove|knew|made|told|taught|gave|took|fell|lost|found|kept|sold|stole|broke|spoke|ate|drank|slept|left|came|went|became|beat|caught|bought|brought|thought|sent|spent|lent|bent|felt|meant|swept|wept|hid|bit|lit|shot|fed|paid|said|laid|drew|grew|threw|blew|wore|tore|swore|froze|chose|rose|woke|struck|stuck|hung|spun|dug|bound|sought|heard|forgot|got|shook|forgave|began|sat)$/;

const MAX_FRAME_WORDS = Math.max(...FRAMES.map((f) => f.length));

/** Drops greetings, "can you", "please write me" and the like at the start of each clause. */
export function dropFraming(words: string[]): string[] {
  const out: string[] = [];
  let clauseStart = true;
  for (let i = 0; i < words.length;) {
    const word = words[i];
    if (CHAT.has(word)) {
      const greeting = ["hi", "hello", "hey", "hiya", "heya", "dear"].includes(word);
      i += (word === "thank" && words[i + 1] === "you") || (greeting && VOCATIVES.has(words[i + 1])) ? 2 : 1;
      continue;
    }
    // first-person frames anywhere in a clause: "For my class I need a story…"
    // ("could I please get": chat words inside a frame)
    const ahead: number[] = [];
    for (let j = i; j < words.length && ahead.length < MAX_FRAME_WORDS; j++) {
      if (!CHAT.has(words[j]) || j === i) ahead.push(j);
    }
    // ("my cat got lost can you write a story…": "can you" + a request verb mid-clause asks too)
    const asks = (f: string[]) => {
      const after = ahead[f.length] ?? words.length;
      return f.includes("you") && REQUEST_VERBS.has(words[after] ?? "");
    };
    // ("ok weird request but can i get a story…": the asker asking, wherever in the clause)
    const frame = FRAMES.find((f) =>
      (clauseStart || f[0] === "i" || f[1] === "i" || asks(f)) &&
      f.every((w, k) => ahead[k] !== undefined && words[ahead[k]] === w)
    );
    if (frame) {
      i = ahead[frame.length - 1] + 1;
      // (and the request verb after a frame met mid-clause)
      if (!clauseStart && asks(frame) && REQUEST_VERBS.has(words[i])) {
        i += 1;
        while (words[i] === "me" || words[i] === "us") i++;
      }
      continue;
    }
    const praise = praiseAt(words, i);
    if (praise > 0) {
      i += praise;
      continue;
    }
    if (clauseStart) {
      if (REQUEST_VERBS.has(word)) {
        i += 1;
        while (words[i] === "me" || words[i] === "us") i++;
        continue;
      }
    }
    out.push(word);
    clauseStart = word === BOUNDARY;
    i++;
  }
  return out;
}

const FUNCTION_WORDS = [
  ...DETERMINERS,
  ...PREPOSITIONS,
  ...RELATIVES,
  ...CONJUNCTIONS,
  ...OTHER,
  ...BE,
  ...MODALS,
  // (and the verbs of a wish, which tell a tense: "a dog who wnats to be a police dog")
  ...WISHES,
  // (long pronouns only: "herslef", "somthing"; "taem" is no "them")
  ...[...PRONOUNS].filter((w) => w.length >= 6),
]
  .filter((w) => w.length >= 4);
// (and the verbs that ask for the text: "Wrte a story")
const GENRE_WORDS = [...GENRES, ...NUMBER_WORDS, ...REQUEST_VERBS].filter((w) => w.length >= 4);

const misspeltMemo = new Map<string, string | null>();

/**
 * An unknown word one edit from a function word ("abuot", "whree") is that function word misspelt; with
 * `genres`, one edit from a genre, number or request word ("stroy", "wrte") is that word.
 */
export function misspeltFunctionWord(word: string, lexicon: Lexicon, genres = false): string | undefined {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return undefined;
  const key = genres ? `${word}/g` : word;
  const known = misspeltMemo.get(key);
  if (known !== undefined) return known ?? undefined;
  let found: string | undefined;
  if (!lexicon.isKnown(word) && !lexicon.names.has(word) && tagOf(word, undefined) === "content") {
    found = (genres ? GENRE_WORDS : FUNCTION_WORDS).find((f) =>
      // (a slip of the keys keeps the first letter: "qeen" is "queen" mistyped, not "been")
      f[0] === word[0] && Math.abs(f.length - word.length) <= 1 && (damerau(word, f).steps as number) <= 1 &&
      // a number word only from two letters swapped ("fianl"): "nigth" is night, not ninth
      (!NUMBER_WORDS.has(f) || [...word].sort().join("") === [...f].sort().join(""))
    );
  }
  if (misspeltMemo.size > 50_000) misspeltMemo.clear();
  misspeltMemo.set(key, found ?? null);
  return found;
}

/** "hiii", "sooo", "pleeease": a letter typed three times or more is one letter, or two ("gooood" → good). */
export function unstretched(word: string, lexicon: Lexicon): string {
  // (a number is never stretched: "5000" is not "50")
  if (!/(.)\1\1/.test(word) || /\d/.test(word)) return word;
  const once = word.replace(/(.)\1\1+/g, "$1");
  const twice = word.replace(/(.)\1\1+/g, "$1$1");
  return lexicon.isKnown(once) || CHAT.has(once) || !lexicon.isKnown(twice) ? once : twice;
}

/** "a big, noisy family": a comma between two adjectives of one noun phrase ends no clause. */
export function joinAdjectives(words: string[], lexicon: Lexicon): string[] {
  const adjective = (w: string | undefined) =>
    w !== undefined && lexicon.canBe(w, "a") && !lexicon.canBe(w, "n");
  // ("a warm, short story": two words that can describe, then the noun they describe)
  const describing = (w: string | undefined) => w !== undefined && lexicon.canBe(w, "a");
  const noun = (w: string | undefined) => w !== undefined && (GENRES.has(w) || lexicon.canBe(w, "n"));
  return words.filter((w, k) =>
    !(w === BOUNDARY && DETERMINERS.has(words[k - 2]) &&
      ((adjective(words[k - 1]) && adjective(words[k + 1])) ||
        (adjective(words[k - 1]) && describing(words[k + 1]) && noun(words[k + 2]))))
  );
}
