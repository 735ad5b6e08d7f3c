import { BE } from "./words.ts";

/**
 * A verb told as its converse read as the passive of the verb it turns around: "loses to a teenager" is "is
 * beaten by a teenager", so "a baker loses to a teenager" / "a teenager beats the baker" / "the baker is beaten
 * by a teenager" name one verb, "beat", with one doer (lib/cache/roles.ts reads the passive). A pass over the
 * words after lib/cache/passes.ts (canonicalPhrases).
 */

// "loses to" by its tense: the passive of "beat" in the same tense
const LOSES_TO: Readonly<Record<string, string[]>> = {
  lose: ["are", "beaten", "by"],
  loses: ["is", "beaten", "by"],
  lost: ["was", "beaten", "by"],
  losing: ["being", "beaten", "by"],
};

/** `words` with "loses to X" read as "is beaten by X". */
export function converseVerbs(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const passive = LOSES_TO[words[i]];
    // (not "the ship is lost to a little girl", itself a passive)
    if (passive !== undefined && words[i + 1] === "to" && !BE.has(words[i - 1] ?? "")) {
      out.push(...passive);
      i += 1;
    } else out.push(words[i]);
  }
  return out;
}
