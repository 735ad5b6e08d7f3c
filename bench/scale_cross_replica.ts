/**
 * Part 2 of the scale benchmark (bench/scale.ts): a cross-replica cache hit — an answer generated through
 * replica A, asked on replica B (exact and paraphrase), beside a hit on A itself — and how long an entry takes
 * to reach another replica's index.
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
import { percentile, ratio, table } from "./stats.ts";

/** Wall time of one request on `client`, and whether it was a cache hit. */
async function timed(client: AilbClient, prompt: string): Promise<{ ms: number; cached: boolean }> {
  const started = performance.now();
  const { stats } = await client.ask(prompt, { maxTokens: 16 }).result;
  return { ms: performance.now() - started, cached: stats.cached };
}

/** Wall times of misses and of local, remote and paraphrase hits, and the propagation time; the markdown. */
export async function crossReplicaHit(): Promise<string> {
  const c = await cluster({
    replicas: 2,
    servers: 2,
    serveArgs: ["--tokens-per-s", "200", "--ttft-ms", "20"],
  });
  const [a, b] = c.replicas;
  const onA = await AilbClient.connect({ port: a.port });
  const onB = await AilbClient.connect({ port: b.port });
  const rows: string[][] = [];
  try {
    const samples = {
      miss: [] as number[],
      localExact: [] as number[],
      remoteExact: [] as number[],
      remoteParaphrase: [] as number[],
    };
    for (let i = 0; i < 20; i++) {
      const prompt = `Once upon a time, a little girl number ${i} found a dragon in the forest.`;
      const paraphrase = `once upon a time a small girl number ${i} discovered a dragon in the woods`;
      const miss = await timed(onA, prompt);
      if (miss.cached) throw new Error("the first ask was already cached");
      samples.miss.push(miss.ms);
      await sleep(200); // well past the propagation time measured below
      const remote = await timed(onB, prompt);
      const remoteSemantic = await timed(onB, paraphrase);
      const local = await timed(onA, prompt);
      if (!remote.cached || !remoteSemantic.cached || !local.cached) {
        throw new Error(
          `expected hits (B exact ${remote.cached}, B paraphrase ${remoteSemantic.cached}, A ${local.cached})`,
        );
      }
      samples.remoteExact.push(remote.ms);
      samples.remoteParaphrase.push(remoteSemantic.ms);
      samples.localExact.push(local.ms);
    }
    const row = (what: string, values: number[]) => [
      what,
      percentile(values, 50).toFixed(2),
      percentile(values, 95).toFixed(2),
      ratio(percentile(values, 50) / percentile(samples.miss, 50)),
    ];
    rows.push(
      row("miss on A (generated: 16 tokens at 200/s)", samples.miss),
      row("exact hit on A (stored there)", samples.localExact),
      row("exact hit on B (stored through A)", samples.remoteExact),
      row("paraphrase hit on B (stored through A)", samples.remoteParaphrase),
    );
  } finally {
    onA.close();
    onB.close();
    await c.stop();
  }
  const propagation = await propagationMs();
  return [
    "### A cross-replica cache hit",
    "",
    "Two replicas on one store; each prompt is generated through A, then asked on B (exactly and reworded) and " +
    "again on A. Wall time per request seen by the client, 20 prompts, ms.",
    "",
    table(["request", "p50 ms", "p95 ms", "vs miss"], rows),
    "",
    `An entry is in another replica's local index ${
      propagation.p50.toFixed(2)
    } ms after the writer's store() ` +
    `began (p50; p95 ${
      propagation.p95.toFixed(2)
    } ms; ${propagation.n} entries; the writer's own store() takes ` +
    `${
      propagation.writer.toFixed(2)
    } ms, embedding included): one \`EVALSHA\` round trip on the writer, one ` +
    "`XREAD` wake-up on the reader. A request arriving on B within that window misses and generates.",
  ].join("\n");
}

/**
 * Time from a store() call on one SharedCache (embedding, local insert, the store's script) to the entry being
 * in another's local copy, and how much of that the writer itself spends (in-process, real Redis).
 */
async function propagationMs(): Promise<{ p50: number; p95: number; writer: number; n: number }> {
  const redis = await RedisServer.start();
  const log = new Logger({ level: "error" });
  const parts = await Promise.all(["a", "b"].map(async (replica) => {
    const client = new StoreClient({ address: parseStoreUrl(redis.url), replica, log });
    await client.connect();
    const follower = new StreamFollower(client);
    const local = await SemanticCache.create({ capacity: 1000 });
    const cache = new SharedCache(local, { client, follower, replica, capacity: 1000, ttlMs: 0, log });
    await cache.start();
    follower.start();
    return { client, follower, cache };
  }));
  const times: number[] = [];
  const writer: number[] = [];
  try {
    const [a, b] = parts;
    for (let i = 0; i < 50; i++) {
      const prompt = `How far is star number ${i} from here?`;
      const key = a.cache.local.keyOf("p", prompt, undefined);
      const started = performance.now();
      const stored = a.cache.store("p", prompt, { text: "far", tokens: 1, backend: "s" })
        .then(() => writer.push(performance.now() - started));
      while (!b.cache.local.peek(key)) {
        if (performance.now() - started > 5000) throw new Error("an entry did not reach the other replica");
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      times.push(performance.now() - started);
      await stored;
    }
  } finally {
    for (const p of parts) {
      await p.follower.close();
      p.client.close();
      await p.cache.close();
    }
    await redis.stop();
  }
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    writer: percentile(writer, 50),
    n: times.length,
  };
}
