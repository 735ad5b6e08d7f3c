/**
 * Scale-out benchmarks (`deno task bench scale`), every part a real process on loopback:
 * 1. throughput of 1 vs 2 balancer replicas behind HAProxy, same servers, same clients, rounds alternated;
 * 2. a cross-replica cache hit: answer generated through replica A, asked on replica B (exact and paraphrase),
 *    beside a hit on A itself; and how long an entry takes to reach another replica's index;
 * 3. what a replica carries: resident memory and CPU with 250…2000 streams in flight;
 * 4. store operations per request (Redis `INFO commandstats` deltas) and store memory per cache entry.
 * The figures feed docs/scaling.md.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import { startHaproxy } from "../lib/haproxy.ts";
import { SemanticCache } from "../lib/cache/semantic_cache.ts";
import { Logger } from "../lib/log.ts";
import { StoreClient } from "../lib/store/client.ts";
import { SharedCache } from "../lib/store/shared_cache.ts";
import { StreamFollower } from "../lib/store/stream_follower.ts";
import { parseStoreUrl } from "../lib/store/url.ts";
import { eventually, freePort, Proc, RedisServer } from "../tests/helpers.ts";
import { percentile, ratio, table } from "./stats.ts";

const QUIET = ["--log-level", "warn"];

interface Cluster {
  redis: RedisServer;
  replicas: { port: number; proc: Proc }[];
  servers: Proc[];
  front?: { port: number; stop(): Promise<void> };
  stop(): Promise<void>;
}

/** A store, `replicas` replicas, optionally HAProxy in front, and synthetic servers registered through it. */
async function cluster(options: {
  replicas: number;
  servers: number;
  balanceArgs?: string[];
  serveArgs?: string[];
  front?: boolean;
}): Promise<Cluster> {
  const redis = await RedisServer.start();
  const replicas = Array.from({ length: options.replicas }, (_, i) => {
    const port = freePort();
    const proc = new Proc([
      "balance",
      "--port",
      String(port),
      "--no-http",
      "--store",
      redis.url,
      "--replica-name",
      `r${i + 1}`,
      ...QUIET,
      ...(options.balanceArgs ?? []),
    ]);
    return { port, proc };
  });
  for (const r of replicas) {
    const client = await eventually(
      () => AilbClient.connect({ port: r.port }),
      60_000,
      "a replica to listen",
    );
    client.close();
  }
  let front: Cluster["front"];
  if (options.front) {
    const port = freePort();
    const haproxy = await startHaproxy({
      host: "127.0.0.1",
      port,
      replicas: replicas.map((r) => `127.0.0.1:${r.port}`),
    });
    front = { port, stop: haproxy.stop };
  }
  const lb = front?.port ?? replicas[0].port;
  const servers = Array.from({ length: options.servers }, () =>
    new Proc([
      "serve",
      String(freePort()),
      "--lb",
      `127.0.0.1:${lb}`,
      "--engine",
      "synthetic",
      ...QUIET,
      ...(options.serveArgs ?? []),
    ]));
  for (const r of replicas) {
    const client = await AilbClient.connect({ port: r.port });
    try {
      await eventually(
        async () =>
          (await client.status()).backends.filter((b) => b.state === "up").length === options.servers,
        30_000,
        "every replica to route to every server",
      );
    } finally {
      client.close();
    }
  }
  return {
    redis,
    replicas,
    servers,
    front,
    async stop() {
      await Promise.all([...replicas.map((r) => r.proc.stop()), ...servers.map((s) => s.stop())]);
      await front?.stop();
      await redis.stop();
    },
  };
}

/** Requests completed per second by `connections` clients × `inFlight` loops on `port` for `seconds`. */
async function drive(port: number, connections: number, inFlight: number, seconds: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: connections }, () => AilbClient.connect({ port })));
  let done = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(clients.flatMap((client, c) =>
    Array.from({ length: inFlight }, async (_, l) => {
      for (let i = 0; performance.now() < deadline; i++) {
        try {
          await client.ask(`bench ${c} ${l} ${i}`, { maxTokens: 16, cache: false }).result;
          done++;
        } catch {
          failed++;
        }
      }
    })
  ));
  const elapsed = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  if (failed) throw new Error(`${failed} requests failed during the throughput run`);
  return done / elapsed;
}

