import type { Lexicon } from "./lexicon.ts";
import { BE } from "./words.ts";

/**
 * Readings that turn a word around, passes over the words after lib/cache/passes.ts (canonicalPhrases). A verb
 * told as its converse is read as the passive of the verb it turns around: "loses to a teenager" is "is beaten by
 * a teenager", so "a baker loses to a teenager" / "a teenager beats the baker" / "the baker is beaten by a
 * teenager" name one verb, "beat", with one doer (lib/cache/roles.ts reads the passive). A negated describing word
 * with one common opposite is that opposite ("not alive" is "dead").
 */

// "loses to" by its tense: the passive of "beat" in the same tense
const LOSES_TO: Readonly<Record<string, string[]>> = {
  lose: ["are", "beaten", "by"],
  loses: ["is", "beaten", "by"],
  lost: ["was", "beaten", "by"],
  losing: ["being", "beaten", "by"],
};

// "gets help from" by its tense: the passive of "help" in the same tense ("a stork gets help from a camel" is
// "a stork is helped by a camel")
const GETS_HELP_FROM: Readonly<Record<string, string[]>> = {
  get: ["are", "helped", "by"],
  gets: ["is", "helped", "by"],
  got: ["was", "helped", "by"],
  getting: ["being", "helped", "by"],
  // ("receives a call from a customer" is "gets a call from" one)
  receive: ["are", "helped", "by"],
  receives: ["is", "helped", "by"],
  received: ["was", "helped", "by"],
  receiving: ["being", "helped", "by"],
};

// "gets a visit from X" is "is visited by X": what one gets from X, as X's deed
const GOT_FROM: Readonly<Record<string, string>> = {
  help: "helped",
  visit: "visited",
  surprise: "surprised",
  call: "called",
  hug: "hugged",
  kiss: "kissed",
};

/**
 * `words` with "loses to X" read as "is beaten by X", and "gets help from X" (or "a visit", "a surprise", "a
 * call", "a hug", "a kiss") as "is helped by X".
 */
export function converseVerbs(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const got = GETS_HELP_FROM[words[i]];
    const article = words[i + 1] === "a" || words[i + 1] === "an" ? 1 : 0;
    const deed = GOT_FROM[words[i + 1 + article] ?? ""];
    if (
      got !== undefined && deed !== undefined && words[i + 2 + article] === "from" &&
      (article === 1) === (words[i + 1 + article] !== "help")
    ) {
      out.push(got[0], deed, "by");
      i += 2 + article;
      continue;
    }
    const passive = LOSES_TO[words[i]];
    // (not "the ship is lost to a little girl", itself a passive)
    if (passive !== undefined && words[i + 1] === "to" && !BE.has(words[i - 1] ?? "")) {
      out.push(...passive);
      i += 1;
    } else out.push(words[i]);
  }
  return out;
}

/**
 * "passengers that are not alive" read as "passengers that are dead": "be" + "not" + a describing word that
 * WordNet gives one common opposite, read as that opposite (so "not alive" meets "dead", and still differs
 * from "alive" as an antonym does).
 */
export function negatedAdjectives(words: string[], lexicon: Lexicon): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i + 2] ?? "";
    const describing = lexicon.canBe(word, "a") && !lexicon.canBe(word, "v") && !lexicon.canBe(word, "n");
    const opposites = describing && BE.has(words[i]) && words[i + 1] === "not"
      ? [...new Set(lexicon.antonymLemmas(word).filter((w) => !w.includes("_") && lexicon.isCommon(w)))]
      : [];
    if (opposites.length === 1) {
      out.push(words[i], opposites[0]);
      i += 2;
    } else out.push(words[i]);
  }
  return out;
}
