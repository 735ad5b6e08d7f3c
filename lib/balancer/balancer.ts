/**
 * The balancer's core: the registry of backends and `dispatch`, the one path
 * every request takes (TCP clients and the web UI alike):
 *
 *   client → balancer → cache → strategy → backend → stream back
 *
 * Transport lives elsewhere (`listener.ts` for TCP, `web/` for WebSocket).
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { type GenerationParams, toGenerationParams, toWireParams } from "../params.ts";
import {
  type DoneStats,
  type ErrorCode,
  type MessageOf,
  ProtocolError,
  type ServerStats,
  type WireParams,
} from "../protocol.ts";
import type { RequestOutcome, Strategy } from "../strategies/index.ts";
import { Backend, type BackendEvent, type BackendSettings } from "./backend.ts";
import { Coalescer, type Leader } from "./coalescer.ts";
import type { Connection } from "../connection.ts";
import type { CachedAnswer, ResponseCache } from "./response_cache.ts";
import {
  type BalancerStatus,
  type Counters,
  DEPARTED_KEEP_COUNT,
  DEPARTED_KEEP_MS,
  describeCause,
  type DownCause,
} from "./status.ts";
import { VERSION } from "../version.ts";

export type { BalancerStatus, Counters };

/** Servers one request may be re-sent to after losing the previous one before any output. */
const MAX_RETRIES = 3;

/** Balancer settings (from `ailb balance` flags). */
export interface BalancerOptions extends Omit<BackendSettings, "log"> {
  strategy: Strategy;
  queueTimeoutMs: number;
  /** Requests allowed to wait for a backend at once; more are refused with `overloaded`. */
  maxQueue: number;
  cache?: ResponseCache;
  log: Logger;
}

/** One request entering {@link Balancer.dispatch}. */
export interface DispatchRequest {
  id: string;
  prompt: string;
  /** As received; validated (and bounded) inside dispatch, so rejected requests are counted like others. */
  params?: WireParams;
  /** false bypasses the cache for this request (neither read nor written). */
  useCache: boolean;
  signal: AbortSignal;
}

/** What dispatch streams back. */
export type DispatchEvent =
  | { type: "chunk"; text: string; tokens: number }
  | { type: "done"; stats: DoneStats };

/** A request that failed, with the stable code to report. */
export class DispatchError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = "DispatchError";
  }
}

/** Something that happened, for metrics and the dashboard. */
export type BalancerEvent =
  | {
    type: "request_end";
    backend?: string;
    outcome: RequestOutcome | "no_backend" | "overloaded" | "invalid";
    cached: boolean;
    cacheKind?: "exact" | "semantic" | "coalesced";
    ttftMs?: number;
    totalMs: number;
    tokens: number;
  }
  | { type: "backend_up"; backend: string }
  | { type: "backend_down"; backend: string; cause: DownCause }
  /** `count` heartbeat intervals passed without hearing from `backend`. */
  | { type: "heartbeat_miss"; backend: string; count: number }
  | { type: "retry"; from: string; reason: string };

/** Validates a request's prompt and parameters; a bad one fails with `invalid_params`. */
function validate(request: DispatchRequest): GenerationParams {
  try {
    return toGenerationParams(request.prompt, request.params);
  } catch (error) {
    if (error instanceof ProtocolError) throw new DispatchError(error.code, error.message);
    throw error;
  }
}

type RequestEnd = BalancerEvent & { type: "request_end" };

/** How each failure code is reported in `request_end` events (and metrics). */
const OUTCOME_OF_CODE: Partial<Record<ErrorCode, RequestEnd["outcome"]>> = {
  cancelled: "cancelled",
  backend_lost: "lost",
  no_backend: "no_backend",
  overloaded: "overloaded",
  invalid_params: "invalid",
};

/** Registry + dispatch. */
export class Balancer {
  readonly backends = new Map<string, Backend>();
  readonly counters: Counters = {
    requests: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    retried: 0,
    no_backend: 0,
    overloaded: 0,
    coalesced: 0,
    heartbeat_misses: 0,
  };
  readonly startedAt = Date.now();
  /** Servers that went down, kept for status (newest last), at most DEPARTED_KEEP_COUNT. */
  #departed = new Map<string, Backend>();
  #waiting = new Set<() => void>();
  #listeners: ((event: BalancerEvent) => void)[] = [];
  #coalescer = new Coalescer();
  #nextId = 0;
  /** Addresses whose registration is connecting back right now. */
  readonly #registering = new Set<string>();

  constructor(readonly options: BalancerOptions) {}

  get log(): Logger {
    return this.options.log;
  }

