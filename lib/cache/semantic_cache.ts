/**
 * The semantic cache the balancer consults: exact match on normalised text first, then nearest neighbours by
 * embedding, each candidate checked by the word-level verifier and the similarity threshold. Entries are kept
 * per partition (the balancer's key of what changes the answer: model, max_tokens, sampling policy) and evicted
 * least-recently-used first, with an optional time to live.
 */
import { LRUCache } from "lru-cache";
import { createEmbedder, type Embedder } from "./embedder.ts";
import { Lexicon } from "./lexicon.ts";
import { normalizePrompt } from "./normalize.ts";
import { checkCacheFilePath, loadCacheFile, type PersistedEntry, saveCacheFile } from "./persist.ts";
import {
  type CachedAnswer,
  type CacheHit,
  type CacheOptions,
  type CacheStats,
  DEFAULT_MAX_BYTES,
  DEFAULT_THRESHOLD,
  entryBytes,
} from "./types.ts";
import { verifySamePrompt } from "./verifier.ts";
import { CLUSTERED, VectorIndex } from "./vector_index.ts";

export type { CachedAnswer, CacheHit, CacheOptions, CacheStats };
export { DEFAULT_MAX_BYTES, DEFAULT_THRESHOLD };

/** How many nearest neighbours the verifier may examine per lookup. */
const CANDIDATES = 5;
/**
 * Prompts longer than this are matched exactly only: verifying a 700-word prompt against a candidate takes
 * ~15 ms of the balancer's event loop, and long prompts (pasted documents) are rarely reworded copies.
 */
const MAX_SEMANTIC_CHARS = 4000;
/**
 * Recent prompt embeddings kept so store() after lookup() of the same prompt does not embed twice. Only prompts
 * that are looked up semantically (≤ MAX_SEMANTIC_CHARS) are kept, so this holds at most ~2 MiB of prompts.
 */
const RECENT_EMBEDDINGS = 256;

interface Entry {
  id: number;
  partition: string;
  prompt: string;
  key: string;
  answer: CachedAnswer;
  storedAt: number;
  bytes: number;
}

/** A prompt shortened for a log line. */
const clip = (text: string) => text.length > 60 ? `${text.slice(0, 57)}...` : text;

function defaultLog(level: "debug" | "info" | "warn", msg: string): void {
  if (level === "warn") console.warn(`cache: ${msg}`);
}

/** LRU + TTL cache of complete answers, looked up by exact or semantically equivalent prompt. */
export class SemanticCache {
  readonly options: Readonly<CacheOptions>;
  readonly #embedder: Embedder;
  readonly #lexicon: Lexicon;
  readonly #lru: LRUCache<string, Entry>;
  readonly #indexes = new Map<string, VectorIndex>();
  readonly #byId = new Map<number, Entry>();
  readonly #recentVectors: LRUCache<string, Float32Array>;
  readonly #log: NonNullable<CacheOptions["log"]>;
  #nextId = 1;
  #bytes = 0;
  /** Every model an entry was stored for (a handful), so a lookup for any model can try each exact key. */
  readonly #models = new Set<string | undefined>();
  #counters = { hits: 0, misses: 0, exact_hits: 0, semantic_hits: 0, stores: 0, evictions: 0, oversized: 0 };
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;

