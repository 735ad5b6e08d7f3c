import assert from "node:assert/strict";
import { type CacheOptions, SemanticCache } from "../lib/cache/semantic_cache.ts";

const answer = (text: string) => ({ text, tokens: text.split(" ").length, backend: "b1" });
const GIRL = "Once upon a time, a little girl found a dragon in the forest.";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function withCache(options: Partial<CacheOptions>, body: (cache: SemanticCache) => Promise<void>) {
  const cache = await SemanticCache.create({ log: () => {}, ...options });
  try {
    await body(cache);
  } finally {
    await cache.close();
  }
}

Deno.test("exact hit on normalised text, semantic hit on a paraphrase, miss on a hard negative", async () => {
  await withCache({}, async (cache) => {
    await cache.store("p", GIRL, answer("the girl and the dragon"));
    const exact = await cache.lookup("p", "once upon a time  a LITTLE girl found a dragon in the forest!");
    assert.equal(exact?.kind, "exact");
    assert.equal(exact?.similarity, 1);
    const semantic = await cache.lookup(
      "p",
      "Once upon a time, a small girl discovered a dragon in the woods.",
    );
    assert.equal(semantic?.kind, "semantic");
    assert.equal(semantic?.text, "the girl and the dragon");
    assert.equal(semantic?.matchedPrompt, GIRL);
    assert(semantic!.similarity >= cache.options.threshold && semantic!.similarity < 1);
    assert.equal(
      await cache.lookup("p", "Once upon a time, a little boy found a dragon in the forest."),
      undefined,
    );
    assert.equal(cache.stats().hits, 2);
    assert.equal(cache.stats().exact_hits, 1);
    assert.equal(cache.stats().semantic_hits, 1);
    assert.equal(cache.stats().misses, 1);
  });
});

Deno.test("entries of one partition never answer another", async () => {
  await withCache({}, async (cache) => {
    await cache.store("model-a|max_tokens=50", GIRL, answer("short"));
    assert.equal(await cache.lookup("model-a|max_tokens=200", GIRL), undefined);
    assert.equal(await cache.lookup("model-b|max_tokens=50", GIRL), undefined);
    assert.equal((await cache.lookup("model-a|max_tokens=50", GIRL))?.text, "short");
  });
});

Deno.test("LRU: the least recently used entry goes first and a hit refreshes recency", async () => {
  await withCache({ capacity: 2 }, async (cache) => {
    await cache.store("p", "A red fox jumped over the river.", answer("fox"));
    await cache.store("p", "A green frog sang in the pond.", answer("frog"));
    assert(await cache.lookup("p", "A red fox jumped over the river.")); // fox is now most recent
    await cache.store("p", "A grey owl hooted at the moon.", answer("owl"));
    assert.equal(await cache.lookup("p", "A green frog sang in the pond."), undefined);
    assert.equal((await cache.lookup("p", "A red fox jumped over the river."))?.text, "fox");
    assert.equal((await cache.lookup("p", "A grey owl hooted at the moon."))?.text, "owl");
    const stats = cache.stats();
    assert.equal(stats.entries, 2);
    assert.equal(stats.evictions, 1);
    assert.equal(stats.stores, 3);
  });
});

Deno.test("TTL: entries expire after ttlMs (injected clock), semantic candidates too", async () => {
  const time = clock();
  await withCache({ ttlMs: 60_000, now: time.now }, async (cache) => {
    await cache.store("p", GIRL, answer("dragon"));
    time.advance(59_000);
    assert(await cache.lookup("p", GIRL));
    assert.equal(
      (await cache.lookup("p", "Once upon a time, a small girl discovered a dragon in the woods."))?.kind,
      "semantic",
    );
    time.advance(2_000); // a hit does not extend the time to live: the answer is 61 s old now
    assert.equal(await cache.lookup("p", GIRL), undefined);
    assert.equal(
      await cache.lookup("p", "Once upon a time, a small girl discovered a dragon in the woods."),
      undefined,
    );
    assert.equal(cache.stats().entries, 0);
    assert.equal(cache.stats().bytes, 0);
  });
});

