/**
 * Graceful shutdown of dispatch: counts the requests in progress, refuses new ones once draining began,
 * and waits for the ones running (and their last writes) to finish.
 *
 * @module
 */
import { IdleWaiters } from "../idle.ts";

/** Requests in progress and the drain that waits for them. */
export class Shutdown {
  #active = 0;
  #draining = false;
  readonly #idle = new IdleWaiters();
  #flushes = new Set<Promise<void>>();

  /** Requests inside dispatch right now. */
  get active(): number {
    return this.#active;
  }

  /** True once draining began: new requests are refused. */
  get draining(): boolean {
    return this.#draining;
  }

  /** A request entered dispatch. */
  enter(): void {
    this.#active++;
  }

  /** A request left dispatch; the last one out wakes {@link drainAll}. */
  leave(): void {
    if (--this.#active === 0) this.#idle.wake();
  }

  /** Refuses new requests from now on. */
  begin(): void {
    this.#draining = true;
  }

  /**
   * Refuses new requests and waits until the ones in progress have finished and their final writes left,
   * or `timeoutMs` passed. Resolves with how many were still running.
   */
  async drainAll(timeoutMs: number): Promise<number> {
    this.#draining = true;
    const deadline = performance.now() + timeoutMs;
    if (this.#active > 0) await this.#idle.wait(timeoutMs);
    // The last answers must reach their clients before the connections close.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.#flushes]),
      new Promise((resolve) => timer = setTimeout(resolve, Math.max(0, deadline - performance.now()))),
    ]).finally(() => clearTimeout(timer));
    return this.#active;
  }

  /** While draining, holds {@link drainAll} until `write` (a request's final message) has left. */
  holdUntilSent(write: Promise<void>): void {
    if (!this.#draining) return;
    this.#flushes.add(write);
    write.finally(() => this.#flushes.delete(write));
  }
}