async function throughput(): Promise<string> {
  // Unpaced synthetic servers with room for everything: the balancer hop is what is measured.
  const serveArgs = ["--tokens-per-s", "0", "--ttft-ms", "0", "--concurrency", "256"];
  const setups = [1, 2];
  const rates = new Map<number, number[]>(setups.map((n) => [n, []]));
  const ROUNDS = 5;
  const clusters = new Map<number, Cluster>();
  try {
    for (const n of setups) {
      clusters.set(
        n,
        await cluster({ replicas: n, servers: 4, front: true, balanceArgs: ["--no-cache"], serveArgs }),
      );
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of round % 2 ? [...setups].reverse() : setups) {
        const c = clusters.get(n)!;
        rates.get(n)!.push(await drive(c.front!.port, 8, 16, 3));
      }
    }
  } finally {
    for (const c of clusters.values()) await c.stop();
  }
  const median = (n: number) => percentile(rates.get(n)!, 50);
  return [
    "### Throughput: 1 vs 2 replicas behind HAProxy",
    "",
    "Four unpaced synthetic servers (16 tokens per answer, no cache), 8 client connections × 16 requests in " +
    `flight through HAProxy (TCP, leastconn), ${ROUNDS} rounds of 3 s alternated; median requests/s.`,
    "",
    table(["replicas", "requests/s", "vs 1 replica"], [
      ["1", median(1).toFixed(0), ratio(1)],
      ["2", median(2).toFixed(0), ratio(median(2) / median(1))],
    ]),
    "",
    `On ${navigator.hardwareConcurrency} cores the replicas, the servers, HAProxy and the load generator share ` +
    "the CPUs, so a second replica can only help as far as a core is free for it; on separate machines each " +
    "replica adds its own core's worth of relaying.",
  ].join("\n");
}

/** Wall time of one request on `client`, and whether it was a cache hit. */
async function timed(client: AilbClient, prompt: string): Promise<{ ms: number; cached: boolean }> {
  const started = performance.now();
  const { stats } = await client.ask(prompt, { maxTokens: 16 }).result;
  return { ms: performance.now() - started, cached: stats.cached };
}

async function crossReplicaHit(): Promise<string> {
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

/** Resident memory (KiB) and CPU time (s) of a process, from /proc. */
async function usage(pid: number): Promise<{ rssKiB: number; cpuS: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const stat = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, fields 14 and 15
  return { rssKiB: Number(status.match(/VmRSS:\s+(\d+)/)![1]), cpuS: ticks / 100 };
}

async function streamsPerReplica(): Promise<string> {
  // Slow streams (5 tokens/s, 60 tokens): every request stays open ~12 s, so the in-flight count is exact.
  const c = await cluster({
    replicas: 1,
    servers: 4,
    balanceArgs: ["--no-cache", "--max-queue", "100000"],
    serveArgs: ["--tokens-per-s", "5", "--ttft-ms", "0", "--concurrency", "1024", "--max-queue", "10000"],
  });
  const replica = c.replicas[0];
  const pid = replica.proc.child.pid;
  const rows: string[][] = [];
  let base: { rssKiB: number } | undefined;
  try {
    await sleep(500);
    base = await usage(pid);
    rows.push(["0", (base.rssKiB / 1024).toFixed(1), "", ""]);
    for (const streams of [250, 500, 1000, 2000]) {
      const clients = await Promise.all(
        Array.from({ length: 10 }, () => AilbClient.connect({ port: replica.port })),
      );
      const asks = Array.from(
        { length: streams },
        (_, i) => clients[i % clients.length].ask(`stream ${streams} ${i}`, { maxTokens: 60, cache: false }),
      );
      // Every stream has started once its first chunk arrived.
      await Promise.all(asks.map((ask) => ask[Symbol.asyncIterator]().next()));
      const before = await usage(pid);
      await sleep(3000);
      const after = await usage(pid);
      const cpu = (after.cpuS - before.cpuS) / 3;
      rows.push([
        String(streams),
        (after.rssKiB / 1024).toFixed(1),
        ((after.rssKiB - base.rssKiB) / streams).toFixed(1),
        `${(cpu * 100).toFixed(0)}% (${(cpu / (streams * 5) * 1e6).toFixed(0)} µs per token)`,
      ]);
      for (const ask of asks) await ask.result.catch(() => {});
      for (const client of clients) client.close();
    }
  } finally {
    await c.stop();
  }
  return [
    "### Streams one replica carries",
    "",
    "One replica (cache off), four synthetic servers streaming 5 tokens/s each request; the replica's resident " +
    "memory and CPU (from /proc) while N streams are in flight, measured over 3 s.",
    "",
    table(["streams in flight", "replica RSS MiB", "KiB per stream", "CPU (one core = 100%)"], rows),
  ].join("\n");
}

/** `cmdstat_<name>:calls=N` from INFO commandstats. */
async function commandCalls(redis: RedisServer): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const match of (await redis.command("INFO commandstats")).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) {
    calls.set(match[1], Number(match[2]));
  }
  return calls;
}

function delta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, n] of after) {
    if (n - (before.get(name) ?? 0) > 0) out.set(name, n - (before.get(name) ?? 0));
  }
  return out;
}

const describe = (d: Map<string, number>, per: number) =>
  [...d.entries()].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${(v / per).toFixed(2)}`).join(", ");

async function storeOps(): Promise<string> {
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

/** Runs every part; returns the markdown for BENCHMARKS.md. */
export async function run(): Promise<string> {
  const parts = [];
  for (const part of [throughput, crossReplicaHit, streamsPerReplica, storeOps]) {
    console.error(`bench scale: ${part.name}...`);
    parts.push(await part());
  }
  return parts.join("\n\n");
}