  /** Requests currently waiting for a healthy backend. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** Subscribes to balancer events; returns the unsubscribe function. */
  subscribe(listener: (event: BalancerEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => this.#listeners = this.#listeners.filter((l) => l !== listener);
  }

  #emit(event: BalancerEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** A request id unique within this balancer. */
  nextRequestId(prefix = "r"): string {
    return `${prefix}${(++this.#nextId).toString(36)}`;
  }

  /** Healthy backends in registration order. */
  upBackends(): Backend[] {
    return [...this.backends.values()].filter((b) => b.state === "up");
  }

  /** Registers a server that said hello on `control`; replaces a stale entry at the same address. */
  async register(hello: MessageOf<"hello">, control: Connection): Promise<Backend> {
    // Anyone can send a hello naming any address. Without a token as proof, a live server (heard from within
    // two heartbeat intervals) is not replaced; a restarted one finds its old entry gone or silent.
    const { id } = Backend.addressOf(hello, control);
    const existing = this.backends.get(id);
    if (
      existing?.state === "up" && !this.options.token && existing.silentMs < 2 * this.options.heartbeatMs
    ) {
      throw new Error(`a live server is already registered at ${id}; it must go down or silent first`);
    }
    if (this.#registering.has(id)) throw new Error(`a registration for ${id} is already in progress`);
    this.#registering.add(id);
    try {
      return await this.#register(hello, control);
    } finally {
      this.#registering.delete(id);
    }
  }

  async #register(hello: MessageOf<"hello">, control: Connection): Promise<Backend> {
    const backend = await Backend.open(hello, control, {
      ...this.options,
      log: this.log,
      onHeartbeatMiss: (b, count) => {
        this.counters.heartbeat_misses += count;
        this.#emit({ type: "heartbeat_miss", backend: b.id, count });
      },
    });
    this.backends.get(backend.id)?.markDown({ kind: "replaced" });
    this.#departed.delete(backend.id);
    this.backends.set(backend.id, backend);
    backend.onDown((b, cause) => {
      if (this.backends.get(b.id) === b) {
        this.backends.delete(b.id);
        // A replaced server is not gone: its successor's row is the one to show.
        if (cause.kind !== "replaced") this.#depart(b);
      }
      this.log.warn(`Server ${b.name} removed: ${describeCause(cause)}`);
      this.#emit({ type: "backend_down", backend: b.id, cause });
    });
    this.log.info(`Server ${backend.name} registered`, { model: backend.model, engine: backend.engine });
    this.#emit({ type: "backend_up", backend: backend.id });
    this.#wakeWaiters();
    return backend;
  }

  #depart(backend: Backend): void {
    this.#departed.delete(backend.id);
    this.#departed.set(backend.id, backend);
    this.#pruneDeparted();
  }

