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
import { type GenerationParams, toGenerationParams } from "../params.ts";
import {
  type DoneStats,
  type ErrorCode,
  type MessageOf,
  ProtocolError,
  type ServerStats,
} from "../protocol.ts";
import { type Backend, type BackendSettings, NativeBackend } from "./backend.ts";
import type { Cluster, ServerRecord } from "./cluster.ts";
import { Coalescer, type Leader } from "./coalescer.ts";
import type { Connection } from "../connection.ts";
import { Health, type HealthOptions } from "./health.ts";
import type { CachedAnswer, ResponseCache } from "./response_cache.ts";
import { type RouteEvent, Router, type RouterOptions } from "./router.ts";
import {
  type BalancerEvent,
  DispatchError,
  type DispatchEvent,
  type DispatchRequest,
  PROMPT_PREVIEW,
  wantedModel,
} from "./types.ts";
import {
  type BalancerStatus,
  type Counters,
  DEPARTED_KEEP_COUNT,
  DEPARTED_KEEP_MS,
  describeCause,
} from "./status.ts";
import { VERSION } from "../version.ts";

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

/** How the cache stage answered a request. */
interface FromCache {
  answer: CachedAnswer;
  kind: "exact" | "semantic" | "coalesced";
  similarity: number;
  /** The earlier prompt whose answer this is (exact and semantic hits). */
  matchedPrompt?: string;
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

/** Registry + dispatch. */
export class Balancer {
  readonly backends = new Map<string, Backend>();
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
  /** Servers that went down, kept for status (newest last), at most DEPARTED_KEEP_COUNT. */
  #departed = new Map<string, Backend>();
  readonly health: Health;
  readonly #router: Router;
  #listeners: ((event: BalancerEvent) => void)[] = [];
  #coalescer = new Coalescer();
  #nextId = 0;
  /** Addresses whose registration is connecting back right now. */
  readonly #registering = new Set<string>();
  #active = 0;
  #draining = false;
  #idle = new Set<() => void>();
  #flushes = new Set<Promise<void>>();

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
    this.#router = new Router({ ...options, retries: options.retries ?? 3, firstTokenTimeoutMs }, {
      upBackends: () => this.upBackends(),
      models: () => this.models(),
      counters: this.counters,
      health: this.health,
      emit: (event) => this.#emit(event),
      log: options.log,
    });
  }

  get log(): Logger {
    return this.options.log;
  }

  /** Requests currently waiting for a healthy backend. */
  get queued(): number {
    return this.#router.queued;
  }

  /** Requests inside dispatch right now (waiting, streaming or being served from the cache). */
  get active(): number {
    return this.#active;
  }

  /** True once {@link drainAll} or {@link close} began: new requests are refused. */
  get draining(): boolean {
    return this.#draining;
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

  /** Routable backends (state "up") in registration order: the one place that decides who gets work. */
  upBackends(): Backend[] {
    return [...this.backends.values()].filter((b) => b.state === "up");
  }

  /** The model names registered servers announce, sorted (without the "any" alias). */
  models(): string[] {
    return [...new Set([...this.backends.values()].flatMap((b) => b.models))].sort();
  }

  /** Registers a server that said hello on `control`; replaces a stale entry at the same address. */
  async register(hello: MessageOf<"hello">, control: Connection): Promise<NativeBackend> {
    // Anyone can send a hello naming any address. Without a token as proof, a live server (heard from within
    // two heartbeat intervals) is not replaced; a restarted one finds its old entry gone or silent.
    const { id } = NativeBackend.addressOf(hello, control);
    const existing = this.backends.get(id);
    // An adopted entry (registered through another replica) is not a registration here: the server registering
    // through this replica is expected when its replica died, and takes the adopted connection's place.
    if (
      existing && existing.state !== "down" && !this.options.token && !existing.adopted &&
      existing.silentMs < 2 * this.options.heartbeatMs
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

  async #register(hello: MessageOf<"hello">, control: Connection): Promise<NativeBackend> {
    const backend = await NativeBackend.open(hello, control, this.#backendSettings());
    return this.add(backend);
  }

  /**
   * Opens this replica's own data connection to a server registered through another replica (the shared
   * registry found it); from then on it is routed to like any other. No-op when it is already known.
   */
  async adopt(record: ServerRecord): Promise<void> {
    if (this.backends.has(record.id)) return;
    const backend = await NativeBackend.adopt(record, this.#backendSettings());
    if (this.backends.has(record.id)) return backend.retire(); // registered or adopted meanwhile
    this.#add(backend);
    this.log.info(`Server ${backend.name} adopted (registered through replica ${record.via})`, {
      model: backend.model,
    });
  }

  /** Servers registered through this replica (up, draining or ejected: not down). */
  ownServers(): ServerRecord[] {
    // Kinds other replicas cannot adopt (legacy servers) have no record and stay this replica's own.
    return [...this.backends.values()].filter((b) => !b.adopted).flatMap((b) => b.record() ?? []);
  }

  /** Servers registered through other replicas that this one connects to (not down). */
  adoptedServers(): ServerRecord[] {
    return [...this.backends.values()].filter((b) => b.adopted).flatMap((b) => b.record() ?? []);
  }

  #backendSettings(): BackendSettings {
    return {
      ...this.options,
      log: this.log,
      onHeartbeatMiss: (b, count) => this.countHeartbeatMisses(b, count),
    };
  }

  /** Counts heartbeat intervals that passed without hearing from `backend` (any kind). */
  countHeartbeatMisses(backend: Backend, count: number): void {
    this.counters.heartbeat_misses += count;
    this.#emit({ type: "heartbeat_miss", backend: backend.id, count });
  }

  /**
   * Puts a backend of any kind registered here into rotation, in place of any
   * earlier one at the same address, and wakes requests waiting for one.
   */
  add<B extends Backend>(backend: B): B {
    this.#add(backend);
    this.log.info(`Server ${backend.name} registered`, {
      kind: backend.kind,
      model: backend.model,
      engine: backend.engine,
    });
    return backend;
  }

  /** Puts a backend in service, in place of any earlier one at the same address. */
  #add(backend: Backend): void {
    const previous = this.backends.get(backend.id);
    // An adopted connection replaced by the server's own registration here finishes its requests first.
    if (previous?.adopted && !backend.adopted) previous.retire();
    else previous?.markDown({ kind: "replaced" });
    this.#departed.delete(backend.id);
    this.backends.set(backend.id, backend);
    this.options.strategy.onBackendAdded?.(backend);
    backend.onStateChange((b, previous) => {
      if (b.state === "ejected" && previous === "up") this.counters.ejections++;
      this.log.info(`Server ${b.name} is ${b.state}: ${b.reason ?? ""}`, { previous });
      this.#emit({ type: "backend_state", backend: b.id, state: b.state, reason: b.reason ?? "" });
      if (b.state === "up") this.#router.wake();
    });
    backend.onDown((b, cause) => {
      if (this.backends.get(b.id) === b) {
        this.backends.delete(b.id);
        this.options.strategy.onBackendRemoved?.(b);
        // A replaced server is not gone: its successor's row is the one to show.
        if (cause.kind !== "replaced") this.#depart(b);
      }
      this.log.warn(`Server ${b.name} removed: ${describeCause(cause)}`);
      this.#emit({ type: "backend_down", backend: b.id, cause });
    });
    this.#emit({ type: "backend_up", backend: backend.id });
    this.#router.wake();
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

  /** Finds a live backend by id (host:port) or name. */
  find(server: string): Backend | undefined {
    return this.backends.get(server) ?? [...this.backends.values()].find((b) => b.name === server);
  }

  /**
   * Marks a server draining (no new work; its in-flight requests finish), or
   * with `undo` routable again. Throws {@link DispatchError} for an unknown server.
   */
  drain(server: string, reason: string, undo = false): Backend {
    const backend = this.find(server);
    if (!backend || backend.state === "down") {
      throw new DispatchError("bad_message", `no registered server "${server.slice(0, 200)}"`);
    }
    if (!undo) backend.setState("draining", reason);
    else if (backend.state === "draining") backend.setState("up", reason);
    return backend;
  }

  /**
   * The cache partition: everything besides the prompt and the model that changes the answer. It depends on
   * the request alone, never on which backends this balancer has seen, so every replica computes the same
   * key; the model is recorded in each entry and matched at lookup instead.
   */
  partitionOf(params: GenerationParams): string {
    const sampling = params.temperature === 0
      ? "greedy"
      : `t=${params.temperature},k=${params.topK},p=${params.topP},seed=${params.seed ?? "any"}`;
    const stop = params.stop.length ? `|stop=${JSON.stringify([...params.stop].sort())}` : "";
    return `max=${params.maxTokens}|${sampling}${stop}`;
  }

  /**
   * Runs one request to completion, yielding its chunks and final stats.
   * Throws {@link DispatchError} for every failure, including cancellation.
   */
  async *dispatch(request: DispatchRequest): AsyncGenerator<DispatchEvent> {
    this.counters.requests++;
    this.#active++;
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
      if (this.#draining) throw new DispatchError("shutting_down", "the balancer is shutting down");
      const params = validate(request);
      const cache = request.useCache ? this.options.cache : undefined;
      const partition = cache ? this.partitionOf(params) : "";
      if (cache) {
        outcome.cacheLookup = true;
        const found = await this.#fromCache(cache, partition, request);
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
        cache?.store(partition, request.prompt, answer).catch((error) =>
          this.log.warn(`Could not store request ${request.id} in the cache: ${(error as Error).message}`)
        );
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
      if (--this.#active === 0) { for (const wake of [...this.#idle]) wake(); }
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
  ): Promise<FromCache | { lead?: Leader }> {
    const model = wantedModel(request);
    const hit = await cache.lookup(partition, request.prompt, model).catch((error) => {
      this.log.warn(`Cache lookup failed for request ${request.id}: ${(error as Error).message}`);
      return undefined;
    });
    if (hit) {
      this.log.debug(`Cache ${hit.kind} hit for request ${request.id}`, {
        similarity: Number(hit.similarity.toFixed(3)),
        matched: hit.matchedPrompt.slice(0, 60),
      });
      return { answer: hit, kind: hit.kind, similarity: hit.similarity, matchedPrompt: hit.matchedPrompt };
    }
    // A request for any model may share a specific model's answer, but not the other way round.
    const joined = await this.#coalescer.join(
      `${model ?? "*"}\n${partition}\n${request.prompt}`,
      request.signal,
    );
    if ("shared" in joined) {
      this.counters.coalesced++;
      this.log.debug(`Request ${request.id} shares the answer of an identical request in flight`);
      return { answer: joined.shared, kind: "coalesced", similarity: 1 };
    }
    return { lead: "leader" in joined ? joined.leader : undefined };
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
    const cluster = this.options.cluster;
    return {
      version: VERSION,
      ...(cluster && {
        replica: cluster.replica,
        store: { address: cluster.store, connected: cluster.connected },
        replicas: cluster.replicas(),
      }),
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

  /**
   * Graceful shutdown, first half: refuses new requests (`shutting_down`) and
   * waits until the ones in progress have finished or `timeoutMs` passed.
   * Resolves with how many were still running.
   */
  async drainAll(timeoutMs: number): Promise<number> {
    this.#draining = true;
    const deadline = performance.now() + timeoutMs;
    if (this.#active > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#idle.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.#idle.add(done);
      });
    }
    // The last answers must reach their clients before the connections close.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.#flushes]),
      new Promise((resolve) => timer = setTimeout(resolve, Math.max(0, deadline - performance.now()))),
    ]).finally(() => clearTimeout(timer));
    return this.#active;
  }

  /**
   * While draining, transports hand in the write of a request's final message
   * here, so {@link drainAll} returns only once it has left.
   */
  holdUntilSent(write: Promise<void>): void {
    if (!this.#draining) return;
    this.#flushes.add(write);
    write.finally(() => this.#flushes.delete(write));
  }

  /** Takes every backend down (clean shutdown); requests still running end at once. */
  close(): void {
    this.#draining = true;
    this.health.close();
    this.#router.close();
    for (const backend of this.backends.values()) backend.markDown({ kind: "shutdown" });
  }
}
