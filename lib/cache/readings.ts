/**
 * What else a prompt says besides who does what (lib/cache/roles.ts): what someone is or becomes ("a fox
 * pretending to be a dog"), who owns what ("the king's crown", "the crown of the king", "a boy whose kite"),
 * which word describes which thing ("a small mouse"), and where things are put ("a nest on the roof"). The
 * verifier compares these readings on both prompts (lib/cache/relations.ts).
 */
import type { Analysis, Token } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { phraseHeadAfter, phraseHeadBefore, relativeHead } from "./phrases.ts";
import { subjectOf } from "./roles.ts";
import { isAdverb, isAdverbial, verbPositions } from "./verbs.ts";

/** An adjective or noun modifier and the head of its noun phrase ("a small mouse"), as token indices. */
export interface Modifier {
  modifier: number;
  head: number;
}

/** "owner 's owned", as token indices. */
export interface Possession {
  owner: number;
  owned: number;
}

/** True when the word is a past participle or past form of a verb ("built", "stolen", "chased"). */
/** "X is/becomes/turns into Y": who is said to be (or become) what, as token indices. */
export interface Copula {
  subject: number;
  complement: number;
}

// Verbs that say what their subject is or becomes, like "be" ("a kid becomes president", "turns into a frog").
const BECOMING = new Set(["become", "turn", "turn_into", "grow_into"]);

/**
 * What each subject is said to be: "a fox pretending to be a dog" (fox → dog), "a kid becomes president",
 * "a prince who turns into a frog". Only noun-phrase complements: "was built by" is a passive, not a state.
 */
export function readCopulas(analysis: Analysis, lexicon: Lexicon): Copula[] {
  const { tokens } = analysis;
  const verbs = verbPositions(analysis, lexicon);
  const out: Copula[] = [];
  tokens.forEach((token, i) => {
    // "a trucker named Dale": the trucker is Dale ("a hitchhiker named Dale … a trucker" is another request)
    if ((token.word === "named" || token.word === "called") && token.tag === "other") {
      const subject = phraseHeadBefore(tokens, i, verbs);
      const complement = tokens[i + 1]?.tag === "content" ? i + 1 : undefined;
      if (subject !== undefined && complement !== undefined) out.push({ subject, complement });
      return;
    }
    // "turns into a frog" is a change of what one is; "turns the crown into a frog" is done to the crown
    const into = tokens[i + 1]?.word === "into";
    const linking = token.tag === "be" ||
      (token.tag === "content" && lexicon.lemmasOf(token.word).some((l) => BECOMING.has(l)) &&
        (into || !lexicon.lemmasOf(token.word).includes("turn")));
    if (!linking) return;
    let start = into ? i + 2 : i + 1;
    while (isAdverb(tokens[start], lexicon)) start++; // "is secretly a vampire"
    const first = tokens[start];
    if (!first || !["det", "num", "content"].includes(first.tag) || verbs.has(start)) return;
    const complement = phraseHeadAfter(tokens, start, verbs, lexicon);
    // "a fox pretending to be a dog", "a girl who wants to become a pilot": the subject of the verb before "to"
    let verb = i;
    if (tokens[i - 1]?.word === "to" && tokens[i - 2]?.tag === "content") verb = i - 2;
    const reduced = tokens[verb].raw.endsWith("ing") && tokens[verb - 1]?.tag === "content";
    // (past an adverb: "Dev's boss accidentally turns into a hamster")
    let before = verb;
    while (isAdverb(tokens[before - 1], lexicon)) before--;
    const subject = reduced ? phraseHeadBefore(tokens, verb, verbs) : subjectOf(tokens, before, verbs);
    if (subject !== undefined && complement !== undefined) out.push({ subject, complement });
  });
  return out;
}

/** A subject and what it is said to be traded places ("a fox pretending to be a dog" / "a dog … a fox"). */
export function copulaConflict(
  a: Copula[],
  b: Copula[],
  same: (x: number, y: number) => boolean,
  differ: (x: number, y: number) => boolean,
  word: (i: number) => string,
): string | undefined {
  for (const ca of a) {
    for (const cb of b) {
      if (
        same(ca.subject, cb.complement) && same(ca.complement, cb.subject) && !same(ca.subject, cb.subject)
      ) {
        return `who is what: ${word(ca.subject)} / ${word(ca.complement)} swapped`;
      }
      // "the giant is kind and Jack is the villain" / "Jack is kind and the giant is the villain"
      if (same(ca.complement, cb.complement) && differ(ca.subject, cb.subject)) {
        return `who is ${word(ca.complement)}: another one`;
      }
    }
  }
  return undefined;
}

