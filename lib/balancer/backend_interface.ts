/**
 * What the registry, the strategies and dispatch need from a backend, whatever
 * kind it is: a native `ailb serve` process (`backend.ts`), a server speaking
 * the original Python tool's plain-text protocol (`lib/legacy/backend.ts`), …
 * Dispatch only talks to this interface, so a new kind of backend touches
 * nothing on the request path.
 *
 * @module
 */
import type { DoneStats, ErrorCode, Load, WireParams } from "../protocol.ts";
import type { BackendView } from "../strategies/index.ts";

/** What a backend stream can carry back for one request. */
export type BackendEvent =
  | { type: "chunk"; text: string; tokens: number }
  | { type: "done"; stats: DoneStats }
  | { type: "error"; code: ErrorCode; message: string }
  /** the backend went away; `message` says why */
  | { type: "lost"; message: string };

/** Why a backend was taken out of service (metrics count heartbeat losses apart). */
export type DownCause = "heartbeat" | "connection" | "replaced" | "shutdown";

/** Which protocol a backend speaks; shown in status as `kind`. */
export type BackendKind = "native" | "legacy";

/** One registered server as the balancer sees it. */
export interface Backend extends BackendView {
  readonly kind: BackendKind;
  readonly name: string;
  readonly engine: string;
  state: "up" | "down";
  downReason: string;
  served: number;
  failed: number;
  /** Milliseconds since the server was last heard from. */
  readonly silentMs: number;
  /** Sends a request; its events arrive on the returned stream, which always ends. */
  start(id: string, prompt: string, params: WireParams): ReadableStream<BackendEvent>;
  /** Cancels a request: ends its stream at once with `cancelled` (no-op once it ended). */
  cancel(id: string): void;
  /** Takes the backend out of service; every open request ends with `lost`. */
  markDown(reason: string, cause?: DownCause): void;
  /** Registers a callback for when this backend goes down. */
  onDown(listener: (backend: Backend, reason: string) => void): void;
  /** This backend's row in `ailb status --json` (field names are a stable interface). */
  describe(): Record<string, unknown>;
}

/** The load figures of a backend that reports none of its own: just what the balancer counts. */
export function countedLoad(inFlight: number): Load {
  return { in_flight: inFlight, queued: 0, tokens_per_s: 0 };
}
