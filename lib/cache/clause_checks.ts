/**
 * Checks of whose clause it is, run after the role checks (lib/cache/role_checks.ts) once every content word is
 * aligned: "her" against "him" in the same place, "whose brother is afraid" against "who is afraid", "before
 * they were turned into stars" against "who were turned into stars", and "used to" said of another verb. Each
 * returns the rule and why the two prompts differ, or undefined.
 */
import type { Same, Side } from "./relations.ts";
import { PRONOUN_GENDER } from "./words.ts";

/** The first difference the clause checks find between the two prompts (`verbsX`: each side's verbs). */
export function clauseConflict(
  a: Side,
  b: Side,
  same: Same,
  verbsA: Set<number>,
  verbsB: Set<number>,
): { rule: "roles" | "time"; reason: string } | undefined {
  const back: Same = (y, x) => same(x, y);
  const roles = pronounGenderSwap(a, b, same) ?? whoseAgainstWho(a, b, same, verbsA) ??
    whoseAgainstWho(b, a, back, verbsB);
  if (roles) return { rule: "roles", reason: roles };
  const time = beforeAgainstWho(a, b, same) ?? beforeAgainstWho(b, a, back) ?? usedToMoved(a, b, same);
  return time ? { rule: "time", reason: time } : undefined;
}

/**
 * A man on one side and a woman on the other in the same place between the same words: "Rosa helps her
 * escape" / "Rosa helps him escape", "drag her before him" / "drag him before her". The words on each side of
 * the pronoun must stand for the same thing (`same`) or be the same word, so a pronoun the other side moved
 * or replaced by a name is not compared.
 */
function pronounGenderSwap(a: Side, b: Side, same: Same): string | undefined {
  const [ta, tb] = [a.analysis.tokens, b.analysis.tokens];
  const alike = (x: number, y: number) => {
    const [p, q] = [ta[x], tb[y]];
    if (p === undefined || q === undefined) return p === q;
    return p.word === q.word || (p.tag === "content" && q.tag === "content" && same(x, y));
  };
  for (let x = 0; x < ta.length; x++) {
    const gx = PRONOUN_GENDER[ta[x].word];
    if (gx === undefined) continue;
    for (let y = 0; y < tb.length; y++) {
      const gy = PRONOUN_GENDER[tb[y].word];
      if (gy === undefined || gy === gx) continue;
      if (alike(x - 1, y - 1) && alike(x + 1, y + 1)) {
        return `"${ta[x].word}" / "${tb[y].word}": someone else in the same place`;
      }
    }
  }
  return undefined;
}

/**
 * "a girl who is afraid of the sea" / "a girl whose brother is afraid of the sea": the same words said of the
 * one "who" stands for on one side and of what that one has ("whose brother") on the other. The clause after
 * "whose" and its noun starts with a word (a verb, "is", "could") that starts a clause right after "who" or
 * "that" on the other side, where the word before the pronoun is not that noun ("a girl with a brother who is
 * afraid" is the same request).
 */
function whoseAgainstWho(
  x: Side,
  y: Side,
  same: Same,
  verbsX: Set<number>,
): string | undefined {
  const [tx, ty] = [x.analysis.tokens, y.analysis.tokens];
  for (let w = 0; w < tx.length; w++) {
    if (tx[w].word !== "whose") continue;
    let p = w + 1;
    while (p < tx.length && ["det", "content", "num", "other"].includes(tx[p].tag) && !verbsX.has(p)) p++;
    const owned = p - 1;
    const predicate = ["be", "modal", "aux", "neg", "content"].includes(tx[p]?.tag);
    if (owned <= w || tx[owned].tag !== "content" || !predicate) continue;
    for (let r = 0; r < ty.length; r++) {
      if (!["who", "that"].includes(ty[r].word) || ty[r].tag !== "rel") continue;
      const q = r + 1;
      // (two words: "who is scared" is not "whose friend is a firefly")
      const alike = (i: number, j: number) =>
        tx[i] !== undefined && (tx[i].word === ty[j]?.word || (tx[i].tag === "content" && same(i, j)));
      const starts = alike(p, q) && alike(p + 1, q + 1);
      if (starts && !(ty[r - 1]?.tag === "content" && same(owned, r - 1))) {
        return `"whose ${x.words(owned)} ${tx[p].word}" / "who ${ty[q].word}": said of someone else`;
      }
    }
  }
  return undefined;
}

/**
 * "the seven sisters, before they were turned into stars" / "the seven sisters who were turned into stars": a
 * story of the time before what the other side tells. "before" and a pronoun on one side, "who" or "that" on
 * the other, then the same two words.
 */
function beforeAgainstWho(x: Side, y: Side, same: Same): string | undefined {
  const [tx, ty] = [x.analysis.tokens, y.analysis.tokens];
  const alike = (i: number, j: number) =>
    tx[i] !== undefined && (tx[i].word === ty[j]?.word || (tx[i].tag === "content" && same(i, j)));
  for (let w = 0; w < tx.length; w++) {
    if (tx[w].word !== "before" || tx[w + 1]?.tag !== "pron") continue;
    for (let r = 0; r < ty.length; r++) {
      if (!["who", "that"].includes(ty[r].word) || ty[r].tag !== "rel") continue;
      if (alike(w + 2, r + 1) && alike(w + 3, r + 2)) {
        return `"before ${tx[w + 1].word} ${tx[w + 2].word}" / "${ty[r].word} ${
          ty[r + 1].word
        }": the time before`;
      }
    }
  }
  return undefined;
}

/**
 * "used to" said of another verb: "an AI that used to run a city and now works as a janitor" / "an AI that now
 * runs a city and used to work as a janitor". Both prompts say "used to", before verbs that stand for different
 * ones.
 */
function usedToMoved(a: Side, b: Side, same: Same): string | undefined {
  const [ta, tb] = [a.analysis.tokens, b.analysis.tokens];
  const usedA = ta.flatMap((t, i) => t.word === "used_to" && ta[i + 1]?.tag === "content" ? [i + 1] : []);
  const usedB = tb.flatMap((t, j) => t.word === "used_to" && tb[j + 1]?.tag === "content" ? [j + 1] : []);
  if (usedA.length === 0 || usedB.length === 0) return undefined;
  for (const x of usedA) {
    const counterpart = tb.findIndex((t, y) => t.tag === "content" && same(x, y));
    if (counterpart >= 0 && !usedB.includes(counterpart)) {
      return `"used to" said of another verb ("${a.words(x)}")`;
    }
  }
  return undefined;
}
