import { type BackendView, type Strategy, weightedInFlight } from "./strategy.ts";

/**
 * Sends each request to the backend with the fewest requests in flight per
 * unit of weight, counted exactly by the balancer. Ties rotate so equal
 * backends share work instead of the first one taking every tie.
 */
export class LeastConnections implements Strategy {
  readonly name = "least-connections";
  #tieBreak = 0;

  select(candidates: readonly BackendView[]): BackendView | undefined {
    if (candidates.length === 0) return undefined;
    let fewest = Infinity;
    for (const backend of candidates) fewest = Math.min(fewest, weightedInFlight(backend));
    const tied = candidates.filter((b) => weightedInFlight(b) === fewest);
    return tied[this.#tieBreak++ % tied.length];
  }
}
