/**
 * The structural checks of the verifier (lib/cache/verifier.ts), run once every content word is aligned: who
 * does what to whom (roles), who owns what, which word describes which thing, which preposition puts a thing
 * where, and what a request puts aside ("instead of"). Each returns why the two prompts differ, or undefined.
 */
import type { Analysis } from "./analysis.ts";
import type { Modifier, Possession } from "./readings.ts";
import { personOf } from "./phrases.ts";
import type { Role } from "./roles.ts";
import { PREPOSITIONS } from "./words.ts";

/** One prompt of a pair: its analysis and its words by position. */
export interface Side {
  analysis: Analysis;
  words: (i: number) => string;
}

/** Whether position x of the new prompt and position y of the cached one stand for the same thing. */
export type Same = (x: number, y: number) => boolean;

// Prepositions of place that say the same thing; two from different groups put a thing somewhere else.
const PLACE_GROUPS: ReadonlyArray<readonly string[]> = [
  ["in", "inside", "within", "into", "at"],
  ["on", "onto", "upon", "atop"],
  ["under", "beneath", "below", "underneath"],
  ["over", "above"],
  ["near", "by", "beside"],
  ["behind"],
  ["outside"],
  ["across", "through"],
  ["around"],
  ["between", "among"],
  ["along"],
];
const placeGroup = new Map(PLACE_GROUPS.flatMap((group, i) => group.map((p) => [p, i] as const)));
// Prepositions of two groups that still say the same of most places: "at a farm" / "on a farm", "across the
// ice" / "over the ice".
const PLACE_NEAR: ReadonlyArray<readonly [string, string]> = [["at", "on"], ["across", "over"]];
const nearPlaces = (x: string, y: string) =>
  PLACE_NEAR.some(([p, q]) => (p === x && q === y) || (p === y && q === x));

/** The same thing placed with prepositions of different groups: "a nest on the roof" / "under the roof". */
export function placeConflict(
  a: Map<number, string>,
  b: Map<number, string>,
  same: Same,
): string | undefined {
  for (const [x, pa] of a) {
    for (const [y, pb] of b) {
      if (!same(x, y)) continue;
      const ga = placeGroup.get(pa), gb = placeGroup.get(pb);
      if (ga !== undefined && gb !== undefined && ga !== gb && !nearPlaces(pa, pb)) return `${pa}/${pb}`;
    }
  }
  return undefined;
}

/**
 * Two things that trade the prepositions before them: "a letter from a princess to a frog" / "from a frog to a
 * princess", "a story about a prince in love with a mermaid" / "about a mermaid in love with a prince". Only a
 * trade counts: a paraphrase moves one thing into or out of a prepositional phrase ("a bridge built by a giant"
 * / "a giant who built a bridge"), it does not give two things each other's.
 */
export function prepositionSwap(
  a: Map<number, string>,
  b: Map<number, string>,
  same: Same,
  word: Side["words"],
): string | undefined {
  const inB = (x: number) => [...b].find(([y]) => same(x, y))?.[1];
  const pairs = [...a].map(([x, p]) => [x, p, inB(x)] as const).filter(([, p, q]) =>
    q !== undefined && p !== q
  );
  for (const [x, p, q] of pairs) {
    const other = pairs.find(([y, r, t]) => y !== x && r === q && t === p);
    if (other) return `"${word(x)}" and "${word(other[0])}" trade places: ${p} … ${q} / ${q} … ${p}`;
  }
  return undefined;
}

// Prepositions that give a thing another part than the doer's: "stolen by a bard" / "stolen from a bard".
const NOT_THE_DOER = new Set(["from", "for", "to", "with", "against", "at"]);

/**
 * A stated doer on one side ("stolen by a bard", "an albatross describes its home to…") is the thing of another
 * preposition on the other ("stolen from a bard", "…describe their home to an albatross").
 */
