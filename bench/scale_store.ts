/**
 * Part 4 of the scale benchmark (bench/scale.ts): store operations per request (Redis `INFO commandstats`
 * deltas) and store memory per cache entry.
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import { SemanticCache } from "../lib/cache/semantic_cache.ts";
import { Logger } from "../lib/log.ts";
import { StoreClient } from "../lib/store/client.ts";
import { SharedCache } from "../lib/store/shared_cache.ts";
import { StreamFollower } from "../lib/store/stream_follower.ts";
import { parseStoreUrl } from "../lib/store/url.ts";
import { RedisServer } from "../tests/helpers.ts";
import { cluster } from "./scale_cluster.ts";

/** `cmdstat_<name>:calls=N` from INFO commandstats. */
async function commandCalls(redis: RedisServer): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const match of (await redis.command("INFO commandstats")).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) {
    calls.set(match[1], Number(match[2]));
  }
  return calls;
}

/** Calls per command between two snapshots (commands not called in between are left out). */
function delta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, n] of after) {
    if (n - (before.get(name) ?? 0) > 0) out.set(name, n - (before.get(name) ?? 0));
  }
  return out;
}

const describe = (d: Map<string, number>, per: number) =>
  [...d.entries()].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${(v / per).toFixed(2)}`).join(", ");

/** Store commands per miss, hit and bypassed request, the idle rate, and memory per entry; the markdown. */
export async function storeOps(): Promise<string> {
  const c = await cluster({ replicas: 2, servers: 2, serveArgs: ["--tokens-per-s", "0", "--ttft-ms", "0"] });
  const port = c.replicas[0].port;
  const client = await AilbClient.connect({ port });
  const N = 200;
  const lines: string[] = [];
  try {
    // Background: what two idle replicas and two servers cost the store per second.
    let before = await commandCalls(c.redis);
    await sleep(5000);
    const idle = delta(before, await commandCalls(c.redis));
    const idleTotal = [...idle.values()].reduce((a, b) => a + b, 0) / 5;
    // Commands run inside the cache's Lua script are counted by Redis too; client calls are what replicas send
    // (each script run holds one ZADD besides the script-only commands).
    const calls = (d: Map<string, number>) =>
      [...d.entries()]
        .filter(([name]) => !["hset", "del", "zcard", "xadd", "zpopmin", "hget", "pexpire"].includes(name))
        .reduce((sum, [, n]) => sum + n, 0) - (d.get("evalsha") ?? 0);
    const measure = async (label: string, ask: (i: number) => Promise<unknown>) => {
      before = await commandCalls(c.redis);
      const started = performance.now();
      for (let i = 0; i < N; i++) await ask(i);
      const seconds = (performance.now() - started) / 1000;
      const d = delta(before, await commandCalls(c.redis));
      const total = [...d.values()].reduce((a, b) => a + b, 0);
      const perRequest = Math.max(0, (total - idleTotal * seconds) / N);
      const perRequestCalls = Math.max(0, (calls(d) - idleTotal * seconds) / N);
      lines.push(
        `| ${label} | ${perRequest.toFixed(2)} | ${perRequestCalls.toFixed(2)} | ${describe(d, N)} |`,
      );
    };
    await measure("miss, answer stored", (i) => client.ask(`ops miss ${i}`, { maxTokens: 8 }).result);
    await measure("exact hit", (i) => client.ask(`ops miss ${i}`, { maxTokens: 8 }).result);
    await measure(
      "cache bypassed (`--no-cache` request)",
      (i) => client.ask(`ops nocache ${i}`, { maxTokens: 8, cache: false }).result,
    );
    lines.push(
      `| idle (per second, 2 replicas, 2 servers) | ${idleTotal.toFixed(1)} | ${
        (calls(idle) / 5).toFixed(1)
      } | ` +
        `${describe(idle, 5)} |`,
    );
  } finally {
    client.close();
    await c.stop();
  }
  const memory = await memoryPerEntry();
  return [
    "### Store operations per request",
    "",
    `Redis \`INFO commandstats\` around ${N} sequential requests on one of two replicas (the idle rate measured ` +
    "just before is subtracted from the total; the per-command list is raw, idle traffic included).",
    "",
    "| request | commands executed | client calls (follower wake-ups included) | commands (per request) |",
    "| --- | --- | --- | --- |",
    ...lines,
    "",
    "### Store memory per cache entry",
    "",
    `${memory.n} entries (prompts of ~${memory.promptChars} characters, answers of ~${memory.answerChars}, ` +
    `${memory.dim}-dimension vectors): Redis \`used_memory\` grew by ${
      memory.bytesPerEntry.toFixed(0)
    } bytes per ` +
    `entry (hash with the base64 vector, LRU set member, and its \`put\` event in the log stream); each ` +
    `replica's local copy holds ${memory.localBytesPerEntry.toFixed(0)} bytes per entry (text and vector).`,
  ].join("\n");
}

/**
 * Redis `used_memory` growth and the local copy's size per cache entry, over 2000 entries stored through
 * one in-process SharedCache on a real Redis (no balancer: only what an entry itself costs).
 */
async function memoryPerEntry() {
  const redis = await RedisServer.start();
  const log = new Logger({ level: "error" });
  const client = new StoreClient({ address: parseStoreUrl(redis.url), replica: "m", log });
  await client.connect();
  const follower = new StreamFollower(client);
  const n = 2000;
  const local = await SemanticCache.create({ capacity: n * 2 });
  const cache = new SharedCache(local, { client, follower, replica: "m", capacity: n * 2, ttlMs: 0, log });
  await cache.start();
  const used = async () => Number((await redis.command("INFO memory")).match(/used_memory:(\d+)/)![1]);
  const answer = "The dragon flew over the quiet village, and the little girl waved at it from the garden. " +
    "Everyone in the village came out to see the dragon, and the dragon smiled at them all.";
  try {
    const before = await used();
    let promptChars = 0;
    for (let i = 0; i < n; i++) {
      const prompt = `Tell me the story of the dragon and the girl, chapter ${i}, in the forest`;
      promptChars += prompt.length;
      await cache.store("max=64|greedy", prompt, { text: answer, tokens: 40, backend: "127.0.0.1:9000" });
    }
    const after = await used();
    return {
      n,
      promptChars: Math.round(promptChars / n),
      answerChars: answer.length,
      dim: local.identity.dim,
      bytesPerEntry: (after - before) / n,
      localBytesPerEntry: local.stats().bytes / n,
    };
  } finally {
    await follower.close();
    client.close();
    await cache.close();
    await redis.stop();
  }
}
