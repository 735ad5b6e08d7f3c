/** `ailb cache explain` as a real process: the decision, its reasons, and clear usage errors. */
import assert from "node:assert/strict";
import { ailb } from "./helpers.ts";

interface Decision {
  new: string;
  cached: string;
  hit: boolean;
  kind: string;
  similarity: number;
  threshold: number;
  rule: string;
  reason: string;
  verifier: {
    alignment: Array<{ a: string; b: string; how: string }>;
    roles: { a: string[]; b: string[] };
    possessions: { a: string[]; b: string[] };
  };
}

async function explain(a: string, b: string, ...flags: string[]): Promise<Decision> {
  const out = await ailb(["cache", "explain", a, b, "--json", ...flags]);
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout) as Decision;
}

Deno.test("cache explain: a passive paraphrase is a hit, with its alignment and roles", async () => {
  const d = await explain("The bridge was built by a giant.", "A giant built the bridge.");
  assert.equal(d.hit, true);
  assert.equal(d.kind, "semantic");
  assert.equal(d.rule, "matched");
  assert.ok(d.similarity >= d.threshold, `cosine ${d.similarity}`);
  assert.deepEqual(d.verifier.roles.a, ["giant built bridge (passive)"]);
  assert.deepEqual(d.verifier.roles.b, ["giant built bridge"]);
  assert.ok(d.verifier.alignment.some((m) => m.a === "bridge" && m.b === "bridge"));
});

Deno.test("cache explain: swapped roles, antonyms and synonyms say which rule decided", async () => {
  const swapped = await explain("The dog chased the cat.", "The cat chased the dog.");
  assert.equal(swapped.hit, false);
  assert.equal(swapped.rule, "roles");
  assert.match(swapped.reason, /swapped/);
  // (antonyms sit below the default threshold already; a lower one lets the verifier decide)
  const antonym = await explain("A horse who lost a race.", "A horse who won a race.", "--threshold", "0.5");
  assert.equal(antonym.hit, false);
  assert.equal(antonym.rule, "antonym");
  const synonym = await explain(
    "A small girl discovered a dragon.",
    "A little girl found a dragon.",
    "--threshold",
    "0.5",
  );
  assert.equal(synonym.hit, true);
  assert.ok(
    synonym.verifier.alignment.some((m) => m.a === "small" && m.b === "little" && m.how === "synonym"),
  );
  const owner = await explain("A story about the cat's queen.", "A story about the queen's cat.");
  assert.equal(owner.hit, false);
  assert.equal(owner.rule, "possession");
});

Deno.test("cache explain: exact text and the threshold decide before the verifier", async () => {
  const exact = await explain("ONCE upon a time, a fox!", "once upon a time a fox");
  assert.equal(exact.kind, "exact");
  assert.equal(exact.rule, "exact");
  const far = await explain("Explain how a bicycle gear works.", "Once upon a time a dragon slept.");
  assert.equal(far.hit, false);
  assert.equal(far.rule, "threshold");
  // the threshold's upper bound is accepted, and a paraphrase below it misses on the threshold
  const strict = await explain(
    "A small girl discovered a dragon.",
    "A little girl found a dragon.",
    "--threshold",
    "1",
  );
  assert.equal(strict.threshold, 1);
  assert.equal(strict.rule, "threshold");
});

Deno.test("cache explain: human output names the decision", async () => {
  const out = await ailb([
    "cache",
    "explain",
    "The bridge was built by a giant.",
    "A giant built the bridge.",
  ]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^cosine: +0\.\d{3} \(threshold /m);
  assert.match(out.stdout, /^roles: +new giant built bridge \(passive\)/m);
  assert.match(out.stdout, /^decision: +HIT \(semantic\) — matched/m);
});

Deno.test("cache explain: bad usage exits 2 with a one-line error and a pointer to --help; a missing model exits 1", async () => {
  const cases: [string[], RegExp][] = [
    [["cache"], /missing subcommand: explain/],
    [["cache", "forget", "a", "b"], /unknown subcommand "forget"/],
    [["cache", "explain", "only one"], /explain takes two prompts, got 1/],
    [["cache", "explain", "a", "b", "c"], /explain takes two prompts, got 3/],
    [["cache", "explain", "a", "  "], /prompts must not be empty/],
    [["cache", "explain", "a", "b", "--threshold", "0"], /--threshold must be in \(0, 1\]/],
    [["cache", "explain", "a", "b", "--threshold", "1.01"], /--threshold must be a number from 0 to 1/],
    [["cache", "explain", "a", "b", "--threshold", "high"], /--threshold must be a number/],
  ];
  for (const [args, message] of cases) {
    const out = await ailb(args);
    assert.equal(out.code, 2, `${args.join(" ")}: ${out.stderr}`);
    assert.match(out.stderr, message);
    assert.match(out.stderr, /\nsee `ailb cache explain --help`\n$/);
    assert.equal(out.stderr.trim().split("\n").length, 2, "one line of error, one pointing at --help");
  }
  const missing = await ailb(["cache", "explain", "a", "b", "--embed-model", "/nonexistent/model-dir"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /embedding model folder not found: \/nonexistent\/model-dir/);
});
