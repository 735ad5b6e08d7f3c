/**
 * When two prompts that tell time or modality differently still ask for the same story (lib/cache/verifier.ts
 * rejects a pair on "time" otherwise): the same markers, a past habit told with "used to" against a plain past,
 * or an ability told with "can" against the same verb's describing -ing word.
 */
import type { Analysis } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { HAVE, TIME_MARKERS } from "./words.ts";

/** True when the two prompts' tense and modality ask for the same story. */
export function timesAgree(a: Analysis, b: Analysis, lexicon: Lexicon): boolean {
  // (the same markers, said as often: "says she'll be the first… a girl who will become an astronaut" is not "…
  // a girl who became an astronaut", though "will" is said on both sides)
  if (a.time.join(" ") === b.time.join(" ")) return a.timeMarks === b.timeMarks;
  return usedToAsPast(a, b, lexicon) ||
    usedToAsPast(b, a, lexicon) ||
    canAsAttribute(a, b, lexicon) || canAsAttribute(b, a, lexicon) || cannotAsNot(a, b) || cannotAsNot(b, a);
}

// The "do" of a negated verb ("doesn't speak").
const DO = new Set(["do", "does", "did"]);

/**
 * "a new kid who can't speak any English" / "who doesn't speak any English": "can" said only as "can not", the
 * other side saying "not" as often (negations are compared on their own).
 */
function cannotAsNot(x: Analysis, other: Analysis): boolean {
  const rest = x.time.filter((m) => m !== "can");
  if (rest.length === x.time.length || rest.join(" ") !== other.time.join(" ")) return false;
  if (x.negations !== other.negations) return false;
  // (a "not" of "does": "won't pay" is a refusal, no inability)
  const didNot = other.tokens.every((t, i) => t.tag !== "neg" || DO.has(other.tokens[i - 1]?.word ?? ""));
  if (!didNot) return false;
  return x.tokens.every((token, i) =>
    token.tag !== "modal" || TIME_MARKERS[token.word] !== "can" ||
    (token.word === "can" && x.tokens[i + 1]?.tag === "neg")
  );
}

/**
 * "Who used to be best friends" / "who were best friends", "the cranes we used to fold" / "we folded": a past
 * habit or state told with "used to" on one side and a plain past on the other is one request. Only "used to"
 * may differ, and the other side must tell the same verb in the past ("was"/"were" and the same next word for
 * "used to be").
 */
function usedToAsPast(x: Analysis, past: Analysis, lexicon: Lexicon): boolean {
  const rest = x.time.filter((m) => m !== "used to");
  if (rest.length === x.time.length || rest.join(" ") !== past.time.join(" ")) return false;
  return x.tokens.every((token, i) => {
    if (token.word !== "used_to") return true;
    const verb = x.tokens[i + 1]?.word;
    if (verb === undefined) return false;
    // ("used to be in love" is not "was sent": the same words follow)
    if (verb === "be") {
      return past.tokens.some((t, k) =>
        (t.word === "was" || t.word === "were") && past.tokens[k + 1]?.word === x.tokens[i + 2]?.word
      );
    }
    // ("have played chess for forty years" still plays: a perfect is no past habit)
    return past.tokens.some((t, k) =>
      t.word !== verb && lexicon.isPastForm(t.word) && lexicon.lemmasOf(t.word).includes(verb) &&
      !HAVE.has(past.tokens[k - 1]?.word ?? "")
    );
  });
}

/**
 * "A fish that can talk" / "a talking fish", "a dog who can fly" / "a flying dog": an ability told with "can" on
 * one side and the same verb as a describing -ing word on the other is one request. Only "can" may differ.
 */
function canAsAttribute(x: Analysis, other: Analysis, lexicon: Lexicon): boolean {
  const rest = x.time.filter((m) => m !== "can");
  if (rest.length === x.time.length || rest.join(" ") !== other.time.join(" ")) return false;
  // (every word that says "can": "could" too, "a letter that could bring down the minister" is no "a letter
  // that brought down the minister")
  return x.tokens.every((token, i) => {
    if (token.tag !== "modal" || TIME_MARKERS[token.word] !== "can") return true;
    const verb = x.tokens[i + 1]?.word;
    if (verb === undefined) return false;
    // ("a parrot who can speak every language" / "a parrot that speaks every language": an ability said in the
    // present; not "could", and not a past: "a letter that could bring down…" / "…that brought down…")
    if (
      token.word === "can" &&
      other.tokens.some((t) =>
        t.tag === "content" && t.word !== verb && /s$/.test(t.raw.split(" ")[0]) &&
        lexicon.lemmasOf(t.raw.split(" ")[0]).includes(verb) && !lexicon.isPastForm(t.raw.split(" ")[0])
      )
    ) return true;
    return other.tokens.some((t, k) =>
      t.raw.endsWith("ing") && lexicon.lemmasOf(t.raw).includes(verb) &&
      other.tokens[k + 1]?.tag === "content"
    );
  });
}

/**
 * "a boy who still lives in her house" / "a boy who lived in her house": what "still" goes on doing now, said
 * in the past on the other side (a verb aligned with it, `counterpart`), is a different request.
 */
export function stillAgainstPast(
  x: Analysis,
  y: Analysis,
  counterpart: (i: number) => number | undefined,
  lexicon: Lexicon,
): string | undefined {
  for (let i = 0; i + 1 < x.tokens.length; i++) {
    if (x.tokens[i].word !== "still" || x.tokens[i + 1].tag !== "content") continue;
    const form = x.tokens[i + 1].raw.split(" ")[0];
    if (lexicon.isPastForm(form) || !lexicon.canBe(x.tokens[i + 1].word, "v")) continue;
    const at = counterpart(i + 1);
    const other = at === undefined ? undefined : y.tokens[at];
    if (other && lexicon.isPastForm(other.raw.split(" ")[0]) && y.tokens[at! - 1]?.word !== "still") {
      return `"still ${form}" / "${other.raw.split(" ")[0]}"`;
    }
  }
  return undefined;
}
