/**
 * The routing-strategy interface. One file per strategy implements it and
 * `index.ts` maps CLI names to factories, so adding a policy touches nothing
 * else (the same shape as SGLang's router policies).
 *
 * @module
 */
import type { Load } from "../protocol.ts";

/** What a strategy may see of a backend. */
export interface BackendView {
  readonly id: string;
  readonly address: string;
  readonly model: string;
  /** Requests the balancer has sent and not yet seen end (exact). */
  readonly inFlight: number;
  /** The server's own figures from its last heartbeat. */
  readonly load: Load;
}

/** What a strategy may see of a request. */
export interface RequestView {
  readonly id: string;
  readonly prompt: string;
}

/** A routing policy. */
export interface Strategy {
  /** Name shown in logs and status ("round_robin", "least_connections", …). */
  readonly name: string;
  /** Picks one of `candidates` (all healthy, never empty), or undefined to wait. */
  select(candidates: readonly BackendView[], request: RequestView): BackendView | undefined;
  /** Told when a request is sent to `backend`. */
  onStart?(backend: BackendView, request: RequestView): void;
  /** Told when that request ends, whatever the outcome. */
  onEnd?(backend: BackendView, request: RequestView, outcome: RequestOutcome): void;
}

/** How a request ended on a backend. */
export type RequestOutcome = "ok" | "error" | "cancelled" | "lost";
