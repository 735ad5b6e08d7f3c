/**
 * The routing stage of dispatch: wait for a routable backend, send the
 * request, relay its stream — and when a backend fails, decide what happens
 * next:
 *
 * - no output yet (lost, server error, `overloaded`, no first token in time):
 *   re-send elsewhere, at most `retries` times; when every routable server
 *   said `overloaded`, wait a jittered, growing back-off first (bounded by the
 *   queue timeout) instead of asking the same full servers again at once;
 * - output already streamed: fail over — another backend is asked to continue
 *   the prompt plus the text already sent, for the tokens still missing, so
 *   the client sees one unbroken stream. Only when no backend can take it
 *   does the request end with `backend_lost`.
 *
 * Server faults are reported to {@link Health}, which ejects outliers.
 *
 * One attempt on one backend (reading its stream) is `attempt.ts`; waiting
 * for a routable backend is the queue in `wait_queue.ts`. This module holds
 * what happens between attempts.
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay } from "../backoff.ts";
import type { Logger } from "../log.ts";
import { type GenerationParams, LIMITS, toWireParams } from "../params.ts";
import type { DoneStats } from "../protocol.ts";
import type { Strategy } from "../strategies/index.ts";
import { attempt, type AttemptEvent, type Failure, type Progress } from "./attempt.ts";
import type { Backend } from "./backend.ts";
import type { Health } from "./health.ts";
import { SeamGuard } from "./seam.ts";
import type { Counters } from "./status.ts";
import { type BalancerEvent, DispatchError, type DispatchRequest } from "./types.ts";
import { WaitQueue } from "./wait_queue.ts";

/** Router settings (from `ailb balance` flags). */
export interface RouterOptions {
  strategy: Strategy;
  /** How long a request waits for a routable backend (and for busy servers) before giving up. */
  queueTimeoutMs: number;
  /** Requests allowed to wait for a backend at once; more are refused with `overloaded`. */
  maxQueue: number;
  /** Re-sends of one request after failures (before or after output); 0 = never re-send. */
  retries: number;
  /** A backend that sends no first token within this long is ejected and the request re-sent; 0 = off. */
  firstTokenTimeoutMs: number;
  /** Back-off between rounds of `overloaded` answers (equal jitter, doubling up to the cap). */
  overloadBackoff?: { baseMs: number; capMs: number };
}

/** What the router needs from the balancer around it. */
export interface RouterHost {
  /** The routable backends; the one place that decides who may get work. */
  upBackends(): Backend[];
  /** Model names the registered servers announce (a request naming another is refused at once). */
  models(): string[];
  readonly counters: Counters;
  readonly health: Health;
  emit(event: BalancerEvent): void;
  readonly log: Logger;
}

/** What {@link Router.route} yields: chunks (those that arrived together, in order), then (once) the end. */
export type RouteEvent =
  /** Chunks, and `routed` (the first server to stream output, before its first chunk): see {@link AttemptEvent}. */
  | AttemptEvent
  | {
    type: "end";
    /** The server that finished the answer (its id and display name), and its stats. */
    id: string;
    backend: string;
    stats?: DoneStats;
    /** Times the answer continued on another server. */
    failovers: number;
    /** Tokens of the whole answer: streamed before the last server, plus that server's own count. */
    tokens: number;
    /** Tokens of the original prompt, when known (see docs/design.md on failover). */
    promptTokens?: number;
    /** Set when the router itself ended the answer (a stop string across a failover seam). */
    finishReason?: "stop";
  };

const DEFAULT_OVERLOAD_BACKOFF = { baseMs: 100, capMs: 2000 };

/** Sends requests to backends and survives their failures. */
export class Router {
  readonly #queue: WaitQueue;

  constructor(readonly options: RouterOptions, readonly host: RouterHost) {
    this.#queue = new WaitQueue(options, host);
  }

  /** Requests currently waiting for a routable backend. */
  get queued(): number {
    return this.#queue.queued;
  }

  /** Wakes every waiting request (a backend became routable). */
  wake(): void {
    this.#queue.wake();
  }

  /** Shutdown: waiting requests and failed attempts end at once instead of looking for backends. */
  close(): void {
    this.#queue.close();
  }

