/**
 * The dashboard's memory: what happened over the last minute, 15 minutes or
 * hour, kept by the balancer in two fixed rings of time buckets (60 × 1 s and
 * 360 × 10 s) so memory stays bounded however long it runs, plus the most
 * recent requests. Fed by {@link Balancer.subscribe} events and a once-a-second
 * sample of the gauges (in flight and queued, per server). The buckets, rings
 * and latency histograms themselves are in `history_buckets.ts`.
 *
 * @module
 */
import type { Balancer, BalancerEvent } from "../lib/balancer/balancer.ts";
import { Bucket, type LatencyKey, LogHistogram, mergeInto, Ring } from "./history_buckets.ts";
import { generationRate } from "./metrics.ts";

export { LogHistogram };

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
