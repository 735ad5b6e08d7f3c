/**
 * Dispatch: the one path every request takes (TCP clients and the web UI
 * alike), through the balancer's stages:
 *
 *   admission and validation → cache → strategy → backend → stream back
 *
 * It also keeps the books on each request: the counters, and the
 * `request_start` / `request_end` events metrics and the dashboard read.
 * The stages themselves are built and owned by {@link Balancer}
 * (`balancer.ts`); this module only runs a request through them.
 *
 * @module
 */
import { type GenerationParams, toGenerationParams } from "../params.ts";
import { type DoneStats, type ErrorCode, ProtocolError, type ServerStats } from "../protocol.ts";
import { type CacheStage, type FromCache, partitionOf } from "./cache_stage.ts";
import type { Leader } from "./coalescer.ts";
import type { CachedAnswer } from "./response_cache.ts";
import type { RouteEvent, Router } from "./router.ts";
import type { Shutdown } from "./shutdown.ts";
import type { Counters } from "./status.ts";
import {
  type BalancerEvent,
  DispatchError,
  type DispatchEvent,
  type DispatchRequest,
  PROMPT_PREVIEW,
} from "./types.ts";

/** The balancer's stages and books, as dispatch uses them (owned by {@link Balancer}). */
export interface DispatchStages {
  readonly counters: Counters;
  /** Counts requests in progress; refuses new ones once draining began. */
  readonly shutdown: Shutdown;
  /** Absent when the balancer runs without a cache. */
  readonly cache: CacheStage | undefined;
  readonly router: Router;
  /** Hands an event to the balancer's subscribers. */
  emit(event: BalancerEvent): void;
}

/** Validates a request's prompt and parameters; a bad one fails with `invalid_params`. */
function validate(request: DispatchRequest): GenerationParams {
  try {
    return toGenerationParams(request.prompt, request.params);
  } catch (error) {
    if (error instanceof ProtocolError) throw new DispatchError(error.code, error.message);
    throw error;
  }
}

type RequestEnd = BalancerEvent & { type: "request_end" };

/** How each failure code is reported in `request_end` events (and metrics). */
const OUTCOME_OF_CODE: Partial<Record<ErrorCode, RequestEnd["outcome"]>> = {
  cancelled: "cancelled",
  backend_lost: "lost",
  no_backend: "no_backend",
  overloaded: "overloaded",
  invalid_params: "invalid",
  unknown_model: "invalid",
};

/**
 * Runs one request through the stages to completion, yielding its chunks and final stats (the body of
 * {@link Balancer.dispatch}). Throws {@link DispatchError} for every failure, including cancellation.
 */
