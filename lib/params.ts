/**
 * Generation parameters: wire form → validated, bounded engine form.
 *
 * Validation happens at the edge that receives a request (balancer and
 * server), so a bad value is answered with `invalid_params` instead of
 * reaching an engine.
 *
 * @module
 */
import type { GenerationParams } from "./engines/engine.ts";
import { ProtocolError, type WireParams } from "./protocol.ts";

/** Bounds enforced on every request. */
export const LIMITS = {
  maxTokens: { min: 1, max: 2048, default: 50 },
  temperature: { min: 0, max: 5, default: 0.8 },
  topK: { min: 0, max: 100_000, default: 50 },
  topP: { min: 0, max: 1, default: 0.95 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  promptChars: 100_000,
} as const;

function bounded(name: string, value: unknown, min: number, max: number, integer: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ProtocolError("invalid_params", `${name} must be ${integer ? "an integer" : "a number"}`);
  }
  if (value < min || value > max) {
    throw new ProtocolError("invalid_params", `${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/** Validates a prompt and wire parameters; throws `invalid_params`. */
export function toGenerationParams(prompt: string, wire: WireParams = {}): GenerationParams {
  if (prompt.trim().length === 0) throw new ProtocolError("invalid_params", "prompt is empty");
  if (prompt.length > LIMITS.promptChars) {
    throw new ProtocolError("invalid_params", `prompt is longer than ${LIMITS.promptChars} characters`);
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
  };
  if (params.topP === 0) throw new ProtocolError("invalid_params", "top_p must be greater than 0");
  if (wire.seed !== undefined && wire.seed !== null) {
    params.seed = bounded("seed", wire.seed, seed.min, seed.max, true);
  }
  return params;
}

/** The wire form of validated parameters. */
export function toWireParams(params: GenerationParams): WireParams {
  return {
    max_tokens: params.maxTokens,
    temperature: params.temperature,
    top_k: params.topK,
    top_p: params.topP,
    ...(params.seed === undefined ? {} : { seed: params.seed }),
  };
}