Deno.test("threshold: a paraphrase hits below its similarity and misses above it", async () => {
  const paraphrase = "Once upon a time, a small girl discovered a dragon in the woods.";
  let similarity = 0;
  await withCache({ threshold: 0.5 }, async (cache) => {
    await cache.store("p", GIRL, answer("dragon"));
    const hit = await cache.lookup("p", paraphrase);
    assert(hit, "paraphrase should hit at threshold 0.5");
    similarity = hit.similarity;
  });
  await withCache({ threshold: Math.min(1, similarity + 0.001) }, async (cache) => {
    await cache.store("p", GIRL, answer("dragon"));
    assert.equal(await cache.lookup("p", paraphrase), undefined);
    assert.equal((await cache.lookup("p", GIRL))?.kind, "exact"); // exact hits ignore the threshold
  });
});

Deno.test("without the verifier a hard negative above the threshold is served (why the verifier exists)", async () => {
  const negative = "Once upon a time, a little boy found a dragon in the forest.";
  await withCache({ threshold: 0.5, verify: false }, async (cache) => {
    await cache.store("p", GIRL, answer("dragon"));
    assert.equal((await cache.lookup("p", negative))?.kind, "semantic");
  });
  await withCache({ threshold: 0.5 }, async (cache) => {
    await cache.store("p", GIRL, answer("dragon"));
    assert.equal(await cache.lookup("p", negative), undefined);
  });
});

Deno.test("storing the same normalised prompt replaces the answer", async () => {
  await withCache({}, async (cache) => {
    await cache.store("p", GIRL, answer("first"));
    await cache.store("p", GIRL.toUpperCase(), answer("second"));
    assert.equal(cache.stats().entries, 1);
    assert.equal((await cache.lookup("p", GIRL))?.text, "second");
  });
});

Deno.test("invalid options are rejected with a clear error", async () => {
  for (const options of [{ capacity: 0 }, { ttlMs: -1 }, { threshold: 1.5 }]) {
    let message = "";
    try {
      await SemanticCache.create(options);
    } catch (error) {
      message = (error as Error).message;
    }
    assert(
      /capacity|ttl|threshold/.test(message),
      `expected a validation error for ${JSON.stringify(options)}`,
    );
  }
});

Deno.test("very long prompts are matched exactly only", async () => {
  const long = `${GIRL} ${"The dragon and the girl walked through the quiet forest together. ".repeat(70)}`;
  await withCache({}, async (cache) => {
    await cache.store("p", long, answer("long"));
    assert.equal((await cache.lookup("p", long.toUpperCase()))?.kind, "exact");
    assert.equal(await cache.lookup("p", long.replace("little girl", "small girl")), undefined);
  });
});

Deno.test("each semantic lookup logs one debug line saying why it hit or missed", async () => {
  const lines: string[] = [];
  const log = (level: string, msg: string) => {
    if (level === "debug") lines.push(msg);
  };
  await withCache({ log, threshold: 0.5 }, async (cache) => {
    await cache.store("p", "A giant built the bridge over the river.", answer("bridge story"));
    assert.equal(lines.length, 0, "store does not log lookups");
    const hit = await cache.lookup("p", "The bridge over the river was built by a giant.");
    assert.equal(hit?.kind, "semantic");
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^semantic lookup "The bridge over the river was built by a giant\.": hit "A giant/,
    );
    assert.match(lines[0], /\(matched: every content word matched; roles agree\)/);
    assert.equal(await cache.lookup("p", "The giant was built by a bridge over the river."), undefined);
    assert.equal(lines.length, 2);
    assert.match(
      lines[1],
      /: miss; "A giant built the bridge over the river\." 0\.\d{3} rejected \(roles: .*swapped\)/,
    );
    // an exact hit is not a semantic lookup
    await cache.lookup("p", "a giant built the bridge over the river");
    assert.equal(lines.length, 2);
  });
});
