/**
 * One attempt of a request on one backend, for the router: send it, relay
 * the backend's chunks as they arrive, and say how the attempt ended — the
 * server's stats, or a {@link Failure} the router decides about (re-send,
 * back off, fail over). Errors that another server would repeat (bad
 * parameters) and cancellation throw instead.
 *
 * Kept apart from `router.ts` because it is the only part that reads a
 * backend's stream; the router only sees outcomes.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { LIMITS } from "../params.ts";
import type { DoneStats, ErrorCode, WireParams } from "../protocol.ts";
import type { RequestOutcome, Strategy } from "../strategies/index.ts";
import type { Backend, BackendEvent } from "./backend.ts";
import type { Health } from "./health.ts";
import type { SeamGuard } from "./seam.ts";
import { DispatchError, type DispatchRequest } from "./types.ts";

/** What an attempt streams while it runs (the router adds the end, see `RouteEvent` in `router.ts`). */
export type AttemptEvent =
  | { type: "chunks"; chunks: { text: string; tokens: number }[] }
  /** The first server to stream output for this request, before its first chunk. */
  | { type: "routed"; backend: string; model: string; cached: false };

/** How one attempt on one backend ended, when it did not succeed. */
export interface Failure {
  code: ErrorCode;
  message: string;
  /** "overloaded" is the server being busy, not broken: back off, do not count it against the server. */
  overloaded?: boolean;
  /** The server's fault: counts towards ejection. */
  fault?: boolean;
}

/** An attempt that completed: the server's stats, or a stop string the router found at a failover seam. */
export interface Completed {
  stats?: DoneStats;
  stoppedAtSeam?: boolean;
}

/** What has been streamed to the client so far (the text a failover continues). */
export interface Progress {
  text: string;
  tokens: number;
}

/** What is sent to the backend: the prompt (plus the text so far, after a failover) and its parameters. */
export interface AttemptSend {
  prompt: string;
  params: WireParams;
  /** After a failover with stop strings: holds back chunks until no stop string can straddle the seam. */
  guard?: SeamGuard;
}

/** The router settings an attempt reads (the router's own options object, read when used). */
export interface AttemptOptions {
  strategy: Strategy;
  /** A backend that sends no first token within this long is ejected and the attempt fails; 0 = off. */
  firstTokenTimeoutMs: number;
}

/** What an attempt needs from the balancer around the router. */
export interface AttemptHost {
  readonly health: Health;
  readonly log: Logger;
}

/**
 * One attempt on one backend: relays its chunks (recording them in
 * `progress`) and returns the server's stats or why it failed. Cancellation and errors
 * that another server would repeat (bad parameters) throw.
 */
export async function* attempt(
  backend: Backend,
  request: DispatchRequest,
  send: AttemptSend,
  progress: Progress,
  options: AttemptOptions,
  host: AttemptHost,
): AsyncGenerator<AttemptEvent, Completed | Failure> {
  const { strategy } = options;
  const view = {
    id: request.id,
    prompt: request.prompt,
    maxTokens: send.params.max_tokens ?? LIMITS.maxTokens.default,
  };
  host.log.debug(`Server ${backend.name} selected for request ${request.id}`, {
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
  const firstTokenMs = options.firstTokenTimeoutMs;
  try {
    while (true) {
      const batch = produced || firstTokenMs <= 0
        ? await events.take()
        : await withTimeout(events.take(), firstTokenMs);
      if (batch === "timeout") {
        const message = `server ${backend.name} sent no first token within ${
          (firstTokenMs / 1000).toFixed(1)
        } s`;
        host.health.eject(backend, message);
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
        host.log.info(`Request ${request.id} ends at a stop string across the failover seam`);
        return { stoppedAtSeam: true };
      }
      if (event.type === "chunk") {
        continue;
      } else if (event.type === "done") {
        outcome = "ok";
        host.health.success(backend);
        return { stats: event.stats };
      } else if (event.type === "lost") {
        outcome = "lost";
        return { code: "backend_lost", message: event.message, fault: true };
      } else if (event.code === "cancelled") {
        outcome = "cancelled";
        throw new DispatchError("cancelled", "request cancelled");
      } else if (event.code === "overloaded" && !produced) {
        host.log.debug(`Server ${backend.name} is overloaded (request ${request.id})`);
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

/** Resolves with the promise's value, or "timeout" after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), ms)),
  ]).finally(() => clearTimeout(timer));
}
