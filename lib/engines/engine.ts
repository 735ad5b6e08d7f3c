/**
 * The engine interface: what `ailb serve` runs to turn a prompt into text.
 *
 * An engine is an async stream of text chunks. It must stop promptly when the
 * signal aborts (throwing the signal's reason or simply returning), and it must
 * yield to the event loop between tokens so heartbeats keep flowing.
 *
 * @module
 */

/** Sampling parameters of one generation request, already validated and bounded. */
export interface GenerationParams {
  /** Maximum number of new tokens to produce (1..2048). */
  maxTokens: number;
  /** Sampling temperature; 0 means greedy decoding. */
  temperature: number;
  /** Keep only the k most likely tokens (0 = off). */
  topK: number;
  /** Nucleus sampling mass (0 < topP <= 1; 1 = off). */
  topP: number;
  /** Seed for reproducible sampling; undefined means random. */
  seed?: number;
}

/** One piece of generated text and how many tokens it covers. */
export interface Chunk {
  text: string;
  tokens: number;
}

/** A text generator behind `ailb serve`. */
export interface Engine {
  /** Short name such as "synthetic" or "llm". */
  readonly name: string;
  /** Model identifier reported to the balancer (part of the cache key). */
  readonly model: string;
  /** Streams the continuation of `prompt` (without the prompt itself). */
  generate(prompt: string, params: GenerationParams, signal: AbortSignal): AsyncIterable<Chunk>;
  /** Releases resources (model sessions). */
  close(): Promise<void>;
}
