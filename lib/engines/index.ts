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
export const ENGINE_NAMES = ["llm", "synthetic"] as const;
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
  log?: (message: string) => void;
  /** Model-loading progress (llm); default: bars on a terminal, plain lines otherwise, on stderr. */
  onProgress?: (progress: LoadProgress) => void;
}

/** Creates (and for `llm`, loads) an engine. */
export async function createEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  if (name === "synthetic") return createSyntheticEngine(options);
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
