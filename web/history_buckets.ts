/**
 * The dashboard history's storage: time buckets of counters, peaks and latency histograms, and the fixed
 * rings that hold them (see `history.ts`, which fills them from balancer events and reads them as views).
 *
 * @module
 */

/**
 * Latencies in geometric bins (1 ms × 1.2^i, up to ~6 min): mergeable across
 * buckets, fixed size, and within 10 % of the true percentile.
 */
export class LogHistogram {
  static readonly BINS = 72;
  static readonly FACTOR = 1.2;
  readonly counts = new Uint32Array(LogHistogram.BINS);
  total = 0;

  /** Adds one latency in milliseconds. */
  add(ms: number): void {
    const bin = ms < 1
      ? 0
      : Math.min(LogHistogram.BINS - 1, 1 + Math.floor(Math.log(ms) / Math.log(LogHistogram.FACTOR)));
    this.counts[bin]++;
    this.total++;
  }

  /** Adds another histogram's counts. */
  merge(other: LogHistogram): void {
    for (let i = 0; i < LogHistogram.BINS; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
  }

  /** The `q` quantile (0–1) in ms, or null when empty: the geometric middle of its bin. */
  quantile(q: number): number | null {
    if (!this.total) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < LogHistogram.BINS; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        if (i === 0) return 0.5;
        const low = LogHistogram.FACTOR ** (i - 1);
        return Math.round(low * Math.sqrt(LogHistogram.FACTOR) * 10) / 10;
      }
    }
    return null;
  }
}

/** Per-server figures of one bucket. */
export interface ServerSlice {
  finished: number;
  tokens: number;
  /** Peaks of the once-a-second samples. */
  inFlight: number;
  queued: number;
}

export type LatencyKey = "ttftGenerated" | "totalGenerated" | "ttftCached" | "totalCached";

/** The figures of one time step. */
export class Bucket {
  started = 0;
  finished = 0;
  errors = 0;
  cancelled = 0;
  cacheHits = 0;
  /** Requests that looked the cache up (hit or not). */
  lookups = 0;
  coalesced = 0;
  tokens = 0;
  /** Peak of the balancer's own queue. */
  waiting = 0;
  latency: Partial<Record<LatencyKey, LogHistogram>> = {};
  servers = new Map<string, ServerSlice>();

  constructor(readonly t: number) {}

  /** This server's slice of the bucket (created empty on first use). */
  server(id: string): ServerSlice {
    let slice = this.servers.get(id);
    if (!slice) this.servers.set(id, slice = { finished: 0, tokens: 0, inFlight: 0, queued: 0 });
    return slice;
  }

  /** Adds one latency sample. */
  observe(key: LatencyKey, ms: number): void {
    (this.latency[key] ??= new LogHistogram()).add(ms);
  }
}

/** A ring of consecutive buckets; old ones are overwritten as time moves on. */
export class Ring {
  readonly #buckets: (Bucket | undefined)[];

  constructor(readonly stepMs: number, readonly count: number) {
    this.#buckets = new Array(count);
  }

  /** The bucket holding time `now`, fresh if its slot held an older one. */
  at(now: number): Bucket {
    const t = Math.floor(now / this.stepMs) * this.stepMs;
    const slot = (t / this.stepMs) % this.count;
    let bucket = this.#buckets[slot];
    if (!bucket || bucket.t !== t) this.#buckets[slot] = bucket = new Bucket(t);
    return bucket;
  }

  /** The bucket starting at `t`, if it is still held. */
  get(t: number): Bucket | undefined {
    const bucket = this.#buckets[(t / this.stepMs) % this.count];
    return bucket?.t === t ? bucket : undefined;
  }
}

/** Adds `from`'s counts to `into` (gauges: the larger peak). */
export function mergeInto(into: Bucket, from: Bucket): void {
  into.started += from.started;
  into.finished += from.finished;
  into.errors += from.errors;
  into.cancelled += from.cancelled;
  into.cacheHits += from.cacheHits;
  into.coalesced += from.coalesced;
  into.tokens += from.tokens;
  into.lookups += from.lookups;
  into.waiting = Math.max(into.waiting, from.waiting);
  for (const [key, h] of Object.entries(from.latency) as [LatencyKey, LogHistogram][]) {
    (into.latency[key] ??= new LogHistogram()).merge(h);
  }
  for (const [id, s] of from.servers) {
    const slice = into.server(id);
    slice.finished += s.finished;
    slice.tokens += s.tokens;
    slice.inFlight = Math.max(slice.inFlight, s.inFlight);
    slice.queued = Math.max(slice.queued, s.queued);
  }
}
