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
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay } from "../backoff.ts";
import type { Logger } from "../log.ts";
import { type GenerationParams, LIMITS, toWireParams } from "../params.ts";
import type { DoneStats, ErrorCode, WireParams } from "../protocol.ts";
import type { RequestOutcome, Strategy } from "../strategies/index.ts";
import type { Backend, BackendEvent } from "./backend.ts";
import type { Health } from "./health.ts";
import { SeamGuard } from "./seam.ts";
import type { Counters } from "./status.ts";
import { type BalancerEvent, DispatchError, type DispatchRequest, wantedModel } from "./types.ts";

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
  | { type: "chunks"; chunks: { text: string; tokens: number }[] }
  /** The first server to stream output for this request, before its first chunk. */
  | { type: "routed"; backend: string; model: string; cached: false }
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

/** How one attempt on one backend ended, when it did not succeed. */
interface Failure {
  code: ErrorCode;
  message: string;
  /** "overloaded" is the server being busy, not broken: back off, do not count it against the server. */
  overloaded?: boolean;
  /** The server's fault: counts towards ejection. */
  fault?: boolean;
}

/** An attempt that completed: the server's stats, or a stop string the router found at a failover seam. */
interface Completed {
  stats?: DoneStats;
  stoppedAtSeam?: boolean;
}

/** What has been streamed to the client so far (the text a failover continues). */
interface Progress {
  text: string;
  tokens: number;
}

const DEFAULT_OVERLOAD_BACKOFF = { baseMs: 100, capMs: 2000 };

/** Sends requests to backends and survives their failures. */
export class Router {
  readonly #waiting = new Set<() => void>();
  #closed = false;

  constructor(readonly options: RouterOptions, readonly host: RouterHost) {}

  /** Requests currently waiting for a routable backend. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** Wakes every waiting request (a backend became routable). */
  wake(): void {
    for (const wake of [...this.#waiting]) wake();
  }

  /** Shutdown: waiting requests and failed attempts end at once instead of looking for backends. */
  close(): void {
    this.#closed = true;
    this.wake();
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
      const backend = await this.#acquire(request, failed, continuing, params.maxTokens - progress.tokens)
        .finally(() => timing.queueMs += performance.now() - waitStart);
      timing.backend = backend.id;
      const outcome = yield* this.#attempt(backend, request, {
        prompt: request.prompt + progress.text,
        params: continuing ? { ...wire, max_tokens: params.maxTokens - progress.tokens } : wire,
        guard: continuing && params.stop.length ? new SeamGuard(progress.text, params.stop) : undefined,
      }, progress);
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

  /**
   * One attempt on one backend: relays its chunks (recording them in
   * `progress`) and returns the server's stats or why it failed. Cancellation and errors
   * that another server would repeat (bad parameters) throw.
   */
  async *#attempt(
    backend: Backend,
    request: DispatchRequest,
    send: { prompt: string; params: WireParams; guard?: SeamGuard },
    progress: Progress,
  ): AsyncGenerator<RouteEvent, Completed | Failure> {
    const { strategy } = this.options;
    const view = {
      id: request.id,
      prompt: request.prompt,
      maxTokens: send.params.max_tokens ?? LIMITS.maxTokens.default,
    };
    this.host.log.debug(`Server ${backend.name} selected for request ${request.id}`, {
      strategy: strategy.name,
      in_flight: backend.inFlight,
      ...(progress.tokens ? { continuing_after: progress.tokens } : {}),
    });
    const continuing = progress.tokens > 0;
    const tokensBefore = progress.tokens;
    const events = backend.start(request.id, {
      prompt: send.prompt,
      params: send.params,
      model: request.model,
      // A continuation extends the flattened prompt: the messages do not hold the text streamed so far.
      messages: continuing ? undefined : request.messages,
    });
    strategy.onStart?.(backend, view);
    let outcome: RequestOutcome = "error";
    let produced = false;
    let announced = false;
    const onAbort = () => backend.cancel(request.id);
    request.signal.addEventListener("abort", onAbort, { once: true });
    const firstTokenMs = this.options.firstTokenTimeoutMs;
    try {
      while (true) {
        const batch = produced || firstTokenMs <= 0
          ? await events.take()
          : await withTimeout(events.take(), firstTokenMs);
        if (batch === "timeout") {
          const message = `server ${backend.name} sent no first token within ${
            (firstTokenMs / 1000).toFixed(1)
          } s`;
          this.host.health.eject(backend, message);
          return { code: "timeout", message };
        }
        if (batch.length === 0) {
          return { code: "internal", message: `server ${backend.name}: stream ended early` };
        }
        // Chunks that arrived together go on together; the terminal event, if any, is the batch's last.
        const event: BackendEvent = batch[batch.length - 1];
        let chunks: { text: string; tokens: number }[] | undefined;
        let stopped = false;
        const release = (released: { text: string; tokens: number }[] | "stop") => {
          if (released === "stop") {
            stopped = true;
            return;
          }
          for (const chunk of released) {
            progress.text += chunk.text;
            progress.tokens += chunk.tokens;
            (chunks ??= []).push(chunk);
          }
        };
        for (const chunk of batch) {
          if (chunk.type !== "chunk" || stopped) break;
          produced = true;
          // After a failover the guard holds the first chunks until no stop string can straddle the seam.
          release(send.guard?.push(chunk) ?? [chunk]);
        }
        if (event.type === "done" && !stopped) release(send.guard?.flush() ?? []);
        if (chunks) {
          if (!announced && !continuing) {
            announced = true;
            yield { type: "routed", backend: backend.name, model: backend.model, cached: false };
          }
          yield { type: "chunks", chunks };
        }
        if (stopped) {
          outcome = "ok";
          this.host.log.info(`Request ${request.id} ends at a stop string across the failover seam`);
          return { stoppedAtSeam: true };
        }
        if (event.type === "chunk") {
          continue;
        } else if (event.type === "done") {
          outcome = "ok";
          this.host.health.success(backend);
          return { stats: event.stats };
        } else if (event.type === "lost") {
          outcome = "lost";
          return { code: "backend_lost", message: event.message, fault: true };
        } else if (event.code === "cancelled") {
          outcome = "cancelled";
          throw new DispatchError("cancelled", "request cancelled");
        } else if (event.code === "overloaded" && !produced) {
          this.host.log.debug(`Server ${backend.name} is overloaded (request ${request.id})`);
          return {
            code: "overloaded",
            message: `server ${backend.name}: ${event.message}`,
            overloaded: true,
          };
        } else if (event.code === "backend_error" || event.code === "internal" || progress.tokens > 0) {
          // The server broke (or could not continue a failover): another one may do better.
          return { code: "backend_error", message: `server ${backend.name}: ${event.message}`, fault: true };
        } else {
          throw new DispatchError(event.code, `server ${backend.name}: ${event.message}`);
        }
      }
    } finally {
      request.signal.removeEventListener("abort", onAbort);
      backend.cancel(request.id); // no-op once the request ended; frees the server if our consumer left early
      strategy.onEnd?.(backend, view, outcome, progress.tokens - tokensBefore);
    }
  }

