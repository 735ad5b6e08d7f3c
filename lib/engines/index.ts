/**
 * Engine factory for `ailb serve --engine`.
 *
 * @module
 */
import type { Engine } from "./engine.ts";
import { createSyntheticEngine } from "./synthetic.ts";
import type { LoadProgress } from "./llm.ts";

export type { Chunk, Engine, GenerationEnd, GenerationParams, GenerationRequest } from "./engine.ts";

/** Engine names accepted by {@link createEngine}. */
export const ENGINE_NAMES = ["llm", "synthetic", "openai"] as const;
/** One engine name. */
export type EngineName = typeof ENGINE_NAMES[number];

/** Everything an engine may be configured with. */
export interface EngineOptions {
  ttftMs?: number;
  tokensPerS?: number;
  model?: string;
  dtype?: string;
  /** synthetic engine: announce native chat support. */
  chat?: boolean;
  /** openai: the upstream server's URL, the model to ask for, its API key, timeout and probe period. */
  upstream?: string;
  upstreamModel?: string;
  upstreamKey?: string;
  upstreamTimeoutMs?: number;
  upstreamProbeMs?: number;
  log?: (message: string) => void;
  warn?: (message: string) => void;
  /** Model-loading progress (llm); default: bars on a terminal, plain lines otherwise, on stderr. */
  onProgress?: (progress: LoadProgress) => void;
}

/** Creates (and for `llm`, loads) an engine. */
export async function createEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  if (name === "synthetic") return createSyntheticEngine(options);
  if (name === "openai") {
    if (!options.upstream) throw new Error("the openai engine needs --upstream URL");
    const { createOpenAiEngine } = await import("./openai.ts");
    return await createOpenAiEngine({
      upstream: options.upstream,
      model: options.upstreamModel,
      apiKey: options.upstreamKey,
      timeoutMs: options.upstreamTimeoutMs,
      probeIntervalMs: options.upstreamProbeMs,
      log: (level, message) => (level === "warn" ? options.warn ?? options.log : options.log)?.(message),
    });
  }
  // Loaded lazily: transformers.js and onnxruntime are heavy and unused by the synthetic engine.
  const { createLlmEngine } = await import("./llm.ts");
  const { createProgressRenderer } = await import("./progress.ts");
  return await createLlmEngine({
    model: options.model,
    dtype: options.dtype,
    log: options.log,
    onProgress: options.onProgress ?? createProgressRenderer(),
  });
}
