/**
 * Strategy factory: CLI names → implementations.
 *
 * @module
 */
import { LeastConnections } from "./least_connections.ts";
import { LeastLoad } from "./least_load.ts";
import { RoundRobin } from "./round_robin.ts";
import type { Strategy } from "./strategy.ts";

export type { BackendView, RequestOutcome, RequestView, Strategy } from "./strategy.ts";

/** Names accepted by {@link createStrategy}. */
export const STRATEGIES = {
  round_robin: () => new RoundRobin(),
  least_connections: () => new LeastConnections(),
  least_load: () => new LeastLoad(),
} as const satisfies Record<string, () => Strategy>;

/** One of the strategy names. */
export type StrategyName = keyof typeof STRATEGIES;

/** Creates a fresh strategy instance by name. */
export function createStrategy(name: StrategyName): Strategy {
  return STRATEGIES[name]();
}
