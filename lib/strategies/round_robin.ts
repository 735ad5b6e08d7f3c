import type { BackendView, Strategy } from "./strategy.ts";

/**
 * Cycles over the healthy backends. With weights it is smooth weighted round
 * robin (as in nginx): each pick adds every candidate's weight to its score,
 * takes the highest and subtracts the total, so a weight-2 backend gets two
 * of every three requests, spread out rather than in bursts. With equal
 * weights this is plain rotation in the candidates' order.
 */
export class RoundRobin implements Strategy {
  readonly name = "round-robin";
  readonly #score = new Map<string, number>();

  select(candidates: readonly BackendView[]): BackendView | undefined {
    if (candidates.length === 0) return undefined;
    let total = 0;
    let best: BackendView | undefined;
    let bestScore = -Infinity;
    for (const backend of candidates) {
      const score = (this.#score.get(backend.id) ?? 0) + backend.weight;
      this.#score.set(backend.id, score);
      total += backend.weight;
      if (score > bestScore) [best, bestScore] = [backend, score];
    }
    this.#score.set(best!.id, bestScore - total);
    return best;
  }

  onBackendRemoved(backend: BackendView): void {
    this.#score.delete(backend.id);
  }
}
