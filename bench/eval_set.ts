/**
 * Reads the semantic-cache evaluation set of issue 13 (tests/data/cache_eval_{dev,test}.txt): hand-written
 * story-prompt pairs in groups, each a base prompt with paraphrases ("+ kind: …") and hard negatives
 * ("- kind: …"). The test split is frozen; its sha256 goes into the benchmark output so a later edit shows.
 */
import { createHash } from "node:crypto";

/**
 * The files of the set. `holdout34` and `holdout35`: the last frozen splits written blind, evaluated once
 * together with the final verifier of the session for the targets (REPORTED_SPLITS); BENCHMARKS.md
 * reports them, and they are kept out of loadDevSets. `holdout` to `holdout33`: earlier blind hold-outs, each
 * evaluated once (figures in BENCHMARKS.md), then read and used as dev (`holdout22` without the group
 * REPEATED_BASES lists when it was reported). `test`: the first test split, frozen but seen while rules were
 * written, dev too. `dev` (split by group from one hand-written set with `test`); `dev_extra`, more hard
 * negatives of the kinds that still slipped through; `dev_blind`, written blind like the hold-outs, then read
 * as dev.
 */
export type SplitName =
  | "dev"
  | "dev_extra"
  | "dev_blind"
  | "test"
  | "holdout"
  | "holdout2"
  | "holdout3"
  | "holdout4"
  | "holdout5"
  | "holdout6"
  | "holdout7"
  | "holdout8"
  | "holdout9"
  | "holdout10"
  | "holdout11"
  | "holdout12"
  | "holdout13"
  | "holdout14"
  | "holdout15"
  | "holdout16"
  | "holdout17"
  | "holdout18"
  | "holdout19"
  | "holdout20"
  | "holdout21"
  | "holdout22"
  | "holdout23"
  | "holdout24"
  | "holdout25"
  | "holdout26"
  | "holdout27"
  | "holdout28"
  | "holdout29"
  | "holdout30"
  | "holdout31"
  | "holdout32"
  | "holdout33"
  | "holdout34"
  | "holdout35"
  | "holdout36"
  | "holdout37"
  | "holdout38"
  | "holdout39"
  | "holdout40"
  | "holdout41"
  | "holdout42"
  | "holdout43"
  | "holdout44"
  | "holdout45"
  | "holdout46"
  | "holdout47"
  | "holdout48"
  | "holdout49"
  | "holdout50"
  | "holdout51"
  | "holdout52"
  | "holdout53"
  | "holdout54"
  | "holdout55"
  | "holdout56"
  | "holdout57";

/** One labelled pair: `a` is the group's base prompt (the cached one), `b` the new prompt. */
export interface EvalPair {
  a: string;
  b: string;
  label: "paraphrase" | "negative";
  kind: string;
  split: SplitName;
  group: number;
}

/** A split's pairs and the sha256 of its file. */
export interface EvalSplit {
  pairs: EvalPair[];
  sha256: string;
  file: string;
}

const LINE = /^([+-]) ([a-z]+): (\S.*)$/;

/** Parses one split file; throws with the line number on a malformed line. */
export function parseEvalSet(text: string, split: SplitName): EvalPair[] {
  const pairs: EvalPair[] = [];
  let base: string | undefined;
  let group = -1;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith("@ ")) {
      base = line.slice(2).trim();
      group++;
      return;
    }
    const match = LINE.exec(line);
    if (!match || base === undefined) throw new Error(`${split} line ${i + 1}: cannot parse "${line}"`);
    pairs.push({
      a: base,
      b: match[3],
      label: match[1] === "+" ? "paraphrase" : "negative",
      kind: match[2],
      split,
      group,
    });
  });
  return pairs;
}

/** Loads a split of the evaluation set with its file hash. */
export async function loadEvalSplit(split: SplitName): Promise<EvalSplit> {
  const url = new URL(`../tests/data/cache_eval_${split}.txt`, import.meta.url);
  const bytes = await Deno.readFile(url);
  return {
    pairs: parseEvalSet(new TextDecoder().decode(bytes), split),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    file: `tests/data/cache_eval_${split}.txt`,
  };
}

/**
 * Base prompts a blind writer happened to write word for word as an earlier split had: the groups they head
 * are not fresh and are left out of that split's evaluation (see freshPairs).
 */
export const REPEATED_BASES: Partial<Record<SplitName, readonly string[]>> = {
  // also a base of the twelfth hold-out
  holdout22: ["A young witch accidentally turns her teacher into a frog on the first day of school."],
  // also a base of the thirty-sixth hold-out
  holdout51: ["write a story about a shy goalkeeper who saves a penalty in the last minute of the cup final"],
};

/** A split's pairs without the groups headed by a base an earlier split already had (REPEATED_BASES). */
export async function freshPairs(split: SplitName): Promise<EvalPair[]> {
  const repeated = new Set(REPEATED_BASES[split] ?? []);
  return (await loadEvalSplit(split)).pairs.filter((p) => !repeated.has(p.a));
}

