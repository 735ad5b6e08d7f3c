/**
 * The semantic cache shared between replicas through Redis.
 *
 * The store holds the entries and decides eviction; each replica keeps a local {@link SemanticCache} (its own
 * vector index) in step with it by tailing a Stream of inserts and evictions, so a lookup, exact or semantic,
 * never leaves the process. Layout (keys start with `ailb:cache:`):
 * - `e:<sha1 of key>`: a hash per entry (key, partition, prompt, answer as JSON, stored_at, vector), with
 *   `PX` = the TTL;
 * - `lru`: a sorted set of entry hashes scored by last use; a store beyond the capacity pops the least
 *   recently used, in the same script, so every replica's write obeys one bound;
 * - `log`: the Stream of `put` (with the vector, so followers need not embed) and `del` events;
 * - `config`: the embedding model, capacity and TTL of the first replica; others must match to share.
 *
 * Faults: while the store is away lookups and stores stay local (nothing fails); entries stored meanwhile are
 * written to the store when it returns, after which the replica resyncs from a snapshot.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import type { Logger } from "../log.ts";
import type { CachedAnswer, CacheHit, CacheStats, SemanticCache } from "../cache/semantic_cache.ts";
import type { PersistedEntry } from "../cache/persist.ts";
import type { ResponseCache } from "../balancer/response_cache.ts";
import { KEY_PREFIX, type StoreClient } from "./client.ts";
import { lastStreamId, type StreamEntry, type StreamFollower } from "./stream_follower.ts";

/** Options of {@link SharedCache}. */
export interface SharedCacheOptions {
  client: StoreClient;
  follower: StreamFollower;
  replica: string;
  /** Entries the store keeps (least recently used go first). */
  capacity: number;
  /** Entries expire this long after being stored; 0 = never. */
  ttlMs: number;
  log: Logger;
}

const PREFIX = `${KEY_PREFIX}cache:`;
const LRU = `${PREFIX}lru`;
const LOG = `${PREFIX}log`;
const CONFIG = `${PREFIX}config`;
/** Snapshot reads are pipelined in batches of this many entries. */
const SNAPSHOT_BATCH = 500;

/**
 * Stores one entry, touches it in the LRU set, logs it, and evicts the least recently used beyond the capacity
 * (logging each eviction with its key so followers drop it). Atomic, so concurrent replicas never overshoot.
 * KEYS: entry hash, lru set, log stream. ARGV: hash, now, ttl, capacity, log length, replica, prefix, fields…
 */
const PUT_SCRIPT = `
local h, now, ttl, capacity, keep, replica, prefix = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 8))
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
redis.call('ZADD', KEYS[2], now, h)
redis.call('XADD', KEYS[3], 'MAXLEN', '~', keep, '*', 'op', 'put', 'h', h, 'replica', replica, unpack(ARGV, 8))
local over = redis.call('ZCARD', KEYS[2]) - capacity
local evicted = 0
if over > 0 then
  local victims = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #victims, 2 do
    local key = redis.call('HGET', prefix .. victims[i], 'key')
    redis.call('DEL', prefix .. victims[i])
    if key then
      redis.call('XADD', KEYS[3], 'MAXLEN', '~', keep, '*', 'op', 'del', 'h', victims[i], 'key', key, 'replica', replica)
    end
    evicted = evicted + 1
  end
end
return evicted
`;

interface StoreCommands {
  ailbCachePut(entry: string, lru: string, log: string, ...args: (string | number)[]): Promise<number>;
}

/** A {@link ResponseCache} whose entries live in Redis and whose lookups stay local. */
export class SharedCache implements ResponseCache {
  readonly local: SemanticCache;
  readonly #options: SharedCacheOptions;
  /** Entries stored while the store was away, written to it when it returns. */
  readonly #pending = new Map<string, { partition: string; prompt: string }>();
  #synced = false;
  #sharing = true;
  #storeEvictions = 0;
  #resyncing: Promise<void> | undefined;

  /** The bounds the store applies (the local copy is a little larger: it only mirrors the store). */
  get options(): { capacity: number; ttlMs: number; threshold: number } {
    return {
      capacity: this.#options.capacity,
      ttlMs: this.#options.ttlMs,
      threshold: this.local.options.threshold,
    };
  }

