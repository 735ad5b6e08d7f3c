/**
 * The vocabulary shared by the balancer's parts (dispatch, router, health):
 * a request entering dispatch, what it streams back, how it fails, and the
 * events and counters the dashboard and metrics read.
 *
 * @module
 */
import type { DoneStats, ErrorCode, WireParams } from "../protocol.ts";
import type { RequestOutcome } from "../strategies/index.ts";
import type { BackendState } from "./backend.ts";

/** One request entering {@link Balancer.dispatch}. */
export interface DispatchRequest {
  id: string;
  prompt: string;
  /** As received; validated (and bounded) inside dispatch, so rejected requests are counted like others. */
  params?: WireParams;
  /** false bypasses the cache for this request (neither read nor written). */
  useCache: boolean;
  signal: AbortSignal;
}

/** What dispatch streams back. */
export type DispatchEvent =
  | { type: "chunk"; text: string; tokens: number }
  | { type: "done"; stats: DoneStats };

/** A request that failed, with the stable code to report. */
export class DispatchError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = "DispatchError";
  }
}

/** Something that happened, for metrics and the dashboard. */
export type BalancerEvent =
  | {
    type: "request_end";
    backend?: string;
    outcome: RequestOutcome | "no_backend" | "overloaded" | "invalid";
    cached: boolean;
    cacheKind?: "exact" | "semantic" | "coalesced";
    ttftMs?: number;
    totalMs: number;
    tokens: number;
  }
  | { type: "backend_up"; backend: string }
  | { type: "backend_down"; backend: string; reason: string; heartbeat: boolean }
  | { type: "retry"; from: string; reason: string }
  /** a request that had streamed output continues on another backend */
  | { type: "failover"; from: string; reason: string }
  /** a backend changed state (ejected, re-admitted, draining, …) */
  | { type: "backend_state"; backend: string; state: BackendState; reason: string };

/** Counters reported by `status`. */
export interface Counters {
  requests: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** re-sends of requests that had no output yet (lost, overloaded, failed, too slow) */
  retried: number;
  /** requests that had streamed output and continued on another backend */
  failovers: number;
  /** backends taken out of rotation by outlier detection */
  ejections: number;
  no_backend: number;
  overloaded: number;
  cache_hits: number;
  cache_misses: number;
  coalesced: number;
  heartbeat_misses: number;
}
