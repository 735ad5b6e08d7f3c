/**
 * The balancer's core: the facade the rest of the code uses, which builds and
 * owns the stages of `dispatch`, the one path every request takes (TCP
 * clients and the web UI alike):
 *
 *   client → balancer → cache → strategy → backend → stream back
 *
 * Each stage lives in its own module: running a request through the stages
 * (`dispatch.ts`), the registry of backends (`registry.ts`), the cache stage
 * (`cache_stage.ts`), routing to a backend with retries and failover
 * (`router.ts`), status (`status_report.ts`) and graceful shutdown
 * (`shutdown.ts`). Transport lives elsewhere (`listener.ts` for TCP, `web/`
 * for WebSocket).
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { MessageOf } from "../protocol.ts";
import type { Backend, BackendSettings, NativeBackend } from "./backend.ts";
import { CacheStage } from "./cache_stage.ts";
import type { Cluster, ServerRecord } from "./cluster.ts";
import type { Connection } from "../connection.ts";
import { dispatchRequest, type DispatchStages } from "./dispatch.ts";
import { Health, type HealthOptions } from "./health.ts";
import { Registry } from "./registry.ts";
import type { ResponseCache } from "./response_cache.ts";
import { Router, type RouterOptions } from "./router.ts";
import { Shutdown } from "./shutdown.ts";
import type { BalancerStatus, Counters } from "./status.ts";
import { buildStatus } from "./status_report.ts";
import { type BalancerEvent, DispatchError, type DispatchEvent, type DispatchRequest } from "./types.ts";

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
  readonly #stages: DispatchStages;
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
    this.#stages = {
      counters: this.counters,
      shutdown: this.#shutdown,
      cache: this.#cache,
      router: this.#router,
      emit,
    };
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
  dispatch(request: DispatchRequest): AsyncGenerator<DispatchEvent> {
    return dispatchRequest(this.#stages, request);
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
