/**
 * The word-level comparisons of two analysed prompts the verifier (lib/cache/verifier.ts) runs before roles:
 * aligning the content words of one side with the other (same word, lemma, compound, synonym, misspelling —
 * lib/cache/word_match.ts decides each pair), WordNet antonyms across the sides, and prepositions of opposite
 * direction.
 */
import { type Analysis, isContentWord } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { nominalPositions } from "./readings.ts";
import type { Side } from "./relations.ts";
import { type MatchKind, matchWords, OPPOSITES } from "./word_match.ts";
import { AGE_UNITS, PRONOUN_GENDER } from "./words.ts";

const STRENGTH: Record<MatchKind, number> = { same: 5, lemma: 4, compound: 3, synonym: 2, spelling: 1 };

/**
 * For each content word of `from`, its strongest counterpart in `to` (position in `to.analysis.tokens`), or the
 * first word without one. Adjacent words that together spell a word of the other side ("light house" /
 * "lighthouse") match it as a compound.
 */
export function align(
  from: Side,
  to: Side,
  lexicon: Lexicon,
): Map<number, { at: number; how: MatchKind }> | string {
  const out = new Map<number, { at: number; how: MatchKind }>();
  const fromContent = from.analysis.content;
  const toContent = to.analysis.content;
  // (the assumed genre word has no raw text and takes no part in compounds)
  const rawOf = (side: Side, i: number) => side.analysis.tokens[i].raw.replaceAll(" ", "") || "\u0000";
  for (let k = 0; k + 1 < fromContent.length; k++) {
    const [i, j] = [fromContent[k], fromContent[k + 1]];
    if (j !== i + 1) continue;
    const glued = rawOf(from, i) + rawOf(from, j);
    const at = toContent.find((t) => rawOf(to, t) === glued);
    if (at !== undefined) {
      out.set(i, { at, how: "compound" });
      out.set(j, { at, how: "compound" });
    }
  }
  for (let k = 0; k + 1 < toContent.length; k++) {
    const [t, u] = [toContent[k], toContent[k + 1]];
    if (u !== t + 1) continue;
    const glued = rawOf(to, t) + rawOf(to, u);
    const i = fromContent.find((f) => rawOf(from, f) === glued);
    if (i !== undefined) out.set(i, { at: t, how: "compound" });
  }
  const used = new Set<number>();
  // (where each exact pair stands: a word beside the exact copy of its counterpart says something more — "stops
  // breaking down" / "breaking down" is no synonym pair)
  const sameFrom = new Map<number, number>();
  const fromNominal = nominalPositions(from.analysis, lexicon);
  const toNominal = nominalPositions(to.analysis, lexicon);
  // The same word is the strongest match: take its next unused occurrence without comparing words — the one
  // with the same word beside it when it occurs more than once ("a cricket team … beats the national team" /
  // "the national team is beaten by a cricket team")
  const exact = new Map<string, number[]>();
  for (const t of toContent) exact.set(to.words(t), [...exact.get(to.words(t)) ?? [], t]);
  // (only describing words and nouns beside it: "she taught me" / "I taught her" must not pair by pronouns)
  const wordAt = (side: Side, i: number) =>
    side.analysis.tokens[i]?.tag === "content" ? side.analysis.tokens[i].word : undefined;
  const beside = (i: number, t: number) =>
    [-1, 1].filter((d) => wordAt(from, i + d) !== undefined && wordAt(from, i + d) === wordAt(to, t + d))
      .length;
  const fromCount = new Map<string, number>();
  for (const i of fromContent) fromCount.set(from.words(i), (fromCount.get(from.words(i)) ?? 0) + 1);
  for (const i of fromContent) {
    const copies = exact.get(from.words(i));
    if (copies?.length === 1 && fromCount.get(from.words(i)) === 1) sameFrom.set(copies[0], i);
  }
  for (const i of fromContent) {
    if (out.has(i)) continue;
    const same = exact.get(from.words(i));
    if (same) {
      const free = same.filter((t) => !used.has(t));
      const at = free.length > 1
        ? free.reduce((best, t) => beside(i, t) > beside(i, best) ? t : best)
        : free[0] ?? same[0];
      used.add(at);
      out.set(i, { at, how: "same" });
      continue;
    }
    let best: { at: number; how: MatchKind } | undefined;
    for (const t of toContent) {
      // In a noun phrase a word is read as a noun or adjective: "a young pirate" is not "stole".
      const how = matchWords(from.words(i), to.words(t), lexicon, fromNominal.has(i), toNominal.has(t));
      const besideItsCopy = sameFrom.has(t) && Math.abs(sameFrom.get(t)! - i) === 1;
      if (besideItsCopy && (how === "synonym" || how === "spelling")) continue;
      if (!how || !restSaid(from.words(i), to.words(t), toContent.map(to.words), lexicon)) continue;
      const better = !best || STRENGTH[how] > STRENGTH[best.how] ||
        (STRENGTH[how] === STRENGTH[best.how] && used.has(best.at) && !used.has(t));
      if (better) best = { at: t, how };
    }
    if (!best) {
      const kin = kinCounterpart(from.words(i), from, to, lexicon) ??
        sexedCounterpart(from.words(i), from, to);
      if (kin === undefined) {
        // ("every song that anyone ever played on it" / "every song that was ever played on it": the doer a
        // passive leaves unsaid)
        if (UNNAMED_DOERS.has(from.words(i)) && hasPassive(to, lexicon)) continue;
        if (ageUnitSaidBare(from, to, i)) continue;
        return from.words(i);
      }
      best = { at: kin, how: "synonym" };
    }
    used.add(best.at);
    out.set(i, best);
  }
  return out;
}

