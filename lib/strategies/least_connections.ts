import type { BackendView, Strategy } from "./strategy.ts";

/**
 * Sends each request to the backend with the fewest requests in flight,
 * counted exactly by the balancer. Ties rotate so equal backends share work
 * instead of the first one taking every tie.
 */
export class LeastConnections implements Strategy {
  readonly name = "least_connections";
  #tieBreak = 0;

  select(candidates: readonly BackendView[]): BackendView | undefined {
    if (candidates.length === 0) return undefined;
    const fewest = Math.min(...candidates.map((b) => b.inFlight));
    const tied = candidates.filter((b) => b.inFlight === fewest);
    return tied[this.#tieBreak++ % tied.length];
  }
}
