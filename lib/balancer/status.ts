/**
 * The balancer's state as one typed value: what `ailb status --json`,
 * `/api/status`, the status protocol message and the dashboard's live feed
 * all carry. {@link Balancer.status} fills it from memory; a shared-store
 * implementation (several balancer replicas) fills the same shape.
 *
 * Field names are a stable interface (snake_case, as on the wire). Times are
 * ISO 8601 strings, durations carry their unit in the name.
 *
 * @module
 */
import type { CacheStats } from "../cache/types.ts";

/**
 * A server's state. `up` takes requests; `draining` finishes what it has and
 * takes no new ones; `ejected` is taken out of rotation by the balancer for
 * misbehaving while still connected; `unhealthy` says (in its heartbeats)
 * that it cannot serve, e.g. its upstream stopped answering, and gets nothing
 * until it says otherwise; `down` is gone (listed for a while so operators see
 * what happened).
 */
export type ServerState = "up" | "down" | "draining" | "ejected" | "unhealthy";

/** Which protocol a server speaks: `ailb serve` (native) or the original Python tool's (legacy). */
export type BackendKind = "native" | "legacy";

/** Why a server went down, as a value (never parsed from text). */
export type DownCause =
  /** Nothing heard on its control connection for the heartbeat timeout. */
  | { kind: "heartbeat"; missed: number; silent_ms: number }
  /** One of its connections closed or failed. */
  | { kind: "connection"; detail: string }
  /** A new registration from the same address took its place. */
  | { kind: "replaced" }
  /** The balancer is shutting down. */
  | { kind: "shutdown" };

/** The sentence shown to people for a {@link DownCause}, e.g. "missed 3 heartbeats, silent 3.2 s". */
export function describeCause(cause: DownCause): string {
  switch (cause.kind) {
    case "heartbeat":
      return `missed ${cause.missed} heartbeats, silent ${(cause.silent_ms / 1000).toFixed(1)} s`;
    case "connection":
      return cause.detail;
    case "replaced":
      return "the server registered again";
    case "shutdown":
      return "balancer shutting down";
  }
}

/** One server as `status` reports it; down servers stay listed for {@link DEPARTED_KEEP_MS}. */
export interface ServerStatus {
  /** host:port the balancer connects to; the key everywhere (metrics label, `backend` in done stats). */
  id: string;
  /** Which protocol it speaks. */
  kind: BackendKind;
  /** Display name (`ailb serve --name`); the id when none was given. */
  name: string;
  model: string;
  /** Every model name it answers to (requests naming a model route by these). */
  models: string[];
  /** Takes chat messages natively (OpenAI chat requests reach it as messages, not a flattened prompt). */
  chat: boolean;
  engine: string;
  state: ServerState;
  /** When the server entered `state`. */
  since: string;
  /** Why it is not up (null while up). */
  reason: string | null;
  /** The same as a value, for programs (null while up or when not down). */
  cause: DownCause | null;
  /** When the balancer last heard from it (any message on its control connection). */
  last_heartbeat: string;
  /** Milliseconds since then (frozen once down). */
  silent_ms: number;
  /** Requests the balancer has sent it and not yet seen end (exact). */
  in_flight: number;
  /** Requests waiting in the server's own queue (its last heartbeat). */
  queued: number;
  /** Requests it completed for this balancer. */
  served: number;
  /** Requests it answered with an error. */
  failed: number;
  /** Its generation rate from its last heartbeat. */
  tokens_per_s: number;
  /** Requests the server has received since it started (its own count; null if it does not report it). */
  server_requests: number | null;
  /** While ejected: when the probe that may re-admit it is due (null otherwise). */
  ejected_until?: string | null;
  /** Requests that failed on it in a row (outlier ejection counts these; a success resets it). */
  consecutive_failures?: number;
  /** Routing weight: the relative capacity the server announced (`serve --weight`, default 1). */
  weight?: number;
  /** The replica the server registered through (this one's name unless adopted). */
  via?: string;
  /** Registered through another replica: routed over this replica's own data connection, no control connection. */
  adopted?: boolean;
}

/** Another balancer sharing this one's state (multi-replica setups, `ailb balance --store`). */
export interface ReplicaStatus {
  /** Its `--replica-name`. */
  id: string;
  /** `down` once its presence record expired (listed for {@link DEPARTED_KEEP_MS}). */
  state: "up" | "down";
  /** When it last refreshed its presence record. */
  last_seen: string;
  /** The replica answering this status. */
  self: boolean;
  /** TCP address servers and clients use. */
  address: string;
  /** Web UI address, null without one. */
  http: string | null;
  started_at: string;
  /** Servers registered through it (their control connection is there). */
  servers: number;
  /** Servers it routes to (its own and the ones registered elsewhere). */
  routes_to: number;
  /** Requests it is relaying now. */
  in_flight: number;
}

/** Monotonic counters since the balancer started. */
export interface Counters {
  /** Requests that entered dispatch (including ones rejected as invalid). */
  requests: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Re-sends of requests that had no output yet (server lost, failed, full, or too slow to start). */
  retried: number;
  /** Requests that had streamed output and continued on another server after theirs failed. */
  failovers: number;
  /** Times a server was taken out of rotation by outlier detection. */
  ejections: number;
  no_backend: number;
  overloaded: number;
  /** Requests that shared the answer of an identical request in flight (not cache hits). */
  coalesced: number;
  /** Heartbeat intervals that passed without hearing from a server. */
  heartbeat_misses: number;
}

/** The response cache: its settings and figures. */
export interface CacheStatus extends CacheStats {
  settings: { capacity: number; ttl_ms: number; threshold: number };
  /** hits ÷ (hits + misses); null before the first lookup. */
  hit_rate: number | null;
}

/** Everything `ailb status --json` prints. */
export interface BalancerStatus {
  version: string;
  started_at: string;
  uptime_s: number;
  strategy: string;
  /** This replica's name (`--replica-name`). */
  replica?: string;
  /** The shared store (address with the password hidden, "memory" for a lone balancer). */
  store?: { address: string; connected: boolean };
  /** Balancer replicas sharing state, this one included. */
  replicas?: ReplicaStatus[];
  /** Servers in registration order; down ones (most recent first) after the live ones. */
  backends: ServerStatus[];
  /** The balancer's own queue: requests waiting for a server. */
  queue: { waiting: number; max: number; timeout_ms: number };
  counters: Counters;
  /** null when the cache is off. */
  cache: CacheStatus | null;
}

/** How long a down server stays listed in status. */
export const DEPARTED_KEEP_MS = 10 * 60_000;
/** At most this many down servers are listed (the most recent). */
export const DEPARTED_KEEP_COUNT = 50;