const UNNAMED_DOERS = new Set(["anyone", "anybody", "someone", "somebody"]);

/**
 * "a 12-year-old girl" / "a girl who is 12": the unit of an age said before its noun, where the other side says
 * the same number (who is a "12-year-old" alone is someone, and stays).
 */
function ageUnitSaidBare(from: Side, to: Side, i: number): boolean {
  const tokens = from.analysis.tokens;
  if (!AGE_UNITS.has(tokens[i].word) || tokens[i + 1]?.tag !== "content" || tokens[i - 1]?.tag !== "num") {
    return false;
  }
  return to.analysis.numbers.some((n) => from.analysis.numbers.includes(n));
}

/** True when a side says something done without saying by whom ("was played", "is being flooded"). */
function hasPassive(side: Side, lexicon: Lexicon): boolean {
  const tokens = side.analysis.tokens;
  return tokens.some((t, k) => {
    if (t.tag !== "be" && t.tag !== "get") return false;
    // ("was ever played": a word of time or degree between)
    const at = tokens[k + 1]?.tag === "other" ? k + 2 : k + 1;
    return tokens[at]?.tag === "content" && lexicon.isPastForm(tokens[at].raw.split(" ")[0]) &&
      tokens[at + 1]?.word !== "by";
  });
}

// A grandchild and the child it is, when both prompts name the grandparent: "a little girl teaches her grandpa"
// / "a grandpa is taught by his little granddaughter".
const GRANDCHILDREN: Readonly<Record<string, readonly string[]>> = {
  granddaughter: ["girl", "kid", "child"],
  grandson: ["boy", "kid", "child"],
  grandchild: ["kid", "child", "boy", "girl"],
  grandkid: ["kid", "child", "boy", "girl"],
};
const GRANDPARENTS = new Set(
  "grandma grandpa grandmother grandfather granny gran nana nan grandad granddad grandparent grandmum gramps grandmom"
    .split(" "),
);

