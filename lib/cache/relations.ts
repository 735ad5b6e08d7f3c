/**
 * The structural checks of the verifier (lib/cache/verifier.ts), run once every content word is aligned: who
 * owns what, which word describes which thing, which preposition puts a thing where (and a doer moved into a
 * preposition's phrase), which slot a word fills, and what a request puts aside ("instead of"). Each returns
 * why the two prompts differ, or undefined. Who does what to whom: lib/cache/role_checks.ts.
 */
import type { Analysis } from "./analysis.ts";
import type { Modifier, Possession } from "./readings.ts";
import type { Role } from "./roles.ts";
import { strongAgent } from "./role_checks.ts";
import { SUBJECT_PRONOUNS } from "./words.ts";

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
    // ("turns into a butterfly" / "becomes a butterfly": what is turned into is only moved when the other side
    // turns something else into something)
    if (p === "insteadof" || (b.get(there) === undefined && [...b.values()].includes("into"))) return true;
  }
  return false;
}

/** A describing word moved to another thing: "a small mouse … a big lion" / "a big mouse … a small lion". */
export function modifierConflict(
  a: Modifier[],
  b: Modifier[],
  same: Same,
  word: Side["words"],
  alike: Same = same,
): string | undefined {
  for (const ma of a) {
    // ("a small village … a little boy" / "a little village … a small boy": each still said of its own thing)
    if (b.some((m) => alike(ma.modifier, m.modifier) && same(ma.head, m.head))) continue;
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
  interchangeable: (i: number, j: number) => boolean = () => false,
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
  // a noun and a pronoun trading places: "she must answer every question the spirit asks" / "the spirit must
  // answer every question she asks" (the pronoun said once on each side)
  const once = (tokens: Analysis["tokens"], word: string) =>
    tokens.filter((t) => t.word === word).length === 1;
  for (const [k, t] of ta.entries()) {
    if (t.tag !== "pron" || !SUBJECT_PRONOUNS.has(t.word) || !once(ta, t.word) || !once(tb, t.word)) continue;
    const m = tb.findIndex((u) => u.word === t.word);
    for (const i of content) {
      const fi = aligned.get(i)!.at;
      if ((i < k) !== (fi > m)) continue;
      if (sameSlot(i, m) && sameSlot(k, fi)) return `"${a.words(i)}" and "${t.word}" trade places`;
    }
  }
  for (const [n, i] of content.entries()) {
    for (const j of content.slice(n + 1)) {
      const [fi, fj] = [aligned.get(i)!.at, aligned.get(j)!.at];
      // (two words for one thing trade nothing: "a small village … a little boy" / "a little village … a small boy")
      if (fi <= fj || a.words(i) === a.words(j) || interchangeable(i, j)) continue;
      const between = ta.slice(i + 1, j);
      if (between.every((t) => t.tag === "det" || t.tag === "poss" || t.tag === "conj")) continue;
      const traded = (withModifiers: boolean) =>
        sameSlot(i, fj, withModifiers) && sameSlot(j, fi, withModifiers);
      if (traded(false) || traded(true)) return `"${a.words(i)}" and "${a.words(j)}" trade places`;
    }
  }
  return undefined;
}