export function agentMoved(
  roles: Role[],
  otherRoles: Role[],
  own: Map<number, string>,
  other: Map<number, string>,
  same: Same,
  word: Side["words"],
) {
  for (const r of roles) {
    const agent = strongAgent(r);
    if (agent === undefined) continue;
    // "falls for a customer who orders…": the other side may name it twice, once as the doer; and "in love
    // with the programmer who created it" names it with "with" on this side too
    const alsoDoer = otherRoles.some((o) =>
      same(r.verb, o.verb) && o.agent !== undefined && same(agent, o.agent)
    );
    const moved = !alsoDoer &&
      [...other].find(([y, p]) => same(agent, y) && NOT_THE_DOER.has(p) && own.get(agent) !== p);
    if (moved) {
      return `"${word(agent)}" does "${word(r.verb)}" on one side, is "${moved[1]} ${
        word(agent)
      }" on the other`;
    }
  }
  return undefined;
}

/** What one side puts aside ("books instead of gold") is what the other side asks for ("gold instead of books"). */
export function contrastMoved(
  a: Map<number, string>,
  b: Map<number, string>,
  bContent: number[],
  same: Same,
) {
  for (const [x, p] of a) {
    // what is put aside ("instead of"), and what something is turned into ("turns rain into music")
    if (p !== "insteadof" && p !== "into") continue;
    const there = bContent.find((y) => same(x, y));
    if (there === undefined || b.get(there) === p) continue;
    if (p === "insteadof" || b.get(there) === undefined) return true;
  }
  return false;
}

/** A describing word moved to another thing: "a small mouse … a big lion" / "a big mouse … a small lion". */
export function modifierConflict(
  a: Modifier[],
  b: Modifier[],
  same: Same,
  word: Side["words"],
): string | undefined {
  for (const ma of a) {
    for (const mb of b) {
      if (!same(ma.modifier, mb.modifier) || same(ma.head, mb.head)) continue;
      // the other side describes something else with it, and that thing is also in this prompt
      if (a.some((m) => same(m.head, mb.head)) || b.some((m) => same(ma.head, m.head))) {
        return `"${word(ma.modifier)}" describes something else`;
      }
    }
  }
  return undefined;
}

/** Token positions after `verb` up to the end of its clause (where the things it is done to are named). */
function clauseAfter(tokens: Analysis["tokens"], verb: number): Set<number> {
  const out = new Set<number>();
  for (let j = verb + 1; j < tokens.length; j++) {
    if (tokens[j].tag === "boundary" || tokens[j].tag === "conj" || tokens[j].tag === "rel") break;
    out.add(j);
  }
  return out;
}

/**
 * Roles that both prompts state and that differ: a doer and a done-to traded places (also across voices), a
 * different doer, or a verb done to something that the other prompt does not name after that verb ("loses
 * the race but wins a friend" / "wins the race but loses a friend"; "gives a farmer a bean" / "gives a bean to
 * a farmer" is fine).
 */
