/**
 * The routing-strategy interface. One file per strategy implements it and
 * `index.ts` registers it by name, so adding a policy touches nothing else
 * (the same shape as SGLang's router policies: one trait with default hooks,
 * one file per policy, a factory, and hooks for workers joining and leaving).
 *
 * @module
 */
import type { Load } from "../protocol.ts";

/**
 * What a strategy may see of a backend. An interface, not a class: any kind
 * of backend (an ailb server, a server speaking another protocol) fits.
 */
export interface BackendView {
  readonly id: string;
  readonly address: string;
  readonly model: string;
  /** Requests the balancer has sent and not yet seen end (exact). */
  readonly inFlight: number;
  /** The server's own figures from its last heartbeat. */
  readonly load: Load;
  /** Capacity the server announced (`serve --weight`, default 1): a weight-2 server should take twice the work. */
  readonly weight: number;
  /** Generations the server runs at once (from its hello; 1 when it did not say). */
  readonly concurrency: number;
}

/** What a strategy may see of a request. */
export interface RequestView {
  readonly id: string;
  readonly prompt: string;
  /** Tokens the request may generate (its `max_tokens`): its expected length. */
  readonly maxTokens: number;
}

/** A routing policy. Every hook but {@link select} is optional. */
export interface Strategy {
  /** Name shown in logs and status (the registry name, e.g. "least-connections"). */
  readonly name: string;
  /** Picks one of `candidates` (all healthy, never empty), or undefined to wait. */
  select(candidates: readonly BackendView[], request: RequestView): BackendView | undefined;
  /** Told when a request is sent to `backend`. */
  onStart?(backend: BackendView, request: RequestView): void;
  /** Told when that request ends, whatever the outcome, with the tokens it streamed from `backend`. */
  onEnd?(backend: BackendView, request: RequestView, outcome: RequestOutcome, tokens?: number): void;
  /** Told when a backend joins the pool (registered and up). */
  onBackendAdded?(backend: BackendView): void;
  /** Told when a backend leaves the pool (down, replaced or shut down). */
  onBackendRemoved?(backend: BackendView): void;
}

/** How a request ended on a backend. */
export type RequestOutcome = "ok" | "error" | "cancelled" | "lost";

/** A source of uniform numbers in [0, 1); strategies take one so tests can fix the sequence. */
export type Random = () => number;

/** A backend's load per unit of weight: what weighted strategies compare. */
export function weightedInFlight(backend: BackendView): number {
  return backend.inFlight / backend.weight;
}
