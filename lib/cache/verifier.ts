/**
 * Retrieve-then-verify: the vector index proposes near prompts, and this verifier decides whether a cached
 * prompt asks for the same thing as the new one. Mean-pooled word vectors put "won a race" next to "lost a
 * race" (antonyms share contexts), so the decision is made on words (lib/cache/analysis.ts reads them, with
 * the word lists of lib/cache/words.ts):
 * every content word on each side must have a counterpart on the other (same word, same lemma, a WordNet
 * synonym — multi-word ones such as "run away" included —, a close misspelling, or the same compound written
 * apart), and the pair is rejected on WordNet antonyms, a difference in negation, in numbers, in time or
 * modality ("will be" / "was", "used to"), or in who does what to whom or owns what (read by
 * lib/cache/roles.ts and lib/cache/readings.ts, compared by lib/cache/role_checks.ts, lib/cache/clause_checks.ts
 * and lib/cache/relations.ts).
 *
 * `explainPair` returns the whole reasoning (alignment, roles, the rule that decided) for `ailb cache explain`
 * and the balancer's debug log.
 */
import { analysePrompt, type Analysis, GENRES } from "./analysis.ts";
import { judgeSettingAside } from "./asides.ts";
import type { Lexicon } from "./lexicon.ts";
import { type MatchKind, matchWords } from "./word_match.ts";
import { align, antonymClash, oppositeDirections } from "./alignment.ts";

export { type MatchKind, matchWords } from "./word_match.ts";
import {
  agentMoved,
  contrastMoved,
  modifierConflict,
  placeConflict,
  possessionConflict,
  prepositionSwap,
  type Same,
  type Side,
  slotSwap,
} from "./relations.ts";
import {
  boundAway,
  doerOwnsDoneTo,
  passiveAgainstActiveOrder,
  patientsTraded,
  pronounCrossesVerb,
  roleConflict,
} from "./role_checks.ts";
import {
  copulaConflict,
  type Possession,
  readCopulas,
  readModifiers,
  readPlaces,
  readPossessions,
  readPrepositionObjects,
} from "./readings.ts";
import { appositions, pronounPerson, SOMEONE } from "./phrases.ts";
import { comparedRoles, readRoles, type Role } from "./roles.ts";
import { clauseConflict } from "./clause_checks.ts";
import { negationMoved } from "./negations.ts";
import { everyAgainstOne } from "./quantifiers.ts";
import { stillAgainstPast, timesAgree } from "./time_readings.ts";
import { mendSlipsAgainst } from "./typos.ts";
import { verbPositions } from "./verbs.ts";

/** Which rule decided a verdict. */
export type Rule =
  | "matched"
  | "negation"
  | "numbers"
  | "time"
  | "antonym"
  | "genre"
  | "unmatched"
  | "roles"
  | "possession"
  | "place"
  | "audience";

/** One aligned word: `a` in the new prompt, `b` in the cached one. */
export interface WordMatch {
  a: string;
  b: string;
  how: MatchKind;
}

/** Outcome of a verification; `reason` says why (for debug logs, `ailb cache explain` and tests). */
export interface Verdict {
  accepted: boolean;
  reason: string;
  rule: Rule;
}

/** A verdict with what it was based on. */
export interface Explanation extends Verdict {
  /** Content words of each prompt (after framing, function words and numbers are set aside). */
  content: { a: string[]; b: string[] };
  /** How the words of the new prompt were matched in the cached one (complete only when accepted). */
  alignment: WordMatch[];
  /** "agent verb patient" readings of each prompt ("?" where not stated). */
  roles: { a: string[]; b: string[] };
  /** "owner's owned" readings of each prompt. */
  possessions: { a: string[]; b: string[] };
  negations: { a: number; b: number };
  numbers: { a: string[]; b: string[] };
  time: { a: string[]; b: string[] };
  /** The first word found without a counterpart (rule "unmatched"), as read ("go_missing"). */
  unmatched?: string;
}

