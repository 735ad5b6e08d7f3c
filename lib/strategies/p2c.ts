import { type BackendView, type Random, type Strategy, weightedInFlight } from "./strategy.ts";

/**
 * Power of two random choices on in-flight requests: sample two distinct
 * backends, keep the one with fewer requests in flight per unit of weight.
 * Nearly as even as least connections, but two balancers (or a burst between
 * updates) never herd onto the same "best" backend, and each pick looks at two
 * backends, not all of them.
 */
export class PowerOfTwo implements Strategy {
  readonly name = "p2c";
  constructor(readonly random: Random = Math.random) {}

  select(candidates: readonly BackendView[]): BackendView | undefined {
    if (candidates.length <= 1) return candidates[0];
    const [a, b] = twoDistinct(candidates, this.random);
    const [wa, wb] = [weightedInFlight(a), weightedInFlight(b)];
    if (wa !== wb) return wa < wb ? a : b;
    return a.weight >= b.weight ? a : b;
  }
}

/** Two distinct candidates, each unordered pair equally likely. */
export function twoDistinct<T>(candidates: readonly T[], random: Random): [T, T] {
  const first = Math.floor(random() * candidates.length);
  let second = Math.floor(random() * (candidates.length - 1));
  if (second >= first) second++;
  return [candidates[first], candidates[second]];
}
