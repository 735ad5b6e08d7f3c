/**
 * The dashboard's memory: what happened over the last minute, 15 minutes or
 * hour, kept by the balancer in two fixed rings of time buckets (60 × 1 s and
 * 360 × 10 s) so memory stays bounded however long it runs, plus the most
 * recent requests. Fed by {@link Balancer.subscribe} events and a once-a-second
 * sample of the gauges (in flight and queued, per server).
 *
 * @module
 */
import type { Balancer, BalancerEvent } from "../lib/balancer/balancer.ts";
import { generationRate } from "./metrics.ts";

/** The time windows the dashboard offers. */
export const WINDOWS = {
  "1m": { stepMs: 1_000, points: 60 },
  "15m": { stepMs: 10_000, points: 90 },
  "1h": { stepMs: 60_000, points: 60 },
} as const;
/** One of {@link WINDOWS}. */
export type WindowName = keyof typeof WINDOWS;

/** Requests kept for the recent-requests log. */
export const RECENT_REQUESTS = 50;

const FINE = { stepMs: 1_000, count: 61 };
const COARSE = { stepMs: 10_000, count: 361 };

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
interface ServerSlice {
  finished: number;
  tokens: number;
  /** Peaks of the once-a-second samples. */
  inFlight: number;
  queued: number;
}

type LatencyKey = "ttftGenerated" | "totalGenerated" | "ttftCached" | "totalCached";

class Bucket {
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

  server(id: string): ServerSlice {
    let slice = this.servers.get(id);
    if (!slice) this.servers.set(id, slice = { finished: 0, tokens: 0, inFlight: 0, queued: 0 });
    return slice;
  }

  observe(key: LatencyKey, ms: number): void {
    (this.latency[key] ??= new LogHistogram()).add(ms);
  }
}

/** A ring of consecutive buckets; old ones are overwritten as time moves on. */
class Ring {
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

/** Percentiles of one latency, ms (null without samples). */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  count: number;
}

/** One point of a window's time series. */
export interface HistoryPoint {
  /** Start of the point's interval, ms since the epoch. */
  t: number;
  started: number;
  finished: number;
  /** Finished with a failure (cancellations are not failures). */
  errors: number;
  cancelled: number;
  cache_hits: number;
  coalesced: number;
  tokens: number;
  /** Peak of the balancer's queue. */
  waiting: number;
  /** Generated answers' latency percentiles over this point, ms. */
  ttft_p50: number | null;
  total_p50: number | null;
  total_p95: number | null;
  total_p99: number | null;
  /** Per server id: requests finished, tokens, and the peaks of in flight and queued. */
  servers: Record<string, { finished: number; tokens: number; in_flight: number; queued: number }>;
}

/** A request in the recent-requests log. */
export interface RecentRequest {
  at: string;
  prompt: string;
  backend: string | null;
  /** How it was answered without generating, or null when a server generated it. */
  cache: "exact" | "semantic" | "coalesced" | null;
  ttft_ms: number | null;
  total_ms: number;
  tokens: number;
  /** Tokens per second after the first token (null for cached answers and one-token answers). */
  tokens_per_s: number | null;
  outcome: string;
}

