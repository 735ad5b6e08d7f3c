/**
 * Waiting for "nothing left in progress" with a deadline: graceful shutdown of the balancer's dispatch and of
 * `ailb serve` both wait this way for their requests to finish.
 *
 * @module
 */

/** Waiters released when the owner reports it went idle, or at their own deadline. */
export class IdleWaiters {
  #waiters = new Set<() => void>();

  /** Resolves at the next {@link wake} or after `timeoutMs`, whichever comes first. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#waiters.add(done);
    });
  }

  /** Releases every waiter (the owner has nothing in progress any more). */
  wake(): void {
    for (const done of [...this.#waiters]) done();
  }
}
