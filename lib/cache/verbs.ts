/**
 * Which content words of an analysed prompt act as verbs, read without a parser from the words around them
 * (after a pronoun, an auxiliary, "to", a relative pronoun; after a noun when an object follows), and the
 * word-class tests the readers of roles (lib/cache/roles.ts) and owners and places (lib/cache/readings.ts)
 * share: a participle, an adverb, an adverbial phrase.
 */
import type { Analysis, Token } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { HAVE, PREPOSITIONS, TIME_NOUNS } from "./words.ts";

const OBJECT_PRONOUNS = new Set(["me", "us", "him", "them"]);

/** Relative pronouns that can stand for what a verb is done to ("the dragon that the knight fears"). */
export const OBJECT_RELATIVES: ReadonlySet<string> = new Set(["that", "which", "whom", "who"]);

/** A past participle ("stolen", "rescued"): a verb form other than its lemma, not an -ing or -s form. */
export function isParticiple(word: string, lexicon: Lexicon): boolean {
  if (word.endsWith("ing") || !lexicon.canBe(word, "v")) return false;
  // (an irregular form such as "stolen", "sung"; not a plural or third person: "birds", "plants")
  return /(ed|en|wn|ght|lt|pt|ung|ade)$/.test(word) ||
    (!word.endsWith("s") && lexicon.lemmasOf(word).some((l) => l !== word));
}

/**
 * Marks which content words act as verbs. A content word is a verb after a subject pronoun, an auxiliary, a
 * modal, "to", a relative pronoun or a negation; or after a noun when it can be a verb and an object follows
 * ("a giant eats the cows", not "a treasure map in the attic").
 */
export function verbPositions(analysis: Analysis, lexicon: Lexicon): Set<number> {
  let verbs = verbCache.get(analysis);
  if (!verbs) verbCache.set(analysis, verbs = findVerbs(analysis, lexicon));
  return verbs;
}

// An analysis is read for roles, owners, modifiers and places: its verbs are found once.
const verbCache = new WeakMap<Analysis, Set<number>>();