/** What `/api/history` and the live feed send for one window. */
export interface HistoryView {
  window: WindowName;
  step_ms: number;
  /** Oldest first; the last point is the current, partial one. */
  points: HistoryPoint[];
  summary: {
    /** Requests started and finished per second over the last 10 complete seconds. */
    started_per_s: number;
    finished_per_s: number;
    /** Failed ÷ finished over the window (null before any finished). */
    error_rate: number | null;
    /** Cache hits ÷ requests that looked the cache up, over the window (null without lookups). */
    cache_hit_rate: number | null;
    latency: {
      generated: { ttft: Percentiles; total: Percentiles };
      cached: { ttft: Percentiles; total: Percentiles };
    };
  };
  recent: RecentRequest[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function percentiles(h: LogHistogram | undefined): Percentiles {
  return {
    p50: h?.quantile(0.5) ?? null,
    p95: h?.quantile(0.95) ?? null,
    p99: h?.quantile(0.99) ?? null,
    count: h?.total ?? 0,
  };
}

/** Keeps the dashboard's windows for one balancer. */
export class History {
  readonly #fine = new Ring(FINE.stepMs, FINE.count);
  readonly #coarse = new Ring(COARSE.stepMs, COARSE.count);
  readonly #recent: RecentRequest[] = [];
  readonly #unsubscribe: () => void;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    readonly balancer: Pick<Balancer, "subscribe" | "status">,
    readonly now: () => number = Date.now,
  ) {
    this.#unsubscribe = balancer.subscribe((event) => this.#record(event));
    this.#timer = setInterval(() => this.sample(), 1000);
    // A timer must not keep a process (or a test) alive on its own.
    Deno.unrefTimer(this.#timer);
  }

  /** Both buckets covering now. */
  #buckets(): Bucket[] {
    const now = this.now();
    return [this.#fine.at(now), this.#coarse.at(now)];
  }

  #record(event: BalancerEvent): void {
    if (event.type === "request_start") {
      for (const b of this.#buckets()) b.started++;
      return;
    }
    if (event.type !== "request_end") return;
    const failed = event.outcome !== "ok" && event.outcome !== "cancelled";
    for (const b of this.#buckets()) {
      b.finished++;
      if (failed) b.errors++;
      if (event.outcome === "cancelled") b.cancelled++;
      if (event.cacheLookup) b.lookups++;
      if (event.cacheKind === "coalesced") b.coalesced++;
      else if (event.cacheKind) b.cacheHits++;
      b.tokens += event.tokens;
      if (event.outcome === "ok") {
        const kind = event.cached ? "Cached" : "Generated";
        if (event.ttftMs !== undefined) b.observe(`ttft${kind}`, event.ttftMs);
        b.observe(`total${kind}`, event.totalMs);
      }
      if (event.backend && !event.cached) {
        const slice = b.server(event.backend);
        slice.finished++;
        slice.tokens += event.tokens;
      }
    }
    const rate = generationRate(event);
    this.#recent.push({
      at: new Date(this.now()).toISOString(),
      prompt: event.prompt,
      backend: event.backend ?? null,
      cache: event.cacheKind ?? null,
      ttft_ms: event.ttftMs === undefined ? null : round1(event.ttftMs),
      total_ms: round1(event.totalMs),
      tokens: event.tokens,
      tokens_per_s: rate === undefined ? null : round1(rate),
      outcome: event.outcome,
    });
    if (this.#recent.length > RECENT_REQUESTS) this.#recent.shift();
  }

  /** Samples the gauges into the current buckets (every second; tests may call it directly). */
  sample(): void {
    const status = this.balancer.status();
    const buckets = this.#buckets();
    for (const b of buckets) b.waiting = Math.max(b.waiting, status.queue.waiting);
    for (const server of status.backends) {
      if (server.state === "down") continue;
      for (const b of buckets) {
        const slice = b.server(server.id);
        slice.inFlight = Math.max(slice.inFlight, server.in_flight);
        slice.queued = Math.max(slice.queued, server.queued);
      }
    }
  }

  /** The series, summary and recent requests for one window. */
  view(window: WindowName): HistoryView {
    const { stepMs, points: count } = WINDOWS[window];
    const ring = stepMs === FINE.stepMs ? this.#fine : this.#coarse;
    const perPoint = stepMs / ring.stepMs;
    const now = this.now();
    const last = Math.floor(now / stepMs) * stepMs;
    const points: HistoryPoint[] = [];
    const whole: Partial<Record<LatencyKey, LogHistogram>> = {};
    let lookups = 0, hits = 0, finished = 0, errors = 0;
    for (let t = last - (count - 1) * stepMs; t <= last; t += stepMs) {
      const merged = new Bucket(t);
      for (let i = 0; i < perPoint; i++) {
        const b = ring.get(t + i * ring.stepMs);
        if (b) mergeInto(merged, b);
      }
      for (const [key, h] of Object.entries(merged.latency) as [LatencyKey, LogHistogram][]) {
        (whole[key] ??= new LogHistogram()).merge(h);
      }
      hits += merged.cacheHits;
      lookups += merged.lookups;
      finished += merged.finished;
      errors += merged.errors;
      const gen = merged.latency;
      points.push({
        t,
        started: merged.started,
        finished: merged.finished,
        errors: merged.errors,
        cancelled: merged.cancelled,
        cache_hits: merged.cacheHits,
        coalesced: merged.coalesced,
        tokens: merged.tokens,
        waiting: merged.waiting,
        ttft_p50: gen.ttftGenerated?.quantile(0.5) ?? null,
        total_p50: gen.totalGenerated?.quantile(0.5) ?? null,
        total_p95: gen.totalGenerated?.quantile(0.95) ?? null,
        total_p99: gen.totalGenerated?.quantile(0.99) ?? null,
        servers: Object.fromEntries(
          [...merged.servers].map((
            [id, s],
          ) => [id, { finished: s.finished, tokens: s.tokens, in_flight: s.inFlight, queued: s.queued }]),
        ),
      });
    }
    let started10 = 0, finished10 = 0;
    const second = Math.floor(now / 1000) * 1000;
    for (let t = second - 10_000; t < second; t += 1000) {
      const b = this.#fine.get(t);
      started10 += b?.started ?? 0;
      finished10 += b?.finished ?? 0;
    }
    return {
      window,
      step_ms: stepMs,
      points,
      summary: {
        started_per_s: started10 / 10,
        finished_per_s: finished10 / 10,
        error_rate: finished ? Number((errors / finished).toFixed(4)) : null,
        cache_hit_rate: lookups ? Number((hits / lookups).toFixed(4)) : null,
        latency: {
          generated: { ttft: percentiles(whole.ttftGenerated), total: percentiles(whole.totalGenerated) },
          cached: { ttft: percentiles(whole.ttftCached), total: percentiles(whole.totalCached) },
        },
      },
      recent: [...this.#recent].reverse(),
    };
  }

  /** Stops listening and sampling. */
  close(): void {
    this.#unsubscribe();
    clearInterval(this.#timer);
  }
}

function mergeInto(into: Bucket, from: Bucket): void {
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
