/**
 * The passes over a prompt's words before they are tagged (lib/cache/analysis.ts runs them in order):
 * function-word variants made one form, asides about the asker and request framing dropped, a comma between
 * two adjectives removed, and misspelt function and genre words corrected. Multi-word expressions are joined
 * after these passes (lib/cache/phrase_join.ts).
 */
import damerau from "damerau-levenshtein";
import { isNumberWord } from "./phrase_join.ts";
import type { Lexicon } from "./lexicon.ts";
import { BOUNDARY, POSSESSIVE } from "./normalize.ts";
import { isContentWord, tagOf } from "./tags.ts";
import {
  BACK_REFERENCE,
  BE,
  CHAT,
  CLAUSE_JOINS,
  CONJUNCTIONS,
  DETERMINERS,
  DREAMS,
  DURATION_BEFORE,
  FILLER_CLAUSE,
  FRAMES,
  GENRES,
  GOING_TO,
  MODALS,
  NUMBER_WORDS,
  OPENING,
  OTHER,
  PERSONAL,
  PREPOSITIONS,
  RELATIVES,
  REQUEST_VERBS,
  TELLS,
  THIRD_PERSON,
  TIME_NOUNS,
  VOCATIVES,
} from "./words.ts";
import { PHRASES_BY_FIRST } from "./function_phrases.ts";

// Ages said in words ("she's four"); not "one" ("she is one of the twins").
const AGE_WORDS =
  /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)$/;

// "so scared (that) she can't/won't…": who cannot do it, and how.
// Modals after which "one day" and "someday" say when, not how long: "will one day become queen".
const SOME_DAY_AFTER = new Set(["will", "would", "shall", "might", "may", "could", "can", "must", "should"]);
const SO_THAT_SUBJECTS = new Set(["he", "she", "it", "they", "i", "we", "you"]);
const SO_THAT_MODALS = new Set(["can", "could", "will", "would"]);
export function canonicalPhrases(words: string[]): string[] {
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
    // "dreams of (about) becoming a knight" is "wants to be a knight"
    if (
      DREAMS[words[i]] && (words[i + 1] === "of" || words[i + 1] === "about") &&
      /ing$/.test(words[i + 2] ?? "")
    ) {
      const verb = words[i + 2] === "becoming" || words[i + 2] === "being" ? "be" : words[i + 2];
      out.push(DREAMS[words[i]], "to", verb);
      i += 2;
      continue;
    }
    // "so spiky he can't hug his friends", "so scared that she won't leave" is "too spiky to hug…"
    {
      const that = words[i + 2] === "that" ? 1 : 0;
      const [pronoun, modal, not] = [words[i + 2 + that], words[i + 3 + that], words[i + 4 + that]];
      if (
        words[i] === "so" && words[i + 1] !== undefined && words[i + 1] !== BOUNDARY &&
        SO_THAT_SUBJECTS.has(pronoun ?? "") && SO_THAT_MODALS.has(modal ?? "") && not === "not" &&
        words[i + 5 + that] !== undefined
      ) {
        out.push("too", words[i + 1], "to");
        i += 4 + that;
        continue;
      }
    }
    // "only" as an adverb ("can talk, but only to cats", "has only 12") says what "just" says, which is
    // dropped; "the only postwoman", "an only child" name one of a kind and stay
    if (words[i] === "only" && !DETERMINERS.has(words[i - 1] ?? "") && words[i - 1] !== POSSESSIVE) continue;
    // "fails, yet decides" is "but"; "not yet" is not
    if (
      words[i] === "yet" && words[i - 1] !== "not" && words[i + 1] !== undefined && words[i + 1] !== BOUNDARY
    ) {
      out.push("but");
      continue;
    }
    // "One day, …", "… king one day" and "will one day become" (some day, or once) are no count; "in one day",
    // "get through one day without it", "see one day into the future" are
    const clauseEdge = (w: string | undefined) => w === undefined || w === BOUNDARY || CLAUSE_JOINS.has(w);
    const opens = (w: string | undefined) => clauseEdge(w) || SOME_DAY_AFTER.has(w ?? "");
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
    if (words[i] === "once" && ONCE_AFTER.has(words[i - 1] ?? "") && PAST_FORM.test(words[i + 1] ?? "")) {
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
    const phrase = PHRASES_BY_FIRST.get(words[i])?.find(([from]) => from.every((w, k) => words[i + k] === w));
    if (phrase) {
      // a story opening stands apart from the noun phrases around it ("found a dragon once upon a time")
      if (phrase[1][0] === OPENING) out.push(BOUNDARY, OPENING, BOUNDARY, ...phrase[1].slice(1));
      else out.push(...phrase[1]);
      i += phrase[0].length - 1;
    } else out.push(words[i]);
  }
  return out;
}

