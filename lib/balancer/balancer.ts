/**
 * The balancer's core: `dispatch`, the one path every request takes (TCP
 * clients and the web UI alike), and the facade the rest of the code uses:
 *
 *   client → balancer → cache → strategy → backend → stream back
 *
 * Each stage lives in its own module: the registry of backends
 * (`registry.ts`), the cache stage (`cache_stage.ts`), routing to a backend
 * with retries and failover (`router.ts`), status (`status_report.ts`) and
 * graceful shutdown (`shutdown.ts`). Transport lives elsewhere (`listener.ts`
 * for TCP, `web/` for WebSocket).
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { type GenerationParams, toGenerationParams } from "../params.ts";
import {
  type DoneStats,
  type ErrorCode,
  type MessageOf,
  ProtocolError,
  type ServerStats,
} from "../protocol.ts";
import type { Backend, BackendSettings, NativeBackend } from "./backend.ts";
import { CacheStage, type FromCache, partitionOf } from "./cache_stage.ts";
import type { Cluster, ServerRecord } from "./cluster.ts";
import type { Leader } from "./coalescer.ts";
import type { Connection } from "../connection.ts";
import { Health, type HealthOptions } from "./health.ts";
import { Registry } from "./registry.ts";
import type { CachedAnswer, ResponseCache } from "./response_cache.ts";
import { type RouteEvent, Router, type RouterOptions } from "./router.ts";
import { Shutdown } from "./shutdown.ts";
import type { BalancerStatus, Counters } from "./status.ts";
import { buildStatus } from "./status_report.ts";
import {
  type BalancerEvent,
  DispatchError,
  type DispatchEvent,
  type DispatchRequest,
  PROMPT_PREVIEW,
} from "./types.ts";

export type { BalancerStatus, Counters };
export { type BalancerEvent, DispatchError, type DispatchEvent, type DispatchRequest };

/** Balancer settings (from `ailb balance` flags). */
export interface BalancerOptions
  extends Omit<BackendSettings, "log">, Omit<RouterOptions, "retries" | "firstTokenTimeoutMs"> {
  /** Re-sends of one request after failures (default 3). */
  retries?: number;
  /** See {@link RouterOptions.firstTokenTimeoutMs}; 0 or absent = off. */
  firstTokenTimeoutMs?: number;
  /** Outlier ejection; defaults: eject after 5 failures in a row, for 10 s doubling up to 5 min. */
  health?: Partial<Omit<HealthOptions, "log" | "nextId">>;
  cache?: ResponseCache;
  /** The registry shared with other replicas (read by status only: dispatch never looks at it). */
  cluster?: Cluster;
  log: Logger;
}

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
  unknown_model: "invalid",
};

/** The balancer: a thin facade over its stages, and dispatch. */
export class Balancer {
  readonly counters: Counters = {
    requests: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    retried: 0,
    failovers: 0,
    ejections: 0,
    no_backend: 0,
    overloaded: 0,
    coalesced: 0,
    heartbeat_misses: 0,
  };
  readonly startedAt = Date.now();
  readonly health: Health;
  readonly #registry: Registry;
  readonly #cache: CacheStage | undefined;
  readonly #router: Router;
  readonly #shutdown = new Shutdown();
  #listeners: ((event: BalancerEvent) => void)[] = [];
  #nextId = 0;

