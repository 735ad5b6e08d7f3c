/**
 * Reads a prompt the way the verifier compares prompts: words tagged by what they do in the sentence (request
 * framing, function word, negation, number, time marker, content word), with multi-word expressions joined
 * ("runs away" → run_away, "at last" → at_last, "in which" → where) so a phrase and its one-word synonym line
 * up, and the request framing ("Could you please write me…", "I'd love…", "Tell me…") set aside so only what
 * the story is about is compared.
 */
import damerau from "damerau-levenshtein";
import type { Lexicon } from "./lexicon.ts";
import { BOUNDARY, POSSESSIVE, promptTokens } from "./normalize.ts";
import {
  AUX,
  BACK_REFERENCE,
  BE,
  CHAT,
  CLAUSE_JOINS,
  CONJUNCTIONS,
  DETERMINERS,
  DREAMS,
  DURATION_BEFORE,
  EXTRA_ORDINALS,
  FILLER_CLAUSE,
  FRAMES,
  GENRE_NAMES,
  GENRES,
  GET,
  GOING_TO,
  MODALS,
  NEGATIONS,
  NUMBER_WORDS,
  NUMBERED,
  OPENING,
  ORDINAL_DIGITS,
  OTHER,
  PERSONAL,
  PHRASES_BY_FIRST,
  PREPOSITIONS,
  PRONOUNS,
  RELATIVES,
  REQUEST_VERBS,
  STORY_WORDS,
  TELLS,
  TIME_MARKERS,
  VOCATIVES,
  wordSet,
} from "./words.ts";

export { GENRES } from "./words.ts";

/** What a token does in the prompt. */
export type Tag =
  | "boundary"
  | "det"
  | "prep"
  | "be"
  | "get"
  | "aux"
  | "modal"
  | "rel"
  | "pron"
  | "conj"
  | "neg"
  | "num"
  | "poss"
  | "other"
  | "content";

/** One token of an analysed prompt. */
export interface Token {
  /** Canonical form: lowercased, spelling-normalised, phrases joined with "_". */
  word: string;
  /** The words as typed (after normalisation), for joining compounds ("light house" / "lighthouse"). */
  raw: string;
  tag: Tag;
}

/** A prompt as the verifier sees it. */
export interface Analysis {
  tokens: Token[];
  /** Indices of content words in `tokens`. */
  content: number[];
  negations: number;
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
  /** Tense and modality markers that change the request: future (will, going to), used to, must, should, can, may. */
  time: string[];
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
}

