/**
 * The vocabulary shared by the balancer's parts (dispatch, router, health):
 * a request entering dispatch, what it streams back, how it fails, and the
 * events the dashboard and metrics read.
 *
 * @module
 */
import type { ChatMessage } from "../params.ts";
import type { DoneStats, ErrorCode, WireParams } from "../protocol.ts";
import type { RequestOutcome } from "../strategies/index.ts";
import type { DownCause, ServerState } from "./status.ts";

/** One request entering {@link Balancer.dispatch}. */
export interface DispatchRequest {
  id: string;
  prompt: string;
  /** As received; validated (and bounded) inside dispatch, so rejected requests are counted like others. */
  params?: WireParams;
  /** false bypasses the cache for this request (neither read nor written). */
  useCache: boolean;
  signal: AbortSignal;
  /**
   * When set, chunks are handed here synchronously as they arrive instead of being yielded (dispatch then
   * yields only `done`): a transport that writes them straight on sends a whole read's worth in one write
   * and skips an asynchronous step per chunk.
   */
  onChunk?: (text: string, tokens: number) => void;
  /** Only backends announcing this model may answer (and only its cached answers); undefined or "ailb": any. */
  model?: string;
  /** The chat messages `prompt` was flattened from; passed to backends that take chat natively. */
  messages?: ChatMessage[];
}

/** The model name that means "any model" (the OpenAI API lists it as `ailb`). */
export const ANY_MODEL = "ailb";

/** The model a request is restricted to, or undefined for any. */
export function wantedModel(request: { model?: string }): string | undefined {
  return request.model === undefined || request.model === ANY_MODEL ? undefined : request.model;
}

/** What dispatch streams back. */
export type DispatchEvent =
  /** Who answers, before the first chunk (HTTP fronts put it in headers); a zero-chunk answer skips it. */
  | { type: "routed"; backend: string; model?: string; cached: boolean }
  | { type: "chunk"; text: string; tokens: number }
  | { type: "done"; stats: DoneStats };

/** A request that failed, with the stable code to report. */
export class DispatchError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = "DispatchError";
  }
}

/** Characters of a prompt carried in `request_end` events. */
export const PROMPT_PREVIEW = 80;

/** Something that happened, for metrics and the dashboard. */
export type BalancerEvent =
  /** A request entered dispatch. */
  | { type: "request_start"; id: string }
  | {
    type: "request_end";
    id: string;
    /** The request's prompt, cut to {@link PROMPT_PREVIEW} characters (for the dashboard's log). */
    prompt: string;
    /** Id (host:port) of the server that generated the answer (the last one, after a failover). */
    backend?: string;
    outcome: RequestOutcome | "no_backend" | "overloaded" | "invalid";
    /** Answered without generating: a cache hit or an identical request's shared answer. */
    cached: boolean;
    /** The cache was consulted (on, not bypassed, request valid). */
    cacheLookup: boolean;
    cacheKind?: "exact" | "semantic" | "coalesced";
    ttftMs?: number;
    totalMs: number;
    /** Time spent waiting in the balancer for a server (0 when one was free at once). */
    queueMs: number;
    tokens: number;
  }
  | { type: "backend_up"; backend: string }
  | { type: "backend_down"; backend: string; cause: DownCause }
  /** `count` heartbeat intervals passed without hearing from `backend`. */
  | { type: "heartbeat_miss"; backend: string; count: number }
  | { type: "retry"; from: string; reason: string }
  /** a request that had streamed output continues on another backend */
  | { type: "failover"; from: string; reason: string }
  /** a backend changed state (ejected, re-admitted, draining, …) */
  | { type: "backend_state"; backend: string; state: ServerState; reason: string };