/** Who owns what: "X 's Y", "the Y of the X" and "X whose Y". */
export function readPossessions(analysis: Analysis, lexicon: Lexicon): Possession[] {
  const { tokens } = analysis;
  const verbs = verbPositions(analysis, lexicon);
  const out: Possession[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tag === "poss") {
      const owner = groupOwner(tokens, phraseHeadBefore(tokens, i, verbs, false), verbs, lexicon);
      const owned = phraseHeadAfter(tokens, i + 1, verbs, lexicon);
      if (owner !== undefined && owned !== undefined) out.push({ owner, owned });
    } else if (token.word === "whose") {
      const owner = relativeHead(tokens, i, verbs, lexicon);
      const owned = phraseHeadAfter(tokens, i + 1, verbs, lexicon);
      if (owner !== undefined && owned !== undefined) out.push({ owner, owned });
    } else if (token.word === "of" && (tokens[i + 1]?.tag === "det" || tokens[i + 1]?.tag === "num")) {
      // "the middle of the day of the year": the year's day, not the year's middle
      const owned = phraseHeadBefore(tokens, i, verbs, false);
      const owner = phraseHeadAfter(tokens, i + 1, verbs, lexicon);
      if (owner !== undefined && owned !== undefined) out.push({ owner, owned });
    }
  }
  return out;
}

/**
 * The owner of "the richest man in Italy's golden watch": the head of the whole phrase when the word before
 * "'s" is a name after "in", with no article of its own.
 */
function groupOwner(
  tokens: Token[],
  owner: number | undefined,
  verbs: Set<number>,
  lexicon: Lexicon,
): number | undefined {
  if (owner === undefined || !NAME_AFTER.has(tokens[owner - 1]?.word ?? "")) return owner;
  const name = tokens[owner].word;
  if (!lexicon.names.has(name) && lexicon.isKnown(name)) return owner;
  const head = owner - 2;
  return tokens[head]?.tag === "content" && !verbs.has(head) && lexicon.canBe(tokens[head].word, "n")
    ? head
    : owner;
}
// The preposition a place may hang on a noun by in a group's "'s": "the richest man in Italy's" ("the pieces of
// Osiris's body" are his).
const NAME_AFTER = new Set(["in"]);

/**
 * Noun phrases as runs of determiners, numbers and content words that are not verbs; a determiner after a
 * content word starts a new phrase. Returns [start, end) pairs of token positions.
 */
function nounPhrases(tokens: Token[], verbs: Set<number>, lexicon?: Lexicon): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  let sawContent = false;
  const close = (end: number) => {
    if (start >= 0 && sawContent) out.push([start, end]);
    start = -1;
    sawContent = false;
  };
  tokens.forEach((token, j) => {
    // ("a Roman senator secretly writes": the adverb ends the phrase)
    const nominal = token.tag === "content" && !verbs.has(j) &&
      (lexicon === undefined || !isAdverb(token, lexicon) || lexicon.canBe(token.word, "a"));
    if (nominal || token.tag === "num" || token.tag === "det") {
      if ((token.tag === "det" || token.tag === "num") && sawContent) close(j);
      if (start < 0) start = j;
      if (nominal) sawContent = true;
    } else close(j);
  });
  close(tokens.length);
  return out;
}

/** Which words describe which: every content word of a noun phrase before its last one ("small" → "mouse"). */
export function readModifiers(analysis: Analysis, lexicon: Lexicon): Modifier[] {
  const { tokens } = analysis;
  const verbs = verbPositions(analysis, lexicon);
  const out: Modifier[] = [];
  for (const [start, end] of nounPhrases(tokens, verbs, lexicon)) {
    const content = [];
    for (let j = start; j < end; j++) if (tokens[j].tag === "content") content.push(j);
    const head = content.at(-1)!;
    // a phrase that ends in a word that cannot be a noun ("the mirror stops …") was misread: no modifiers
    if (lexicon.isKnown(tokens[head].word) && !lexicon.canBe(tokens[head].word, "n")) continue;
    for (const modifier of content.slice(0, -1)) out.push({ modifier, head });
  }
  return out;
}