  /**
   * Waits until the strategy picks a routable backend, preferring ones this
   * request has not failed on, for at most the queue timeout. A failover that
   * finds nothing ends with `backend_lost` (the stream cannot be finished).
   */
  async #acquire(
    request: DispatchRequest,
    failed: Set<string>,
    continuing: boolean,
    maxTokens: number,
  ): Promise<Backend> {
    const view = { id: request.id, prompt: request.prompt, maxTokens };
    const deadline = performance.now() + this.options.queueTimeoutMs;
    let queued = false;
    while (true) {
      if (request.signal.aborted) throw new DispatchError("cancelled", "request cancelled");
      if (this.#closed) {
        throw new DispatchError(
          continuing ? "backend_lost" : "shutting_down",
          "the balancer is shutting down",
        );
      }
      const model = wantedModel(request);
      if (!queued && !continuing && model !== undefined && !this.host.models().includes(model)) {
        throw new DispatchError("unknown_model", `no registered server announces model "${model}"`);
      }
      const up = this.host.upBackends().filter((b) => b.serves(model));
      const fresh = up.filter((b) => !failed.has(b.id));
      const chosen = this.options.strategy.select(fresh.length ? fresh : up, view) as Backend | undefined;
      if (chosen) return chosen;
      const remaining = deadline - performance.now();
      const seconds = (this.options.queueTimeoutMs / 1000).toFixed(1);
      if (remaining <= 0) {
        if (continuing) {
          throw new DispatchError("backend_lost", `no backend could continue the answer within ${seconds} s`);
        }
        this.host.counters.no_backend++;
        throw new DispatchError("no_backend", `no healthy backend within ${seconds} s`);
      }
      if (!queued && this.#waiting.size >= this.options.maxQueue) {
        this.host.counters.overloaded++;
        throw new DispatchError("overloaded", `${this.#waiting.size} requests already wait for a backend`);
      }
      if (!queued) this.host.log.debug(`Request ${request.id} waits for a healthy backend`);
      queued = true;
      await this.#sleepUntilWoken(remaining, request.signal);
    }
  }

  #sleepUntilWoken(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

/** Resolves with the promise's value, or "timeout" after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), ms)),
  ]).finally(() => clearTimeout(timer));
}
