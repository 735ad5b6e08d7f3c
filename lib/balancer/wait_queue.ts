/**
 * The balancer's queue: where a request waits until the strategy picks a
 * routable backend for it. Requests sleep until a backend becomes routable
 * ({@link WaitQueue.wake}), their deadline passes or they are cancelled;
 * `maxQueue` bounds how many may wait at once.
 *
 * Kept apart from `router.ts` because it has state of its own (the sleepers
 * and the shutdown flag) that the router's failure handling never touches.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { Strategy } from "../strategies/index.ts";
import type { Backend } from "./backend.ts";
import type { Counters } from "./status.ts";
import { DispatchError, type DispatchRequest, wantedModel } from "./types.ts";

/** The router settings the queue reads (the router's own options object, read when used). */
export interface WaitQueueOptions {
  strategy: Strategy;
  /** How long a request waits for a routable backend before giving up. */
  queueTimeoutMs: number;
  /** Requests allowed to wait for a backend at once; more are refused with `overloaded`. */
  maxQueue: number;
}

/** What the queue needs from the balancer around the router. */
export interface WaitQueueHost {
  /** The routable backends; the one place that decides who may get work. */
  upBackends(): Backend[];
  /** Model names the registered servers announce (a request naming another is refused at once). */
  models(): string[];
  readonly counters: Counters;
  readonly log: Logger;
}

/** Requests waiting for a routable backend, and the wait itself. */
export class WaitQueue {
  readonly #waiting = new Set<() => void>();
  #closed = false;

  constructor(readonly options: WaitQueueOptions, readonly host: WaitQueueHost) {}

  /** Requests currently waiting for a routable backend. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** Wakes every waiting request (a backend became routable). */
  wake(): void {
    for (const wake of [...this.#waiting]) wake();
  }

  /** Shutdown: waiting requests end at once, and later ones do not wait. */
  close(): void {
    this.#closed = true;
    this.wake();
  }

  /**
   * Waits until the strategy picks a routable backend, preferring ones this
   * request has not failed on, for at most the queue timeout. A failover that
   * finds nothing ends with `backend_lost` (the stream cannot be finished).
   */
  async acquire(
    request: DispatchRequest,
    failed: Set<string>,
    continuing: boolean,
    maxTokens: number,
  ): Promise<Backend> {
    const view = { id: request.id, prompt: request.prompt, maxTokens };
    const deadline = performance.now() + this.options.queueTimeoutMs;
    let queued = false;
    while (true) {
      if (request.signal.aborted) throw new DispatchError("cancelled", "request cancelled");
      if (this.#closed) {
        throw new DispatchError(
          continuing ? "backend_lost" : "shutting_down",
          "the balancer is shutting down",
        );
      }
      const model = wantedModel(request);
      if (!queued && !continuing && model !== undefined && !this.host.models().includes(model)) {
        throw new DispatchError("unknown_model", `no registered server announces model "${model}"`);
      }
      const up = this.host.upBackends().filter((b) => b.serves(model));
      const fresh = up.filter((b) => !failed.has(b.id));
      const chosen = this.options.strategy.select(fresh.length ? fresh : up, view) as Backend | undefined;
      if (chosen) return chosen;
      const remaining = deadline - performance.now();
      const seconds = (this.options.queueTimeoutMs / 1000).toFixed(1);
      if (remaining <= 0) {
        if (continuing) {
          throw new DispatchError("backend_lost", `no backend could continue the answer within ${seconds} s`);
        }
        this.host.counters.no_backend++;
        throw new DispatchError("no_backend", `no healthy backend within ${seconds} s`);
      }
      if (!queued && this.#waiting.size >= this.options.maxQueue) {
        this.host.counters.overloaded++;
        throw new DispatchError("overloaded", `${this.#waiting.size} requests already wait for a backend`);
      }
      if (!queued) this.host.log.debug(`Request ${request.id} waits for a healthy backend`);
      queued = true;
      await this.#sleepUntilWoken(remaining, request.signal);
    }
  }

  /** Sleeps until {@link wake}, `ms` passed, or `signal` aborted; the caller then looks again. */
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
}
