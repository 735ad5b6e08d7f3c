/**
 * Noun phrases read without a parser, for the readers of roles (lib/cache/roles.ts) and of owners and places
 * (lib/cache/readings.ts): where a phrase starts and which word heads it, what a relative pronoun refers to,
 * who a personal pronoun stands for, and when the phrase after "and" starts a clause of its own.
 */
import { GENRES, type Token } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { clauseHasVerb, isAdverb, isAdverbial } from "./verbs.ts";
import { AGE_UNITS, NUMBERED, PREPOSITIONS } from "./words.ts";

/**
 * Who a personal pronoun stands for, the same in subject and object form ("he" / "him"); undefined for other
 * words. "her" is one only when no noun follows it ("saves her", not "her dog").
 */
export function pronounPerson(tokens: Token[], at: number): string | undefined {
  const word = tokens[at]?.word;
  if (word === "her") return ["content", "num"].includes(tokens[at + 1]?.tag ?? "") ? undefined : "she";
  return personOf(word ?? "");
}

/** Who a personal pronoun stands for, in either form ("him" → "he", "her" → "she"); undefined for other words. */
export function personOf(word: string): string | undefined {
  return word === "her" ? "she" : PERSONS[word];
}

/** Pronouns for people not named ("is blamed by everyone"): a doer or a done-to, like a noun. */
export const SOMEONE: ReadonlySet<string> = new Set(["someone", "somebody", "everyone", "everybody"]);

const PERSONS: Readonly<Record<string, string>> = {
  you: "you",
  i: "i",
  me: "i",
  we: "we",
  us: "we",
  he: "he",
  him: "he",
  she: "she",
  they: "they",
  them: "they",
  it: "it",
};

/**
 * The last content word of the noun phrase starting at `from` (determiners, numbers, adjectives, nouns), or a
 * personal pronoun standing there ("saves him").
 */

export function phraseHeadAfter(
  tokens: Token[],
  from: number,
  verbs: Set<number>,
  lexicon?: Lexicon,
): number | undefined {
  if (pronounPerson(tokens, from) !== undefined || SOMEONE.has(tokens[from]?.word ?? "")) return from;
  let head: number | undefined;
  for (let j = from; j < tokens.length; j++) {
    const token = tokens[j];
    // "the apprentice of the wizard accidentally turns…": an adverb ends the phrase
    // ("by a restaurants new dishwasher": a describing word before a noun is no adverb)
    const describes = lexicon !== undefined && lexicon.canBe(token.word, "a") &&
      tokens[j + 1]?.tag === "content";
    if (lexicon !== undefined && isAdverb(token, lexicon) && !describes) {
      if (head !== undefined) break;
      continue; // ("appears only once every hundred years": no adverb is the thing)
    }
    // "marry a woman next week": the time is not the thing
    if (token.word === "next" && head !== undefined) break;
    // "explores the city at night": an adverbial phrase ("at_night", "by_mistake") ends the noun phrase
    if (PREPOSITIONS.has(token.word.split("_")[0]) && token.word.includes("_")) break;
    // ("his own camel driver": "own" says whose, not what; "a very patient instructor": how much)
    if (
      (token.word === "own" || token.tag === "other") && head === undefined &&
      tokens[j + 1]?.tag === "content"
    ) {
      continue;
    }
    // ("by the year 11 netball team": a school year's number, inside the phrase)
    // ("by a clever 8-year-old": an age's number, inside the phrase)
    if (
      token.tag === "num" && head !== undefined && tokens[j + 1]?.tag === "content" &&
      (NUMBERED.has(tokens[j - 1].word) || AGE_UNITS.has(tokens[j + 1].word))
    ) {
      continue;
    }
    if (token.tag === "content" && !verbs.has(j)) head = j;
    else if (token.tag === "poss") head = undefined; // the owner is not the head: "the king 's crown" → crown
    else if ((token.tag !== "det" && token.tag !== "num") || head !== undefined) break; // "a dragon every winter"
  }
  return head;
}

/**
 * The head of the noun phrase ending just before `before`; undefined when it is ambiguous which noun a clause
 * is about: after "of" ("the son of a farmer who…" may be the son) or in a list ("a dog and a cat who…").
 */