function findVerbs(analysis: Analysis, lexicon: Lexicon): Set<number> {
  const { tokens } = analysis;
  const verbs = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tag !== "content" || !lexicon.canBe(token.word, "v")) continue;
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    if (!previous) continue;
    // ("a poor widow every morning": a time is no object)
    // ("challenge the year 11 team": a school year with its number is no time)
    const timeNext = next?.tag === "det" && TIME_NOUNS.has(tokens[i + 2]?.word ?? "") &&
      tokens[i + 3]?.tag !== "num";
    // ("the sky god tricks Anansi": a name that is no dictionary word, after an inflected verb, is a thing done to)
    const form = token.raw.split(" ")[0];
    const nameNext = next?.tag === "content" && !lexicon.isKnown(next.word) && /(s|ed)$/.test(form) &&
      lexicon.lemmasOf(form).some((l) => l !== form);
    // ("but the allosaurus outsmarts it.": "it", "her" or "you" ending the clause is what the verb is done to)
    const endsClause = (t: Token | undefined) =>
      t === undefined || ["boundary", "conj", "prep"].includes(t.tag);
    const objectNext = (next?.tag === "det" && !timeNext) || next?.tag === "num" ||
      (next?.tag === "pron" && OBJECT_PRONOUNS.has(next.word)) || nameNext ||
      (["it", "her", "you"].includes(next?.word ?? "") && endsClause(tokens[i + 2]) &&
        !token.word.includes("_"));
    // "… and later saves him", "who secretly writes": an adverb between the marker and the verb
    // ("who can still beat everyone": a word of degree or time tagged "other" too)
    const before = isAdverb(previous, lexicon) || (previous.tag === "other" && previous.word !== "own")
      ? tokens[i - 2]
      : previous;
    // ("whose" is followed by a noun: "whose neighbour"; "to" makes an infinitive only of a base form: "talk
    // to wolves" is no "to wolf")
    const baseForm = token.word.includes("_") ||
      lexicon.lemmasOf(token.raw.split(" ")[0]).includes(token.raw.split(" ")[0]);
    // ("between saving her crew and saving her ship", "without waking him": a gerund with its object)
    const gerund = previous.tag === "prep" && form.endsWith("ing") && objectNext;
    const afterMarker = gerund ||
      (["pron", "be", "get", "aux", "modal", "rel", "neg"].includes(before?.tag ?? "") &&
        before?.word !== "whose") ||
      (before?.word === "to" && baseForm) || (previous.tag === "conj" && objectNext) ||
      (before !== previous && before?.tag === "conj");
    // "the queen runs away", "a cat escaped": an inflected verb after a singular noun, with no noun after it
    // ("a public defender realizes halfway through the trial": an adverb may come between)
    const after = isAdverb(next, lexicon) && !next!.word.includes("_") ? tokens[i + 2] : next;
    // ("teaches the neighborhood kids to juggle": a plural noun ending a verb's object is none)
    let objectStart = i - 1;
    while (["content", "num"].includes(tokens[objectStart]?.tag ?? "") && !verbs.has(objectStart)) {
      objectStart--;
    }
    const inObject = lexicon.isPluralNoun(form) && tokens[objectStart]?.tag === "det" &&
      verbs.has(objectStart - 1);
    const inflected = !previous.raw.endsWith("s") && !inObject &&
      (after === undefined || after.tag !== "content" || (isAdverbial(after) && lexicon.isPastForm(form))) &&
      lexicon.lemmasOf(form).some((l) => l !== form);
    // "the farmer's three goats escape and eat…": a base form after a plural noun that is a subject, with no
    // noun after it (not "girl travels back", where "travels" is the verb, nor "steals the neighbours fish")
    // ("his twins cook pancakes": or a bare plural that can only be a noun after it)
    const bareObject = next?.tag === "content" && lexicon.isPluralNoun(next.word) &&
      !lexicon.canBe(next.word, "v");
    const agrees = lexicon.lemmasOf(form).includes(form) &&
      (next === undefined || ["boundary", "conj", "prep"].includes(next.tag) || bareObject) &&
      pluralSubject(tokens, i - 1, verbs, lexicon);
    // "the soldiers wake up and…": a phrasal verb is no noun
    const phrasal = token.word.includes("_") && !lexicon.canBe(token.word, "n");
    // "the lawyers start dating", "a nurse keeps seeing": a verb before another verb's -ing form
    const ing = isAdverb(next, lexicon) ? tokens[i + 2] : next; // ("start secretly dating")
    const catenative = ing?.tag === "content" && ing.raw.split(" ")[0].endsWith("ing") &&
      lexicon.canBe(ing.word, "v") && lexicon.lemmasOf(token.word).some((l) => CATENATIVES.has(l));
    // ("the dragon Emberwing kidnaps Prince Callum", "Sigrun sails north": an inflected verb after a name that
    // no dictionary holds; not a misspelt adverb after "and", "and secretley feeds")
    const afterName = /(s|ed)$/.test(form) && !form.endsWith("ss") && !lexicon.isKnown(previous.word) &&
      /^[a-z]+$/.test(previous.word) && tokens[i - 2]?.tag !== "conj" &&
      lexicon.lemmasOf(form).some((l) => l !== form);
    // ("a tortoise and a hummingbird become best friends": a word that can be nothing but a verb)
    let listed = i - 1;
    while (["content", "det", "num"].includes(tokens[listed]?.tag ?? "") && !verbs.has(listed)) listed--;
    const onlyVerb = tokens[listed]?.word === "and" && lexicon.lemmasOf(form).includes(form) &&
      lexicon.isKnown(token.word) && !token.word.includes("_") &&
      !(["n", "a", "r"] as const).some((pos) => lexicon.canBe(token.word, pos));
    // ("a woman whose granddaughter drove trucks": an inflected verb after the noun that "whose" has)
    let owned = i - 1;
    while (tokens[owned - 1]?.tag === "content") owned--;
    const afterWhose = tokens[owned - 1]?.word === "whose" && lexicon.lemmasOf(form).some((l) => l !== form);
    // ("the grandkids help her decide", "she helps the grandkids decide": a bare verb after the object of "help",
    // "let", "make", "watch")
    let objectOf = i - 1;
    while (
      ["content", "det", "poss", "num", "pron"].includes(tokens[objectOf]?.tag ?? "") && !verbs.has(objectOf)
    ) {
      objectOf--;
    }
    // (after a plural noun or a pronoun only: "help an injured nurse" ends its object in a noun that is no verb)
    const bare = objectOf < i - 1 && verbs.has(objectOf) && lexicon.lemmasOf(form).includes(form) &&
      lexicon.lemmasOf(tokens[objectOf].raw.split(" ")[0]).some((l) => BARE_AFTER_OBJECT.has(l)) &&
      (OBJECT_PRONOUNS.has(previous.word) || previous.word === "her" ||
        (previous.tag === "content" && lexicon.isPluralNoun(previous.raw)));
    const afterNoun = previous.tag === "content" && !verbs.has(i - 1) &&
      (objectNext || inflected || agrees || phrasal || catenative || afterName || onlyVerb || afterWhose ||
        opensWithSubject(tokens, i, verbs, lexicon) ||
        (next?.tag === "prep" && isParticiple(token.word, lexicon) && hasByAhead(tokens, i)));
    // "the dragon that the knight fears": a verb ending the clause after "that/who + the + noun"
    const clauseEnd = next === undefined || next.tag === "boundary" || next.tag === "conj";
    const inRelative = previous.tag === "content" && clauseEnd && tokens[i - 2]?.tag === "det" &&
      tokens[i - 3]?.tag === "rel" && OBJECT_RELATIVES.has(tokens[i - 3].word);
    // "a ghost who lives in the library and helps kids find…": after "and" that ends a clause with a verb, an
    // inflected verb with a plural noun or a name after it (not "a girl who loves cats and dogs": a plural
    // before "and" makes a list of nouns; nor "… and kids help him": a verb after it)
    const joined = previous.tag === "conj" && /(s|ed)$/.test(form) && next?.tag === "content" &&
      (lexicon.isPluralNoun(next.raw) || lexicon.names.has(next.word) || !lexicon.isKnown(next.word)) &&
      lexicon.lemmasOf(form).some((l) => l !== form) && tokens[i - 2]?.tag === "content" &&
      !lexicon.isPluralNoun(tokens[i - 2].raw) && clauseHasVerb(tokens, i - 2, verbs);
    // "a shepherd who cannot see leads a skier": an inflected verb with its object right after a relative
    // clause that ends in a modal's verb
    const previousForm = previous.raw.split(" ")[0];
    const opener = tokens.slice(0, i - 1).findLast((t) => ["rel", "boundary", "conj"].includes(t.tag));
    const afterRelative = verbs.has(i - 1) && ["modal", "neg"].includes(tokens[i - 2]?.tag ?? "") &&
      lexicon.lemmasOf(previousForm).includes(previousForm) && /[^s]s$/.test(form) &&
      lexicon.lemmasOf(form).some((l) => l !== form) && objectNext && opener?.tag === "rel";
    // "Mr Pennyfeather, the retired headmaster, teaches the new vicar…": an inflected verb with its object
    // right after a phrase set off by commas
    const afterApposition = previous.tag === "boundary" && /[^s]s$/.test(form) &&
      lexicon.lemmasOf(form).some((l) => l !== form) && objectNext &&
      setOffPhrase(tokens, i - 1, verbs, lexicon);
    // "a phone that people can call": a word before a modal is its subject ("people" is also a verb)
    if (next?.tag === "modal") continue;
    // ("… at a yard sale and starts texting the villain": a verb before another's -ing form, after "and")
    const joinedCatenative = previous.tag === "conj" && catenative;
    if (
      afterMarker || afterNoun || inRelative || joined || joinedCatenative || afterRelative ||
      afterApposition ||
      bare
    ) verbs.add(i);
  }
  return verbs;
}

