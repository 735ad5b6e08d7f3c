/**
 * The checks of who does what to whom (lib/cache/verifier.ts runs them once every content word is aligned):
 * roles both prompts state that differ or trade places, a doer on one side who owns what is done to on the
 * other, a passive read against an active order, a pronoun that does a verb on one side and has it done on the
 * other, and two verbs trading what they are done to. Each returns why the two prompts differ, or undefined.
 * Whose clause it is ("her" / "him", "whose", "before they were", "used to"): lib/cache/clause_checks.ts; the
 * other structural checks (owners, describing words, prepositions, "instead of"): lib/cache/relations.ts.
 */
import type { Analysis } from "./analysis.ts";
import type { Possession } from "./readings.ts";
import { personOf } from "./phrases.ts";
import type { Same, Side } from "./relations.ts";
import type { Role } from "./roles.ts";
import { PREPOSITIONS } from "./words.ts";

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
  sameVerb: Same = same,
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
      // (a verb said twice, "between saving her crew and saving her ship": each role is compared with its own
      // counterpart, in whatever order the other side says them)
      if (
        counterpart(ra, rolesB, same, sameVerb) &&
        counterpart(rb, rolesA, (x, y) => same(y, x), (x, y) => sameVerb(y, x))
      ) continue;
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

/** True when `others` holds a role of the same verb with the same doer and done-to as `role` (where both say one). */
function counterpart(role: Role, others: Role[], same: Same, sameVerb: Same): boolean {
  const agrees = (x?: number, y?: number) => x === undefined || y === undefined || same(x, y);
  return others.some((o) =>
    sameVerb(role.verb, o.verb) && o.passive === role.passive && agrees(role.agent, o.agent) &&
    agrees(role.patient, o.patient)
  );
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
export const strongAgent = (r: Role) => r.passive || r.patient !== undefined ? r.agent : undefined;
/** What a verb is done to: its object, or the subject of a passive. */
const strongPatient = (r: Role) => r.patient;

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

/**
 * Two different verbs whose things done to trade places: "tricked his brother Hod into killing him" / "tricked
 * him into killing his brother Hod". (The same verb said twice, "saving her crew and saving her ship", may
 * name its things in either order.)
 */
export function patientsTraded(
  a: Side,
  b: Side,
  rolesA: Role[],
  rolesB: Role[],
  same: Same,
): string | undefined {
  // A pronoun after a noun may stand for it ("kidnaps Prince Callum … rescue him" / "rescue Prince Callum after
  // … kidnaps him"): a pronoun before the noun on either side, or two nouns, are two things.
  const mayBeOne = (side: Side, x: number, y: number) => {
    const tokens = side.analysis.tokens;
    const pronoun = (i: number) => tokens[i].tag === "pron";
    return (pronoun(x) && !pronoun(y) && y < x) || (pronoun(y) && !pronoun(x) && x < y);
  };
  for (const a1 of rolesA) {
    for (const a2 of rolesA) {
      if (a1 === a2 || a1.patient === undefined || a2.patient === undefined) continue;
      if (a.words(a1.verb) === a.words(a2.verb)) continue;
      for (const b1 of rolesB) {
        if (b1.patient === undefined || !same(a1.verb, b1.verb) || same(a1.patient, b1.patient)) continue;
        const traded = rolesB.some((b2) =>
          b2 !== b1 && b2.patient !== undefined && same(a2.verb, b2.verb) && same(a1.patient!, b2.patient) &&
          same(a2.patient!, b1.patient!) && !(mayBeOne(a, a1.patient!, a2.patient!) &&
            mayBeOne(b, b1.patient!, b2.patient!))
        );
        if (traded) return `"${a.words(a1.verb)}" and "${a.words(a2.verb)}" trade what they are done to`;
      }
    }
  }
  return undefined;
}

/**
 * True when the pronoun at `pronoun` is done to by a verb whose doer is the one `isThat` names: a pronoun that
 * is not reflexive never stands for its own verb's doer ("the dog teaches her to ride": "her" is not the dog).
 */
export function boundAway(
  roles: readonly Role[],
  tokens: Analysis["tokens"],
  pronoun: number,
  isThat: (other: number) => boolean,
): boolean {
  // (in the object case only: "finds out she can…" reads "she" as done to, which it is not)
  const word = tokens[pronoun]?.word ?? "";
  return roles.some((r) =>
    !r.passive &&
    r.patient === pronoun && OBJECT_CASE.has(word) && r.agent !== undefined && isThat(r.agent)
  );
}

const OBJECT_CASE = new Set(["him", "her", "them"]);
