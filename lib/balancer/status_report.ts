/**
 * Builds the {@link BalancerStatus} value (`ailb status --json`, `/api/status`, the dashboard) from the
 * balancer's parts; the shape itself is declared in `status.ts`.
 *
 * @module
 */
import { VERSION } from "../version.ts";
import type { Backend } from "./backend.ts";
import type { Cluster } from "./cluster.ts";
import type { ResponseCache } from "./response_cache.ts";
import type { BalancerStatus, CacheStatus, Counters } from "./status.ts";

/** What a status report is made of. */
export interface StatusParts {
  startedAt: number;
  strategy: string;
  /** Live servers in registration order. */
  live: Iterable<Backend>;
  /** Departed servers still listed, most recent first. */
  departed: Backend[];
  queue: BalancerStatus["queue"];
  counters: Counters;
  cache?: ResponseCache;
  cluster?: Cluster;
}

/** The response cache's settings and figures as status reports them. */
export function cacheStatus(cache: ResponseCache): CacheStatus {
  const stats = cache.stats();
  const lookups = stats.hits + stats.misses;
  return {
    settings: {
      capacity: cache.options.capacity,
      ttl_ms: cache.options.ttlMs,
      threshold: cache.options.threshold,
    },
    ...stats,
    hit_rate: lookups ? Number((stats.hits / lookups).toFixed(4)) : null,
  };
}

/** The balancer's status at `now`. */
export function buildStatus(parts: StatusParts, now = Date.now()): BalancerStatus {
  const { cluster, cache } = parts;
  return {
    version: VERSION,
    ...(cluster && {
      replica: cluster.replica,
      store: { address: cluster.store, connected: cluster.connected },
      replicas: cluster.replicas(),
    }),
    started_at: new Date(parts.startedAt).toISOString(),
    uptime_s: Math.round((now - parts.startedAt) / 1000),
    strategy: parts.strategy,
    backends: [...[...parts.live].map((b) => b.describe()), ...parts.departed.map((b) => b.describe())],
    queue: parts.queue,
    counters: { ...parts.counters },
    cache: cache ? cacheStatus(cache) : null,
  };
}