  constructor(local: SemanticCache, options: SharedCacheOptions) {
    this.local = local;
    this.#options = options;
    options.client.redis.defineCommand("ailbCachePut", { numberOfKeys: 3, lua: PUT_SCRIPT });
  }

  /** Starts following the store (resolves after the first resync, or at once when the store is away). */
  async start(): Promise<void> {
    const { client, follower } = this.#options;
    follower.follow(LOG, "$", (entries) => this.#apply(entries));
    client.onUp(() => void this.resync());
    if (client.up) await this.resync();
  }

  async lookup(partition: string, prompt: string, model?: string): Promise<CacheHit | undefined> {
    const hit = await this.local.lookup(partition, prompt, model);
    if (hit && this.#live) {
      // Recency is shared: a hit here keeps the entry from being evicted by other replicas' stores.
      const h = hashOf(this.local.keyOf(partition, hit.matchedPrompt, hit.model));
      void this.#options.client.attempt(
        "touching a cache entry",
        () => this.#options.client.redis.zadd(LRU, "XX", Date.now(), h),
      );
    }
    return hit;
  }

  async store(partition: string, prompt: string, answer: CachedAnswer): Promise<void> {
    await this.local.store(partition, prompt, answer);
    const key = this.local.keyOf(partition, prompt, answer.model);
    if (!this.#live || !(await this.#write(key))) this.#pending.set(key, { partition, prompt });
  }

  stats(): CacheStats {
    const stats = this.local.stats();
    return { ...stats, evictions: stats.evictions + this.#storeEvictions };
  }

  /** Saves the local copy when a cache file is configured. */
  save(): Promise<void> {
    return this.local.save();
  }

  /** Releases the embedding model (the follower is closed by its owner). */
  close(): Promise<void> {
    return this.local.close();
  }

  /** Sharing is on and the store is reachable. */
  get #live(): boolean {
    return this.#sharing && this.#options.client.up;
  }

  /**
   * Brings the local copy in step with the store: position the log first (so nothing written during the
   * snapshot is missed; replaying it is harmless), then load every stored entry, then write what was stored
   * here while the store was away. On the first sync after start-up, local entries (from a cache file) the
   * store lacks are written too; later, local entries the store dropped meanwhile are dropped here.
   */
  resync(): Promise<void> {
    this.#resyncing ??= this.#resyncOnce().finally(() => this.#resyncing = undefined);
    return this.#resyncing;
  }

  async #resyncOnce(): Promise<void> {
    const { client, follower, log } = this.#options;
    const ok = await client.attempt("resyncing the cache", async () => {
      const config = await this.#checkConfig();
      if (config === "mismatch") return false;
      follower.seek(LOG, await lastStreamId(client.redis, LOG));
      const stored = new Set<string>();
      const members = await client.redis.zrange(LRU, "0", "-1"); // least recently used first
      for (let at = 0; at < members.length; at += SNAPSHOT_BATCH) {
        const batch = client.redis.pipeline();
        for (const h of members.slice(at, at + SNAPSHOT_BATCH)) batch.hgetall(PREFIX + "e:" + h);
        for (const [, fields] of (await batch.exec()) ?? []) {
          const entry = decode(fields as Record<string, string>);
          if (!entry) continue; // expired meanwhile
          stored.add(entry.key);
          const present = this.local.peek(entry.key);
          if (present?.storedAt !== entry.entry.storedAt) this.local.put(entry.entry);
        }
      }
      // A store that lost everything (restarted empty) gets all of ours back, as at first contact.
      const first = !this.#synced || config === "fresh";
      let uploaded = 0, dropped = 0;
      for (const key of this.local.keys()) {
        if (stored.has(key)) continue;
        if (first || this.#pending.has(key)) {
          if (await this.#write(key)) uploaded++;
        } else if (this.local.delete(key)) dropped++;
      }
      this.#pending.clear();
      this.#synced = true;
      log.info(`Cache in step with the store`, { entries: this.local.stats().entries, uploaded, dropped });
      return true;
    });
    if (ok === false) this.#sharing = false;
  }

  /** Every replica sharing a store must embed with the same model, or their vectors mean nothing to each other. */
  async #checkConfig(): Promise<"fresh" | "match" | "mismatch"> {
    const { client, log, capacity, ttlMs } = this.#options;
    const mine = { ...this.local.identity, capacity, ttl_ms: ttlMs };
    if ((await client.redis.set(CONFIG, JSON.stringify(mine), "NX")) === "OK") return "fresh";
    const theirs = JSON.parse((await client.redis.get(CONFIG)) ?? "{}");
    if (theirs.model !== mine.model || theirs.dim !== mine.dim) {
      log.error(
        `The store's cache was built with embedding model ${theirs.model} (${theirs.dim} dims), this replica ` +
          `uses ${mine.model} (${mine.dim} dims): not sharing the cache; this replica keeps its own`,
      );
      return "mismatch";
    }
    if (theirs.capacity !== capacity || theirs.ttl_ms !== ttlMs) {
      log.warn(
        `The store's cache was configured with --cache-size ${theirs.capacity} and --cache-ttl ${theirs.ttl_ms} ms; ` +
          `this replica uses ${capacity} and ${ttlMs} ms: the smallest bound wins wherever it applies`,
      );
    }
    return "match";
  }

