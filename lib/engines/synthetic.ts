/**
 * The synthetic engine: deterministic text derived from the prompt (and seed),
 * streamed with a configurable time to first token and token rate, so tests
 * and benchmarks can model LLM timing without a model.
 *
 * @module
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import type { Chunk, Engine, GenerationEnd, GenerationRequest } from "./engine.ts";
import { StopScanner } from "./stop.ts";
import { hash32 } from "../hash.ts";
import { mulberry32 } from "../random.ts";

/** Timing of the synthetic engine. */
export interface SyntheticOptions {
  /** Delay before the first token. */
  ttftMs?: number;
  /**
   * Token rate after the first; 0 means unpaced: no timer per token, only a cheap yield to the event loop
   * (`setImmediate`) after each {@link UNPACED_SLICE_MS} of work so heartbeats and other requests still run.
   */
  tokensPerS?: number;
  /** The model name it announces (default "synthetic"), so tests can run servers of different models. */
  model?: string;
  /** Announce native chat: continue the last chat message itself instead of the flattened prompt. */
  chat?: boolean;
}

const WORDS = (
  "the a little old brave quiet dragon princess king queen forest river castle village wizard fox " +
  "found lost walked sang whispered dreamed and but then suddenly one day under over beyond " +
  "golden silver dark bright morning night star moon sea mountain garden secret door key friend"
).split(" ");

/** Longest stretch an unpaced generation runs before letting the event loop in. */
export const UNPACED_SLICE_MS = 2;

/** Creates a synthetic engine. */
export function createSyntheticEngine(options: SyntheticOptions = {}): Engine {
  const ttftMs = options.ttftMs ?? 20;
  const tokensPerS = options.tokensPerS ?? 200;
  const chat = options.chat ?? false;
  return {
    name: "synthetic",
    model: options.model ?? "synthetic",
    chat,
    async *generate(
      request: GenerationRequest,
      signal: AbortSignal,
    ): AsyncGenerator<Chunk, GenerationEnd, undefined> {
      const { params } = request;
      // In chat mode the text depends on the last message alone, so tests can see the messages arrived.
      const prompt = chat && request.messages?.length ? request.messages.at(-1)!.content : request.prompt;
      const random = mulberry32(hash32(prompt) ^ (params.seed ?? 0));
      // One word is one token for this engine, the prompt's included.
      const promptTokens = prompt.split(/\s+/).filter(Boolean).length;
      const stops = new StopScanner(params.stop);
      if (ttftMs > 0) await sleep(ttftMs, undefined, { signal });
      const gap = tokensPerS > 0 ? 1000 / tokensPerS : 0;
      const start = performance.now();
      let sliceStart = start;
      for (let i = 0; i < params.maxTokens; i++) {
        if (i > 0 && gap > 0) {
          // Pace against the clock, not per-token sleeps, so timer granularity does not slow the rate.
          const due = start + i * gap - performance.now();
          await sleep(Math.max(0, due), undefined, { signal });
        } else if (gap === 0 && performance.now() - sliceStart >= UNPACED_SLICE_MS) {
          await yieldToLoop(undefined, { signal });
          sliceStart = performance.now();
        }
        signal.throwIfAborted();
        const word = WORDS[Math.floor(random() * WORDS.length)];
        const out = stops.push((i === 0 && /\s$/.test(prompt) ? "" : " ") + word, 1);
        if (out.text) yield { text: out.text, tokens: out.tokens };
        if (out.stopped) return { finishReason: "stop", promptTokens, completionTokens: i + 1 };
      }
      const tail = stops.flush();
      if (tail.text) yield { text: tail.text, tokens: tail.tokens };
      return { finishReason: "length", promptTokens, completionTokens: params.maxTokens };
    },
    close: () => Promise.resolve(),
  };
}