const describeRole = (r: Role, word: Side["words"]) =>
  `${r.agent === undefined ? "?" : word(r.agent)} ${word(r.verb)} ${
    r.patient === undefined ? "?" : word(r.patient)
  }` +
  (r.passive ? " (passive)" : "");

// A lookup verifies its prompt against up to five candidates, and popular cached prompts come up again and
// again: analyses are kept for recently seen texts (per lexicon; analyses are read-only).
const ANALYSES_KEPT = 4096;
const analyses = new WeakMap<Lexicon, Map<string, Analysis>>();

function analysed(text: string, lexicon: Lexicon): Analysis {
  let cache = analyses.get(lexicon);
  if (!cache) analyses.set(lexicon, cache = new Map());
  let analysis = cache.get(text);
  if (analysis) {
    cache.delete(text); // re-insert: Map order is recency order
  } else {
    analysis = analysePrompt(text, lexicon);
    if (cache.size >= ANALYSES_KEPT) cache.delete(cache.keys().next().value!);
  }
  cache.set(text, analysis);
  return analysis;
}

/** Verifies a pair and says why: the alignment, the roles and the rule that decided. */
export function explainPair(prompt: string, cachedPrompt: string, lexicon: Lexicon): Explanation {
  return judgeWithAsides(prompt, cachedPrompt, lexicon, true);
}

/**
 * The verifier, and when it finds a word without a counterpart, again without the first or the last sentence
 * of either prompt: a sentence about the asker or the occasion ("Need a story for tonight:", "My class is
 * doing a fairy tale week.", "Keep it simple.") adds words the other prompt has no counterpart for. Never a
 * sentence that names a genre or shapes the text ("Make it scary."); every other rule still applies to the rest.
 */
function judgeWithAsides(
  typedPrompt: string,
  typedCached: string,
  lexicon: Lexicon,
  detail: boolean,
): Explanation {
  const prompt = mendSlipsAgainst(typedPrompt, typedCached, lexicon);
  const cachedPrompt = mendSlipsAgainst(typedCached, typedPrompt, lexicon);
  return judgeSettingAside(
    prompt,
    cachedPrompt,
    (p, c) => judge(p, c, lexicon, detail),
    (text) => analysed(text, lexicon),
    lexicon,
  );
}

/**
 * The verifier. With `detail` the explanation lists every prompt's roles and owners; without (the lookup's hot
 * path) they are only read when the words have matched, and the lists stay empty.
 */