/** The preposition right before each noun phrase's head ("under the roof" → roof: under). */
export function readPlaces(analysis: Analysis, lexicon: Lexicon): Map<number, string> {
  const { tokens } = analysis;
  const verbs = verbPositions(analysis, lexicon);
  const out = new Map<number, string>();
  for (const [start, end] of nounPhrases(tokens, verbs)) {
    const before = tokens[start - 1];
    let head = end - 1;
    while (head > start && tokens[head].tag !== "content") head--;
    if (before?.tag === "prep") out.set(head, before.word);
  }
  return out;
}

/**
 * The preposition each content word follows: every content word of the run right after a preposition (past
 * determiners, numbers and pronouns), "with a little dog" → little, dog ← with. Unlike {@link readPlaces} this
 * does not need the noun phrase's head, so a phrase the noun-phrase reader joins wrongly ("a prince in love")
 * still gives its words.
 */
export function readPrepositionObjects(analysis: Analysis, lexicon?: Lexicon): Map<number, string> {
  const { tokens } = analysis;
  const out = new Map<number, string>();
  // ("into cupcakes by_accident", "into the soup accidentally": a manner or time ends the object)
  const inObject = (j: number) =>
    tokens[j]?.tag === "content" && !isAdverbial(tokens[j]) &&
    // (an adverb that is no describing word: "accidentally", not "new" in "from New York")
    !(lexicon !== undefined && isAdverb(tokens[j], lexicon) && !lexicon.canBe(tokens[j].word, "a"));
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].tag !== "prep") continue;
    let j = i + 1;
    while (
      j < tokens.length && (tokens[j].tag === "det" || tokens[j].tag === "num" || tokens[j].tag === "pron")
    ) j++;
    let objects: number[] = [];
    for (; inObject(j); j++) objects.push(j);
    // "at her town's concert": the town owns the concert, the concert is where
    if (tokens[j]?.tag === "poss") {
      objects = [];
      for (j++; inObject(j); j++) objects.push(j);
    }
    for (const k of objects) out.set(k, tokens[i].word);
  }
  return out;
}

const nominalCache = new WeakMap<Analysis, Set<number>>();

/** Content words inside a noun phrase that starts with a determiner or number ("a young pirate"). */
export function nominalPositions(analysis: Analysis, lexicon: Lexicon): Set<number> {
  let out = nominalCache.get(analysis);
  if (out) return out;
  out = new Set<number>();
  const { tokens } = analysis;
  for (const [start, end] of nounPhrases(tokens, verbPositions(analysis, lexicon))) {
    if (tokens[start].tag !== "det" && tokens[start].tag !== "num") continue;
    for (let j = start; j < end; j++) if (tokens[j].tag === "content") out.add(j);
  }
  // What an owner has is a thing too: "the emperor's new clothes" are not the verb "to clothe".
  // (up to its verb when one follows the owned thing with what it does: "Captain Redbeard's crew finds a map" —
  // "finds" is no noun; "the emperor's new clothes, told by…" stay clothes)
  const verbs = verbPositions(analysis, lexicon);
  // ("the ship's ghosts start to dance": a verb before "to" and another verb)
  const acts = (k: number) =>
    (verbs.has(k) && ["det", "num", "pron", "prep"].includes(tokens[k + 1]?.tag ?? "")) ||
    (tokens[k + 1]?.word === "to" && lexicon.canBe(tokens[k].word, "v") && tokens[k + 2]?.tag === "content" &&
      lexicon.canBe(tokens[k + 2].word, "v"));
  tokens.forEach((token, j) => {
    if (token.tag !== "poss") return;
    for (let k = j + 1; k < tokens.length && tokens[k].tag === "content" && !(k > j + 1 && acts(k)); k++) {
      out.add(k);
    }
  });
  nominalCache.set(analysis, out);
  return out;
}
