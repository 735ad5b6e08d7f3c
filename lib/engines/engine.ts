/**
 * The engine interface: what `ailb serve` runs to turn a prompt into text.
 *
 * An engine is an async generator of text chunks that returns how the generation ended
 * ({@link GenerationEnd}). It must stop promptly when the signal aborts (throwing the signal's reason or simply
 * returning), it must yield to the event loop between tokens so heartbeats keep flowing, and it must honour the
 * request's stop strings (see `stop.ts`): text it yields never contains one.
 *
 * @module
 */
import type { GenerationParams, GenerationRequest } from "../params.ts";

export type { GenerationParams, GenerationRequest };

/** One piece of generated text and how many tokens it covers. */
export interface Chunk {
  text: string;
  tokens: number;
}

/** How a generation ended, returned by {@link Engine.generate} when it finishes (not when cancelled). */
export interface GenerationEnd {
  /** `stop`: a stop string or the end-of-text token; `length`: max_tokens reached. */
  finishReason: "stop" | "length";
  /** Tokens of the prompt under the engine's tokenizer. */
  promptTokens: number;
  /** Tokens generated, including any that formed the stop string (which is not yielded). */
  completionTokens: number;
}

/** A text generator behind `ailb serve`. */
export interface Engine {
  /** Short name such as "synthetic" or "llm". */
  readonly name: string;
  /** Model identifier reported to the balancer (recorded with cached answers, routes requests naming it). */
  readonly model: string;
  /** Every model name it answers to, when more than `model` (announced in the hello as `models`). */
  readonly models?: readonly string[];
  /** True when it takes chat messages natively (`GenerationRequest.messages`); announced as `chat`. */
  readonly chat?: boolean;
  /**
   * Why it cannot serve right now (e.g. its upstream stopped answering), or
   * undefined while it can. The server reports it in its heartbeats and the
   * balancer routes nothing here until it clears.
   */
  unhealthy?(): string | undefined;
  /** Streams the continuation of `request.prompt` (without the prompt itself). */
  generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<Chunk, GenerationEnd, undefined>;
  /** Releases resources (model sessions). */
  close(): Promise<void>;
}
