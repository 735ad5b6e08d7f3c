import type { BackendView, Strategy } from "./strategy.ts";

/** Cycles over the healthy backends in registration order. */
export class RoundRobin implements Strategy {
  readonly name = "round_robin";
  #next = 0;

  select(candidates: readonly BackendView[]): BackendView | undefined {
    if (candidates.length === 0) return undefined;
    const chosen = candidates[this.#next % candidates.length];
    this.#next = (this.#next + 1) % Number.MAX_SAFE_INTEGER;
    return chosen;
  }
}