  #pruneDeparted(now = Date.now()): void {
    for (const [id, b] of this.#departed) {
      if (this.#departed.size > DEPARTED_KEEP_COUNT || now - b.since > DEPARTED_KEEP_MS) {
        this.#departed.delete(id);
      }
    }
  }

  #wakeWaiters(): void {
    for (const wake of [...this.#waiting]) wake();
  }

  /** The cache partition: everything besides the prompt that changes the answer. */
  partitionOf(params: GenerationParams): string {
    const models = [...new Set([...this.backends.values()].map((b) => b.model))].sort().join("+") || "none";
    const sampling = params.temperature === 0
      ? "greedy"
      : `t=${params.temperature},k=${params.topK},p=${params.topP},seed=${params.seed ?? "any"}`;
    const stop = params.stop.length ? `|stop=${JSON.stringify([...params.stop].sort())}` : "";
    return `${models}|max=${params.maxTokens}|${sampling}${stop}`;
  }

  /**
   * Runs one request to completion, yielding its chunks and final stats.
   * Throws {@link DispatchError} for every failure, including cancellation.
   */
  async *dispatch(request: DispatchRequest): AsyncGenerator<DispatchEvent> {
    this.counters.requests++;
    const started = performance.now();
    let tokens = 0;
    let ttftMs: number | undefined;
    let backendId: string | undefined;
    let outcome: RequestEnd = { type: "request_end", outcome: "error", cached: false, totalMs: 0, tokens: 0 };
    let lead: Leader | undefined;
    try {
      const params = validate(request);
      const cache = request.useCache ? this.options.cache : undefined;
      const partition = cache ? this.partitionOf(params) : "";
      if (cache) {
        const found = await this.#fromCache(cache, partition, request);
        if ("answer" in found) {
          const { answer, kind, similarity } = found;
          ttftMs = performance.now() - started;
          tokens = answer.tokens;
          yield { type: "chunk", text: answer.text, tokens: answer.tokens };
          outcome = { ...outcome, outcome: "ok", cached: true, cacheKind: kind };
          yield { type: "done", stats: this.#stats(started, ttftMs, answer, true, similarity) };
          this.counters.completed++;
          return;
        }
        lead = found.lead;
      }
      let text = "";
      let server: DoneStats | undefined;
      for await (const event of this.#route(request, params)) {
        if (event.type === "chunk") {
          ttftMs ??= performance.now() - started;
          tokens += event.tokens;
          text += event.text;
          yield event;
        } else {
          backendId = event.backend;
          server = event.stats;
        }
      }
      // The engine's count includes tokens of a stop string it did not send; chunks are the fallback.
      tokens = server?.completion_tokens ?? tokens;
      const answer: CachedAnswer = {
        text,
        tokens,
        backend: backendId!,
        finishReason: server?.finish_reason === "stop" ? "stop" : "length",
        ...(server?.prompt_tokens === undefined ? {} : { promptTokens: server.prompt_tokens }),
        ...(server?.model === undefined ? {} : { model: server.model }),
      };
      lead?.succeed(answer);
      cache?.store(partition, request.prompt, answer).catch((error) =>
        this.log.warn(`Could not store request ${request.id} in the cache: ${(error as Error).message}`)
      );
      outcome = { ...outcome, outcome: "ok", backend: backendId };
      const serverStats = server?.server ??
        (server ? { ttft_ms: server.ttft_ms, total_ms: server.total_ms } : undefined);
      yield { type: "done", stats: this.#stats(started, ttftMs ?? 0, answer, false, undefined, serverStats) };
      this.counters.completed++;
    } catch (caught) {
      const error = caught instanceof DispatchError
        ? caught
        : request.signal.aborted
        ? new DispatchError("cancelled", "request cancelled")
        : new DispatchError("internal", (caught as Error).message ?? String(caught));
      if (error.code === "cancelled") this.counters.cancelled++;
      else this.counters.failed++;
      outcome = { ...outcome, backend: backendId, outcome: OUTCOME_OF_CODE[error.code] ?? "error" };
      throw error;
    } finally {
      lead?.fail(); // no-op after succeed; releases followers if the consumer stopped early
      this.#emit({ ...outcome, ttftMs, totalMs: performance.now() - started, tokens });
    }
  }

  /**
   * The cache stage: a stored answer (exact or semantic hit), the answer of an
   * identical request already in flight, or — on a miss — leadership of this
   * prompt so identical requests arriving meanwhile wait for ours.
   */
  async #fromCache(
    cache: ResponseCache,
    partition: string,
    request: DispatchRequest,
  ): Promise<
    { answer: CachedAnswer; kind: "exact" | "semantic" | "coalesced"; similarity: number } | { lead?: Leader }
  > {
    const hit = await cache.lookup(partition, request.prompt).catch((error) => {
      this.log.warn(`Cache lookup failed for request ${request.id}: ${(error as Error).message}`);
      return undefined;
    });
    if (hit) {
      this.log.debug(`Cache ${hit.kind} hit for request ${request.id}`, {
        similarity: Number(hit.similarity.toFixed(3)),
        matched: hit.matchedPrompt.slice(0, 60),
      });
      return { answer: hit, kind: hit.kind, similarity: hit.similarity };
    }
    const joined = await this.#coalescer.join(`${partition}\n${request.prompt}`, request.signal);
    if ("shared" in joined) {
      this.counters.coalesced++;
      this.log.debug(`Request ${request.id} shares the answer of an identical request in flight`);
      return { answer: joined.shared, kind: "coalesced", similarity: 1 };
    }
    return { lead: "leader" in joined ? joined.leader : undefined };
  }

  /** The balancer's final stats: its own timing, the answer's counts, and the server's own timing. */
  #stats(
    started: number,
    ttftMs: number,
    answer: CachedAnswer,
    cached: boolean,
    similarity?: number,
    server?: ServerStats,
  ): DoneStats {
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      tokens: answer.tokens,
      ttft_ms: round(ttftMs),
      total_ms: round(performance.now() - started),
      backend: answer.backend,
      cached,
      ...(similarity === undefined ? {} : { similarity: Number(similarity.toFixed(4)) }),
      finish_reason: answer.finishReason ?? "length",
      ...(answer.promptTokens === undefined ? {} : { prompt_tokens: answer.promptTokens }),
      completion_tokens: answer.tokens,
      ...(answer.model === undefined ? {} : { model: answer.model }),
      ...(server === undefined ? {} : { server }),
    };
  }

  /**
   * Sends the request to a backend chosen by the strategy and relays its
   * events. A backend lost before any output is retried elsewhere; one lost
   * mid-stream ends the request with `backend_lost`.
   */
  async *#route(
    request: DispatchRequest,
    params: GenerationParams,
  ): AsyncGenerator<
    { type: "chunk"; text: string; tokens: number } | { type: "backend"; backend: string; stats: DoneStats }
  > {
    const wire = toWireParams(params);
    const tried = new Set<string>();
    while (true) {
      const backend = await this.#acquire(request, tried);
      const view = { id: request.id, prompt: request.prompt };
      this.log.debug(`Server ${backend.name} selected for request ${request.id}`, {
        strategy: this.options.strategy.name,
        in_flight: backend.inFlight,
      });
      const stream = backend.start(request.id, request.prompt, wire);
      this.options.strategy.onStart?.(backend, view);
      let produced = false;
      let outcome: RequestOutcome = "error";
      const onAbort = () => backend.cancel(request.id);
      request.signal.addEventListener("abort", onAbort, { once: true });
      try {
        for await (const event of stream as unknown as AsyncIterable<BackendEvent>) {
          if (event.type === "chunk") {
            produced = true;
            yield event;
          } else if (event.type === "done") {
            outcome = "ok";
            yield { type: "backend", backend: backend.name, stats: event.stats };
            return;
          } else if (event.type === "lost") {
            outcome = "lost";
            if (produced) throw new DispatchError("backend_lost", event.message);
            if (tried.size >= MAX_RETRIES) {
              throw new DispatchError(
                "backend_lost",
                `${event.message} (gave up after ${MAX_RETRIES} servers)`,
              );
            }
            tried.add(backend.id);
            this.counters.retried++;
            this.log.warn(`Request ${request.id} re-sent: ${event.message}`);
            this.#emit({ type: "retry", from: backend.id, reason: event.message });
            break;
          } else if (event.code === "cancelled") {
            outcome = "cancelled";
            throw new DispatchError("cancelled", "request cancelled");
          } else if (event.code === "overloaded" && !produced) {
            tried.add(backend.id);
            this.log.debug(`Server ${backend.name} is overloaded; trying another for request ${request.id}`);
            break;
          } else {
            throw new DispatchError(event.code, `server ${backend.name}: ${event.message}`);
          }
        }
      } finally {
        request.signal.removeEventListener("abort", onAbort);
        backend.cancel(request.id); // no-op once the request ended; frees the server if our consumer left early
        this.options.strategy.onEnd?.(backend, view, outcome);
      }
    }
  }

  /**
   * Waits until the strategy picks a healthy backend, preferring ones this
   * request has not failed on yet, for at most the queue timeout.
   */
  async #acquire(request: DispatchRequest, tried: Set<string>): Promise<Backend> {
    const deadline = performance.now() + this.options.queueTimeoutMs;
    let queued = false;
    while (true) {
      if (request.signal.aborted) throw new DispatchError("cancelled", "request cancelled");
      const up = this.upBackends();
      const fresh = up.filter((b) => !tried.has(b.id));
      const chosen = this.options.strategy.select(fresh.length ? fresh : up, request) as Backend | undefined;
      if (chosen) return chosen;
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        this.counters.no_backend++;
        throw new DispatchError(
          "no_backend",
          `no healthy backend within ${(this.options.queueTimeoutMs / 1000).toFixed(1)} s`,
        );
      }
      if (!queued && this.#waiting.size >= this.options.maxQueue) {
        this.counters.overloaded++;
        throw new DispatchError("overloaded", `${this.#waiting.size} requests already wait for a backend`);
      }
      if (!queued) this.log.debug(`Request ${request.id} waits for a healthy backend`);
      queued = true;
      await this.#sleepUntilWoken(remaining, request.signal);
    }
  }

  #sleepUntilWoken(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** The state reported by `ailb status --json`, `/api/status` and the dashboard. */
  status(): BalancerStatus {
    const now = Date.now();
    this.#pruneDeparted(now);
    const cache = this.options.cache;
    let cacheStatus: BalancerStatus["cache"] = null;
    if (cache) {
      const stats = cache.stats();
      const lookups = stats.hits + stats.misses;
      cacheStatus = {
        settings: {
          capacity: cache.options.capacity,
          ttl_ms: cache.options.ttlMs,
          threshold: cache.options.threshold,
        },
        ...stats,
        hit_rate: lookups ? Number((stats.hits / lookups).toFixed(4)) : null,
      };
    }
    return {
      version: VERSION,
      started_at: new Date(this.startedAt).toISOString(),
      uptime_s: Math.round((now - this.startedAt) / 1000),
      strategy: this.options.strategy.name,
      backends: [
        ...[...this.backends.values()].map((b) => b.describe()),
        ...[...this.#departed.values()].reverse().map((b) => b.describe()),
      ],
      queue: { waiting: this.queued, max: this.options.maxQueue, timeout_ms: this.options.queueTimeoutMs },
      counters: { ...this.counters },
      cache: cacheStatus,
    };
  }

  /** Takes every backend down (clean shutdown). */
  close(): void {
    for (const backend of this.backends.values()) backend.markDown({ kind: "shutdown" });
    this.#wakeWaiters();
  }
}
