/**
 * Which thing a negation bears on, compared across two aligned prompts (lib/cache/verifier.ts): "otters who
 * hold paws so they don't drift apart" / "otters who don't hold paws and drift apart" say "not" as often, of
 * different things.
 */
import type { Analysis } from "./analysis.ts";

type Aligned = Map<number, { at: number }>;

const CLAUSE_ENDS = new Set(["boundary", "conj", "rel"]);

/** The content word a negation at `at` bears on: the next content word of its clause. */
function negatedWord(x: Analysis, at: number): number | undefined {
  for (let k = at + 1; k < x.tokens.length; k++) {
    if (CLAUSE_ENDS.has(x.tokens[k].tag)) return undefined;
    if (x.tokens[k].tag === "content") return k;
  }
  return undefined;
}

/** Each token's clause, counted from the start (a clause ends at a comma, a conjunction or a relative pronoun). */
function clauses(x: Analysis): number[] {
  let clause = 0;
  return x.tokens.map((t) => CLAUSE_ENDS.has(t.tag) ? ++clause : clause);
}

/**
 * A negation that bears on a word of one clause on one side and, on the other side, on a word of another
 * clause, each word said un-negated on the other side: "hold paws so they don't drift" / "don't hold paws and
 * drift". ("doesn't have a horn" / "has no horn" bears on one clause either way.)
 */
export function negationMoved(
  a: Analysis,
  b: Analysis,
  forward: Aligned,
  backward: Aligned,
): string | undefined {
  const negated = (x: Analysis) =>
    new Set(x.negatedAt.map((at) => negatedWord(x, at)).filter((k) => k !== undefined));
  const [na, nb] = [negated(a), negated(b)];
  if (na.size === 0 || nb.size === 0) return undefined;
  const [ca, cb] = [clauses(a), clauses(b)];
  for (const x of na) {
    const there = forward.get(x)?.at;
    if (there === undefined || nb.has(there)) continue;
    for (const y of nb) {
      const here = backward.get(y)?.at;
      if (here === undefined || na.has(here)) continue;
      if (ca[here] !== ca[x] && cb[y] !== cb[there]) {
        return `"not" bears on "${a.tokens[x].word}" on one side, on "${b.tokens[y].word}" on the other`;
      }
    }
  }
  return undefined;
}
