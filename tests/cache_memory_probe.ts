/**
 * Run as a subprocess by cache_bytes_test.ts (with --v8-flags=--expose-gc): fills a SemanticCache bounded by
 * MAX_BYTES with ROUNDS × MAX_BYTES worth of long prompts and answers (half ASCII, half CJK, which V8 keeps in
 * UTF-16) and prints one JSON line: what the cache counted, and how VmRSS and the V8 heap grew after the first
 * fill and at the end.
 * Usage: deno run -A --v8-flags=--expose-gc tests/cache_memory_probe.ts MAX_BYTES PROMPT_CHARS ROUNDS
 */
import { SemanticCache } from "../lib/cache/semantic_cache.ts";

const [maxBytes, promptChars, rounds] = Deno.args.map(Number);
const gc = (globalThis as unknown as { gc: () => void }).gc;

function measure(): { rss: number; heap: number } {
  gc();
  gc();
  const status = Deno.readTextFileSync("/proc/self/status");
  return { rss: Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024, heap: Deno.memoryUsage().heapUsed };
}

const ASCII = ["dragon", "forest", "princess", "castle", "magic", "night", "star", "sword", "journey", "sea"];
const WIDE = ["龍", "森", "王女", "城", "魔法", "夜", "星", "剣", "旅", "海"];
function text(chars: number, seed: number, words: string[]): string {
  let out = `${seed} `;
  let x = seed;
  while (out.length < chars) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += words[x % words.length] + " ";
  }
  return out.slice(0, chars);
}

const cache = await SemanticCache.create({ capacity: 1_000_000, maxBytes, maxEntryBytes: maxBytes });
const before = measure();
let filledAt: { rss: number; heap: number } | undefined;
let filled: number | undefined;
for (let i = 0; cache.stats().evictions === 0 || i < (filled ?? Infinity) * rounds; i++) {
  const words = i % 2 ? WIDE : ASCII;
  // Built fresh per entry, as prompts arriving from the network are.
  await cache.store("model|max=50|greedy", text(promptChars, i, words), {
    text: text(2000, i + 1_000_000, words),
    tokens: 400,
    backend: "127.0.0.1:9000",
  });
  if (i % 50 === 0) {
    const now = measure();
    console.error(`${i} entries stored: RSS +${now.rss - before.rss}, heap +${now.heap - before.heap}`);
  }
  if (filled === undefined && cache.stats().evictions > 0) {
    filled = i;
    filledAt = measure();
  }
}
const after = measure();
const stats = cache.stats();
console.log(JSON.stringify({
  entries: stats.entries,
  evictions: stats.evictions,
  counted: stats.bytes,
  max_bytes: stats.max_bytes,
  rss_growth_full: filledAt!.rss - before.rss,
  heap_growth_full: filledAt!.heap - before.heap,
  rss_growth_end: after.rss - before.rss,
  heap_growth_end: after.heap - before.heap,
}));
await cache.close();