  private constructor(options: CacheOptions, embedder: Embedder, lexicon: Lexicon) {
    this.options = options;
    this.#embedder = embedder;
    this.#lexicon = lexicon;
    this.#log = options.log ?? defaultLog;
    const now = options.now ?? Date.now;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#maxEntryBytes = Math.min(this.#maxBytes, options.maxEntryBytes ?? Math.floor(this.#maxBytes / 16));
    this.#lru = new LRUCache<string, Entry>({
      max: options.capacity,
      maxSize: this.#maxBytes, // evicts least recently used entries until the new one fits
      ttl: options.ttlMs > 0 ? options.ttlMs : 0,
      perf: { now },
      ttlResolution: 0, // read the clock on every check: lru-cache otherwise reuses one reading for 1 ms
      dispose: (entry, _key, reason) => this.#forget(entry, reason),
    });
    this.#recentVectors = new LRUCache({ max: RECENT_EMBEDDINGS });
  }

  /** Loads the embedding model, the lexicon and (when `file` is set) the saved entries. */
  static async create(options: Partial<CacheOptions> = {}): Promise<SemanticCache> {
    const full: CacheOptions = {
      capacity: options.capacity ?? 10_000,
      ttlMs: options.ttlMs ?? 0,
      threshold: options.threshold ?? DEFAULT_THRESHOLD,
      verify: options.verify ?? true,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
    if (!(Number.isInteger(full.capacity) && full.capacity >= 1)) {
      throw new Error(`cache capacity must be a positive integer, got ${full.capacity}`);
    }
    if (!(full.ttlMs >= 0)) throw new Error(`cache ttl must be ≥ 0 ms, got ${full.ttlMs}`);
    const maxBytes = full.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!(Number.isSafeInteger(maxBytes) && maxBytes >= 1)) {
      throw new Error(`cache max bytes must be a positive integer, got ${maxBytes}`);
    }
    if (
      full.maxEntryBytes !== undefined &&
      !(Number.isSafeInteger(full.maxEntryBytes) && full.maxEntryBytes >= 1)
    ) {
      throw new Error(`cache max entry bytes must be a positive integer, got ${full.maxEntryBytes}`);
    }
    if (!(full.threshold > 0 && full.threshold <= 1)) {
      throw new Error(`cache threshold must be in (0, 1], got ${full.threshold}`);
    }
    if (full.file) await checkCacheFilePath(full.file);
    const [embedder, lexicon] = await Promise.all([
      createEmbedder({ model: full.embedModel }),
      Lexicon.load(),
    ]);
    const cache = new SemanticCache(full, embedder, lexicon);
    if (full.file) await cache.#loadFile(full.file);
    return cache;
  }

  /**
   * Exact match first, then the nearest verified neighbour at or above the threshold; undefined on a miss.
   * With `model`, only entries that model produced can answer (entries record the model; partitions do not).
   */
  async lookup(partition: string, prompt: string, model?: string): Promise<CacheHit | undefined> {
    const fits = (entry: Entry) => model === undefined || entry.answer.model === model;
    // Entries of different models for one prompt live side by side; a request for any model takes any of them.
    const models = model === undefined ? this.#models : [model];
    let exact: Entry | undefined;
    for (const m of models) if ((exact = this.#lru.get(this.#key(partition, prompt, m)))) break;
    if (exact) {
      this.#counters.hits++;
      this.#counters.exact_hits++;
      return { ...exact.answer, kind: "exact", similarity: 1, matchedPrompt: exact.prompt };
    }
    const index = this.#indexes.get(partition);
    if (index && index.size > 0 && prompt.length <= MAX_SEMANTIC_CHARS) {
      const vector = await this.#embed(prompt);
      // One debug line per semantic lookup says why it hit or missed (the same reasons `ailb cache explain`
      // prints): each candidate's cosine and the verifier's rule.
      const notes: string[] = [];
      for (const { id, score } of index.search(vector, CANDIDATES)) {
        if (score < this.options.threshold) {
          notes.push(`next cosine ${score.toFixed(3)} < threshold ${this.options.threshold}`);
          break;
        }
        const entry = this.#byId.get(id);
        if (!entry || !fits(entry)) continue;
        let reason = "verifier off";
        if (this.options.verify !== false) {
          const verdict = verifySamePrompt(prompt, entry.prompt, this.#lexicon);
          reason = `${verdict.rule}: ${verdict.reason}`;
          if (!verdict.accepted) {
            notes.push(`"${clip(entry.prompt)}" ${score.toFixed(3)} rejected (${reason})`);
            continue;
          }
        }
        if (!this.#lru.get(entry.key)) continue; // expired meanwhile; get() also refreshes recency on success
        this.#counters.hits++;
        this.#counters.semantic_hits++;
        this.#log(
          "debug",
          `semantic lookup "${clip(prompt)}": hit "${clip(entry.prompt)}" ${score.toFixed(3)} (${reason})`,
        );
        return { ...entry.answer, kind: "semantic", similarity: score, matchedPrompt: entry.prompt };
      }
      this.#log("debug", `semantic lookup "${clip(prompt)}": miss; ${notes.join("; ") || "no candidates"}`);
    }
    this.#counters.misses++;
    return undefined;
  }

  /** Stores a complete answer (replacing one for the same normalised prompt, partition and model). */
  async store(partition: string, prompt: string, answer: CachedAnswer): Promise<void> {
    const vector = await this.#embed(prompt);
    this.#insert(partition, prompt, answer, vector, (this.options.now ?? Date.now)());
    this.#counters.stores++;
  }

  /** Counters and sizes; expired entries are purged first so `entries` counts only servable ones. */
  stats(): CacheStats {
    this.#lru.purgeStale();
    return { ...this.#counters, entries: this.#lru.size, bytes: this.#bytes, max_bytes: this.#maxBytes };
  }

  /** The embedding model's identity: vectors are only comparable between caches with the same one. */
  get identity(): { model: string; dim: number } {
    return { model: this.#embedder.fingerprint, dim: this.#embedder.dim };
  }

  /**
   * The key of an entry: partition, the model that produced it and the normalised prompt, the same on every
   * replica for the same answer.
   */
  keyOf(partition: string, prompt: string, model: string | undefined): string {
    return this.#key(partition, prompt, model);
  }

  /** The live entry under `key` with its vector, without touching its recency; undefined when absent. */
  peek(key: string): PersistedEntry | undefined {
    const entry = this.#lru.peek(key);
    const vector = entry && this.#indexes.get(entry.partition)?.get(entry.id);
    if (!entry || !vector) return undefined;
    const { partition, prompt, answer, storedAt } = entry;
    return { partition, prompt, answer, storedAt, vector: vector.slice() };
  }

  /** Keys of the live entries, least recently used first. */
  keys(): string[] {
    this.#lru.purgeStale();
    return [...this.#lru.rkeys()];
  }

  /**
   * Inserts an entry whose embedding is already known (written by another replica), replacing any under the
   * same key; an entry already past the time to live is ignored. Returns its key.
   */
  put(entry: PersistedEntry): string {
    const { partition, prompt, answer, vector, storedAt } = entry;
    const now = (this.options.now ?? Date.now)();
    const key = this.#key(partition, prompt, answer.model);
    if (this.options.ttlMs > 0 && now - storedAt >= this.options.ttlMs) return key;
    this.#insert(partition, prompt, answer, vector, storedAt);
    return key;
  }

  /** Removes the entry under `key` (evicted by another replica); false when it was not here. */
  delete(key: string): boolean {
    return this.#lru.delete(key);
  }

  /** Writes all live entries to `file` atomically; does nothing when no file was configured. */
  async save(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    this.#lru.purgeStale();
    const entries: PersistedEntry[] = [];
    for (const entry of this.#lru.rvalues()) { // least recently used first
      if (!entry) continue;
      const vector = this.#indexes.get(entry.partition)?.get(entry.id);
      if (!vector) throw new Error(`cache entry ${entry.id} has no vector: index out of sync`);
      const { partition, prompt, answer, storedAt } = entry;
      entries.push({ partition, prompt, answer, storedAt, vector });
    }
    await saveCacheFile(file, { model: this.#embedder.fingerprint, dim: this.#embedder.dim }, entries);
    this.#log("info", `saved ${entries.length} entries to ${file}`);
  }

  /** Saves (when a file is configured) and releases the embedding model. */
  async close(): Promise<void> {
    try {
      await this.save();
    } finally {
      await this.#embedder.dispose();
    }
  }

  #key(partition: string, prompt: string, model: string | undefined): string {
    return `${partition}\u0000${model ?? ""}\u0000${normalizePrompt(prompt, this.#lexicon.spelling)}`;
  }

  async #embed(prompt: string): Promise<Float32Array> {
    const recent = this.#recentVectors.get(prompt);
    if (recent) return recent;
    if (prompt.length > MAX_SEMANTIC_CHARS) {
      // Long prompts are matched exactly only, so their vector never decides a hit: embedding the head is
      // enough, and embedding 100k characters would churn tens of megabytes per store.
      const [vector] = await this.#embedder.embed([prompt.slice(0, MAX_SEMANTIC_CHARS)]);
      return vector;
    }
    const [vector] = await this.#embedder.embed([prompt]);
    this.#recentVectors.set(prompt, vector);
    return vector;
  }

  #insert(
    partition: string,
    prompt: string,
    answer: CachedAnswer,
    vector: Float32Array,
    storedAt: number,
  ): void {
    const key = this.#key(partition, prompt, answer.model);
    const bytes = entryBytes(partition, prompt, key, answer, vector.length);
    if (bytes > this.#maxEntryBytes) {
      this.#counters.oversized++;
      this.#log(
        "debug",
        `not caching "${clip(prompt)}": ${bytes} bytes exceed the entry limit of ${this.#maxEntryBytes}`,
      );
      return;
    }
    this.#models.add(answer.model);
    const entry: Entry = { id: this.#nextId++, partition, prompt, key, answer, storedAt, bytes };
    let index = this.#indexes.get(partition);
    if (!index) {
      index = new VectorIndex(this.#embedder.dim, CLUSTERED);
      this.#indexes.set(partition, index);
    }
    index.add(entry.id, vector);
    this.#byId.set(entry.id, entry);
    this.#bytes += bytes;
    this.#lru.set(key, entry, { start: storedAt, size: bytes });
  }

  #forget(entry: Entry, reason: LRUCache.DisposeReason): void {
    const index = this.#indexes.get(entry.partition);
    index?.remove(entry.id);
    if (index?.size === 0) this.#indexes.delete(entry.partition);
    this.#byId.delete(entry.id);
    this.#bytes -= entry.bytes;
    if (reason === "evict" || reason === "expire") this.#counters.evictions++;
  }

  async #loadFile(file: string): Promise<void> {
    const identity = { model: this.#embedder.fingerprint, dim: this.#embedder.dim };
    const { entries, warning } = await loadCacheFile(file, identity);
    if (warning) this.#log("warn", warning);
    const now = (this.options.now ?? Date.now)();
    let expired = 0;
    for (const entry of entries) { // least recently used first, so the LRU order survives the restart
      if (this.options.ttlMs > 0 && now - entry.storedAt >= this.options.ttlMs) expired++;
      else this.#insert(entry.partition, entry.prompt, entry.answer, entry.vector, entry.storedAt);
    }
    if (entries.length > 0) this.#log("info", `loaded ${entries.length - expired} entries from ${file}`);
  }
}
