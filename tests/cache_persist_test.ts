import assert from "node:assert/strict";
import { CACHE_FILE_VERSION, loadCacheFile, saveCacheFile } from "../lib/cache/persist.ts";
import { SemanticCache } from "../lib/cache/semantic_cache.ts";

const identity = { model: "test-model@1", dim: 3 };
const entry = (prompt: string) => ({
  partition: "p",
  prompt,
  answer: { text: `answer to ${prompt}`, tokens: 3, backend: "b1" },
  storedAt: 1000,
  vector: new Float32Array([0.6, 0.8, 0]),
});

Deno.test("save then load returns the same entries in order, and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/cache.json`;
  await saveCacheFile(file, identity, [entry("one"), entry("two")]);
  const { entries, warning } = await loadCacheFile(file, identity);
  assert.equal(warning, undefined);
  assert.deepEqual(entries.map((e) => e.prompt), ["one", "two"]);
  assert.deepEqual([...entries[0].vector], [...new Float32Array([0.6, 0.8, 0])]);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["cache.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a missing file is an empty cache without a warning", async () => {
  assert.deepEqual(await loadCacheFile("/nonexistent/ailb-cache.json", identity), { entries: [] });
});

Deno.test("corrupt, foreign, other-version and other-model files are ignored with a warning", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/cache.json`;
  const cases: Array<[string, RegExp]> = [
    ["{not json", /not valid JSON/],
    [JSON.stringify({ hello: "world" }), /not an ailb cache file/],
    [
      JSON.stringify({
        format: "ailb-semantic-cache",
        version: CACHE_FILE_VERSION + 1,
        ...identity,
        entries: [],
      }),
      /format version/,
    ],
    [
      JSON.stringify({
        format: "ailb-semantic-cache",
        version: CACHE_FILE_VERSION,
        model: "other",
        dim: 3,
        entries: [],
      }),
      /embedding model other/,
    ],
    [
      JSON.stringify({
        format: "ailb-semantic-cache",
        version: CACHE_FILE_VERSION,
        ...identity,
        entries: [{}],
      }),
      /lacks/,
    ],
  ];
  for (const [content, reason] of cases) {
    await Deno.writeTextFile(file, content);
    const { entries, warning, keptAs } = await loadCacheFile(file, identity);
    assert.equal(entries.length, 0);
    assert.match(warning ?? "", reason);
    // Kept aside, not left to be overwritten by the next save.
    assert.equal(keptAs, `${file}.bad`);
    assert.match(warning ?? "", /kept as .*cache\.json\.bad/);
    assert.equal(await Deno.readTextFile(`${file}.bad`), content);
    await assert.rejects(Deno.stat(file), Deno.errors.NotFound);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("SemanticCache keeps its entries across a restart and reports a corrupt file without failing", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/cache.json`;
  const first = await SemanticCache.create({ file, capacity: 3, log: () => {} });
  await first.store("p", "A little dragon guarded the gold.", { text: "gold", tokens: 1, backend: "b1" });
  await first.store("p", "A knight crossed the river.", { text: "river", tokens: 1, backend: "b2" });
  await first.close(); // close() saves
  const logs: string[] = [];
  const second = await SemanticCache.create({
    file,
    capacity: 3,
    log: (level, msg) => logs.push(`${level} ${msg}`),
  });
  assert.equal(second.stats().entries, 2);
  assert.equal((await second.lookup("p", "A knight crossed the river"))?.backend, "b2");
  // the vector index was rebuilt from the file: a paraphrase is a semantic hit, a hard negative a miss
  assert.equal((await second.lookup("p", "A small dragon guarded the gold."))?.kind, "semantic");
  assert.equal(await second.lookup("p", "A little dragon guarded the silver."), undefined);
  await second.close();
  await Deno.writeTextFile(file, "\u0000garbage");
  const third = await SemanticCache.create({ file, log: (level, msg) => logs.push(`${level} ${msg}`) });
  assert.equal(third.stats().entries, 0);
  assert.ok(logs.some((line) => line.startsWith("warn") && line.includes("ignored")), logs.join("\n"));
  await third.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a FIFO, a directory or a path in a missing directory is a clear error at start, never a hang", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    assert.equal((await new Deno.Command("mkfifo", { args: [fifo] }).output()).code, 0);
    await assert.rejects(SemanticCache.create({ file: fifo, log: () => {} }), /is not a regular file/);
    await assert.rejects(SemanticCache.create({ file: dir, log: () => {} }), /is not a regular file/);
    await assert.rejects(
      SemanticCache.create({ file: `${dir}/missing/cache.json`, log: () => {} }),
      /directory .*missing does not exist/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
