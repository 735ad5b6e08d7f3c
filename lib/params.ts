/**
 * One request shape end to end: {@link GenerationRequest} and {@link GenerationParams}, their bounds
 * ({@link LIMITS}), and the only conversions between them and the wire form ({@link WireParams}).
 *
 * Every edge that receives a request validates it once with {@link toGenerationParams} (the balancer in
 * dispatch, the server before its engine, the OpenAI API after mapping its fields), so a bad value is answered
 * with `invalid_params` instead of reaching an engine, and every edge applies the same bounds.
 *
 * @example
 * ```ts
 * const params = toGenerationParams("Once upon a time", { max_tokens: 20, stop: ["."] });
 * params.maxTokens; // 20
 * toWireParams(params); // { max_tokens: 20, temperature: 0.8, top_k: 50, top_p: 0.95, stop: ["."] }
 * ```
 *
 * @module
 */
import { ProtocolError, type WireParams } from "./protocol.ts";

export type { WireParams };

/** Sampling parameters of one generation request, validated and bounded by {@link LIMITS}. */
export interface GenerationParams {
  /** Maximum number of new tokens to produce. */
  maxTokens: number;
  /** Sampling temperature; 0 means greedy decoding. */
  temperature: number;
  /** Keep only the k most likely tokens (0 = off). */
  topK: number;
  /** Nucleus sampling mass (0 < topP <= 1; 1 = off). */
  topP: number;
  /** Seed for reproducible sampling; undefined means random. */
  seed?: number;
  /** Generation ends before the first of these strings; it never appears in the output. */
  stop: string[];
}

/** One chat message, as the OpenAI chat API and chat-capable servers take them. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** Everything an engine needs for one generation. */
export interface GenerationRequest {
  /** The text to continue (for chat requests: the messages flattened by the chat template). */
  prompt: string;
  params: GenerationParams;
  /** The original chat messages, passed only to servers that announced they take them natively. */
  messages?: ChatMessage[];
  /** The model the client asked for; undefined means any. */
  model?: string;
}

/** Why a generation ended: a stop string or end of text, the token limit, a cancel, or a failure. */
export type FinishReason = "stop" | "length" | "cancelled" | "error";

/** Bounds enforced on every request, at every edge. */
export const LIMITS = {
  maxTokens: { min: 1, max: 2048, default: 50 },
  temperature: { min: 0, max: 5, default: 0.8 },
  topK: { min: 0, max: 100_000, default: 50 },
  /** top_p must be greater than `min` (0 would keep no token). */
  topP: { min: 0, max: 1, default: 0.95 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  /** At most `count` stop strings, each 1..`chars` characters (OpenAI allows 4). */
  stop: { count: 4, chars: 256 },
  promptChars: 100_000,
} as const;

function invalid(message: string): ProtocolError {
  return new ProtocolError("invalid_params", message);
}

function bounded(name: string, value: unknown, min: number, max: number, integer: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw invalid(`${name} must be ${integer ? "an integer" : "a number"}`);
  }
  if (value < min || value > max) throw invalid(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Validates stop strings: a list of at most {@link LIMITS}.stop.count non-empty strings. */
function stopList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === "string")) {
    throw invalid("stop must be a list of strings");
  }
  const { count, chars } = LIMITS.stop;
  if (value.length > count) throw invalid(`stop takes at most ${count} strings, got ${value.length}`);
  for (const s of value as string[]) {
    if (s.length === 0) throw invalid("stop strings must not be empty");
    if (s.length > chars) throw invalid(`stop strings must be at most ${chars} characters`);
  }
  return [...new Set(value as string[])];
}

/** Validates a prompt and wire parameters into the engine form; throws `invalid_params`. */
export function toGenerationParams(prompt: string, wire: WireParams = {}): GenerationParams {
  if (typeof prompt !== "string" || prompt.trim().length === 0) throw invalid("prompt is empty");
  if (prompt.length > LIMITS.promptChars) {
    throw invalid(`prompt is longer than ${LIMITS.promptChars} characters`);
  }
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) {
    throw invalid("params must be an object");
  }
  const { maxTokens, temperature, topK, topP, seed } = LIMITS;
  const params: GenerationParams = {
    maxTokens: bounded(
      "max_tokens",
      wire.max_tokens ?? maxTokens.default,
      maxTokens.min,
      maxTokens.max,
      true,
    ),
    temperature: bounded(
      "temperature",
      wire.temperature ?? temperature.default,
      temperature.min,
      temperature.max,
      false,
    ),
    topK: bounded("top_k", wire.top_k ?? topK.default, topK.min, topK.max, true),
    topP: bounded("top_p", wire.top_p ?? topP.default, topP.min, topP.max, false),
    stop: stopList(wire.stop),
  };
  if (params.topP === 0) throw invalid("top_p must be greater than 0");
  if (wire.seed !== undefined && wire.seed !== null) {
    params.seed = bounded("seed", wire.seed, seed.min, seed.max, true);
  }
  return params;
}

/**
 * The wire form of parameters: complete validated ones (balancer → server), or a client's partial choice
 * (unset fields are left out so the receiving edge applies its defaults).
 */
export function toWireParams(params: Partial<GenerationParams>): WireParams {
  const wire: WireParams = {};
  if (params.maxTokens !== undefined) wire.max_tokens = params.maxTokens;
  if (params.temperature !== undefined) wire.temperature = params.temperature;
  if (params.topK !== undefined) wire.top_k = params.topK;
  if (params.topP !== undefined) wire.top_p = params.topP;
  if (params.seed !== undefined) wire.seed = params.seed;
  if (params.stop !== undefined && params.stop.length > 0) wire.stop = params.stop;
  return wire;
}