const ONCE_AFTER = new Set(["who", "that", "which"]);
// The asker in the first person.
const ASKER = new Set(["i", "me", "my", "we", "us", "our"]);
// "a story about that", "a tale of this": the text asked for is about what was told
const ABOUT = new Set(["about", "of", "on"]);
// "does it", "did that": a deed told elsewhere
const DO_FORMS = new Set(["do", "does", "did", "doing", "done"]);
// A past form after "once": regular, or a common irregular one ("who once won", "that once flew").
const PAST_FORM =
  /^(?:\w+ed|was|were|had|won|ran|saw|flew|swam|wrote|sang|fought|built|met|led|held|stood|rode|drove|knew|made|told|taught|gave|took|fell|lost|found|kept|sold|stole|broke|spoke|ate|drank|slept|left|came|went|became|beat|caught|bought|brought|thought)$/;

/**
 * Drops asides about the asker ("My kids love those.", "I forgot how it goes.", "if you can") when another
 * clause names the genre asked for: a clause with a first- or second-person word and no genre word.
 * Style instructions ("Make it funny.") are requests and stay.
 */
export function dropAsides(words: string[], lexicon: Lexicon): string[] {
  const clauses: string[][] = [[]];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === BOUNDARY || askerThenRequest(clauses.at(-1)!, words, i)) clauses.push([]);
    else clauses.at(-1)!.push(word);
  }
  // the request: a clause that names the genre, or starts (after a greeting) with a request verb
  // ("Can you draft it with a melancholy tone?": a request verb after a frame asks too)
  // (the clause past its greeting and its frame: "I want a story where he…" → "a story where he…")
  const body = (clause: string[]) => {
    const said = clause.filter((w) => !CHAT.has(w));
    return said.slice(FRAMES.find((f) => f.every((w, k) => said[k] === w))?.length ?? 0);
  };
  const isRequest = (clause: string[]) =>
    clause.some((w) => GENRES.has(w)) || REQUEST_VERBS.has(body(clause)[0] ?? "");
  // "Grandma here!", "DM here lol": who is asking, not what
  // (chat words aside: "DM here lol")
  const filler = (clause: string[]) => {
    const c = clause.filter((w) => !CHAT.has(w));
    return c.every((w) => FILLER_CLAUSE.has(w)) || (c.length <= 3 && c.at(-1) === "here");
  };
  // A request that tells the story itself ("a story about a ghost who haunts a library") makes the clauses
  // about the asker asides; a request that is only a header ("Story for a 6 year old:") does not: the story
  // follows it, even in a clause that says "our cat".
  const telling = (c: string[]) =>
    c.some((w) => TELLS.has(w)) ||
    c.filter((w) =>
        isContentWord(w) && !isNumberWord(w, lexicon) && !GENRES.has(w) && !REQUEST_VERBS.has(w) &&
        !CHAT.has(w)
      ).length >= 3;
  // "my dog Max ran away, write a story where he comes home": a pronoun before anything it could stand for
  // points back at the aside, which is then the story
  const pointsBack = (clause: string[]) => {
    const c = body(clause);
    // ("tell her a story": whom it is for)
    // ("…knocks on the windows every night. Write this as a horror story.": "this" after the request verb)
    const pronoun = c.findIndex((w, k) =>
      (THIRD_PERSON.has(w) && !REQUEST_VERBS.has(c[k - 1])) ||
      ((w === "this" || w === "that") && (REQUEST_VERBS.has(c[k - 1]) || c[k - 1] === "turn")) ||
      // ("…jealous of the new baby, can you make a story about that")
      ((w === "this" || w === "that") && ABOUT.has(c[k - 1]) && GENRES.has(c[k - 2]))
    );
    // (a time is nothing a pronoun stands for: "a story about the night his plane was hit"; nor is a word that
    // only describes: "a gentle story about her and the baby")
    const noun = c.findIndex((w) =>
      isContentWord(w) && !GENRES.has(w) && !REQUEST_VERBS.has(w) && !CHAT.has(w) &&
      !isNumberWord(w, lexicon) && !TIME_NOUNS.has(w) && (lexicon.canBe(w, "n") || !lexicon.isKnown(w))
    );
    // ("My cat knocks everything off the counter - write a story explaining why she does it": "does it" is the
    // deed the aside tells)
    const deed = c.some((w, k) => DO_FORMS.has(w) && ["it", "this", "that"].includes(c[k + 1]));
    // ("…, write a funny story about that", "write a short story about him": the text is about what was told,
    // whatever describing words come before the genre word)
    const about = c.some((w, k) =>
      (w === "this" || w === "that" || THIRD_PERSON.has(w)) && ABOUT.has(c[k - 1]) && GENRES.has(c[k - 2]) &&
      k === c.length - 1
    );
    // ("I'm curious how black holes work. Write a story where a crew drifts too close to one": "one" after a
    // preposition at the end of the request is one of what the aside named)
    const one = (c.at(-1) === "one" || c.at(-1) === "ones") && PREPOSITIONS.has(c.at(-2) ?? "");
    return deed || one || about || (pronoun >= 0 && (noun < 0 || pronoun < noun));
  };
  // "my girl is afraid of the monster in her closet, write a story where the monster turns out to be friendly":
  // "the monster" is the one the aside told of, so the aside is the story
  // (the words of the clauses that are no request: namesBack is asked of a request clause only)
  const told = new Set(clauses.filter((o) => !isRequest(o)).flat());
  // (or a name the aside gave: "Our golden retriever Max is the ring bearer… a story from Max's point of view";
  // said as a name, with no article or describing word before it: "a story about a porter" is no Porter)
  const asName = (c: string[], k: number) =>
    k === 0 || (!DETERMINERS.has(c[k - 1]) && tagOf(c[k - 1], undefined) !== "content");
  // (a name the aside gives after whose and what it is, even a word no list holds as a name: "our cat Biscuit
  // is terrified of the vacuum cleaner. … a story where Biscuit makes friends with it")
  const given = new Set(
    clauses.filter((o) => !isRequest(o)).flatMap((o) =>
      o.filter((w, k) =>
        ASKER.has(o[k - 2]) && isContentWord(o[k - 1]) && lexicon.canBe(o[k - 1], "n") && isContentWord(w) &&
        lexicon.canBe(w, "n") && !lexicon.canBe(w, "a") && !lexicon.isPluralNoun(w) &&
        lexicon.lemmasOf(w).includes(w)
      )
    ),
  );
  const namesBack = (c: string[]) => {
    return c.some((w, k) =>
      (c[k - 1] === "the" || ((lexicon.names.has(w) || given.has(w)) && asName(c, k))) && told.has(w) &&
      isContentWord(w) && !GENRES.has(w) && !CHAT.has(w) && !REQUEST_VERBS.has(w)
    );
  };
  // "I'm a vet in a small town. Write a story about a stray cat who brings me a gift…": the asker is in the story
  // the request tells, so what the aside says of the asker is the story's too
  const askerInStory = (c: string[]) => {
    const genre = c.findIndex((w) => GENRES.has(w));
    return genre >= 0 &&
      c.slice(genre + 1).some((w, k, told) => ASKER.has(w) && told[k - 1] !== "for" && told[k - 1] !== "to");
  };
  const request =
    clauses.some((c) => isRequest(c) && telling(c) && !pointsBack(c) && !namesBack(c) && !askerInStory(c)) &&
    !words.includes(BACK_REFERENCE);
  const said = clauses.filter((c) => c.length > 0 && !filler(c));
  if (said.length === 0) return words;
  // (an aside that gives a number — "my daughter is turning six" — may be what the story is about: kept; "my
  // little one", "this one" give none)
  // A clause that goes on from the one before ("…, and what happens when my brother winds it") or says what
  // there is ("There's a bookshop on my street that…, so write about the man who runs it") is the story.
  // (a clause that opens with an -ing verb goes on describing the one before: "a story about her as a young
  // girl, slipping out in her sister's red shoes to dance with the boy who became my grandpa")
  const story = (c: string[], i: number) =>
    (i > 0 && ["and", "but", "or"].includes(c[0]) && isRequest(said[i - 1])) ||
    (c[0] === "there" && BE.has(c[1] ?? "")) ||
    (i > 0 && isRequest(said[i - 1]) && c[0].endsWith("ing") && lexicon.canBe(c[0], "v"));
  const kept = said.filter((c, i) =>
    !request || isRequest(c) || !c.some((w) => PERSONAL.has(w)) || story(c, i) ||
    c.some((w, k) =>
      isNumberWord(w, lexicon) && !(w === "one" && tagOf(c[k + 1] ?? BOUNDARY, undefined) !== "content")
    )
  );
  return kept.flatMap((clause, i) => i === 0 ? clause : [BOUNDARY, ...clause]);
}

/**
 * True at an "and" that ends a clause about the asker and starts the request: "I'm getting married next month
 * and I'd love a story about…" is an aside and a request, two clauses.
 */
function askerThenRequest(clause: string[], words: string[], at: number): boolean {
  if (words[at] !== "and") return false;
  const first = clause.find((w) => !CHAT.has(w));
  if (first !== "i" && first !== "we") return false;
  const rest = words.slice(at + 1).filter((w) => !CHAT.has(w));
  return FRAMES.some((f) => f.length >= 2 && f.every((w, k) => rest[k] === w));
}

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
      return f[1] === "you" && REQUEST_VERBS.has(words[after] ?? "");
    };
    const frame = FRAMES.find((f) =>
      (clauseStart || f[0] === "i" || asks(f)) &&
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