export function phraseHeadBefore(
  tokens: Token[],
  before: number,
  verbs: Set<number>,
  ofHead = true,
  lexicon?: Lexicon,
): number | undefined {
  const j = before - 1;
  // (a place or time said in one phrase, "on_the_farm", heads no noun phrase)
  if (j < 0 || tokens[j].tag !== "content" || verbs.has(j) || isAdverbial(tokens[j])) return undefined;
  const start = phraseStart(tokens, j, verbs);
  const preceding = tokens[start - 1]?.word;
  // (a list of nouns, "a dog and a cat who…", is not guessed; "turns 90 and his grandkids book…" joins two
  // clauses: the phrase after "and" is the doer)
  if (preceding === "and" || preceding === "or") {
    const beforeAnd = start - 2;
    // (nor after a time or place said in one phrase: "escaped over the weekend and the janitor found him")
    // (nor after a comma when a verb follows the phrase: "…in her village, and a big supermarket tries…")
    const clauses = tokens[beforeAnd]?.tag === "num" || verbs.has(beforeAnd) ||
      isAdverbial(tokens[beforeAnd]) ||
      (tokens[beforeAnd]?.tag === "boundary" && verbFollows(tokens, before, verbs, lexicon)) ||
      (verbFollows(tokens, before, verbs, lexicon) && clauseHasVerb(tokens, beforeAnd, verbs));
    if (!clauses) return undefined;
  }
  // "a giant named Theo who…": the giant, whose name it is
  if (preceding === "named" || preceding === "called") {
    return phraseHeadBefore(tokens, start - 1, verbs, ofHead, lexicon);
  }
  // "the song of a mermaid" is a song: the head is the noun before "of" — unless that noun is the text asked
  // for ("a story of a cobbler who…", "the adventure of three dwarves who…"): the text is about the noun after
  // (the text asked for heads the request: no word of the story before it — "the song of a mermaid" in "a
  // story in which the song of a mermaid…" is a song)
  const textAsked = preceding === "of" ? tokens[start - 2]?.word : undefined;
  // (a size before it is no story word: "a 300-word tale of…"; and only its own clause counts: "For a class of
  // ten-year-olds, tell the myth of Heracles, who…")
  const clauseStart = tokens.slice(0, start - 2).findLastIndex((t) => t.tag === "boundary") + 1;
  const heads = tokens.slice(clauseStart, start - 2).every((t, k) =>
    t.tag !== "content" || t.raw === "" || tokens[clauseStart + k - 1]?.tag === "num"
  );
  if (textAsked !== undefined && heads && (textAsked === "story" || TEXT_KINDS.has(textAsked))) return j;
  return preceding === "of" && ofHead ? phraseHeadBefore(tokens, start - 1, verbs, true, lexicon) : j;
}

/**
 * True when a verb, after its auxiliaries or a word of when, stands at `at` ("the sheriff has to teach", "the
 * king later uses"): with a verb in the clause before "and", the phrase after it is the second clause's doer
 * ("aliens land in a small town and the sheriff has to teach them").
 */
function verbFollows(tokens: Token[], at: number, verbs: Set<number>, lexicon?: Lexicon): boolean {
  let k = at;
  // (any adverb when the words' classes are known: "and his teacher accidentally turns him…")
  while (
    ["modal", "aux", "be", "get", "neg"].includes(tokens[k]?.tag ?? "") || WHEN.has(tokens[k]?.word) ||
    (lexicon !== undefined && isAdverb(tokens[k], lexicon))
  ) {
    k++;
  }
  return verbs.has(k);
}

const WHEN = new Set(["later", "then", "soon", "now", "finally", "eventually", "suddenly", "also", "still"]);

// Kinds of text a prompt asks for besides the genre words: a phrase after them is what the text is about.
export const TEXT_KINDS: ReadonlySet<string> = new Set(
  ("romance mystery thriller adventure horror western drama scene backstory diary letter monologue dialogue " +
    "script chapter opening premise hook piece version retelling account entry tragedy satire parody epic saga")
    .split(" "),
);

/**
 * What a relative pronoun ("who", "whose", "that") at `at` refers to: the noun phrase before it, unless that
 * phrase hangs on another noun by a preposition other than "of" — "a woman in Nairobi who starts a business"
 * is about the woman, "a nurse in a busy hospital who writes poems" about the nurse — so the reader does not
 * guess.
 */
export function relativeHead(
  tokens: Token[],
  at: number,
  verbs: Set<number>,
  lexicon?: Lexicon,
): number | undefined {
  // "the king's youngest daughter, who trains…": the phrase before the comma
  // (and past a place or time said in one phrase: "a lonely robot on the moon who builds…")
  if (
    (tokens[at - 1]?.tag === "boundary" || isAdverbial(tokens[at - 1])) && tokens[at - 2]?.tag === "content"
  ) {
    return relativeHead(tokens, at - 1, verbs, lexicon);
  }
  const head = phraseHeadBefore(tokens, at, verbs) ?? lastOfList(tokens, at, verbs, lexicon);
  if (head === undefined || head !== at - 1) return head;
  const start = phraseStart(tokens, head, verbs);
  if (!hangsOnNoun(tokens, start, verbs)) return head;
  // "a fisherman in Manila who…", "a rabbi in 18th-century Poland who…": "who" is a person, and the place or
  // thing the phrase hangs on is none (nor an animal: "a girl with a dog who…" is not guessed)
  const host = start - 2;
  const person = (w: string) => lexicon?.isKindOf(w, "person", true) ?? false;
  const animate = (w: string) => lexicon?.isAnimate(w) ?? true;
  // (not past "of" or an owner: "the son of a farmer in Vietnam who…", "a farmer's son in Vietnam who…" may be
  // either)
  const hostStart = phraseStart(tokens, host, verbs, ["content", "det", "num", "poss"]);
  const owned = tokens.slice(hostStart, host).some((t) => t.tag === "poss");
  if (
    PERSON_RELATIVES.has(tokens[at].word) && WHERE_FROM.has(tokens[start - 1].word) &&
    person(tokens[host].word) && !animate(tokens[head].word) && tokens[hostStart - 1]?.word !== "of" && !owned
  ) return host;
  return undefined;
}

