/**
 * The shared-store pieces against a real redis-server on a free loopback port: the store address and its
 * redaction, the outage policy of the client, the shared cache between two caches, and the server registry
 * between two replicas' registries.
 */
import assert from "node:assert/strict";
import { Logger } from "../lib/log.ts";
import { parseStoreUrl, redactor, redactUrl } from "../lib/store/url.ts";
import { StoreClient } from "../lib/store/client.ts";
import { StreamFollower } from "../lib/store/stream_follower.ts";
import { SharedCache } from "../lib/store/shared_cache.ts";
import { RedisCluster } from "../lib/store/registry.ts";
import { SemanticCache } from "../lib/cache/semantic_cache.ts";
import type { BalancerEvent } from "../lib/balancer/balancer.ts";
import type { ClusterHost, ReplicaRecord, ServerRecord } from "../lib/balancer/cluster.ts";
import { eventually, RedisServer } from "./helpers.ts";

function collectingLogger(secrets: string[] = []): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const redact = redactor(secrets);
  return { log: new Logger({ level: "debug", sink: (line) => lines.push(redact(line)) }), lines };
}

Deno.test("store URL: host, port, db, password from the URL or the environment, never displayed", () => {
  const plain = parseStoreUrl("redis://127.0.0.1:6400/3");
  assert.deepEqual([plain.host, plain.port, plain.db, plain.password], ["127.0.0.1", 6400, 3, undefined]);
  assert.equal(plain.display, "redis://127.0.0.1:6400/3");
  assert.equal(parseStoreUrl("redis://localhost").port, 6379);
  const secret = parseStoreUrl("redis://:s3cr%40t@127.0.0.1:6400");
  assert.equal(secret.password, "s3cr@t");
  assert.equal(secret.display, "redis://:***@127.0.0.1:6400");
  const fromEnv = parseStoreUrl("redis://127.0.0.1:6400", "envpass");
  assert.equal(fromEnv.password, "envpass");
  assert.ok(!fromEnv.display.includes("envpass"));
  // Boundaries: db 15 accepted, 16 refused; port 65535 accepted, 65536 refused.
  assert.equal(parseStoreUrl("redis://h:65535/15").db, 15);
  assert.throws(() => parseStoreUrl("redis://h:6379/16"), /database must be a number 0-15/);
  assert.throws(() => parseStoreUrl("redis://h:65536"), /--store must look like/);
  assert.throws(() => parseStoreUrl("http://h:1"), /redis:\/\/ URL/);
  assert.throws(() => parseStoreUrl("redis://:a@h:1", "b"), /not both/);
  assert.throws(() => parseStoreUrl("redis://h:1/x"), /database/);
  // An unparsable URL is echoed without its password.
  assert.throws(
    () => parseStoreUrl("redis://:hunter2@h:99999"),
    (e: Error) => !e.message.includes("hunter2"),
  );
  assert.equal(redactUrl("redis://u:pw@h:1"), "redis://u:***@h:1");
  assert.equal(redactor(["a b", "p/w"])("x a b p%2Fw p/w"), "x *** *** ***");
});

Deno.test("store client: one log line per outage, listeners run when the store is back", async () => {
  const redis = await RedisServer.start({ password: "pa55-word" });
  const { log, lines } = collectingLogger();
  const client = new StoreClient({
    address: parseStoreUrl(redis.url),
    replica: "t",
    log,
    backoff: { baseMs: 20, capMs: 200 },
  });
  let ups = 0;
  client.onUp(() => ups++);
  try {
    assert.equal(await client.connect(), true);
    assert.equal(ups, 1);
    assert.equal(await client.attempt("ping", () => client.redis.ping()), "PONG");
    await redis.stop();
    await eventually(() => !client.up, 5000, "the client to notice the outage");
    // Many failed attempts and commands meanwhile, one line.
    for (let i = 0; i < 20; i++) {
      assert.equal(await client.attempt("ping", () => client.redis.ping()), undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 600)); // several reconnection attempts
    assert.equal(lines.filter((l) => /unreachable/.test(l)).length, 1, lines.join("\n"));
    await redis.restart();
    await eventually(() => client.up, 10_000, "the client to reconnect");
    assert.equal(ups, 2);
    assert.equal(lines.filter((l) => /is back after/.test(l)).length, 1);
    assert.ok(lines.every((l) => !l.includes("pa55-word")), "the password never appears");
  } finally {
    client.close();
    await redis.stop();
  }
});