  /** Writes one local entry to the store; false when the store is away (the entry is kept for later). */
  async #write(key: string): Promise<boolean> {
    const entry = this.local.peek(key);
    if (!entry) return true; // evicted or expired locally meanwhile: nothing to share
    const { client, replica, capacity, ttlMs } = this.#options;
    const h = hashOf(key);
    const ttlLeft = ttlMs > 0 ? Math.max(1, ttlMs - (Date.now() - entry.storedAt)) : 0;
    const evicted = await client.attempt(
      "storing a cache entry",
      () =>
        (client.redis as unknown as StoreCommands).ailbCachePut(
          `${PREFIX}e:${h}`,
          LRU,
          LOG,
          h,
          Date.now(),
          ttlLeft,
          capacity,
          Math.max(1000, capacity),
          replica,
          `${PREFIX}e:`,
          ...encode(key, entry),
        ),
    );
    return evicted !== undefined;
  }

  #apply(entries: StreamEntry[]): void {
    if (!this.#sharing) return;
    for (const { id, fields } of entries) {
      try {
        if (fields.op === "put") {
          if (fields.replica === this.#options.replica) continue; // already here
          const decoded = decode(fields);
          if (decoded) this.local.put(decoded.entry);
        } else if (fields.op === "del" && fields.key !== undefined) {
          if (this.local.delete(fields.key)) this.#storeEvictions++;
        }
      } catch (error) {
        this.#options.log.warn(`Cache log entry ${id} ignored: ${(error as Error).message}`);
      }
    }
  }
}

/** The store's name for an entry: a fixed-length digest of its key (keys hold whole prompts). */
function hashOf(key: string): string {
  return createHash("sha1").update(key).digest("hex");
}

function encode(key: string, entry: PersistedEntry): string[] {
  const vector = Buffer.from(entry.vector.buffer, entry.vector.byteOffset, entry.vector.byteLength);
  return [
    "key",
    key,
    "partition",
    entry.partition,
    "prompt",
    entry.prompt,
    // The whole answer (text, tokens, backend, model, finish reason…) as JSON: fields added later travel too.
    "answer",
    JSON.stringify(entry.answer),
    "stored_at",
    String(entry.storedAt),
    "vector",
    vector.toString("base64"),
  ];
}

function decode(fields: Record<string, string>): { key: string; entry: PersistedEntry } | undefined {
  if (!fields || fields.key === undefined || fields.vector === undefined || fields.answer === undefined) {
    return undefined;
  }
  const bytes = Buffer.from(fields.vector, "base64");
  const vector = new Float32Array(bytes.length / 4);
  new Uint8Array(vector.buffer).set(bytes);
  return {
    key: fields.key,
    entry: {
      partition: fields.partition,
      prompt: fields.prompt,
      answer: JSON.parse(fields.answer) as CachedAnswer,
      storedAt: Number(fields.stored_at),
      vector,
    },
  };
}
