/**
 * Request coalescing: identical requests (same cache partition and prompt)
 * that arrive while the first is still generating wait for its answer instead
 * of occupying a second backend.
 *
 * This is only done where the cache may answer anyway: a later identical
 * request would be served the stored answer, so a concurrent one may share
 * it too. Requests that bypass the cache never coalesce.
 *
 * @module
 */

import type { CachedAnswer } from "../cache/types.ts";

/** A complete answer shared with followers (the same shape the cache stores). */
export type SharedAnswer = CachedAnswer;

/** The first request for a key: it must report how it ended. */
export interface Leader {
  succeed(answer: SharedAnswer): void;
  fail(): void;
}

/** What {@link Coalescer.join} decided. */
export type Joined = { leader: Leader } | { shared: SharedAnswer } | { alone: true };

/** Tracks in-flight leaders by key. */
export class Coalescer {
  #leaders = new Map<string, Promise<SharedAnswer | undefined>>();

  /** Number of keys with a request in flight. */
  get size(): number {
    return this.#leaders.size;
  }

  /**
   * Becomes the leader for `key` (synchronously, so two arrivals can never
   * both lead), or waits for the current leader's answer. If that leader
   * fails, the follower gets `alone` and must do the work itself.
   */
  join(key: string, signal: AbortSignal): Joined | Promise<Joined> {
    const pending = this.#leaders.get(key);
    if (!pending) return { leader: this.#lead(key) };
    return new Promise<Joined>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      pending.then((answer) => {
        signal.removeEventListener("abort", onAbort);
        resolve(answer ? { shared: answer } : { alone: true });
      });
    });
  }

  #lead(key: string): Leader {
    let settle!: (answer: SharedAnswer | undefined) => void;
    const promise = new Promise<SharedAnswer | undefined>((resolve) => settle = resolve);
    this.#leaders.set(key, promise);
    const finish = (answer?: SharedAnswer) => {
      if (this.#leaders.get(key) === promise) this.#leaders.delete(key);
      settle(answer);
    };
    return { succeed: finish, fail: () => finish(undefined) };
  }
}