async function sharedCache(redis: RedisServer, replica: string, capacity = 100, ttlMs = 0) {
  const { log, lines } = collectingLogger();
  const client = new StoreClient({ address: parseStoreUrl(redis.url), replica, log });
  await client.connect();
  const follower = new StreamFollower(client, 200);
  const local = await SemanticCache.create({ capacity: capacity * 2, ttlMs });
  const cache = new SharedCache(local, { client, follower, replica, capacity, ttlMs, log });
  await cache.start();
  follower.start();
  return {
    cache,
    client,
    lines,
    async close() {
      await follower.close();
      client.close();
      await cache.close();
    },
  };
}

const answer = (text: string) => ({ text, tokens: text.split(" ").length, backend: "s1" });

Deno.test("shared cache: an answer stored through A is a paraphrase hit on B; eviction obeys one capacity", async () => {
  const redis = await RedisServer.start();
  const a = await sharedCache(redis, "a", 3);
  const b = await sharedCache(redis, "b", 3);
  try {
    await a.cache.store("m|greedy", "What is the capital of France?", answer("Paris"));
    const hit = await eventually(
      () => b.cache.lookup("m|greedy", "what's the capital of france"),
      5000,
      "B to see A's entry",
    );
    assert.equal(hit?.text, "Paris");
    assert.equal(hit?.kind, "semantic");
    // Another partition never answers.
    assert.equal(await b.cache.lookup("m|max=9", "What is the capital of France?"), undefined);
    // Capacity 3 across both replicas: the third entry fits, the fourth evicts the least recently used.
    await b.cache.store("m|greedy", "How tall is Mount Everest?", answer("8849 m"));
    await a.cache.store("m|greedy", "Who wrote Hamlet?", answer("Shakespeare"));
    assert.equal(await redis.command("ZCARD ailb:cache:lru"), ":3\r\n");
    await b.cache.lookup("m|greedy", "What is the capital of France?"); // touches France: Everest is now LRU
    await new Promise((resolve) => setTimeout(resolve, 100));
    await a.cache.store("m|greedy", "What is the boiling point of water?", answer("100 C"));
    assert.equal(await redis.command("ZCARD ailb:cache:lru"), ":3\r\n");
    for (const replica of [a, b]) {
      await eventually(
        async () => (await replica.cache.lookup("m|greedy", "How tall is Mount Everest?")) === undefined,
        5000,
        "the eviction to reach every replica",
      );
      assert.equal((await replica.cache.lookup("m|greedy", "What is the capital of France?"))?.text, "Paris");
      assert.equal((await replica.cache.lookup("m|greedy", "Who wrote Hamlet?"))?.text, "Shakespeare");
    }
    // The model that produced an answer travels with it: a request for another model is not served it.
    await a.cache.store("m|greedy", "Why is the sky blue?", {
      ...answer("Rayleigh scattering"),
      model: "m1",
    });
    const forM1 = await eventually(
      () => b.cache.lookup("m|greedy", "Why is the sky blue?", "m1"),
      5000,
      "m1",
    );
    assert.equal(forM1?.model, "m1");
    assert.equal(await b.cache.lookup("m|greedy", "Why is the sky blue?", "m2"), undefined);
  } finally {
    await a.close();
    await b.close();
    await redis.stop();
  }
});

Deno.test("shared cache: entries stored while the store is away reach it on return; a restart resyncs", async () => {
  const redis = await RedisServer.start();
  const a = await sharedCache(redis, "a");
  let b: Awaited<ReturnType<typeof sharedCache>> | undefined;
  try {
    await redis.stop();
    await eventually(() => !a.client.up, 5000, "A to notice the outage");
    await a.cache.store("m", "Name the largest planet", answer("Jupiter")); // does not fail
    assert.equal((await a.cache.lookup("m", "Name the largest planet"))?.text, "Jupiter");
    await redis.restart();
    await eventually(
      async () => (await redis.command("ZCARD ailb:cache:lru")) === ":1\r\n",
      10_000,
      "the upload",
    );
    // A replica starting now loads what the store holds.
    b = await sharedCache(redis, "b");
    assert.equal((await b.cache.lookup("m", "Name the largest planet"))?.text, "Jupiter");
    assert.ok(a.lines.some((l) => /unreachable/.test(l)));
  } finally {
    await a.close();
    await b?.close();
    await redis.stop();
  }
});