/** Where in `to` the child stands that a grandchild of `from` is (or the grandchild a child is), if anywhere. */
function kinCounterpart(word: string, from: Side, to: Side, lexicon: Lexicon): number | undefined {
  const lemmas = (w: string) => [w, ...lexicon.lemmasOf(w)];
  const grandparent = (side: Side) =>
    side.analysis.content.some((t) => lemmas(side.words(t)).some((l) => GRANDPARENTS.has(l)));
  if (!grandparent(from) || !grandparent(to)) return undefined;
  return to.analysis.content.find((t) => {
    const [mine, other] = [lemmas(word), lemmas(to.words(t))];
    return mine.some((x) =>
      other.some((y) => GRANDCHILDREN[x]?.includes(y) || GRANDCHILDREN[y]?.includes(x))
    );
  });
}

// "a kid who learns to skate from his grandma" is a boy; "a kid … her" a girl ("kid" / "girl" with "his" differ).
const SEX_OF_CHILD: Readonly<Record<string, "he" | "she">> = { boy: "he", girl: "she" };
const UNSEXED_CHILD = new Set(["kid", "child"]);

/** The one sex the third-person pronouns of a side name, if they name exactly one. */
function pronounSex(side: Side): "he" | "she" | undefined {
  const sexes = new Set(
    side.analysis.tokens.map((t) => PRONOUN_GENDER[t.word]).filter((s) => s !== undefined),
  );
  return sexes.size === 1 ? [...sexes][0] : undefined;
}

/** Where in `to` the boy or girl stands that an unsexed "kid" of `from` is by its pronouns (or the reverse). */
function sexedCounterpart(word: string, from: Side, to: Side): number | undefined {
  if (UNSEXED_CHILD.has(word)) {
    const sex = pronounSex(from);
    return sex && to.analysis.content.find((t) => SEX_OF_CHILD[to.words(t)] === sex);
  }
  const sex = SEX_OF_CHILD[word];
  if (!sex || pronounSex(to) !== sex) return undefined;
  return to.analysis.content.find((t) => UNSEXED_CHILD.has(to.words(t)));
}

/**
 * A phrase of several content words that matches one word by one of its parts ("see the future" / "see",
 * "cook breakfast" / "cook") stands for it only when its other content words are said on the other side too:
 * otherwise "see the past" would pass for "see the future", "cook dinner" for "cook breakfast". (A phrase the
 * lexicon or the thesaurus links as a whole, "go missing" / "disappear", matches as a whole.)
 */
function restSaid(phrase: string, word: string, other: string[], lexicon: Lexicon): boolean {
  if (!phrase.includes("_") || word.includes("_")) return true;
  const parts = phrase.split("_").filter((p) => isContentWord(p));
  if (parts.length < 2) return true;
  const lemmas = new Set(lexicon.lemmasOf(word));
  if (lexicon.lemmasOf(phrase).some((l) => lemmas.has(l)) || lexicon.areSynonyms(phrase, word)) return true;
  const partOf = parts.filter((p) => p === word || matchWords(p, word, lexicon) !== undefined);
  if (partOf.length === 0) return true; // matched as a whole
  // (only a thing the phrase names must be said: "cook dinner", "see the future"; not the verb of "crash-land")
  // (nor what describes it: "an elven queen" is not any queen)
  // (a compound noun names one thing with all its parts, whatever else they can be: "a school bus" is no
  // school, "a dance contest" no roaring contest, "a house painter" no painter of pictures — but "a crew of
  // pirates" is the pirates)
  const compoundNoun = lexicon.canBe(phrase, "n") && !lexicon.canBe(phrase, "v") && !phrase.includes("_of_");
  const things = parts.filter((p) =>
    !partOf.includes(p) && (lexicon.canBe(p, "n") || lexicon.canBe(p, "a")) &&
    (compoundNoun || !lexicon.canBe(p, "v"))
  );
  return things.every((p) =>
    other.some((w) => w !== word && (w === p || matchWords(p, w, lexicon) !== undefined))
  );
}

const OPPOSITE_WORDS = new Set(OPPOSITES.flat());
// Particles that make an idiom with their verb ("give up", "lay down", "find out"); a preposition with its
// object keeps its direction ("escaping from a tank" / "breaking into a tank").
const ADVERB_PARTICLES = new Set(["up", "down", "out", "off", "over", "away"]);
const COUNTED_PARTICLES = new Set(["up", "down"]);