function judge(prompt: string, cachedPrompt: string, lexicon: Lexicon, detail: boolean): Explanation {
  const a = analysed(prompt, lexicon);
  const b = analysed(cachedPrompt, lexicon);
  const sideA: Side = { analysis: a, words: (i) => a.tokens[i].word };
  const sideB: Side = { analysis: b, words: (i) => b.tokens[i].word };
  let read: { rolesA: Role[]; rolesB: Role[]; possA: Possession[]; possB: Possession[] } | undefined;
  const structure = () =>
    read ??= {
      rolesA: readRoles(a, lexicon),
      rolesB: readRoles(b, lexicon),
      possA: readPossessions(a, lexicon),
      possB: readPossessions(b, lexicon),
    };
  const explanation: Explanation = {
    accepted: false,
    reason: "",
    rule: "matched",
    content: { a: a.content.map(sideA.words), b: b.content.map(sideB.words) },
    alignment: [],
    roles: { a: [], b: [] },
    possessions: { a: [], b: [] },
    negations: { a: a.negations, b: b.negations },
    numbers: { a: a.numbers, b: b.numbers },
    time: { a: a.time, b: b.time },
  };
  if (detail) {
    const { rolesA, rolesB, possA, possB } = structure();
    explanation.roles = {
      a: rolesA.map((r) => describeRole(r, sideA.words)),
      b: rolesB.map((r) => describeRole(r, sideB.words)),
    };
    explanation.possessions = {
      a: possA.map((p) => `${sideA.words(p.owner)}'s ${sideA.words(p.owned)}`),
      b: possB.map((p) => `${sideB.words(p.owner)}'s ${sideB.words(p.owned)}`),
    };
  }
  const reject = (rule: Rule, reason: string): Explanation => ({ ...explanation, rule, reason });
  if (a.negations % 2 !== b.negations % 2 || a.negatedClauses !== b.negatedClauses) {
    return reject("negation", "negation differs");
  }
  if (a.audience && b.audience && a.audience !== b.audience) {
    const child = (sex: string) => sex === "male" ? "a boy" : "a girl";
    return reject(
      "audience",
      `the story is for ${child(a.audience)} on one side, ${child(b.audience)} on the other`,
    );
  }
  const [numbersA, numbersB] = [a.numbers, b.numbers];
  // the same numbers counting nouns written differently ("at the last minute" / "at the final moment") are
  // compared once the words are aligned
  let countedNounsToAlign = false;
  if (numbersA.join(" ") !== numbersB.join(" ")) {
    // moved, but each number still counts the same thing: "in five paragraphs, write…" / "write… in five paragraphs"
    // (the numbers of one noun keep their order: "Tale 2-1" is not "Tale 1-2")
    const counted = (x: Analysis, numbers: string[]) => {
      const byNoun = new Map<string, string[]>();
      numbers.forEach((n, k) => byNoun.set(x.numberNouns[k], [...byNoun.get(x.numberNouns[k]) ?? [], n]));
      return [...byNoun].map(([noun, ns]) => `${noun}: ${ns.join(" ")}`).sort().join(", ");
    };
    if (counted(a, numbersA) !== counted(b, numbersB)) {
      // (only when each noun has one count: "Tale 2-1" / "Tale 1-2" keep their order)
      const oneEach = (x: Analysis) => new Set(x.numberNounAt).size === x.numberNounAt.length;
      const sameValues = numbersA.toSorted().join(" ") === numbersB.toSorted().join(" ");
      if (!sameValues || !oneEach(a) || !oneEach(b)) return reject("numbers", "numbers differ");
      countedNounsToAlign = true;
    }
  }
  if (!timesAgree(a, b, lexicon)) {
    return reject(
      "time",
      `tense or modality differs (${a.time.join(", ") || "none"} / ${b.time.join(", ") || "none"})`,
    );
  }
  if (
    a.aspect !== b.aspect && (a.aspect === "ongoing" || b.aspect === "ongoing") &&
    (a.aspect === "past" || b.aspect === "past")
  ) {
    return reject("time", `under way / done (${a.aspect} / ${b.aspect})`);
  }
  const states = [a.state, b.state];
  if (states.includes("present") && states.includes("past")) return reject("time", "what someone is / was");
  const opposite = oppositeDirections(a, b, lexicon);
  if (opposite) return reject("antonym", `opposite directions ${opposite}`);
  const antonyms = antonymClash(sideA, sideB, lexicon);
  if (antonyms) return reject("antonym", `antonyms ${antonyms}`);
  const forward = align(sideA, sideB, lexicon);
  const unmatched = (word: string) =>
    GENRES.has(word)
      ? reject("genre", `genre differs ("${word}")`)
      : { ...reject("unmatched", `no match for "${word}"`), unmatched: word };
  if (typeof forward === "string") return unmatched(forward);
  explanation.alignment = [...forward].map(([i, m]) => ({
    a: sideA.words(i),
    b: sideB.words(m.at),
    how: m.how,
  }));
  const backward = align(sideB, sideA, lexicon);
  if (typeof backward === "string") return unmatched(backward);
  // "one lost duckling" / "her lost ducklings": one thing against many ("a group of kids" is many)
  const many = (w: string) =>
    lexicon.isPluralNoun(w) || (w.includes("_of_") && lexicon.isPluralNoun(w.split("_").at(-1)!));
  const oneAgainstMany = (from: Analysis, to: Analysis, aligned: typeof forward) =>
    from.single.find((i) => {
      const m = aligned.get(i);
      // (many on the other side only: "one book keeps returning" has "keeps" on both)
      return m !== undefined && many(to.tokens[m.at].word) && !many(from.tokens[i].word);
    });
  const oneOfMany = oneAgainstMany(a, b, forward) ?? oneAgainstMany(b, a, backward);
  if (oneOfMany !== undefined) return reject("numbers", "one thing against many");
  const every = everyAgainstOne(a, b, (i) => forward.get(i)?.at);
  if (every) return reject("numbers", every);
  if (countedNounsToAlign) {
    const counts = numbersA.every((n, k) =>
      numbersB.some((m, j) =>
        m === n && a.numberNounAt[k] >= 0 && forward.get(a.numberNounAt[k])?.at === b.numberNounAt[j]
      )
    );
    if (!counts) return reject("numbers", "numbers differ");
  }
  // Roles compare aligned words: "puppy" is aligned with "puppy", even though it would also match "dog".
  // Personal pronouns are not aligned; the same person in either form is the same ("him" / "he").
  // ("everyone" / "everybody": one unnamed people on both sides)
  const unnamed = (w: string | undefined) =>
    w === undefined || !SOMEONE.has(w) ? undefined : w.replace("body", "one");
  const same: Same = (x, y) =>
    forward.get(x)?.at === y || backward.get(y)?.at === x ||
    (pronounPerson(a.tokens, x) !== undefined && pronounPerson(a.tokens, x) === pronounPerson(b.tokens, y)) ||
    (unnamed(a.tokens[x]?.word) !== undefined && unnamed(a.tokens[x].word) === unnamed(b.tokens[y]?.word));
  // A pronoun and a noun are not known to differ: "because he hates the cold" may be the penguin. The asker
  // ("I", "we") or the one asked ("you") is never a thing named in the third person ("raccoons").
  const asker = (person: string | undefined) => person === "i" || person === "we" || person === "you";
  // (a name and the noun phrase beside it are one: "Anansi the spider", "his captain, Mara")
  // (read only when two doers are compared: most candidates never get here)
  let beside: [Map<number, number[]>, Map<number, number[]>] | undefined;
  const differ: Same = (x, y) => {
    if (same(x, y)) return false;
    const [besideA, besideB] = beside ??= [appositions(a.tokens, lexicon), appositions(b.tokens, lexicon)];
    if (besideA.get(x)?.some((p) => same(p, y)) || besideB.get(y)?.some((q) => same(x, q))) return false;
    const [px, py] = [pronounPerson(a.tokens, x), pronounPerson(b.tokens, y)];
    // ("the dog teaches her to ride" / "the dog learns to ride": "her" is not the dog who teaches her)
    const bound = (px !== undefined && py === undefined &&
      boundAway(structured.rolesA, a.tokens, x, (z) => same(z, y))) ||
      (py !== undefined && px === undefined && boundAway(structured.rolesB, b.tokens, y, (z) => same(x, z)));
    return bound || (px === undefined) === (py === undefined) || (asker(px) && py === undefined) ||
      (asker(py) && px === undefined);
  };
  const structured = structure();
  const { possA, possB } = structured;
  const rolesA = comparedRoles(a, structured.rolesA, b, (x) => forward.get(x)?.at, lexicon);
  const rolesB = comparedRoles(b, structured.rolesB, a, (y) => backward.get(y)?.at, lexicon);
  // (a verb said twice is the same verb at either place: "saving her crew and saving her ship")
  const sameVerb: Same = (x, y) => same(x, y) || sideA.words(x) === sideB.words(y);
  const roles = roleConflict(sideA, rolesA, rolesB, same, differ, sameVerb);
  if (roles) return reject("roles", roles);
  const crossVerbs = patientsTraded(sideA, sideB, rolesA, rolesB, same);
  if (crossVerbs) return reject("roles", crossVerbs);
  const unread = passiveAgainstActiveOrder(sideA, rolesA, b, rolesB, (x) => forward.get(x)?.at) ??
    passiveAgainstActiveOrder(sideB, rolesB, a, rolesA, (y) => backward.get(y)?.at);
  if (unread) return reject("roles", unread);
  const crossed = pronounCrossesVerb(sideA, rolesA, sideB, rolesB, same);
  if (crossed) return reject("roles", crossed);
  const clause = clauseConflict(sideA, sideB, same, verbPositions(a, lexicon), verbPositions(b, lexicon));
  if (clause) return reject(clause.rule, clause.reason);
  const identities = copulaConflict(
    readCopulas(a, lexicon),
    readCopulas(b, lexicon),
    same,
    differ,
    sideA.words,
  );
  if (identities) return reject("roles", identities);
  const ownsDoneTo = doerOwnsDoneTo(rolesA, rolesB, possA, possB, same, sideA.words);
  if (ownsDoneTo) return reject("roles", ownsDoneTo);
  const owners = possessionConflict(possA, possB, same, sideA.words);
  if (owners) return reject("possession", owners);
  // (a describing word and its synonym are alike wherever the alignment paired them)
  const alike: Same = (x, y) =>
    same(x, y) || matchWords(sideA.words(x), sideB.words(y), lexicon) !== undefined;
  const moved = modifierConflict(
    readModifiers(a, lexicon),
    readModifiers(b, lexicon),
    same,
    sideA.words,
    alike,
  );
  if (moved) return reject("roles", moved);
  const [placesA, placesB] = [readPlaces(a, lexicon), readPlaces(b, lexicon)];
  const [objectsA, objectsB] = [readPrepositionObjects(a, lexicon), readPrepositionObjects(b, lexicon)];
  // (what a verb is done to counts as its object here: "trades her crown for a flute" / "trades her flute for a
  // crown")
  const withPatients = (objects: Map<number, string>, roles: typeof rolesA) => {
    const out = new Map(objects);
    for (const r of roles) {
      if (!r.passive && r.patient !== undefined && !out.has(r.patient)) out.set(r.patient, "(object)");
    }
    return out;
  };
  const swapped = prepositionSwap(
    withPatients(objectsA, rolesA),
    withPatients(objectsB, rolesB),
    same,
    sideA.words,
  );
  if (swapped) return reject("roles", swapped);
  const sameBack: Same = (y, x) => same(x, y);
  const agent = agentMoved(rolesA, rolesB, objectsA, objectsB, same, sideA.words) ??
    agentMoved(rolesB, rolesA, objectsB, objectsA, sameBack, sideB.words);
  if (agent) return reject("roles", agent);
  if (
    contrastMoved(objectsA, objectsB, b.content, same) ||
    contrastMoved(objectsB, objectsA, a.content, sameBack)
  ) return reject("roles", `what is asked for and what is put aside ("instead of") trade places`);
  const traded = slotSwap(
    sideA,
    sideB,
    forward,
    same,
    (i, j) => matchWords(sideA.words(i), sideA.words(j), lexicon) !== undefined,
  );
  if (traded) return reject("roles", traded);
  const places = placeConflict(placesA, placesB, same);
  if (places) return reject("place", `a different place relation ${places}`);
  const notOn = negationMoved(a, b, forward, backward);
  if (notOn) return reject("negation", notOn);
  const still = stillAgainstPast(a, b, (i) => forward.get(i)?.at, lexicon) ??
    stillAgainstPast(b, a, (i) => backward.get(i)?.at, lexicon);
  if (still) return reject("time", `now / then (${still})`);
  return { ...explanation, accepted: true, reason: "every content word matched; roles agree" };
}

/** Decides whether the cached prompt asks for the same thing as the new prompt. */
export function verifySamePrompt(prompt: string, cachedPrompt: string, lexicon: Lexicon): Verdict {
  const { accepted, reason, rule } = judgeWithAsides(prompt, cachedPrompt, lexicon, false);
  return { accepted, reason, rule };
}
