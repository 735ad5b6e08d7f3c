/**
 * How one word of a prompt can stand for a word of another (lib/cache/verifier.ts aligns prompts with it):
 * the same word or lemma, a WordNet or everyday-thesaurus synonym (lib/cache/lexicon.ts), a phrasal verb for
 * its verb, or a misspelling — never a name for another name, never the other sex ("fisherman" /
 * "fisherwoman").
 */
import levenshtein from "damerau-levenshtein";
import { stemmer } from "stemmer";
import { GENRES, isContentWord } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";

/** How one word stands for another. */
export type MatchKind = "same" | "lemma" | "synonym" | "spelling" | "compound";

function maxTypoDistance(a: string, b: string): number {
  if (Math.min(a.length, b.length) < 3) return 0;
  return Math.max(a.length, b.length) >= 8 ? 2 : 1;
}

// Word pairs recur across lookups (the same stored prompts come up as candidates again and again): their
// match kinds are remembered per lexicon, up to a bound.
const MATCHES_KEPT = 200_000;
const matchMemo = new WeakMap<Lexicon, Map<string, MatchKind | null>>();

/**
 * How word a can stand for word b, or undefined when it cannot. `nominalA`/`nominalB` say a word stands in a
 * noun phrase ("a young pirate"), where only its noun and adjective readings can make it a synonym.
 */
export function matchWords(
  a: string,
  b: string,
  lexicon: Lexicon,
  nominalA = false,
  nominalB = false,
): MatchKind | undefined {
  if (a === b) return "same";
  let memo = matchMemo.get(lexicon);
  if (!memo) matchMemo.set(lexicon, memo = new Map());
  const key = `${a}\u0000${b}\u0000${nominalA ? 1 : 0}${nominalB ? 1 : 0}`;
  const known = memo.get(key);
  if (known !== undefined) return known ?? undefined;
  const kind = matchUncached(a, b, lexicon, nominalA, nominalB);
  if (memo.size >= MATCHES_KEPT) memo.clear();
  memo.set(key, kind ?? null);
  return kind;
}

function matchUncached(
  a: string,
  b: string,
  lexicon: Lexicon,
  nominalA: boolean,
  nominalB: boolean,
): MatchKind | undefined {
  // A word with no noun or adjective reading was put in a noun phrase by mistake ("a public defender realizes"):
  // it stays what it can only be.
  const nameable = (w: string) => lexicon.canBe(w, "n") || lexicon.canBe(w, "a") || !lexicon.isKnown(w);
  nominalA &&= nameable(a);
  nominalB &&= nameable(b);
  // ("a young Tibetan monk" / "a young monk from Tibet")
  if (lexicon.arePertainyms(a, b)) return "synonym";
  const direct = matchSingle(a, b, lexicon, nominalA, nominalB);
  if (direct || !(a.includes("_") || b.includes("_"))) return direct;
  // one word written apart or together: "white-out" / "whiteout", "wind-up" / "windup"
  if (a.replaceAll("_", "") === b.replaceAll("_", "")) return "compound";
  // "take off" is not "land" for "take" being one of its senses: opposites stay opposites part by part too
  if (lexicon.areAntonyms(a, b)) return undefined;
  // "break into" is not "escape from": particles of opposite direction
  const particle = (w: string) => w.split("_").slice(1).find((p) => !isContentWord(p));
  const [pa, pb] = [particle(a), particle(b)];
  if (pa && pb && areOpposite(pa, pb)) return undefined;
  // A phrasal verb stands for its verb when the other side says it without the particle, or puts the particle
  // elsewhere ("escape from" / "escape", "lock their teacher out" / "is locked out").
  // Content parts only: "away" in run_away is not what the phrase means.
  // (a compound noun keeps the particle that tells it apart: "an away game" is no home game)
  const noun = (w: string) => lexicon.canBe(w, "n") && !lexicon.canBe(w, "v");
  const parts = (w: string) =>
    w.includes("_")
      ? w.split("_").filter((p) => isContentWord(p) || (noun(w) && COMPOUND_PARTICLES.has(p)))
      : [];
  // Two phrases of several content words are the same only part for part: "little brother" is not "little
  // sister" for sharing "little".
  const [partsA, partsB] = [parts(a), parts(b)];
  if (partsA.length > 1 && partsB.length > 1) {
    if (partsA.length !== partsB.length) return undefined;
    const kinds = partsA.map((p, k) => matchSingle(p, partsB[k], lexicon));
    return kinds.every((k) => k !== undefined)
      ? (kinds.every((k) => k === "same") ? "lemma" : "spelling")
      : undefined;
  }
  const pairs = [
    ...parts(a).map((p) => [p, b]),
    ...parts(b).map((p) => [a, p]),
    ...parts(a).flatMap((p) => parts(b).map((q) => [p, q])),
  ];
  // The parts of a compound noun are read as nouns and adjectives: "swimming" in "swimming pool" is no verb
  // (nor a synonym of "school", the verb fish do)
  const nominal = (w: string) => w.includes("_") && lexicon.canBe(w, "n") && !lexicon.canBe(w, "v");
  const [nounA, nounB] = [nominal(a), nominal(b)];
  for (const [x, y] of pairs) {
    const kind = matchSingle(
      x,
      y,
      lexicon,
      x !== a && nounA,
      y !== b && nounB,
    );
    if (kind) return kind === "same" ? "lemma" : kind;
  }
  return undefined;
}

