/**
 * A small client for an OpenAI-compatible server (vLLM, llama.cpp's
 * `llama-server`, Ollama, LiteLLM, another ailb balancer's `/v1`): list its
 * models, and stream one completion or chat completion. Every failure becomes
 * an {@link UpstreamError} whose message says what went wrong where, in words
 * an operator can act on (refused, timed out, HTTP status with the server's
 * own error text).
 *
 * @module
 */
import { EventSourceParserStream } from "eventsource-parser/stream";
import type { ChatMessage, GenerationParams } from "../params.ts";

/** Why an upstream call failed; `overloaded` when the upstream said so (429/503), so routing can go elsewhere. */
export class UpstreamError extends Error {
  constructor(readonly code: "backend_error" | "overloaded", message: string, readonly status?: number) {
    super(message);
    this.name = "UpstreamError";
  }
}

/** Options of {@link Upstream}. */
export interface UpstreamOptions {
  /** Base URL; `/v1` is appended unless the path already ends with it. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Longest wait for response headers, and between two streamed events. */
  timeoutMs: number;
}

/** One streamed piece of an upstream answer. */
export type UpstreamEvent =
  | { type: "text"; text: string }
  | { type: "finish"; reason: string }
  | { type: "usage"; promptTokens?: number; completionTokens?: number };

/** Largest SSE event accepted from an upstream (a guard against a server that never ends a line). */
const MAX_EVENT_CHARS = 1024 * 1024;

/** The `/v1` base of an OpenAI-compatible server from what a user typed (`http://host:8000`, `…/v1`, `…/v1/`). */
export function upstreamBase(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--upstream must be an http(s) URL such as http://127.0.0.1:8000/v1, got "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`--upstream must be an http(s) URL, got "${url}"`);
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = path.endsWith("/v1") ? path : `${path}/v1`;
  parsed.search = "";
  parsed.hash = "";
  return parsed;
}

/** An OpenAI-compatible server. */
export class Upstream {
  readonly base: URL;

  constructor(readonly options: UpstreamOptions) {
    this.base = upstreamBase(options.url);
  }

  /** Where `path` (e.g. `completions`) lives. */
  endpoint(path: string): string {
    return `${this.base.href}/${path}`;
  }

  /** The model ids the server lists at `/v1/models`. */
  async models(signal?: AbortSignal): Promise<string[]> {
    const response = await this.#fetch("models", { method: "GET" }, signal);
    const body = await this.#json(response, "models");
    const data = (body as { data?: unknown }).data;
    if (!Array.isArray(data)) throw this.#error("models", `answered without a "data" list`);
    const ids = data.map((m) => (m as { id?: unknown })?.id).filter((id): id is string =>
      typeof id === "string"
    );
    if (!ids.length) throw this.#error("models", "lists no models");
    return ids;
  }

