/**
 * The strategy registry: CLI names → descriptions and factories. Adding a
 * policy means one file and one entry here; `ailb balance --help`, its
 * `--strategy` check and `ailb demo` all list names from this table.
 *
 * @module
 */
import { LeastConnections } from "./least_connections.ts";
import { LeastLoad } from "./least_load.ts";
import { PowerOfTwo } from "./p2c.ts";
import { PrefixAffinity } from "./prefix.ts";
import { RoundRobin } from "./round_robin.ts";
import type { Random, Strategy } from "./strategy.ts";

export type { BackendView, Random, RequestOutcome, RequestView, Strategy } from "./strategy.ts";

/** What a factory may be given (tests fix the random source). */
export interface StrategyOptions {
  random?: Random;
}

/** One registered strategy. */
export interface StrategyEntry {
  /** One line for usage texts. */
  readonly description: string;
  /** Short flags of `ailb balance` that choose it (without dashes). */
  readonly flags: readonly string[];
  readonly create: (options?: StrategyOptions) => Strategy;
}

/** Every strategy by its `--strategy` name, in the order usage texts list them. */
export const STRATEGIES = {
  "round-robin": {
    description: "each server in turn (smooth weighted round robin)",
    flags: ["rr"],
    create: () => new RoundRobin(),
  },
  "least-connections": {
    description: "fewest requests in flight per unit of weight",
    flags: ["lc"],
    create: () => new LeastConnections(),
  },
  "p2c": {
    description: "power of two random choices on requests in flight",
    flags: [],
    create: (options) => new PowerOfTwo(options?.random),
  },
  "least-load": {
    description: "earliest expected finish: outstanding tokens / measured tokens/s",
    flags: ["least-load"],
    create: () => new LeastLoad(),
  },
  "prefix": {
    description: "same prompt prefix → same server, within a load bound (consistent hashing)",
    flags: [],
    create: () => new PrefixAffinity(),
  },
} as const satisfies Record<string, StrategyEntry>;

/** One of the strategy names. */
export type StrategyName = keyof typeof STRATEGIES;

/** The registered names, in order. */
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

/** True when `name` is a registered strategy. */
export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGIES, name);
}

/** Creates a fresh strategy instance by name. */
export function createStrategy(name: StrategyName, options?: StrategyOptions): Strategy {
  return STRATEGIES[name].create(options);
}

/** Usage-text lines listing every strategy: `    name   description`. */
export function strategyHelp(indent = "  "): string {
  const width = Math.max(...STRATEGY_NAMES.map((n) => n.length)) + 2;
  return STRATEGY_NAMES.map((name) => `${indent}${name.padEnd(width)}${STRATEGIES[name].description}`).join(
    "\n",
  );
}
