import type { BackendView, RequestOutcome, RequestView, Strategy } from "./strategy.ts";

/** Options of {@link LeastLoad}. */
export interface LeastLoadOptions {
  /** Clock in ms (tests inject one). */
  now?: () => number;
  /** Half-life of a backend's best measured rate, so a server that got slower is believed in time. */
  rateHalfLifeMs?: number;
  /** A backend is never rated below this fraction of the pool's median (per unit of weight). */
  floor?: number;
}

interface Rate {
  /** Best tokens/s seen in heartbeats, decaying with the half-life. */
  tokensPerS: number;
  at: number;
}

/**
 * Expected time to finish: each backend's outstanding tokens (the expected
 * lengths — `max_tokens` — of every request sent there and not yet ended,
 * whether running or queued on the server) divided by its measured capacity
 * in tokens/s, and the new request goes where it would finish first:
 *
 *   eta = max(mine / perStream, (outstanding + mine) / capacity)
 *
 * The first term is how long the request itself takes once running (one of
 * `concurrency` streams, `capacity / concurrency` each); the second is how
 * long the backend needs to drain everything in front of it too.
 *
 * Capacity is the larger of two measurements, each a lower bound of what the
 * server can do: the best tokens/s it reported in its heartbeats (a rate the
 * server really sustained, but only as high as the work it was given), and the
 * speed of the requests this balancer saw it finish (tokens ÷ time, smoothed)
 * times its concurrency — which does not need the server to be busy, so a
 * server that was given little work is not mistaken for a slow one. Both
 * decay (half-life 60 s) so a server that got slower is believed in time. A
 * backend not measured yet starts from the pool's median, scaled by its
 * weight.
 */
export class LeastLoad implements Strategy {
  readonly name = "least-load";
  readonly #outstanding = new Map<string, number>();
  readonly #rates = new Map<string, Rate>();
  /** Per backend: smoothed tokens/s of one request stream, from requests seen to finish. */
  readonly #streams = new Map<string, Rate>();
  readonly #started = new Map<string, number>();
  readonly #now: () => number;
  readonly #halfLifeMs: number;
  readonly #floor: number;
  #tieBreak = 0;

  constructor(options: LeastLoadOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#halfLifeMs = options.rateHalfLifeMs ?? 60_000;
    this.#floor = options.floor ?? 0.25;
  }

  /** Tokens this strategy expects `backend` still has to produce. */
  outstanding(backend: BackendView): number {
    return this.#outstanding.get(backend.id) ?? 0;
  }

  /** The capacity (tokens/s) this strategy believes `backend` has, given the pool it is in. */
  capacity(backend: BackendView, pool: readonly BackendView[]): number {
    const perWeight = pool.map((b) => this.#measured(b) / b.weight).filter((r) => r > 0).sort((a, b) =>
      a - b
    );
    const median = perWeight.length ? perWeight[Math.floor(perWeight.length / 2)] : 1;
    return Math.max(this.#measured(backend), this.#floor * median * backend.weight);
  }

  select(candidates: readonly BackendView[], request: RequestView): BackendView | undefined {
    if (candidates.length <= 1) return candidates[0];
    const now = this.#now();
    for (const backend of candidates) this.#observe(backend, now);
    let best: BackendView[] = [];
    let bestEta = Infinity;
    for (const backend of candidates) {
      const capacity = this.capacity(backend, candidates);
      const perStream = capacity / Math.max(1, backend.concurrency);
      const mine = Math.max(1, request.maxTokens);
      const eta = Math.max(mine / perStream, (this.outstanding(backend) + mine) / capacity);
      if (eta < bestEta - 1e-9) [best, bestEta] = [[backend], eta];
      else if (eta <= bestEta + 1e-9) best.push(backend);
    }
    return best[this.#tieBreak++ % best.length];
  }

  onStart(backend: BackendView, request: RequestView): void {
    this.#outstanding.set(backend.id, this.outstanding(backend) + Math.max(1, request.maxTokens));
    this.#started.set(`${backend.id}\n${request.id}`, this.#now());
  }

  onEnd(backend: BackendView, request: RequestView, outcome?: RequestOutcome, tokens?: number): void {
    const left = this.outstanding(backend) - Math.max(1, request.maxTokens);
    this.#outstanding.set(backend.id, Math.max(0, left));
    const key = `${backend.id}\n${request.id}`;
    const started = this.#started.get(key);
    this.#started.delete(key);
    if (outcome !== "ok" || started === undefined || !tokens) return;
    const seconds = (this.#now() - started) / 1000;
    if (seconds <= 0) return;
    // Smoothed over requests; #stream's decay still ages it when requests stop.
    const speed = tokens / seconds;
    const previous = this.#stream(backend);
    this.#streams.set(backend.id, {
      tokensPerS: previous > 0 ? 0.8 * previous + 0.2 * speed : speed,
      at: this.#now(),
    });
  }

  /** Smoothed speed of one of `backend`'s streams (tokens/s); 0 before a request finished there. */
  #stream(backend: BackendView): number {
    const rate = this.#streams.get(backend.id);
    return rate ? rate.tokensPerS * 0.5 ** ((this.#now() - rate.at) / this.#halfLifeMs) : 0;
  }

  onBackendRemoved(backend: BackendView): void {
    this.#outstanding.delete(backend.id);
    this.#rates.delete(backend.id);
    this.#streams.delete(backend.id);
  }

  #measured(backend: BackendView): number {
    const rate = this.#rates.get(backend.id);
    const reported = rate ? rate.tokensPerS * 0.5 ** ((this.#now() - rate.at) / this.#halfLifeMs) : 0;
    return Math.max(reported, this.#stream(backend) * Math.max(1, backend.concurrency));
  }

  #observe(backend: BackendView, now: number): void {
    const reported = backend.load.tokens_per_s;
    if (reported > 0 && reported >= this.#measured(backend)) {
      this.#rates.set(backend.id, { tokensPerS: reported, at: now });
    }
  }
}
