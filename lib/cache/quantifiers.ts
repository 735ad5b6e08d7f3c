/**
 * Every one against one (lib/cache/verifier.ts): "a team that loses every game" / "…only one game", "all of
 * them keep escaping" / "one of them keeps escaping" ask for different stories, though "one" before a noun is
 * read as an article.
 */
import type { Analysis } from "./analysis.ts";

const EVERY = new Set(["every", "each", "all"]);
const ONE = new Set(["one", "single"]);

type Quantity = "every" | "one";

/** What quantifier stands before the content word at `k` ("every game", "the one person"), if any. */
function quantityOf(x: Analysis, k: number): Quantity | undefined {
  const before = x.tokens[k - 1]?.word ?? "";
  if (EVERY.has(before)) return "every";
  if (ONE.has(before) && !EVERY.has(x.tokens[k - 2]?.word ?? "")) return "one";
  return undefined;
}

/** "one of them" / "all of them": the quantifier before "of" and a plural pronoun. */
function ofThem(x: Analysis): Quantity[] {
  const out: Quantity[] = [];
  x.tokens.forEach((t, i) => {
    if (x.tokens[i + 1]?.word !== "of" || !["them", "us", "you"].includes(x.tokens[i + 2]?.word ?? "")) {
      return;
    }
    // ("every one of them" is each of them)
    if (EVERY.has(t.word) || EVERY.has(x.tokens[i - 1]?.word ?? "")) out.push("every");
    else if (ONE.has(t.word)) out.push("one");
  });
  return out;
}

/**
 * A word said of every one on one side and of one on the other (aligned by `counterpart`), or "all of them"
 * against "one of them".
 */
export function everyAgainstOne(
  a: Analysis,
  b: Analysis,
  counterpart: (i: number) => number | undefined,
): string | undefined {
  for (const k of a.content) {
    const [qa, at] = [quantityOf(a, k), counterpart(k)];
    if (qa === undefined || at === undefined) continue;
    const qb = quantityOf(b, at);
    if (qb !== undefined && qb !== qa) return `${qa} ${a.tokens[k].word} / ${qb} ${b.tokens[at].word}`;
  }
  const [ta, tb] = [ofThem(a), ofThem(b)];
  if (ta.length === 1 && tb.length === 1 && ta[0] !== tb[0]) return `${ta[0]} of them / ${tb[0]} of them`;
  return undefined;
}
