/**
 * The cache's memory bound (--cache-max-bytes, --cache-max-entry-bytes) at its boundaries and against VmRSS,
 * and its file handling in a real balancer: saved once at shutdown, an unusable file kept as `.bad`, a FIFO
 * refused at start.
 */
import assert from "node:assert/strict";
import { SemanticCache } from "../lib/cache/semantic_cache.ts";
import { type CachedAnswer, entryBytes } from "../lib/cache/types.ts";
import { ailb, freePort, Proc, startCluster } from "./helpers.ts";

const PARTITION = "story|max=8|greedy";
const answer = (text: string): CachedAnswer => ({ text, tokens: 8, backend: "127.0.0.1:9000" });
const quiet = () => {};

/** What the cache will count for this prompt and answer. */
function sizeOf(cache: SemanticCache, prompt: string, text: string): number {
  return entryBytes(
    PARTITION,
    prompt,
    cache.keyOf(PARTITION, prompt, undefined),
    answer(text),
    cache.identity.dim,
  );
}

Deno.test("--cache-max-entry-bytes: an entry of exactly the limit is cached, one byte more is not", async () => {
  const prompt = "The old lighthouse keeper counted the ships every night.";
  const text = " He never missed one.";
  const probe = await SemanticCache.create({ log: quiet });
  const size = sizeOf(probe, prompt, text);
  await probe.close();
  const exact = await SemanticCache.create({ maxEntryBytes: size, log: quiet });
  const under = await SemanticCache.create({ maxEntryBytes: size - 1, log: quiet });
  try {
    await exact.store(PARTITION, prompt, answer(text));
    await under.store(PARTITION, prompt, answer(text));
    assert.deepEqual([exact.stats().entries, exact.stats().oversized, exact.stats().bytes], [1, 0, size]);
    assert.deepEqual([under.stats().entries, under.stats().oversized, under.stats().bytes], [0, 1, 0]);
    assert.equal((await exact.lookup(PARTITION, prompt))?.text, text);
    assert.equal(await under.lookup(PARTITION, prompt), undefined);
  } finally {
    await exact.close();
    await under.close();
  }
});

Deno.test("--cache-max-bytes: entries that fit exactly stay; one more evicts the least recently used by bytes", async () => {
  const prompts = [
    "A fox built a boat out of acorn shells.",
    "The baker's daughter could whistle in three voices at once, which frightened the crows.",
    "Snow fell upward in the valley of clocks.",
    "A tired giant asked the river for a pillow.",
  ];
  const texts = [" It sank.", " The crows left.", " Nobody noticed.", " The river laughed."];
  const probe = await SemanticCache.create({ log: quiet });
  const sizes = prompts.map((p, i) => sizeOf(probe, p, texts[i]));
  await probe.close();
  const budget = sizes[0] + sizes[1] + sizes[2];
  assert.ok(sizes[3] <= sizes[1], "the fourth fits in the second's place");
  const cache = await SemanticCache.create({ maxBytes: budget, maxEntryBytes: budget, log: quiet });
  try {
    for (let i = 0; i < 3; i++) await cache.store(PARTITION, prompts[i], answer(texts[i]));
    assert.deepEqual([cache.stats().entries, cache.stats().bytes, cache.stats().evictions], [3, budget, 0]);
    // Touch the oldest, so the second becomes the least recently used.
    assert.ok(await cache.lookup(PARTITION, prompts[0]));
    await cache.store(PARTITION, prompts[3], answer(texts[3]));
    const stats = cache.stats();
    assert.equal(stats.evictions, 1);
    assert.equal(stats.entries, 3);
    assert.equal(stats.bytes, budget - sizes[1] + sizes[3]);
    assert.ok(stats.bytes <= stats.max_bytes);
    assert.equal(await cache.lookup(PARTITION, prompts[1]), undefined, "the least recently used went");
    for (const i of [0, 2, 3]) assert.equal((await cache.lookup(PARTITION, prompts[i]))?.text, texts[i]);
  } finally {
    await cache.close();
  }
});