export function roleConflict(
  a: Side,
  rolesA: Role[],
  rolesB: Role[],
  same: Same,
  differ: Same,
): string | undefined {
  const tokensA = a.analysis.tokens;
  for (const ra of rolesA) {
    for (const rb of rolesB) {
      if (!same(ra.verb, rb.verb)) continue;
      const verb = a.words(ra.verb);
      // A swap needs one side to state both roles: "a prince who turns into a frog" (doer only) and "a prince
      // who is transformed into a frog" (done-to only) are not a swap.
      const complete = (ra.agent !== undefined && ra.patient !== undefined) ||
        (rb.agent !== undefined && rb.patient !== undefined);
      const swapped = (x?: number, y?: number, keep?: number) =>
        x !== undefined && y !== undefined && same(x, y) && !(keep !== undefined && same(x, keep));
      // A doer stated as such (by "by", or before a verb with an object) on one side and a done-to stated as
      // such on the other is a swap even when neither side states both: "and chases the night guard" / "and
      // is chased by the night guard". ("a prince who turns into a frog" states no such doer.)
      // Both active, the same thing the doer on one side and what is done to on the other: "a town that the
      // emperor has forgotten" / "a town that has forgotten the emperor".
      const active = !ra.passive && !rb.passive &&
        (swapped(ra.agent, rb.patient, rb.agent) || swapped(ra.patient, rb.agent, rb.patient));
      const strong = active || swapped(strongAgent(ra), strongPatient(rb), rb.agent) ||
        swapped(strongPatient(ra), strongAgent(rb), rb.patient);
      if (
        strong ||
        (complete && (swapped(ra.agent, rb.patient, rb.agent) || swapped(ra.patient, rb.agent, rb.patient)))
      ) {
        return `who ${verb} whom: roles swapped`;
      }
      if (ra.agent !== undefined && rb.agent !== undefined && differ(ra.agent, rb.agent)) {
        return `a different doer of "${verb}"`;
      }
      if (ra.patient === undefined || rb.patient === undefined || !differ(ra.patient, rb.patient)) continue;
      if (ra.passive && rb.passive) return `"${verb}" done to something else`;
      if (!ra.passive && !rb.passive) {
        const span = clauseAfter(tokensA, ra.verb);
        const named = [...span].some((j) => same(j, rb.patient!));
        if (!named) return `"${verb}" done to something else`;
      }
    }
  }
  return undefined;
}

/**
 * The doer on one side owns what the same verb is done to on the other, and is not its doer there: "their
 * little boy saves his life" / "he saves their little boy's life", "the miller's daughter guesses his name" /
 * "he guesses the name of the miller's daughter". Only an active verb with a doer on the other side: "the
 * witch's teacher is turned into a frog by her" is the witch turning her own teacher.
 */
export function doerOwnsDoneTo(
  rolesA: Role[],
  rolesB: Role[],
  possA: Possession[],
  possB: Possession[],
  same: Same,
  word: Side["words"],
): string | undefined {
  const sameBack: Same = (y, x) => same(x, y);
  const owned = (doer: Role, other: Role, poss: Possession[], match: Same) =>
    doer.agent !== undefined && other.patient !== undefined && other.agent !== undefined && !other.passive &&
    !match(doer.agent, other.agent) &&
    poss.some((p) => p.owned === other.patient && match(doer.agent!, p.owner));
  for (const ra of rolesA) {
    for (const rb of rolesB) {
      if (!same(ra.verb, rb.verb)) continue;
      if (owned(ra, rb, possB, same) || owned(rb, ra, possA, sameBack)) {
        return `who ${word(ra.verb)} whose thing: the doer on one side owns what is done to on the other`;
      }
    }
  }
  return undefined;
}

/** The doer of a passive ("by X") or of a verb that has an object: not the subject of "turns into a frog". */
const strongAgent = (r: Role) => r.passive || r.patient !== undefined ? r.agent : undefined;
/** What a verb is done to: its object, or the subject of a passive. */
const strongPatient = (r: Role) => r.patient;

export function possessionConflict(a: Possession[], b: Possession[], same: Same, word: Side["words"]) {
  for (const pa of a) {
    for (const pb of b) {
      if (same(pa.owner, pb.owned) && same(pa.owned, pb.owner)) {
        return `owner and owned swapped (${word(pa.owner)}'s ${word(pa.owned)})`;
      }
      const owners = b.filter((other) => same(pa.owned, other.owned));
      if (same(pa.owned, pb.owned) && !owners.some((other) => same(pa.owner, other.owner))) {
        return `a different owner of "${word(pa.owned)}"`;
      }
    }
  }
  return undefined;
}