/** The dev files, with what each is; every one was read while rules were written. */
export const DEV_SPLITS: ReadonlyArray<readonly [SplitName, string]> = [
  ["dev", "dev"],
  ["test", "first test split (frozen, seen while rules were written; dev)"],
  ["dev_extra", "extra hard negatives (dev)"],
  ["dev_blind", "blind dev (written blind, then read while tuning)"],
  ["holdout", "first hold-out (dev since its one evaluation)"],
  ["holdout2", "second hold-out (dev since its one evaluation)"],
  ["holdout3", "third hold-out (dev since its one evaluation)"],
  ["holdout4", "fourth hold-out (dev since its one evaluation)"],
  ["holdout5", "fifth hold-out (dev since its one evaluation)"],
  ["holdout6", "sixth hold-out (dev since its one evaluation)"],
  ["holdout7", "seventh hold-out (dev since its one evaluation)"],
  ["holdout8", "eighth hold-out (dev since its one evaluation)"],
  ["holdout9", "ninth hold-out (dev since its one evaluation)"],
  ["holdout10", "tenth hold-out (dev since its one evaluation)"],
  ["holdout11", "eleventh hold-out (dev since its one evaluation)"],
  ["holdout12", "twelfth hold-out (dev since its one evaluation)"],
  ["holdout13", "thirteenth hold-out (dev since its one evaluation)"],
  ["holdout14", "fourteenth hold-out (dev since its one evaluation)"],
  ["holdout15", "fifteenth hold-out (dev since its one evaluation)"],
  ["holdout16", "sixteenth hold-out (dev since its one evaluation)"],
  ["holdout17", "seventeenth hold-out (dev since its one evaluation)"],
  ["holdout18", "eighteenth hold-out (dev since its one evaluation)"],
  ["holdout19", "nineteenth hold-out (dev since its one evaluation)"],
  ["holdout20", "twentieth hold-out (dev since its one evaluation)"],
  ["holdout21", "twenty-first hold-out (dev since its one evaluation)"],
  ["holdout22", "twenty-second hold-out (dev since its one evaluation)"],
  ["holdout23", "twenty-third hold-out (dev since its one evaluation)"],
  ["holdout24", "twenty-fourth hold-out (dev since its one evaluation)"],
  ["holdout25", "twenty-fifth hold-out (dev since its one evaluation)"],
  ["holdout26", "twenty-sixth hold-out (dev since its one evaluation)"],
  ["holdout27", "twenty-seventh hold-out (dev since its one evaluation)"],
  ["holdout28", "twenty-eighth hold-out (dev since its one evaluation)"],
  ["holdout29", "twenty-ninth hold-out (dev since its one evaluation)"],
  ["holdout30", "thirtieth hold-out (dev since its one evaluation)"],
  ["holdout31", "thirty-first hold-out (dev since its one evaluation)"],
  ["holdout32", "thirty-second hold-out (dev since its one evaluation)"],
  ["holdout33", "thirty-third hold-out (dev since its one evaluation)"],
  ["holdout34", "thirty-fourth hold-out (dev since its one evaluation)"],
  ["holdout35", "thirty-fifth hold-out (dev since its one evaluation)"],
  ["holdout36", "thirty-sixth hold-out (dev since its one evaluation)"],
  ["holdout37", "thirty-seventh hold-out (dev since its one evaluation)"],
  ["holdout38", "thirty-eighth hold-out (dev since its one evaluation)"],
  ["holdout39", "thirty-ninth hold-out (dev since its one evaluation)"],
  ["holdout40", "fortieth hold-out (dev since its one evaluation)"],
  ["holdout41", "forty-first hold-out (dev since its one evaluation)"],
  ["holdout42", "forty-second hold-out (dev since its one evaluation)"],
  ["holdout43", "forty-third hold-out (dev since its one evaluation)"],
  ["holdout44", "forty-fourth hold-out (dev since its one evaluation)"],
  ["holdout45", "forty-fifth hold-out (dev since its one evaluation)"],
  ["holdout46", "forty-sixth hold-out (dev since its one evaluation)"],
  ["holdout47", "forty-seventh hold-out (dev since its one evaluation)"],
  ["holdout48", "forty-eighth hold-out (dev since its one evaluation)"],
  ["holdout49", "forty-ninth hold-out (dev since its one evaluation)"],
  ["holdout50", "fiftieth hold-out (dev since its one evaluation)"],
  ["holdout51", "fifty-first hold-out (dev since its one evaluation)"],
  ["holdout52", "fifty-second hold-out (dev since its one evaluation)"],
  ["holdout53", "fifty-third hold-out (dev since its one evaluation)"],
];

/** The frozen splits the targets are measured on, pooled: evaluated once, with the final verifier. */
export const REPORTED_SPLITS: readonly SplitName[] = ["holdout54", "holdout55", "holdout56", "holdout57"];

/**
 * The DEV pairs only, by set: the files of DEV_SPLITS (never a reported split, nor one that has not had its
 * one evaluation) and the dev pairs of issue 4's tests/data/cache_pairs.jsonl. For tools that iterate on the
 * verifier.
 */
export async function loadDevSets(): Promise<Array<[string, EvalPair[]]>> {
  const legacy = (await Deno.readTextFile(new URL("../tests/data/cache_pairs.jsonl", import.meta.url)))
    .trim().split("\n").map((line) => JSON.parse(line) as EvalPair).filter((p) => p.split === "dev");
  const sets: Array<[string, EvalPair[]]> = [];
  for (const [split, what] of DEV_SPLITS) {
    sets.push([`issue 13 ${split.startsWith("holdout") ? what : split}`, (await loadEvalSplit(split)).pairs]);
  }
  return [...sets, ["issue 4 dev", legacy]];
}
