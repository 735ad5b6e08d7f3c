/**
 * A sliding-window rate meter (events or tokens per second over the last few
 * seconds), used for heartbeats' tokens/s and the dashboard's requests/s.
 *
 * @module
 */

/** Counts amounts in one-second buckets and reports the recent rate. */
export class RateMeter {
  #buckets: number[];
  #bucketTimes: number[];

  constructor(readonly windowSeconds = 5, readonly now: () => number = () => performance.now()) {
    this.#buckets = new Array(windowSeconds).fill(0);
    this.#bucketTimes = new Array(windowSeconds).fill(-1);
  }

  /** Records `amount` at the current time. */
  add(amount = 1): void {
    const second = Math.floor(this.now() / 1000);
    const slot = second % this.windowSeconds;
    if (this.#bucketTimes[slot] !== second) {
      this.#bucketTimes[slot] = second;
      this.#buckets[slot] = 0;
    }
    this.#buckets[slot] += amount;
  }

  /** Amount per second over the window. */
  rate(): number {
    const second = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < this.windowSeconds; i++) {
      if (second - this.#bucketTimes[i] < this.windowSeconds) total += this.#buckets[i];
    }
    return total / this.windowSeconds;
  }
}