  /**
   * Runs one validated request on backends until it completes; throws
   * {@link DispatchError} when it cannot.
   */
  async *route(
    request: DispatchRequest,
    params: GenerationParams,
    /** Filled in as the request goes: time waiting for a server, and the last server it was sent to. */
    timing: { queueMs: number; backend?: string } = { queueMs: 0 },
  ): AsyncGenerator<RouteEvent> {
    const { counters, log } = this.host;
    const wire = toWireParams(params);
    const progress: Progress = { text: "", tokens: 0 };
    const failed = new Set<string>(); // backends this request failed on: tried last
    let retries = 0;
    let failovers = 0;
    let overloadRounds = 0;
    let overloadDeadline: number | undefined;
    while (true) {
      const continuing = progress.tokens > 0;
      const before = progress.tokens;
      const waitStart = performance.now();
      const backend = await this.#queue.acquire(
        request,
        failed,
        continuing,
        params.maxTokens - progress.tokens,
      )
        .finally(() => timing.queueMs += performance.now() - waitStart);
      timing.backend = backend.id;
      const outcome = yield* attempt(
        backend,
        request,
        {
          prompt: request.prompt + progress.text,
          params: continuing ? { ...wire, max_tokens: params.maxTokens - progress.tokens } : wire,
          guard: continuing && params.stop.length ? new SeamGuard(progress.text, params.stop) : undefined,
        },
        progress,
        this.options,
        this.host,
      );
      if (!("code" in outcome) || progress.tokens >= params.maxTokens) {
        // (A server lost right after its last token still delivered everything that was asked for.)
        const stats = "code" in outcome ? undefined : outcome.stats;
        const finishReason = "stoppedAtSeam" in outcome && outcome.stoppedAtSeam
          ? "stop" as const
          : undefined;
        // The engine counts tokens of a stop string it did not send; chunks are the fallback.
        const own = stats?.completion_tokens ?? progress.tokens - before;
        // After a failover the last server's prompt held the text streamed before it: subtract
        // those tokens (exact when its tokenizer splits the seam the same way; see docs/design.md).
        const promptTokens = stats?.prompt_tokens === undefined
          ? undefined
          : Math.max(0, stats.prompt_tokens - before);
        yield {
          type: "end",
          id: backend.id,
          backend: backend.name,
          stats,
          failovers,
          tokens: before + own,
          promptTokens,
          ...(finishReason ? { finishReason } : {}),
        };
        return;
      }
      const failure: Failure = outcome;
      failed.add(backend.id);
      if (failure.fault) this.host.health.failure(backend, failure.message);
      const streamed = progress.tokens > 0;
      if (retries >= this.options.retries) {
        const code = streamed ? "backend_lost" : failure.code;
        if (code === "overloaded") counters.overloaded++;
        throw new DispatchError(code, `${failure.message} (gave up after ${retries + 1} attempts)`);
      }
      if (streamed && request.prompt.length + progress.text.length > LIMITS.promptChars) {
        throw new DispatchError(
          "backend_lost",
          `${failure.message}; the text so far is too long to continue elsewhere`,
        );
      }
      retries++;
      if (streamed) {
        failovers++;
        counters.failovers++;
        log.warn(`Request ${request.id} fails over after ${progress.tokens} tokens: ${failure.message}`);
        this.host.emit({ type: "failover", from: backend.id, reason: failure.message });
        continue;
      }
      counters.retried++;
      this.host.emit({ type: "retry", from: backend.id, reason: failure.message });
      if (!failure.overloaded) {
        log.warn(`Request ${request.id} re-sent: ${failure.message}`);
        continue;
      }
      // Busy servers: try the ones not asked yet at once; once all said no, back off.
      if (this.host.upBackends().some((b) => !failed.has(b.id))) continue;
      overloadDeadline ??= performance.now() + this.options.queueTimeoutMs;
      const { baseMs, capMs } = this.options.overloadBackoff ?? DEFAULT_OVERLOAD_BACKOFF;
      const delay = backoffDelay(++overloadRounds, baseMs, capMs);
      if (performance.now() + delay > overloadDeadline) {
        counters.overloaded++;
        throw new DispatchError("overloaded", `${failure.message} (every server stayed busy)`);
      }
      log.debug(`Request ${request.id}: every server is busy; retrying in ${Math.round(delay)} ms`);
      await sleep(delay, undefined, { signal: request.signal }).catch(() => {
        throw new DispatchError("cancelled", "request cancelled");
      });
    }
  }
}