/** A stand-in for the balancer: a list of own servers, and the ones it adopted through the store. */
function testHost(name: string, own: ServerRecord[] = []) {
  const adopted = new Map<string, ServerRecord>();
  const listeners = new Set<(event: BalancerEvent) => void>();
  const host: ClusterHost & {
    own: ServerRecord[];
    adopted: Map<string, ServerRecord>;
    emit(e: BalancerEvent): void;
  } = {
    own,
    adopted,
    ownServers: () => host.own,
    adoptedServers: () => [...adopted.values()],
    knows: (id) => host.own.some((r) => r.id === id) || adopted.has(id),
    observe: () => {},
    adopt: (record) => {
      adopted.set(record.id, record);
      return Promise.resolve();
    },
    describeReplica: (): ReplicaRecord => ({
      name,
      address: `127.0.0.1:${name.length}`,
      started_at: 0,
      servers: host.own.length,
      routes_to: host.own.length + adopted.size,
      in_flight: 0,
    }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => listeners.forEach((l) => l(event)),
  };
  return host;
}

Deno.test("registry: a server registered on A is adopted by B within 2 s; it outlives A in the store", async () => {
  const redis = await RedisServer.start();
  const parts = await Promise.all(["a", "b"].map(async (name) => {
    const { log } = collectingLogger();
    const client = new StoreClient({ address: parseStoreUrl(redis.url), replica: name, log });
    await client.connect();
    const follower = new StreamFollower(client, 200);
    const host = testHost(name);
    const cluster = new RedisCluster({
      client,
      follower,
      replica: name,
      heartbeatMs: 500,
      heartbeatTimeoutMs: 1500,
      log,
    });
    await cluster.start(host);
    follower.start();
    return { client, follower, host, cluster };
  }));
  const [a, b] = parts;
  try {
    const record: ServerRecord = {
      id: "127.0.0.1:9",
      host: "127.0.0.1",
      port: 9,
      name: "s9",
      model: "m",
      engine: "synthetic",
      weight: 1,
      concurrency: 4,
      via: "a",
      load: { in_flight: 0, queued: 0, tokens_per_s: 0 },
      registered_at: Date.now(),
    };
    a.host.own.push(record);
    const started = performance.now();
    a.host.emit({ type: "backend_up", backend: record.id });
    await eventually(() => b.host.adopted.has(record.id), 2000, "B to adopt A's server");
    assert.ok(performance.now() - started < 2000);
    await a.cluster.sync();
    await b.cluster.sync();
    assert.deepEqual(b.cluster.replicas().map((r) => [r.id, r.self]).sort(), [["a", false], ["b", true]]);
    assert.equal(b.cluster.replicas().find((r) => r.id === "a")?.servers, 1);
    assert.equal(b.cluster.replicas().find((r) => r.id === "b")?.routes_to, 1);
    // A stops (as if it died: its records are no longer refreshed). B still routes to the server, so once
    // A's record expires B keeps it in the store, and A leaves the replica list.
    await a.cluster.close();
    const via = async () => JSON.parse(await redisGet(redis, `ailb:server:${record.id}`) ?? "{}").via;
    await eventually(async () => (await via()) === "b", 5000, "B to take over the server's record");
    await b.cluster.sync();
    assert.deepEqual(b.cluster.replicas().map((r) => [r.id, r.state]), [["a", "down"], ["b", "up"]]);
  } finally {
    for (const p of parts) {
      await p.cluster.close();
      await p.follower.close();
      p.client.close();
    }
    await redis.stop();
  }
});

/** GET through the raw protocol: the bulk string, or null. */
async function redisGet(redis: RedisServer, key: string): Promise<string | null> {
  const reply = await redis.command(`GET ${key}`);
  if (reply.startsWith("$-1")) return null;
  return reply.slice(reply.indexOf("\r\n") + 2, reply.lastIndexOf("\r\n"));
}