  /**
   * Streams one generation: `/v1/chat/completions` when `messages` are given,
   * `/v1/completions` with the prompt otherwise. Aborting `signal` aborts the
   * HTTP request, which makes the upstream stop generating.
   */
  async *stream(
    request: { model: string; prompt: string; messages?: ChatMessage[]; params: GenerationParams },
    signal: AbortSignal,
  ): AsyncGenerator<UpstreamEvent> {
    const chat = request.messages !== undefined;
    const path = chat ? "chat/completions" : "completions";
    const { params } = request;
    const body = {
      model: request.model,
      ...(chat ? { messages: request.messages } : { prompt: request.prompt }),
      max_tokens: params.maxTokens,
      temperature: params.temperature,
      top_p: params.topP,
      ...(params.seed === undefined ? {} : { seed: params.seed }),
      ...(params.stop.length ? { stop: params.stop } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    // One timer covers the wait for headers and every gap between events; each event re-arms it.
    const idle = new AbortController();
    let timer = setTimeout(() => idle.abort(), this.options.timeoutMs);
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.options.timeoutMs);
    };
    const both = AbortSignal.any([signal, idle.signal]);
    try {
      const response = await this.#fetch(
        path,
        {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify(body),
        },
        both,
        idle.signal,
      );
      if (!response.ok) throw await this.#statusError(path, response);
      if (!response.body) throw this.#error(path, "answered without a body");
      const events = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream({ maxBufferSize: MAX_EVENT_CHARS, onError: "terminate" }));
      try {
        for await (const event of events) {
          rearm();
          if (event.data.trim() === "[DONE]") return;
          yield* this.#parseChunk(path, event.data, chat);
        }
      } catch (error) {
        if (signal.aborted) throw error;
        if (idle.signal.aborted) throw this.#timeoutError(path);
        throw this.#error(path, `stream broke: ${(error as Error).message}`);
      }
      // OpenAI servers end with [DONE]; a stream that just stops is still complete for ailb's purposes.
    } finally {
      clearTimeout(timer);
    }
  }

  *#parseChunk(path: string, data: string, chat: boolean): Generator<UpstreamEvent> {
    let chunk: {
      choices?: { text?: unknown; delta?: { content?: unknown }; finish_reason?: unknown }[];
      usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
      error?: { message?: unknown };
    };
    try {
      chunk = JSON.parse(data);
    } catch {
      throw this.#error(path, `sent an event that is not JSON: ${JSON.stringify(data.slice(0, 80))}`);
    }
    if (chunk.error) throw this.#error(path, `reported an error mid-stream: ${String(chunk.error.message)}`);
    const choice = chunk.choices?.[0];
    const text = chat ? choice?.delta?.content : choice?.text;
    if (typeof text === "string" && text.length) yield { type: "text", text };
    if (typeof choice?.finish_reason === "string") yield { type: "finish", reason: choice.finish_reason };
    if (chunk.usage) {
      const count = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
      yield {
        type: "usage",
        promptTokens: count(chunk.usage.prompt_tokens),
        completionTokens: count(chunk.usage.completion_tokens),
      };
    }
  }

  async #fetch(path: string, init: RequestInit, signal?: AbortSignal, idle?: AbortSignal): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.apiKey) headers.set("authorization", `Bearer ${this.options.apiKey}`);
    const timeout = idle ? undefined : AbortSignal.timeout(this.options.timeoutMs);
    const all = [signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    try {
      return await fetch(this.endpoint(path), { ...init, headers, signal: AbortSignal.any(all) });
    } catch (error) {
      if (signal?.aborted && !idle?.aborted) throw error; // cancelled by our caller: not an upstream failure
      if (idle?.aborted || timeout?.aborted) throw this.#timeoutError(path);
      throw this.#error(path, `is not reachable: ${describeFetchError(error)}`);
    }
  }

  async #json(response: Response, path: string): Promise<unknown> {
    if (!response.ok) throw await this.#statusError(path, response);
    try {
      return await response.json();
    } catch (error) {
      throw this.#error(path, `answered with invalid JSON: ${(error as Error).message}`);
    }
  }

  async #statusError(path: string, response: Response): Promise<UpstreamError> {
    const text = await response.text().catch(() => "");
    let detail = text.trim().slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
      const message = typeof parsed.error === "string"
        ? parsed.error
        : parsed.error?.message ?? parsed.message;
      if (typeof message === "string") detail = message.slice(0, 300);
    } catch {
      // not JSON: the text itself is the best explanation there is
    }
    const busy = response.status === 429 || response.status === 503;
    return new UpstreamError(
      busy ? "overloaded" : "backend_error",
      `upstream ${this.endpoint(path)} answered ${response.status}${detail ? `: ${detail}` : ""}`,
      response.status,
    );
  }

  #timeoutError(path: string): UpstreamError {
    return this.#error(path, `did not answer within ${(this.options.timeoutMs / 1000).toFixed(1)} s`);
  }

  #error(path: string, message: string): UpstreamError {
    return new UpstreamError("backend_error", `upstream ${this.endpoint(path)} ${message}`);
  }
}

/** The useful part of a fetch failure ("Connection refused (os error 111)" rather than "error sending request …"). */
function describeFetchError(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  const outer = error instanceof Error ? error.message : String(error);
  if (/refused/i.test(outer) || /refused/i.test(message)) return "connection refused";
  return message || outer;
}
