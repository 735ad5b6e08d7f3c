/**
 * The events of one request on one backend, as a queue taken in batches:
 * everything that arrived together (one read of the data connection) is
 * taken at once, so relaying a whole answer that arrived in one read costs
 * one asynchronous step, not one per chunk.
 *
 * @module
 */
import type { BackendEvent } from "./backend_interface.ts";

/** A request's event queue: the backend pushes, the router takes. */
export class RequestEvents {
  #queue: BackendEvent[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  /** Adds an event; after a terminal one (anything but a chunk) later pushes are ignored. */
  push(event: BackendEvent): void {
    if (this.#ended) return;
    if (event.type !== "chunk") this.#ended = true;
    this.#queue.push(event);
    const wake = this.#wake;
    if (wake) {
      this.#wake = undefined;
      wake();
    }
  }

  /** True once the terminal event has been pushed. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Resolves with every event queued so far (at least one), or with an empty
   * array once the terminal event has been taken.
   */
  async take(): Promise<BackendEvent[]> {
    if (this.#queue.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
    // Events pushed after the wake-up but before this continuation ran join the same batch.
    const batch = this.#queue;
    this.#queue = [];
    return batch;
  }
}