/** A WordNet antonym of a word of one side said on the other, as "x/y", unless each has a counterpart of its own. */
export function antonymClash(a: Side, b: Side, lexicon: Lexicon): string | undefined {
  // (with the content words of a phrase read as one: "the opening_night" / "the closing night"; its particles
  // are directions, read by oppositeDirections from the text: "sets out on" / "sets off on" is no "on" / "off")
  const withParts = (
    words: string[],
  ) => [...words, ...words.flatMap((w) => w.includes("_") ? w.split("_").filter(isContentWord) : [])];
  const contentA = withParts(a.analysis.content.map(a.words));
  const contentB = withParts(b.analysis.content.map(b.words));
  // An antonym across the sides only counts when the word has no counterpart on its own side other than its
  // antonym: "a lost puppy found its way" has both words on both sides, "small … big" / "little … large" has a
  // synonym for each; but "her mother" / "her father" must not count father ~ mother (they share a rare verb
  // sense, "to beget") as the counterpart.
  // (a word said on both sides is its own counterpart, not one for the antonym: in "moves to another city,
  // told by the one who stayed" / "…who left", "moves" is no counterpart for "left")
  const onSide = (word: string, side: string[], antonym: string, other: string[]) =>
    side.some((w) =>
      w !== antonym && (w === word || (matchWords(word, w, lexicon) !== undefined && !other.includes(w)))
    );
  const antonymOf = new Map<string, string[]>();
  for (const x of new Set(contentA)) {
    for (const lemma of lexicon.antonymLemmas(x)) antonymOf.set(lemma, [...antonymOf.get(lemma) ?? [], x]);
  }
  for (const y of new Set(contentB)) {
    for (const lemma of lexicon.lemmasOf(y)) {
      for (const x of antonymOf.get(lemma) ?? []) {
        if (x !== y && !onSide(y, contentA, x, contentB) && !onSide(x, contentB, y, contentA)) {
          return `${x}/${y}`;
        }
      }
    }
  }
  return undefined;
}

/** A preposition on one side whose opposite is on the other side and not on its own. */
export function oppositeDirections(a: Analysis, b: Analysis, lexicon?: Lexicon): string | undefined {
  // (the particle of a phrasal verb points only where the other side says that verb too: "sails down" / "sails
  // up", "lock him out" / "lock him in" — not "gives up his sword" / "lays down his sword")
  const lemmas = (w: string) => lexicon?.lemmasOf(w) ?? [w];
  const words = (x: Analysis, other: Analysis) => {
    const said = new Set(other.tokens.flatMap((t) => t.raw.split(" ").flatMap(lemmas)));
    const counts = new Map<string, number>();
    for (const t of x.tokens) {
      const raw = t.raw.split(" ");
      // (a phrase led by its direction, "down_the_river", keeps it)
      const verbSaid = !t.word.includes("_") || OPPOSITE_WORDS.has(raw[0]) ||
        lemmas(raw[0]).some((l) => said.has(l));
      for (const w of verbSaid ? raw : raw.filter((w) => !ADVERB_PARTICLES.has(w))) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    return counts;
  };
  const [wa, wb] = [words(a, b), words(b, a)];
  // (the particles "up" and "down" counted: "saving up … prices keep going up" / "saving up … going down"
  // says "up" once more on one side; "to", "from", "with" stand in too many phrases to count)
  const count = (x: Map<string, number>, w: string) => x.get(w) ?? 0;
  const differ = (p: string, q: string) =>
    COUNTED_PARTICLES.has(p) && COUNTED_PARTICLES.has(q)
      ? count(wa, p) > count(wb, p) && count(wb, q) > count(wa, q)
      : wa.has(p) && wb.has(q) && !wa.has(q) && !wb.has(p);
  for (const [p, q] of OPPOSITES) {
    if (differ(p, q)) return `${p}/${q}`;
    if (differ(q, p)) return `${q}/${p}`;
  }
  return undefined;
}