// Particles that make a compound noun what it is ("away game", "off season", "up train").
const COMPOUND_PARTICLES = new Set(["away", "off", "up", "down", "out", "in", "over", "under"]);

/**
 * The same word for the other sex ("fisherman" / "fisherwoman", "actor" / "actress", "host" / "hostess"): two
 * characters, though a letter or two apart.
 */
export function otherSex(a: string, b: string): boolean {
  const male = (w: string) => w.replace(/wom([ae]n)/g, "m$1");
  if (male(a) === male(b)) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (!long.endsWith("ess")) return false;
  const stem = long.slice(0, -4);
  return long.slice(0, -3) === short || stem + "or" === short || stem + "er" === short;
}

function matchSingle(
  a: string,
  b: string,
  lexicon: Lexicon,
  nominalA = false,
  nominalB = false,
): MatchKind | undefined {
  if (a === b) return "same";
  if (otherSex(a, b)) return undefined;
  // "1850s" / "1950s", "3rd" / "5th": a word with digits is never another's misspelling
  if (/\d/.test(a) || /\d/.test(b)) return undefined;
  // A genre is only the same genre: "story" is also a floor of a building, a kind of basement.
  if (GENRES.has(a) || GENRES.has(b)) return undefined;
  const knownA = lexicon.isKnown(a);
  const knownB = lexicon.isKnown(b);
  const steps = () => levenshtein(a, b).steps as number;
  // A rare word next to a common one is read as its misspelling ("hapy" is also a god, "sial" a rock layer)
  // when it is one letter away; two common words never are (cat / cart, loose / lose).
  // (Not two kinds of one thing, though: "grandma" is rare in books, and not a misspelt "grandpa".)
  // (nor one who does it: "tamer" / "tame", "gamer" / "game")
  const agent = (x: string, y: string) => x === `${y}r` || x === `${y}er`;
  const rareTypo = () =>
    Math.min(a.length, b.length) >= 4 && lexicon.isCommon(a) !== lexicon.isCommon(b) && !agent(a, b) &&
    !agent(b, a) &&
    !isOnlyName(lexicon.isCommon(a) ? a : b) && steps() <= 1 && !lexicon.areSiblings(a, b) &&
    !lexicon.areAntonyms(a, b);
  const isOnlyName = (word: string) => lexicon.names.has(word) && !lexicon.isKnown(word);
  // A name is never a misspelling of another name: Mia / Mila are two people.
  if ((lexicon.names.has(a) || lexicon.names.has(b)) && !(knownA && knownB)) {
    // …but a word that is no word and no name, one letter from a well-known long name, is that name misspelt:
    // "Viena", "Everst"
    const [name, other] = lexicon.names.has(a) ? [a, b] : [b, a];
    // (a long name is too rare to be one letter from another word by chance: "Cinderlla"; and a name that is
    // also a word is that word misspelt too: "laundromt")
    const misspeltName = name.length >= 5 && (lexicon.isCommon(name) || name.length >= 8) &&
      !lexicon.names.has(other) && !lexicon.isKnown(other) &&
      (steps() <= 1 || (lexicon.isKnown(name) && doubledSlip(a, b)));
    return rareTypo() || misspeltName ? "spelling" : undefined;
  }
  if (knownA && knownB) {
    const lemmasB = new Set(lexicon.lemmasOf(b));
    if (lexicon.lemmasOf(a).some((l) => lemmasB.has(l))) return "lemma";
    if (lexicon.areSynonyms(a, b, nominalA, nominalB)) return "synonym";
    return rareTypo() ? "spelling" : undefined;
  }
  if (stemmer(a) === stemmer(b)) return "lemma";
  // ("aminals": two letters swapped that are not side by side, the same letters in another order)
  const shuffled = Math.min(a.length, b.length) >= 5 && [...a].sort().join("") === [...b].sort().join("") &&
    steps() <= 2;
  return steps() <= maxTypoDistance(a, b) || shuffled || doubledSlip(a, b) ? "spelling" : undefined;
}

/** The same letters but for which one is doubled ("sherrif" / "sheriff", "accross" / "across"). */
function doubledSlip(a: string, b: string): boolean {
  const single = (w: string) => w.replace(/(.)\1+/g, "$1");
  return Math.min(a.length, b.length) >= 5 && single(a) === single(b);
}

// Prepositions and particles of opposite direction or place: "sail up/down the river", "on/under the roof".
export const OPPOSITES: ReadonlyArray<readonly [string, string]> = [
  ["up", "down"],
  ["in", "out"],
  ["into", "out"],
  ["into", "from"],
  ["inside", "outside"],
  ["on", "off"],
  ["over", "under"],
  ["above", "below"],
  ["above", "beneath"],
  ["before", "after"],
  ["during", "after"],
  ["during", "before"],
  ["when", "before"],
  ["to", "from"],
  ["with", "without"],
  // "hates vegetables until he grows his own" / "… even after he grows his own"
  ["until", "after"],
  // "celebrates Eid away from his family" / "with his family"; "locks him out of the henhouse" / "inside"
  ["with", "away"],
  ["out", "inside"],
  ["for", "against"],
  ["toward", "away"],
  ["towards", "away"],
];

/** True when two prepositions or particles point opposite ways (OPPOSITES, either order). */
export function areOpposite(x: string, y: string): boolean {
  return OPPOSITES.some(([p, q]) => (p === x && q === y) || (p === y && q === x));
}