/** The tokens around a word, past articles and possessives ("a lonely robot on Mars": "lonely", "on"). */
function slotOf(tokens: Analysis["tokens"], i: number, withModifiers = false): [number, number] {
  const skipped = (k: number) => tokens[k].tag === "det" || tokens[k].tag === "poss";
  let before = i - 1, after = i + 1;
  // (with the words describing it, back to its article: "on the grumpy boss's first day" → "on", "first")
  if (withModifiers) {
    let k = i - 1;
    while (k >= 0 && tokens[k].tag === "content") k--;
    if (k >= 0 && k < i - 1 && tokens[k].tag === "det") before = k;
  }
  while (before >= 0 && skipped(before)) before--;
  while (after < tokens.length && skipped(after)) after++;
  return [before, after];
}

/**
 * Two words that trade places, each taking the other's slot (the words on both sides of it stay), while the
 * sentence around them stays (the next content word included): "a lonely robot on Mars who wants to become human" / "a lonely human on Mars who
 * wants to become a robot", "loses every match but wins the final" / "wins every match but loses the final".
 * The roles reader misses these when no verb links the two (a complement, an adjective, a list). A passive
 * does not trade slots ("by" comes before the doer), nor do moved phrases or clauses (each word keeps its
 * neighbours); words joined by "and" or "or" are left alone ("a cat and a dog" / "a dog and a cat").
 */
export function slotSwap(
  a: Side,
  b: Side,
  aligned: Map<number, { at: number }>,
  same: Same,
): string | undefined {
  const [ta, tb] = [a.analysis.tokens, b.analysis.tokens];
  const sameToken = (x: number, y: number) => {
    const [edgeX, edgeY] = [x < 0 || x >= ta.length, y < 0 || y >= tb.length];
    if (edgeX || edgeY) return edgeX && edgeY;
    if (ta[x].tag === "content" || tb[y].tag === "content") return ta[x].tag === tb[y].tag && same(x, y);
    return ta[x].word === tb[y].word;
  };
  // the next content word stays too: in "the giant is kind and Jack is the villain" / "Jack is the villain and
  // the giant is kind" the clauses moved, and "kind" went with "giant"
  const nextContent = (tokens: Analysis["tokens"], i: number) => {
    const k = tokens.findIndex((t, n) => n > i && t.tag === "content");
    return k < 0 ? tokens.length : k;
  };
  // (a noun may take its describing words along: "a grumpy boss who gets locked in … on the new intern's
  // first day" / "a new intern who gets locked in … on the grumpy boss's first day")
  const sameSlot = (i: number, at: number, withModifiers = false) => {
    const [[x1, x2], [y1, y2]] = [slotOf(ta, i, withModifiers), slotOf(tb, at, withModifiers)];
    return sameToken(x1, y1) && sameToken(x2, y2) && sameToken(nextContent(ta, i), nextContent(tb, at));
  };
  const content = a.analysis.content.filter((i) => aligned.has(i));
  for (const [n, i] of content.entries()) {
    for (const j of content.slice(n + 1)) {
      const [fi, fj] = [aligned.get(i)!.at, aligned.get(j)!.at];
      if (fi <= fj || a.words(i) === a.words(j)) continue;
      const between = ta.slice(i + 1, j);
      if (between.every((t) => t.tag === "det" || t.tag === "poss" || t.tag === "conj")) continue;
      const traded = (withModifiers: boolean) =>
        sameSlot(i, fj, withModifiers) && sameSlot(j, fi, withModifiers);
      if (traded(false) || traded(true)) return `"${a.words(i)}" and "${a.words(j)}" trade places`;
    }
  }
  return undefined;
}

/**
 * A passive on one side ("a ghost is frightened by children") against the same words in active order on the
 * other ("a ghost frightens children") where the roles reader found no verb ("frightens" can be a plural
 * noun): the done-to comes first, then the verb, then the doer, so the doer and the done-to traded places.
 * `toOther` maps a position of the passive side to its aligned position on the other side.
 */