Deno.test("cache bytes against VmRSS: the live heap matches the count, RSS stays bounded once full", async () => {
  const maxBytes = 32 * 1024 * 1024;
  const probe = new URL("./cache_memory_probe.ts", import.meta.url).pathname;
  const config = new URL("../deno.json", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", config, "--v8-flags=--expose-gc", probe, String(maxBytes), "50000", "2"],
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(120_000),
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  const figures = JSON.parse(new TextDecoder().decode(out.stdout).trim());
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  const summary = `counted ${mib(figures.counted)}, heap +${mib(figures.heap_growth_end)}, ` +
    `RSS +${mib(figures.rss_growth_full)} when full, +${mib(figures.rss_growth_end)} after 2 fills`;
  console.log(summary);
  assert.ok(figures.evictions >= figures.entries / 2, `filled about twice: ${summary}`);
  assert.ok(figures.counted <= maxBytes, summary);
  // Strings are counted at two bytes a character; half the prompts are ASCII (one byte in V8), so the heap
  // holds somewhat less than counted, never more.
  const heapRatio = figures.heap_growth_end / figures.counted;
  assert.ok(heapRatio > 0.4 && heapRatio < 1.3, `heap/counted ${heapRatio.toFixed(2)}: ${summary}`);
  // RSS adds the allocator's and V8's reserves and the embedder's arena on top (≈ 2.2× at this small bound,
  // where the fixed part weighs most; see docs/design.md), and levels off once the cache is full.
  assert.ok(figures.rss_growth_end < 4 * maxBytes, summary);
});

Deno.test("a balancer saves its cache exactly once on shutdown and keeps an unusable file as .bad", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/cache.json`;
  await Deno.writeTextFile(file, '{"format":"ailb-semantic-cache","version":1,"entries":[{"trunc');
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--cache-file", file] });
  try {
    await cluster.balancer.waitFor(/cache file .* ignored: not valid JSON.*; kept as .*cache\.json\.bad/);
    const out = await ailb([
      "ask",
      "--lb",
      cluster.lb,
      "--max-tokens",
      "3",
      "A cat learned to play the violin.",
    ]);
    assert.equal(out.code, 0, out.stderr);
    const status = await cluster.balancer.stop("SIGTERM");
    assert.equal(status.code, 0, cluster.balancer.log);
    assert.equal(cluster.balancer.count(/saved \d+ entries to/), 1, cluster.balancer.log);
    assert.doesNotMatch(cluster.balancer.log, /Could not save/);
    assert.match(await Deno.readTextFile(`${file}.bad`), /"trunc$/, "the unusable file is kept as it was");
    assert.equal(JSON.parse(await Deno.readTextFile(file)).entries.length, 1);
  } finally {
    await cluster.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--cache-file naming a FIFO stops the balancer at start with a clear error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    assert.equal((await new Deno.Command("mkfifo", { args: [fifo] }).output()).code, 0);
    const balancer = new Proc(["balance", "--port", String(freePort()), "--no-http", "--cache-file", fifo]);
    const status = await Promise.race([
      balancer.done,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("hung on the FIFO")), 30_000)),
    ]).catch(async (error) => {
      await balancer.stop("SIGKILL");
      throw error;
    });
    assert.equal(status.code, 1);
    assert.match(balancer.log, /Cannot start the cache: cache file .*fifo is not a regular file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--cache-max-bytes and --cache-max-entry-bytes: bad sizes are usage errors", async () => {
  for (
    const args of [["--cache-max-bytes", "lots"], ["--cache-max-bytes", "10"], [
      "--cache-max-entry-bytes",
      "1x",
    ]]
  ) {
    const out = await ailb(["balance", "--no-http", ...args]);
    assert.equal(out.code, 2, args.join(" "));
    assert.match(out.stderr, new RegExp(args[0]));
  }
});
