/**
 * The `openai` engine: `ailb serve --engine openai --upstream URL` relays each
 * request, streaming, to an OpenAI-compatible server (vLLM, llama.cpp's
 * `llama-server`, Ollama, another ailb), so any of them can sit behind an ailb
 * balancer like a native server.
 *
 * - It announces the upstream's model names (from `/v1/models`) and takes
 *   chat messages natively (`/v1/chat/completions`); an upstream without a
 *   chat endpoint (404) or chat template (vLLM's 400 for base models) gets
 *   the flattened prompt on `/v1/completions` from then on.
 * - Upstream errors, timeouts and refused connections become `backend_error`
 *   (429/503: `overloaded`, so the balancer tries another server).
 * - Cancelling a request aborts its HTTP request.
 * - It watches the upstream's health: a periodic `/v1/models` probe (and any
 *   request that cannot reach it) marks the engine unhealthy; the server
 *   reports that in its heartbeats and the balancer stops routing to it until
 *   a probe succeeds again, instead of letting requests pile up on a dead
 *   upstream.
 *
 * @module
 */
import { ProtocolError } from "../protocol.ts";
import type { Chunk, Engine, GenerationEnd, GenerationRequest } from "./engine.ts";
import { Upstream, UpstreamError } from "./openai_upstream.ts";
import { StopScanner } from "./stop.ts";

/** Options of {@link createOpenAiEngine}. */
export interface OpenAiEngineOptions {
  /** The upstream's base URL (`/v1` is appended when missing). */
  upstream: string;
  /** The model to request when a request names none of the upstream's (default: the first it lists). */
  model?: string;
  apiKey?: string;
  /** Longest wait for the upstream's headers and between streamed events (default 60 s). */
  timeoutMs?: number;
  /** How often the upstream is probed (`GET /v1/models`; default 5 s). */
  probeIntervalMs?: number;
  log?: (level: "info" | "warn", message: string) => void;
}

/** An engine relaying to an OpenAI-compatible upstream. */
export interface OpenAiEngine extends Engine {
  /** Every model name the upstream answers to. */
  readonly models: readonly string[];
  /** Takes chat messages natively. */
  readonly chat: boolean;
  /** Why the upstream cannot serve right now; undefined while healthy. */
  unhealthy(): string | undefined;
}

/**
 * Lists the upstream's models and starts probing it. Fails with a clear
 * message when the models cannot be listed and no `model` was given.
 */
export async function createOpenAiEngine(options: OpenAiEngineOptions): Promise<OpenAiEngine> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const probeMs = options.probeIntervalMs ?? 5000;
  const upstream = new Upstream({ url: options.upstream, apiKey: options.apiKey, timeoutMs });
  const log = options.log ?? (() => {});
  let listed: string[] = [];
  let problem: string | undefined;
  try {
    listed = await upstream.models(AbortSignal.timeout(Math.min(timeoutMs, 10_000)));
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (!options.model) {
      throw new Error(`${error.message} (pass --upstream-model NAME to start anyway)`);
    }
    problem = error.message;
    log("warn", `${problem}; starting unhealthy with model ${options.model}`);
  }
  if (options.model && listed.length && !listed.includes(options.model)) {
    throw new Error(
      `upstream ${upstream.base.href} does not list model "${options.model}" (it has ${listed.join(", ")})`,
    );
  }
  const model = options.model ?? listed[0];
  const models = [model, ...listed.filter((m) => m !== model)];
  let chat = true;

  const setHealth = (next: string | undefined) => {
    if (next === problem) return;
    if (next) log("warn", `Upstream unhealthy: ${next}`);
    else log("info", `Upstream ${upstream.base.href} healthy again`);
    problem = next;
  };
  let probing = false;
  const probe = setInterval(async () => {
    if (probing) return;
    probing = true;
    try {
      await upstream.models(AbortSignal.timeout(Math.min(timeoutMs, probeMs)));
      setHealth(undefined);
    } catch (error) {
      setHealth((error as Error).message);
    } finally {
      probing = false;
    }
  }, probeMs);

  const engine: OpenAiEngine = {
    name: "openai",
    model,
    models,
    get chat() {
      return chat;
    },
    unhealthy: () => problem,
    async *generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<Chunk, GenerationEnd> {
      if (problem) throw new ProtocolError("backend_error", `upstream is unhealthy: ${problem}`);
      const target = request.model && models.includes(request.model) ? request.model : model;
      const scanner = new StopScanner(request.params.stop);
      let finish = "length";
      let promptTokens: number | undefined;
      let completionTokens: number | undefined;
      let chunks = 0;
      const useChat = chat && request.messages !== undefined;
      const events = upstream.stream(
        {
          model: target,
          prompt: request.prompt,
          messages: useChat ? request.messages : undefined,
          params: request.params,
        },
        signal,
      );
      try {
        for await (const event of events) {
          if (event.type === "text") {
            chunks++;
            // OpenAI servers stream about one token per event; the final usage, when sent, is exact.
            const out = scanner.push(event.text, 1);
            if (out.text) yield { text: out.text, tokens: out.tokens };
            if (out.stopped) {
              finish = "stop";
              break;
            }
          } else if (event.type === "finish") {
            finish = event.reason;
          } else {
            promptTokens = event.promptTokens ?? promptTokens;
            completionTokens = event.completionTokens ?? completionTokens;
          }
        }
      } catch (error) {
        if (signal.aborted) throw error;
        if (!(error instanceof UpstreamError)) throw error;
        const noChat = error.status === 404 ||
          (error.status === 400 && /chat.?template/i.test(error.message));
        if (useChat && noChat) {
          // No chat endpoint (a completions-only server): remember, and answer this one from the prompt.
          chat = false;
          log("warn", `${error.message}; sending chat requests as prompts from now on`);
          return yield* engine.generate({ ...request, messages: undefined }, signal);
        }
        if (error.status === undefined) setHealth(error.message); // unreachable or silent: the probe clears it
        throw new ProtocolError(error.code, error.message);
      }
      const rest = scanner.flush();
      if (rest.text) yield { text: rest.text, tokens: rest.tokens };
      return {
        finishReason: finish === "length" ? "length" : "stop",
        promptTokens: promptTokens ?? 0,
        completionTokens: completionTokens ?? chunks,
      };
    },
    close: () => {
      clearInterval(probe);
      return Promise.resolve();
    },
  };
  return engine;
}