export function passiveAgainstActiveOrder(
  passiveSide: Side,
  rolesP: Role[],
  other: Analysis,
  rolesO: Role[],
  toOther: (x: number) => number | undefined,
): string | undefined {
  for (const r of rolesP) {
    if (!r.passive || r.agent === undefined || r.patient === undefined) continue;
    const [verb, agent, patient] = [toOther(r.verb), toOther(r.agent), toOther(r.patient)];
    if (verb === undefined || agent === undefined || patient === undefined) continue;
    if (rolesO.some((o) => o.verb === verb) || !(patient < verb && verb < agent)) continue;
    const between = other.tokens.slice(patient + 1, agent);
    const active = between.every((t) =>
      t.tag !== "boundary" && t.tag !== "be" && t.tag !== "get" && t.word !== "by" &&
      (t.tag !== "rel" || t.word === "who")
    );
    if (active) return `who ${passiveSide.words(r.verb)} whom: roles swapped`;
  }
  return undefined;
}

// Personal pronouns in subject form; "it" and "you" are both forms and say nothing about the side of the verb.
const SUBJECT_FORMS = new Set(["i", "we", "he", "she", "they"]);
const OBJECT_FORMS = new Set(["me", "us", "him", "her", "them"]);

/**
 * A person named by a pronoun who does a verb on one side and has it done to them on the other, where the
 * roles reader finds no doer: "the killer she has been hunting" / "the killer who has been hunting her", "the
 * agent she was sent to seduce" / "the agent who was sent to seduce her". On the first side the pronoun stands
 * in the verb's clause before it (a subject), on the other right after it (an object), and not there on the
 * first, and the verb is not a passive there. `same` aligns the verbs; pronouns are compared by person.
 */
export function pronounCrossesVerb(
  a: Side,
  rolesA: Role[],
  b: Side,
  rolesB: Role[],
  same: Same,
): string | undefined {
  // ("he was shot by the soldier" / "the soldier shot him": a passive is read by the roles reader)
  const passive = (roles: Role[], verb: number) => roles.some((r) => r.verb === verb && r.passive);
  const [ta, tb] = [a.analysis.tokens, b.analysis.tokens];
  const objectAfter = (tokens: Analysis["tokens"], verb: number) => {
    // (or after the verb's preposition: "win against her", "falls in love with him"; "hunted by her" names
    // the doer)
    if (tokens[verb + 1]?.word === "by") return undefined;
    const at = tokens[verb + 1]?.tag === "prep" ? verb + 2 : verb + 1;
    const next = tokens[at];
    // ("her" before a noun is an owner: "shot her brother")
    if (!next || !OBJECT_FORMS.has(next.word) || (next.tag !== "pron" && next.word !== "her")) {
      return undefined;
    }
    const after = tokens[at + 1];
    // (an adverbial joined into one word is no thing owned: "hunting her for years")
    const owned = (after?.tag === "content" && !PREPOSITIONS.has(after.word.split("_")[0])) ||
      after?.tag === "num";
    return next.word === "her" && owned ? undefined : personOf(next.word);
  };
  const subjectsBefore = (tokens: Analysis["tokens"], verb: number) => {
    const found = new Set<string>();
    for (let k = verb - 1; k >= 0; k--) {
      const tag = tokens[k].tag;
      if (tag === "boundary" || tag === "conj" || tag === "rel") break;
      if (tag === "pron" && SUBJECT_FORMS.has(tokens[k].word)) found.add(tokens[k].word);
    }
    return found;
  };
  for (const [x, tx, ty, rx] of [[a, ta, tb, rolesA], [b, tb, ta, rolesB]] as const) {
    for (let vx = 0; vx < tx.length; vx++) {
      if (tx[vx].tag !== "content" || passive(rx, vx)) continue;
      for (let vy = 0; vy < ty.length; vy++) {
        if (ty[vy].tag !== "content" || !(x === a ? same(vx, vy) : same(vy, vx))) continue;
        const object = objectAfter(ty, vy);
        if (object === undefined || objectAfter(tx, vx) !== undefined) continue;
        if (subjectsBefore(tx, vx).has(object)) {
          return `who ${x.words(vx)} whom: "${object}" does it on one side, has it done on the other`;
        }
      }
    }
  }
  return undefined;
}
