/**
 * Conventions of chat around a request, for lib/cache/passes.ts: numbers typed for words ("wants 2 see", "a
 * story 4 my son") and what the asker says after the request to close it ("… would be amazing", "… if you
 * can", "… or something").
 */
import { BOUNDARY } from "./normalize.ts";
import { tagOf } from "./tags.ts";
import { CHAT } from "./words.ts";

// "wants 2 see", "a story 4 my son": numbers typed for "to" and "for" in chat.
const TO_BEFORE = new Set([
  "want",
  "wants",
  "wanted",
  "going",
  "try",
  "tries",
  "trying",
  "learn",
  "learns",
  "able",
]);
const FOR_BEFORE = new Set(["my", "his", "her", "our", "their", "the", "your"]);

/** The word at `at`, with "2" read as "to" after a verb of wanting and "4" as "for" before "my" or "the". */
export function textedWord(words: string[], at: number): string {
  const word = words[at];
  // (not before a plural: "wants 2 puppies")
  if (word === "2" && TO_BEFORE.has(words[at - 1] ?? "") && !(words[at + 1] ?? "s").endsWith("s")) {
    return "to";
  }
  if (
    word === "4" && FOR_BEFORE.has(words[at + 1] ?? "") &&
    tagOf(words[at - 1] ?? BOUNDARY, undefined) !== "num"
  ) {
    return "for";
  }
  return word;
}

// "a story about … would be amazing": how the asker would take the text, said after the request
const PRAISE = new Set([
  "amazing",
  "great",
  "awesome",
  "perfect",
  "lovely",
  "nice",
  "wonderful",
  "fantastic",
  "brilliant",
  "appreciated",
  "helpful",
  "cool",
  "ideal",
  "fab",
]);
const PRAISE_INTENSIFIERS = new Set(["so", "really", "much", "very", "super", "greatly", "hugely", "just"]);

// Said after the request, closing its clause: "… if you can", "… or something", "… i guess".
const CLOSINGS: ReadonlyArray<readonly string[]> = [
  ["if", "you", "can"],
  ["if", "you", "could"],
  ["if", "that", "makes", "sense"],
  ["or", "something", "like", "that"],
  ["or", "something"],
  ["or", "whatever"],
  ["i", "guess"],
  ["i", "think"],
];

/**
 * The length of "would be (so) amazing" or a closing such as "if you can" at `at` when it closes a clause ("a
 * story about a goat would be amazing, thanks"), else 0: what the asker says of the request, not of anyone in it.
 */
export function praiseAt(words: string[], at: number): number {
  let k = at;
  const closing = CLOSINGS.find((c) => c.every((w, j) => words[at + j] === w));
  if (closing) k += closing.length;
  else {
    if (words[at] !== "would" || words[at + 1] !== "be") return 0;
    k += 2;
    while (PRAISE_INTENSIFIERS.has(words[k])) k++;
    if (!PRAISE.has(words[k])) return 0;
    k++;
  }
  while (k < words.length && CHAT.has(words[k])) k++;
  return k >= words.length || words[k] === BOUNDARY ? k - at : 0;
}