function canonicalPhrases(words: string[]): string[] {
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
    // "has just 12" is "has only 12"
    if (
      words[i] === "just" &&
      /^\d+$|^(one|two|three|four|five|six|seven|eight|nine|ten)$/.test(words[i + 1] ?? "")
    ) {
      out.push("only");
      continue;
    }
    // "fails, yet decides" is "but"; "not yet" is not
    if (
      words[i] === "yet" && words[i - 1] !== "not" && words[i + 1] !== undefined && words[i + 1] !== BOUNDARY
    ) {
      out.push("but");
      continue;
    }
    // "One day, …" and "… king one day" (some day, or once) are no count; "in one day", "get through one day
    // without it", "see one day into the future" are
    const clauseEdge = (w: string | undefined) => w === undefined || w === BOUNDARY || CLAUSE_JOINS.has(w);
    if (
      words[i] === "one" && words[i + 1] === "day" && !DURATION_BEFORE.has(words[i - 1] ?? "") &&
      (clauseEdge(words[i - 1]) || clauseEdge(words[i + 2]))
    ) {
      i += 1;
      continue;
    }
    // "I'm 14 and…", "she is 5": the asker's age is not the story's
    if (
      ["i", "he", "she"].includes(words[i]) && ["am", "is"].includes(words[i + 1]) &&
      /^\d+$/.test(words[i + 2] ?? "")
    ) {
      i += words[i + 3] === "years" && words[i + 4] === "old" ? 4 : 2;
      continue;
    }
    // "who was once a pirate" is "who used to be a pirate"
    if (
      (words[i] === "was" || words[i] === "were") && words[i + 1] === "once" &&
      DETERMINERS.has(words[i + 2]) &&
      words[i - 1] !== "there"
    ) {
      out.push("used_to", "be");
      i += 1;
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

/**
 * Drops asides about the asker ("My kids love those.", "I forgot how it goes.", "if you can") when another
 * clause names the genre asked for: a clause with a first- or second-person word and no genre word.
 * Style instructions ("Make it funny.") are requests and stay.
 */
// Pronouns that stand for someone or something named elsewhere.
const THIRD_PERSON = new Set(["he", "him", "his", "she", "her", "it", "its", "they", "them", "their"]);

function dropAsides(words: string[], lexicon: Lexicon): string[] {
  const clauses: string[][] = [[]];
  for (const word of words) {
    if (word === BOUNDARY) clauses.push([]);
    else clauses.at(-1)!.push(word);
  }
  // the request: a clause that names the genre, or starts (after a greeting) with a request verb
  const isRequest = (clause: string[]) =>
    clause.some((w) => GENRES.has(w)) || REQUEST_VERBS.has(clause.find((w) => !CHAT.has(w)) ?? "");
  // "Grandma here!", "DM here lol": who is asking, not what
  const filler = (c: string[]) =>
    c.every((w) => FILLER_CLAUSE.has(w)) || (c.length <= 3 && c.at(-1) === "here");
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
  const pointsBack = (c: string[]) => {
    // ("tell her a story": whom it is for)
    const pronoun = c.findIndex((w, k) => THIRD_PERSON.has(w) && !REQUEST_VERBS.has(c[k - 1]));
    const noun = c.findIndex((w) =>
      isContentWord(w) && !GENRES.has(w) && !REQUEST_VERBS.has(w) && !CHAT.has(w) && !isNumberWord(w, lexicon)
    );
    return pronoun >= 0 && (noun < 0 || pronoun < noun);
  };
  const request = clauses.some((c) => isRequest(c) && telling(c) && !pointsBack(c)) &&
    !words.includes(BACK_REFERENCE);
  const said = clauses.filter((c) => c.length > 0 && !filler(c));
  if (said.length === 0) return words;
  // (an aside that gives a number — "my daughter is turning six" — may be what the story is about: kept; "my
  // little one", "this one" give none)
  const kept = said.filter((c) =>
    !request || isRequest(c) || !c.some((w) => PERSONAL.has(w)) ||
    c.some((w, k) =>
      isNumberWord(w, lexicon) && !(w === "one" && tagOf(c[k + 1] ?? BOUNDARY, undefined) !== "content")
    )
  );
  return kept.flatMap((clause, i) => i === 0 ? clause : [BOUNDARY, ...clause]);
}

/** Drops greetings, "can you", "please write me" and the like at the start of each clause. */
function dropFraming(words: string[]): string[] {
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
    const frame = FRAMES.find((f) => (clauseStart || f[0] === "i") && f.every((w, k) => words[i + k] === w));
    if (frame) {
      i += frame.length;
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

// "last" is not counted inside phrases: "at last" is "finally".
const isNumberWord = (word: string, lexicon: Lexicon) =>
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

/** Joins WordNet multi-word lemmas ("looking for" → look_for); the first word may be inflected. */
function joinPhrases(words: string[], lexicon: Lexicon): Array<{ word: string; raw: string }> {
  const out: Array<{ word: string; raw: string }> = [];
  for (let i = 0; i < words.length; i++) {
    let joined: string[] | undefined;
    const lemmas = new Set([words[i], ...lexicon.lemmasOf(words[i])]);
    // Not auxiliaries ("is given" is not be_given, "inclined"), articles ("a little town" is not a_little,
    // "somewhat"), numbers ("three times") or function words only ("out of").
    if (
      !BE.has(words[i]) && !AUX.has(words[i]) && !DETERMINERS.has(words[i]) &&
      !isNumberWord(words[i], lexicon)
    ) {
      for (const lemma of lemmas) {
        joined = lexicon.phrasesStartingWith(lemma).find((p) =>
          p.every((w, k) => k === 0 || (words[i + k] === w && !isNumberWord(w, lexicon))) &&
          p.some((w) => tagOf(w, undefined) === "content") &&
          !continuesPhrase(p, words[i + p.length], lexicon) &&
          // "a post office run by a snail": a participle after its noun and its doer, not "run_by"
          !(p.at(-1) === "by" && i > 0 && tagOf(words[i - 1], undefined) === "content")
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
    } else out.push({ word: words[i], raw: words[i] });
  }
  return out;
}

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
function misspeltFunctionWord(word: string, lexicon: Lexicon, genres = false): string | undefined {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return undefined;
  const key = genres ? `${word}/g` : word;
  const known = misspeltMemo.get(key);
  if (known !== undefined) return known ?? undefined;
  let found: string | undefined;
  if (!lexicon.isKnown(word) && !lexicon.names.has(word) && tagOf(word, undefined) === "content") {
    found = (genres ? GENRE_WORDS : FUNCTION_WORDS).find((f) =>
      Math.abs(f.length - word.length) <= 1 && (damerau(word, f).steps as number) <= 1 &&
      // a number word only from two letters swapped ("fianl"): "nigth" is night, not ninth
      (!NUMBER_WORDS.has(f) || [...word].sort().join("") === [...f].sort().join(""))
    );
  }
  if (misspeltMemo.size > 50_000) misspeltMemo.clear();
  misspeltMemo.set(key, found ?? null);
  return found;
}

function tagOf(word: string, previous: Token | undefined): Tag {
  if (word === BOUNDARY) return "boundary";
  if (word === POSSESSIVE) return "poss";
  if (NEGATIONS.has(word)) return "neg";
  if (word === "that") return previous?.tag === "content" ? "rel" : "det";
  if (DETERMINERS.has(word)) return "det";
  if (PREPOSITIONS.has(word)) return "prep";
  if (BE.has(word)) return "be";
  if (GET.has(word)) return "get";
  if (AUX.has(word)) return "aux";
  if (MODALS.has(word) || word === "used_to") return "modal";
  if (RELATIVES.has(word)) return "rel";
  if (PRONOUNS.has(word)) return "pron";
  if (CONJUNCTIONS.has(word)) return "conj";
  if (OTHER.has(word)) return "other";
  return "content";
}

/** True for words the verifier compares (not function words, framing, negations or numbers). */
export function isContentWord(word: string): boolean {
  return tagOf(word, undefined) === "content";
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
    if (word === BOUNDARY || DETERMINERS.has(word) || PREPOSITIONS.has(word)) return false;
  }
  return false;
}

/** "hiii", "sooo", "pleeease": a letter typed three times or more is one letter, or two ("gooood" → good). */
function unstretched(word: string, lexicon: Lexicon): string {
  if (!/(.)\1\1/.test(word)) return word;
  const once = word.replace(/(.)\1\1+/g, "$1");
  const twice = word.replace(/(.)\1\1+/g, "$1$1");
  return lexicon.isKnown(once) || CHAT.has(once) || !lexicon.isKnown(twice) ? once : twice;
}

/** "a big, noisy family": a comma between two adjectives of one noun phrase ends no clause. */
function joinAdjectives(words: string[], lexicon: Lexicon): string[] {
  const adjective = (w: string | undefined) =>
    w !== undefined && lexicon.canBe(w, "a") && !lexicon.canBe(w, "n");
  return words.filter((w, k) =>
    !(w === BOUNDARY && DETERMINERS.has(words[k - 2]) && adjective(words[k - 1]) && adjective(words[k + 1]))
  );
}

// "a short story", "a brief tale", "a quick story": the size of the text, said by the genre word already.
const SIZE_OF_TEXT = new Set(["short", "little", "brief", "quick"]);

/** Analyses one prompt. */
export function analysePrompt(text: string, lexicon: Lexicon): Analysis {
  const typed = promptTokens(text, lexicon.spelling).map((w) =>
    misspeltFunctionWord(w, lexicon, true) ?? misspeltFunctionWord(w, lexicon) ?? unstretched(w, lexicon)
  );
  const words = dropFraming(dropAsides(joinAdjectives(canonicalPhrases(typed), lexicon), lexicon));
  const tokens: Token[] = [];
  const numbers: string[] = [];
  const numberAt: number[] = [];
  const time = new Set<string>();
  let negations = 0;
  let pendingCardinal: number | undefined;
  let singleFrom: number | undefined;
  const single: number[] = [];
  // "one game" is "a game" (or "a single game"): a count of one right before its noun is an article; "one
  // of the twins" and "day one" still count
  const flushCardinal = (next?: string) => {
    const article = pendingCardinal === 1 && next !== undefined && tagOf(next, undefined) === "content";
    if (article) singleFrom = tokens.length;
    if (pendingCardinal !== undefined && !article) {
      numbers.push(`#${pendingCardinal}`);
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
    // "short"/"little"/"brief" right before a genre word frame the request: "a short story" is "a story".
    if (SIZE_OF_TEXT.has(word) && genreAhead(joined, i)) continue;
    // "one" without a noun after it is a pronoun ("here is one", "the one who"), not a count, except after
    // a noun that numbers things ("day one", "chapter one").
    const pronounOne = word === "one" && (next === undefined || tagOf(next, undefined) !== "content") &&
      !NUMBERED.has(tokens.at(-1)?.word ?? "");
    const digits = /^\d+$/.test(word);
    const cardinal = pronounOne ? undefined : digits ? Number(word) : lexicon.cardinal(word);
    if (cardinal !== undefined) {
      // "twenty one" is one number (21) and "three hundred" (or "3 hundred") too (300); a number written
      // in digits always starts a number of its own: "4-150" is 4 and 150, never 600.
      if (pendingCardinal !== undefined && !digits && cardinal >= 100) pendingCardinal *= cardinal;
      else if (pendingCardinal !== undefined && !digits && pendingCardinal % 10 === 0 && cardinal < 10) {
        pendingCardinal += cardinal;
      } else {
        flushCardinal();
        pendingCardinal = cardinal;
      }
      tokens.push({ word, raw, tag: "num" });
      continue;
    }
    flushCardinal(word);
    const ordinalDigits = ORDINAL_DIGITS.exec(word);
    const ordinal = ordinalDigits ? Number(ordinalDigits[1]) : EXTRA_ORDINALS[word] ?? lexicon.ordinal(word);
    if (ordinal !== undefined) {
      numbers.push(`th${ordinal}`);
      numberAt.push(tokens.length);
      tokens.push({ word, raw, tag: "num" });
      continue;
    }
    // "not happy" is "unhappy", "not kind" is "unkind": one word, no negation to count
    if (word === "not" && next !== undefined && lexicon.canBe(next, "a") && lexicon.isKnown(`un${next}`)) {
      tokens.push({ word: `un${next}`, raw: `${raw} ${joined[i + 1].raw}`, tag: "content" });
      i++;
      continue;
    }
    // "gets a letter", "got two puppies": "get" with a thing after it is the verb, not the passive's helper
    const gets = GET.has(word) && next !== undefined &&
      (DETERMINERS.has(next) || isNumberWord(next, lexicon) || /^\d/.test(next));
    const tag = gets ? "content" : tagOf(word, tokens.at(-1));
    if (singleFrom !== undefined && tag === "content") single.push(tokens.length);
    else singleFrom = undefined;
    // "never become friends, not even during a blackout": "not even" repeats a negation, it does not undo it
    const repeated = word === "not" && next === "even" && negations > 0;
    if (tag === "neg" && !repeated) negations++;
    const marker = TIME_MARKERS[word];
    if (marker) time.add(marker);
    tokens.push({ word, raw, tag });
  }
  flushCardinal();
  const numberNouns = numberAt.map((at) => {
    // the noun after ("five paragraphs"), or before a number or range that ends its phrase ("ages 7-9")
    let k = tokens[at + 1]?.tag === "content" ? at + 1 : at - 1;
    while (k < at && k >= 0 && (tokens[k].tag === "num" || tokens[k].word === "to")) k--;
    const noun = tokens[k];
    return noun?.tag === "content" ? lexicon.lemmasOf(noun.word)[0] ?? noun.word : "";
  });
  const implicitGenre = !tokens.some((t) => GENRES.has(t.word));
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
    numbers,
    numberNouns,
    time: [...time].sort(),
    aspect: aspectOf(tokens, lexicon),
    state: stateOf(tokens, lexicon),
    implicitGenre,
    single: single.map((i) => i + shift),
  };
}