export async function* dispatchRequest(
  stages: DispatchStages,
  request: DispatchRequest,
): AsyncGenerator<DispatchEvent> {
  stages.counters.requests++;
  stages.shutdown.enter();
  stages.emit({ type: "request_start", id: request.id });
  const started = performance.now();
  let tokens = 0;
  let ttftMs: number | undefined;
  let backendId: string | undefined;
  const timing: { queueMs: number; backend?: string } = { queueMs: 0 };
  let outcome: RequestEnd = {
    type: "request_end",
    id: request.id,
    prompt: typeof request.prompt === "string" ? request.prompt.slice(0, PROMPT_PREVIEW) : "",
    outcome: "error",
    cached: false,
    cacheLookup: false,
    totalMs: 0,
    queueMs: 0,
    tokens: 0,
  };
  let lead: Leader | undefined;
  try {
    // balancer: admission and validation.
    if (stages.shutdown.draining) throw new DispatchError("shutting_down", "the balancer is shutting down");
    const params = validate(request);
    // cache: a stored or shared answer ends the request here.
    const cache = request.useCache ? stages.cache : undefined;
    const partition = cache ? partitionOf(params) : "";
    if (cache) {
      outcome.cacheLookup = true;
      const found = await cache.lookup(partition, request);
      if ("answer" in found) {
        const { answer, kind } = found;
        ttftMs = performance.now() - started;
        tokens = answer.tokens;
        yield { type: "routed", backend: answer.backend, model: answer.model, cached: true };
        if (request.onChunk) request.onChunk(answer.text, answer.tokens);
        else yield { type: "chunk", text: answer.text, tokens: answer.tokens };
        outcome = { ...outcome, outcome: "ok", cached: true, cacheKind: kind };
        yield { type: "done", stats: doneStats(started, ttftMs, answer, found) };
        stages.counters.completed++;
        return;
      }
      lead = found.lead;
    }
    // strategy → backend → stream back (retries and failover inside the router).
    let text = "";
    let end: (RouteEvent & { type: "end" }) | undefined;
    for await (const event of stages.router.route(request, params, timing)) {
      if (event.type === "chunks") {
        ttftMs ??= performance.now() - started;
        const { onChunk } = request;
        for (const chunk of event.chunks) {
          tokens += chunk.tokens;
          text += chunk.text;
          if (onChunk) onChunk(chunk.text, chunk.tokens);
          else yield { type: "chunk", text: chunk.text, tokens: chunk.tokens };
        }
      } else if (event.type === "routed") {
        yield event;
      } else {
        end = event;
        backendId = event.id;
      }
    }
    // Back through the cache (store, release followers) to the client's final stats.
    const server = end?.stats;
    // The engine's count includes tokens of a stop string it did not send; chunks are the fallback.
    tokens = end?.tokens ?? tokens;
    const answer: CachedAnswer = {
      text,
      tokens,
      backend: end!.backend,
      finishReason: end?.finishReason ?? (server?.finish_reason === "stop" ? "stop" : "length"),
      ...(end?.promptTokens === undefined ? {} : { promptTokens: end.promptTokens }),
      ...(server?.model === undefined ? {} : { model: server.model }),
    };
    lead?.succeed(answer);
    // A failed-over answer is stitched from two samples: good enough for this client, but not
    // what one generation gives, so it is not kept to be served again (see docs/design.md).
    if (!end?.failovers) {
      cache?.store(partition, request, answer);
    }
    outcome = { ...outcome, outcome: "ok", backend: backendId };
    const serverStats = server?.server ??
      (server ? { ttft_ms: server.ttft_ms, total_ms: server.total_ms } : undefined);
    const stats = doneStats(started, ttftMs ?? 0, answer, undefined, serverStats);
    yield { type: "done", stats: { ...stats, failovers: end?.failovers ?? 0 } };
    stages.counters.completed++;
  } catch (caught) {
    const error = caught instanceof DispatchError
      ? caught
      : request.signal.aborted
      ? new DispatchError("cancelled", "request cancelled")
      : new DispatchError("internal", (caught as Error).message ?? String(caught));
    if (error.code === "cancelled") stages.counters.cancelled++;
    else stages.counters.failed++;
    // A request that failed or was stopped on a server is counted under that server.
    const on = backendId ?? timing.backend;
    outcome = { ...outcome, backend: on, outcome: OUTCOME_OF_CODE[error.code] ?? "error" };
    throw error;
  } finally {
    lead?.fail(); // no-op after succeed; releases followers if the consumer stopped early
    stages.emit({
      ...outcome,
      ttftMs,
      totalMs: performance.now() - started,
      queueMs: timing.queueMs,
      tokens,
    });
    stages.shutdown.leave();
  }
}

/**
 * The balancer's final stats: its own timing, the answer's counts, how the cache answered (`from`), and
 * the server's own timing.
 */
function doneStats(
  started: number,
  ttftMs: number,
  answer: CachedAnswer,
  from?: FromCache,
  server?: ServerStats,
): DoneStats {
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    tokens: answer.tokens,
    ttft_ms: round(ttftMs),
    total_ms: round(performance.now() - started),
    backend: answer.backend,
    cached: from !== undefined,
    ...(from ? { cache: from.kind, similarity: Number(from.similarity.toFixed(4)) } : {}),
    ...(from?.matchedPrompt === undefined ? {} : { matched_prompt: from.matchedPrompt }),
    finish_reason: answer.finishReason ?? "length",
    ...(answer.promptTokens === undefined ? {} : { prompt_tokens: answer.promptTokens }),
    completion_tokens: answer.tokens,
    ...(answer.model === undefined ? {} : { model: answer.model }),
    ...(server === undefined ? {} : { server }),
  };
}