/**
 * "a vampire and a girl who works at a blood bank": after a list, a verb that agrees with one thing only ("works",
 * "is", "has") is said of the last one (with "work" it may be said of both, and is not guessed).
 */
function lastOfList(tokens: Token[], at: number, verbs: Set<number>, lexicon?: Lexicon): number | undefined {
  const last = at - 1;
  if (lexicon === undefined || tokens[last]?.tag !== "content" || verbs.has(last)) return undefined;
  if (
    lexicon.isPluralNoun(tokens[last].word) ||
    !["and", "or"].includes(tokens[phraseStart(tokens, last, verbs) - 1]?.word)
  ) {
    return undefined;
  }
  let next = at + 1;
  while (tokens[next] !== undefined && isAdverb(tokens[next], lexicon)) next++;
  const form = tokens[next]?.raw.split(" ")[0] ?? "";
  const singular = ["is", "was", "has", "does"].includes(form) ||
    (/[^s]s$/.test(form) && lexicon.canBe(tokens[next].word, "v") &&
      lexicon.lemmasOf(form).some((l) => l !== form));
  return singular ? last : undefined;
}

const PERSON_RELATIVES = new Set(["who", "whom", "whose", "that"]);
// Prepositions of where someone is or comes from: "a nurse in Lagos", "a girl from Reykjavik".
const WHERE_FROM = new Set(["in", "at", "from", "on", "near", "inside", "outside", "across"]);

/**
 * Where the noun phrase ending at `end` starts: back over words of the phrase (`tags`), not over a verb unless
 * `throughVerbs`.
 */
export function phraseStart(
  tokens: Token[],
  end: number,
  verbs: Set<number>,
  tags: readonly string[] = ["content", "det", "num"],
  throughVerbs = false,
): number {
  let start = end;
  while (start > 0 && tags.includes(tokens[start - 1].tag) && (throughVerbs || !verbs.has(start - 1))) {
    // ("in the last minute of the cup final a goalkeeper saves…": an article after a noun starts a new phrase)
    const previous = tokens[start - 2];
    if (
      tokens[start - 1].tag === "det" && (previous?.tag === "content" || previous?.tag === "num") &&
      !verbs.has(start - 2)
    ) {
      return start - 1;
    }
    start--;
  }
  return start;
}

/**
 * True when the phrase starting at `start` hangs on another noun by a preposition other than "of" ("a woman in
 * Nairobi", "a team from a fishing village"): which of the two a clause is about is not guessed. A phrase after
 * a genre word or a kind of text ("a story about a samurai who…") is what the text is about.
 */
export function hangsOnNoun(tokens: Token[], start: number, verbs: Set<number>): boolean {
  const preceding = tokens[start - 1];
  const attachedTo = tokens[start - 2];
  return preceding?.tag === "prep" && preceding.word !== "of" && attachedTo?.tag === "content" &&
    !GENRES.has(attachedTo.word) && !TEXT_KINDS.has(attachedTo.word) && !verbs.has(start - 2);
}

/**
 * Names and the noun phrases set beside them for the same one: "Anansi the spider", "Tobias, the first mate,",
 * "his captain, Mara" — position → the other heads it is. One of the two must be a name no dictionary holds,
 * so a list ("a cat, a dog") is no apposition.
 */
export function appositions(tokens: Token[], lexicon: Lexicon): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const link = (x: number, y: number) => {
    out.set(x, [...out.get(x) ?? [], y]);
    out.set(y, [...out.get(y) ?? [], x]);
  };
  const isName = (i: number) =>
    tokens[i]?.tag === "content" && /^[a-z]+$/.test(tokens[i].word) && !lexicon.isKnown(tokens[i].word);
  // the last content word of the phrase from `from` (articles, numbers, describing words), if a phrase ends there
  const headFrom = (from: number) => {
    let head: number | undefined;
    let j = from;
    for (; ["det", "num", "content"].includes(tokens[j]?.tag ?? ""); j++) {
      if (tokens[j].tag === "content") head = j;
    }
    return head;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].tag !== "content") continue;
    const next = tokens[i + 1];
    // "Anansi the spider", "Koschei the Deathless"
    if (isName(i) && next?.word === "the") {
      const head = headFrom(i + 2);
      if (head !== undefined) link(i, head);
    }
    // "Tobias, the first mate,", "his captain, Mara"
    if (next?.tag === "boundary") {
      const head = headFrom(i + 2);
      if (head === undefined || !(isName(i) || isName(head))) continue;
      const closes = head + 1 === tokens.length ||
        ["boundary", "be", "aux", "modal"].includes(tokens[head + 1].tag);
      if (closes) link(i, head);
    }
  }
  return out;
}