/** True when the clause ending at `end` already has a verb (back to a boundary or relative pronoun). */
/**
 * "where an old man knits warm sweaters", "a big brother reads bedtime stories": an inflected verb right after
 * the singular noun of a phrase that opens its clause (after its article), with its object after it and no
 * verb before it in the clause.
 */
function opensWithSubject(tokens: Token[], at: number, verbs: Set<number>, lexicon: Lexicon): boolean {
  const form = tokens[at].raw.split(" ")[0];
  const noun = tokens[at - 1];
  if (!/[^s]s$/.test(form) || !lexicon.lemmasOf(form).some((l) => l !== form)) return false;
  const next = tokens[at + 1];
  if (next?.tag !== "content" || noun.raw.endsWith("s") || !lexicon.canBe(noun.word, "n")) return false;
  // ("where the baby turtles guide an old turtle": a plural noun before the verb with its object)
  const nextForm = next.raw.split(" ")[0];
  if (
    lexicon.canBe(next.word, "v") && lexicon.lemmasOf(nextForm).includes(nextForm) &&
    ["det", "num", "pron"].includes(tokens[at + 2]?.tag ?? "")
  ) return false;
  let k = at - 1;
  while (tokens[k - 1]?.tag === "content") k--;
  const article = tokens[k - 1];
  const opener = tokens[k - 2];
  // ("Merlin teaches young Arthur…": or one word that opens the clause by itself, a name WordNet also holds)
  const bare = k === at - 1 && (article === undefined || article.tag === "boundary");
  return (bare ||
    (article?.tag === "det" && (opener === undefined || ["boundary", "conj"].includes(opener.tag)))) &&
    !clauseHasVerb(tokens, at - 1, verbs);
}