  constructor(readonly options: BalancerOptions) {
    const { health = {} } = options;
    const firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 0;
    this.health = new Health({
      ejectAfter: health.ejectAfter ?? 5,
      ejectBaseMs: health.ejectBaseMs ?? 10_000,
      ejectMaxMs: health.ejectMaxMs ?? 300_000,
      probeTimeoutMs: health.probeTimeoutMs ?? (firstTokenTimeoutMs || 10_000),
      nextId: () => this.nextRequestId("probe"),
      log: options.log,
    });
    const emit = (event: BalancerEvent) => this.#emit(event);
    this.#registry = new Registry(options, {
      counters: this.counters,
      emit,
      wake: () => this.#router.wake(),
    });
    this.#cache = options.cache &&
      new CacheStage(options.cache, { counters: this.counters, log: options.log });
    this.#router = new Router({ ...options, retries: options.retries ?? 3, firstTokenTimeoutMs }, {
      upBackends: () => this.upBackends(),
      models: () => this.models(),
      counters: this.counters,
      health: this.health,
      emit,
      log: options.log,
    });
  }

  get log(): Logger {
    return this.options.log;
  }

  /** Registered backends by id (host:port), in registration order. */
  get backends(): ReadonlyMap<string, Backend> {
    return this.#registry.backends;
  }

  /** Requests currently waiting for a healthy backend. */
  get queued(): number {
    return this.#router.queued;
  }

  /** Requests inside dispatch right now (waiting, streaming or being served from the cache). */
  get active(): number {
    return this.#shutdown.active;
  }

  /** True once {@link drainAll} or {@link close} began: new requests are refused. */
  get draining(): boolean {
    return this.#shutdown.draining;
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

  // The registry (see registry.ts).

  /** Routable backends (state "up") in registration order: the one place that decides who gets work. */
  upBackends(): Backend[] {
    return this.#registry.upBackends();
  }

  /** The model names registered servers announce, sorted (without the "any" alias). */
  models(): string[] {
    return this.#registry.models();
  }

  /** Registers a server that said hello on `control`; replaces a stale entry at the same address. */
  register(hello: MessageOf<"hello">, control: Connection): Promise<NativeBackend> {
    return this.#registry.register(hello, control);
  }

  /** Opens this replica's own connection to a server registered through another replica (no-op if known). */
  adopt(record: ServerRecord): Promise<void> {
    return this.#registry.adopt(record);
  }

  /** Servers registered through this replica (up, draining or ejected: not down). */
  ownServers(): ServerRecord[] {
    return this.#registry.ownServers();
  }

  /** Servers registered through other replicas that this one connects to (not down). */
  adoptedServers(): ServerRecord[] {
    return this.#registry.adoptedServers();
  }

  /** Counts heartbeat intervals that passed without hearing from `backend` (any kind). */
  countHeartbeatMisses(backend: Backend, count: number): void {
    this.#registry.countHeartbeatMisses(backend, count);
  }

  /** Puts a backend of any kind into rotation, in place of any earlier one at the same address. */
  add<B extends Backend>(backend: B): B {
    return this.#registry.add(backend);
  }

  /** Finds a live backend by id (host:port) or name. */
  find(server: string): Backend | undefined {
    return this.#registry.find(server);
  }

  /**
   * Marks a server draining (no new work; its in-flight requests finish), or
   * with `undo` routable again. Throws {@link DispatchError} for an unknown server.
   */
  drain(server: string, reason: string, undo = false): Backend {
    return this.#registry.drain(server, reason, undo);
  }

  /**
   * Runs one request to completion, yielding its chunks and final stats.
   * Throws {@link DispatchError} for every failure, including cancellation.
   */
  async *dispatch(request: DispatchRequest): AsyncGenerator<DispatchEvent> {
    this.counters.requests++;
    this.#shutdown.enter();
    this.#emit({ type: "request_start", id: request.id });
    const started = performance.now();
    let tokens = 0;
    let ttftMs: number | undefined;
    let backendId: string | undefined;
    const timing: { queueMs: number; backend?: string } = { queueMs: 0 };
    let outcome: RequestEnd = {
      type: "request_end",
      id: request.id,
      prompt: typeof request.prompt === "string" ? request.prompt.slice(0, PROMPT_PREVIEW) : "",
      outcome: "error",
      cached: false,
      cacheLookup: false,
      totalMs: 0,
      queueMs: 0,
      tokens: 0,
    };
    let lead: Leader | undefined;
    try {
      // balancer: admission and validation.
      if (this.#shutdown.draining) throw new DispatchError("shutting_down", "the balancer is shutting down");
      const params = validate(request);
      // cache: a stored or shared answer ends the request here.
      const cache = request.useCache ? this.#cache : undefined;
      const partition = cache ? partitionOf(params) : "";
      if (cache) {
        outcome.cacheLookup = true;
        const found = await cache.lookup(partition, request);
        if ("answer" in found) {
          const { answer, kind } = found;
          ttftMs = performance.now() - started;
          tokens = answer.tokens;
          yield { type: "routed", backend: answer.backend, model: answer.model, cached: true };
          if (request.onChunk) request.onChunk(answer.text, answer.tokens);
          else yield { type: "chunk", text: answer.text, tokens: answer.tokens };
          outcome = { ...outcome, outcome: "ok", cached: true, cacheKind: kind };
          yield { type: "done", stats: this.#stats(started, ttftMs, answer, found) };
          this.counters.completed++;
          return;
        }
        lead = found.lead;
      }
      // strategy → backend → stream back (retries and failover inside the router).
      let text = "";
      let end: (RouteEvent & { type: "end" }) | undefined;
      for await (const event of this.#router.route(request, params, timing)) {
        if (event.type === "chunks") {
          ttftMs ??= performance.now() - started;
          const { onChunk } = request;
          for (const chunk of event.chunks) {
            tokens += chunk.tokens;
            text += chunk.text;
            if (onChunk) onChunk(chunk.text, chunk.tokens);
            else yield { type: "chunk", text: chunk.text, tokens: chunk.tokens };
          }
        } else if (event.type === "routed") {
          yield event;
        } else {
          end = event;
          backendId = event.id;
        }
      }
      // Back through the cache (store, release followers) to the client's final stats.
      const server = end?.stats;
      // The engine's count includes tokens of a stop string it did not send; chunks are the fallback.
      tokens = end?.tokens ?? tokens;
      const answer: CachedAnswer = {
        text,
        tokens,
        backend: end!.backend,
        finishReason: end?.finishReason ?? (server?.finish_reason === "stop" ? "stop" : "length"),
        ...(end?.promptTokens === undefined ? {} : { promptTokens: end.promptTokens }),
        ...(server?.model === undefined ? {} : { model: server.model }),
      };
      lead?.succeed(answer);
      // A failed-over answer is stitched from two samples: good enough for this client, but not
      // what one generation gives, so it is not kept to be served again (see docs/design.md).
      if (!end?.failovers) {
        cache?.store(partition, request, answer);
      }
      outcome = { ...outcome, outcome: "ok", backend: backendId };
      const serverStats = server?.server ??
        (server ? { ttft_ms: server.ttft_ms, total_ms: server.total_ms } : undefined);
      const stats = this.#stats(started, ttftMs ?? 0, answer, undefined, serverStats);
      yield { type: "done", stats: { ...stats, failovers: end?.failovers ?? 0 } };
      this.counters.completed++;
    } catch (caught) {
      const error = caught instanceof DispatchError
        ? caught
        : request.signal.aborted
        ? new DispatchError("cancelled", "request cancelled")
        : new DispatchError("internal", (caught as Error).message ?? String(caught));
      if (error.code === "cancelled") this.counters.cancelled++;
      else this.counters.failed++;
      // A request that failed or was stopped on a server is counted under that server.
      const on = backendId ?? timing.backend;
      outcome = { ...outcome, backend: on, outcome: OUTCOME_OF_CODE[error.code] ?? "error" };
      throw error;
    } finally {
      lead?.fail(); // no-op after succeed; releases followers if the consumer stopped early
      this.#emit({
        ...outcome,
        ttftMs,
        totalMs: performance.now() - started,
        queueMs: timing.queueMs,
        tokens,
      });
      this.#shutdown.leave();
    }
  }

  /**
   * The balancer's final stats: its own timing, the answer's counts, how the cache answered (`from`), and
   * the server's own timing.
   */
  #stats(
    started: number,
    ttftMs: number,
    answer: CachedAnswer,
    from?: FromCache,
    server?: ServerStats,
  ): DoneStats {
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      tokens: answer.tokens,
      ttft_ms: round(ttftMs),
      total_ms: round(performance.now() - started),
      backend: answer.backend,
      cached: from !== undefined,
      ...(from ? { cache: from.kind, similarity: Number(from.similarity.toFixed(4)) } : {}),
      ...(from?.matchedPrompt === undefined ? {} : { matched_prompt: from.matchedPrompt }),
      finish_reason: answer.finishReason ?? "length",
      ...(answer.promptTokens === undefined ? {} : { prompt_tokens: answer.promptTokens }),
      completion_tokens: answer.tokens,
      ...(answer.model === undefined ? {} : { model: answer.model }),
      ...(server === undefined ? {} : { server }),
    };
  }

  /** The state reported by `ailb status --json`, `/api/status` and the dashboard. */
  status(): BalancerStatus {
    const now = Date.now();
    const { options } = this;
    return buildStatus({
      startedAt: this.startedAt,
      strategy: options.strategy.name,
      live: this.#registry.backends.values(),
      departed: this.#registry.departed(now),
      queue: { waiting: this.queued, max: options.maxQueue, timeout_ms: options.queueTimeoutMs },
      counters: this.counters,
      cache: options.cache,
      cluster: options.cluster,
    }, now);
  }

  /**
   * Graceful shutdown, first half: refuses new requests (`shutting_down`) and
   * waits until the ones in progress have finished or `timeoutMs` passed.
   * Resolves with how many were still running.
   */
  drainAll(timeoutMs: number): Promise<number> {
    return this.#shutdown.drainAll(timeoutMs);
  }

  /**
   * While draining, transports hand in the write of a request's final message
   * here, so {@link drainAll} returns only once it has left.
   */
  holdUntilSent(write: Promise<void>): void {
    this.#shutdown.holdUntilSent(write);
  }

  /** Takes every backend down (clean shutdown); requests still running end at once. */
  close(): void {
    this.#shutdown.begin();
    this.health.close();
    this.#router.close();
    this.#registry.close();
  }
}
