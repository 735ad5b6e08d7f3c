/**
 * `ailb cache explain "NEW" "CACHED"`: whether the balancer's cache would answer the new prompt with the answer
 * stored for the cached one, and why. Loads the bundled embedding model and lexicon; needs no balancer.
 *
 * @module
 */
import { COMMON_HELP, parseNumber, runCommand, UsageError } from "../lib/cli.ts";
import { DEFAULT_THRESHOLD } from "../lib/cache/types.ts";
import type { PairDecision } from "../lib/cache/explain.ts";

export const USAGE = `Usage: ailb cache explain "NEW PROMPT" "CACHED PROMPT" [options]

Says whether the cache would answer NEW PROMPT with the answer stored for CACHED PROMPT, and why: the
cosine similarity of their embeddings, how their words line up (same word, lemma, synonym, spelling,
compound), who does what to whom in each, and the rule that decided.

Options:
  --threshold X       cosine similarity for a semantic hit, in (0, 1] (default ${DEFAULT_THRESHOLD}, as ailb balance)
  --embed-model DIR   embedding model folder or hub id (default: the bundled models/embed-static)
  --json              print one JSON object: hit, kind, similarity, threshold, rule, reason, verifier
${COMMON_HELP}`;

const OPTIONS = {
  threshold: { type: "string" },
  "embed-model": { type: "string" },
  json: { type: "boolean" },
} as const;

const list = (items: string[]) => items.length ? items.join(", ") : "—";

/** The human-readable explanation. */
export function formatDecision(prompt: string, cached: string, d: PairDecision): string {
  const v = d.verifier;
  const verdict = d.hit ? `HIT (${d.kind})` : "MISS";
  const lines = [
    `new:        ${prompt}`,
    `cached:     ${cached}`,
    `cosine:     ${d.similarity.toFixed(3)} (threshold ${d.threshold})`,
    `content:    new [${v.content.a.join(" ")}]  cached [${v.content.b.join(" ")}]`,
    `alignment:  ${list(v.alignment.map((m) => m.a === m.b ? m.a : `${m.a}=${m.b} (${m.how})`))}`,
    `roles:      new ${list(v.roles.a)}  |  cached ${list(v.roles.b)}`,
  ];
  if (v.possessions.a.length || v.possessions.b.length) {
    lines.push(`owners:     new ${list(v.possessions.a)}  |  cached ${list(v.possessions.b)}`);
  }
  lines.push(
    `negations:  ${v.negations.a} / ${v.negations.b}   numbers: ${list(v.numbers.a)} / ${list(v.numbers.b)}` +
      `   tense/modality: ${list(v.time.a)} / ${list(v.time.b)}`,
    `decision:   ${verdict} — ${d.rule}: ${d.reason}`,
  );
  return lines.join("\n");
}

/** Runs `ailb cache`. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values, positionals }) => {
    const [sub, ...prompts] = positionals;
    if (sub !== "explain") {
      throw new UsageError(sub === undefined ? "missing subcommand: explain" : `unknown subcommand "${sub}"`);
    }
    if (prompts.length !== 2) throw new UsageError(`explain takes two prompts, got ${prompts.length}`);
    if (prompts.some((p) => p.trim() === "")) throw new UsageError("prompts must not be empty");
    let threshold = DEFAULT_THRESHOLD;
    if (values.threshold !== undefined) {
      threshold = parseNumber(values.threshold, "--threshold", 0, 1);
      if (threshold === 0) throw new UsageError(`--threshold must be in (0, 1], got "${values.threshold}"`);
    }
    // Loaded only when used: the embedder pulls in transformers.js and onnxruntime.
    const { createEmbedder } = await import("../lib/cache/embedder.ts");
    const { Lexicon } = await import("../lib/cache/lexicon.ts");
    const { explainLookup } = await import("../lib/cache/explain.ts");
    let embedder;
    let lexicon;
    try {
      [embedder, lexicon] = await Promise.all([
        createEmbedder({ model: values["embed-model"] }),
        Lexicon.load(),
      ]);
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
      return 1;
    }
    try {
      const decision = await explainLookup(prompts[0], prompts[1], { embedder, lexicon, threshold });
      if (values.json) {
        console.log(JSON.stringify({ new: prompts[0], cached: prompts[1], ...decision }, null, 2));
      } else console.log(formatDecision(prompts[0], prompts[1], decision));
      return 0;
    } finally {
      await embedder.dispose();
    }
  });
}