export function clauseHasVerb(tokens: Token[], end: number, verbs: Set<number>): boolean {
  for (let k = end; k >= 0 && tokens[k].tag !== "boundary" && tokens[k].tag !== "rel"; k--) {
    if (verbs.has(k)) return true;
    // ("a bean and a pea have a race … and the pea wins": "have" with a thing after it is the clause's verb)
    if (HAVE.has(tokens[k].word) && ["det", "num"].includes(tokens[k + 1]?.tag ?? "")) return true;
  }
  return false;
}

// Verbs whose object does a bare verb after it ("help her decide", "let him go", "make them laugh").
const BARE_AFTER_OBJECT = new Set(["help", "let", "make", "watch", "see", "hear"]);

/**
 * True when the content word at `at` is a plural noun heading a subject: "(the farmer's) three goats", "the
 * kids", with the clause starting before its phrase; a plural that can be a verb needs an article or number
 * right before it ("girl travels back": "travels" is the verb) unless it opens the clause.
 */
function pluralSubject(tokens: Token[], at: number, verbs: Set<number>, lexicon: Lexicon): boolean {
  const noun = tokens[at];
  if (!noun.raw.endsWith("s") || !lexicon.lemmasOf(noun.raw).some((l) => l !== noun.raw)) return false;
  const before = tokens[at - 1];
  // ("Aliens land and…": at the start of a clause, a plural is a noun)
  const opens = before === undefined || before.tag === "boundary";
  if (lexicon.canBe(noun.raw, "v") && before?.tag !== "det" && before?.tag !== "num" && !opens) return false;
  let k = at - 1;
  while (k >= 0 && !verbs.has(k) && ["content", "det", "num", "poss"].includes(tokens[k].tag)) k--;
  return k < 0 || ["boundary", "conj", "rel"].includes(tokens[k].tag);
}

/** An adverbial phrase read as one word: a preposition and its noun ("over_the_weekend", "at_night"). */
export function isAdverbial(token: Token | undefined): boolean {
  return token?.tag === "content" && token.word.includes("_") && PREPOSITIONS.has(token.word.split("_")[0]);
}

const TIME_ADVERBS = new Set(["now", "today", "tonight", "tomorrow", "yesterday"]);

/** A word that can only be an adverb ("later", "secretly", "soon"), not a noun or a verb. */
export function isAdverb(token: Token | undefined, lexicon: Lexicon): boolean {
  if (token?.tag !== "content") return false;
  // an unknown word in -ly is a misspelt adverb ("accidentaly"), not a noun the verb after it belongs to
  if (token.word.length >= 6 && token.word.endsWith("ly") && !lexicon.isKnown(token.word)) return true;
  // ("and now trains a team", "will play the champion tomorrow": WordNet holds these as nouns too)
  if (TIME_ADVERBS.has(token.word)) return true;
  return lexicon.canBe(token.word, "r") && !lexicon.canBe(token.word, "n") && !lexicon.canBe(token.word, "v");
}

// Verbs that take another verb's -ing form ("start dating", "keeps seeing"), unlike "the old man fishing".
const CATENATIVES = new Set(
  "start stop keep begin finish quit continue avoid enjoy hate love like try miss practise practice consider risk imagine remember forget regret spend end"
    .split(" "),
);

function hasByAhead(tokens: Token[], from: number): boolean {
  for (let j = from + 1; j < tokens.length && j <= from + 4; j++) {
    if (tokens[j].tag === "boundary") return false;
    if (tokens[j].word === "by") return true;
  }
  return false;
}

/**
 * When a noun phrase set off by commas ends at the boundary `at`, right after what it names ("Mr Pennyfeather,
 * the retired headmaster, …", "the village gossip, Mrs Pomfrey, …"), the boundary before it; else undefined (not
 * "who, during a snowstorm, …": a phrase after a preposition is no apposition).
 */
export function setOffPhrase(
  tokens: Token[],
  at: number,
  verbs: Set<number>,
  lexicon: Lexicon,
): number | undefined {
  if (tokens[at - 1]?.tag !== "content") return undefined;
  let start = at - 1;
  while (["content", "det", "num"].includes(tokens[start - 1]?.tag ?? "") && !verbs.has(start - 1)) start--;
  // (a phrase with its article, "the retired headmaster", or a name, "Mrs Pomfrey": not "goes blind, keeps…")
  const named = tokens[start].tag === "det" || !lexicon.isKnown(tokens[at - 1].word);
  // ("a lab assistant, not the famous professor, isolates…": the one set against it)
  if (tokens[start - 1]?.tag === "neg") start--;
  return named && tokens[start - 1]?.tag === "boundary" && tokens[start - 2]?.tag === "content" &&
      !verbs.has(start - 2)
    ? start - 1
    : undefined;
}
