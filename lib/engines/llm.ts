/**
 * The `llm` engine: a real causal language model run through transformers.js (onnxruntime-node underneath).
 *
 * By default it loads the story model the project trains and ships in `models/story-gpt2/`, fully offline.
 * It also loads any local transformers.js model folder, or a hub id such as `Xenova/gpt2` when the machine
 * reaches the model hub.
 *
 * Decoding is a hand-written loop over `model.forward()` with a KV cache rather than transformers.js'
 * `generate()`, because the engine needs four things `generate()` does not give together: per-request seeded
 * sampling (its sampler uses one global PRNG, so concurrent requests would disturb each other's sequences),
 * a macrotask yield between tokens (so heartbeats keep flowing), prompt cancellation between tokens, and
 * generations longer than the model's position table (by sliding the context window).
 *
 * @module
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  random,
  Tensor,
} from "@huggingface/transformers";
import { setImmediate } from "node:timers";
import { pathExists, resolveModelSource } from "../model_source.ts";
import type { Chunk, Engine, GenerationEnd, GenerationRequest } from "./engine.ts";
import { sampleToken } from "./sampling.ts";
import { StopScanner } from "./stop.ts";

/** Progress of one model file while it loads (bytes). */
export interface LoadProgress {
  file: string;
  loaded: number;
  total: number;
  /** transformers.js status: "initiate", "download", "progress", "done". */
  status: string;
}

/** Options of {@link createLlmEngine}. */
export interface LlmEngineOptions {
  /** Local model folder, or a hub id like `Xenova/gpt2`. Defaults to the bundled story model. */
  model?: string;
  /** ONNX variant: "fp32" (onnx/model.onnx) or "q8" (onnx/model_quantized.onnx). Defaults to "fp32". */
  dtype?: string;
  /** Called as model files load. */
  onProgress?: (p: LoadProgress) => void;
  /** Receives one-line status messages such as "model loaded in N ms". Defaults to stderr. */
  log?: (msg: string) => void;
}

/** A model that could not be loaded; the message is one line naming the model and the reason. */
export class EngineLoadError extends Error {
  /** The model id or path that failed. */
  readonly model: string;
  /** Why it failed. */
  readonly reason: string;

  constructor(model: string, reason: string, options?: ErrorOptions) {
    super(`cannot load model "${model}": ${reason}`, options);
    this.name = "EngineLoadError";
    this.model = model;
    this.reason = reason;
  }
}

/** Absolute path of the bundled story model folder (with a trailing slash). */
export function defaultModelPath(): string {
  return decodeURIComponent(new URL("../../models/story-gpt2/", import.meta.url).pathname);
}

const DTYPE_FILES: Record<string, string> = {
  fp32: "model.onnx",
  fp16: "model_fp16.onnx",
  q8: "model_quantized.onnx",
  int8: "model_int8.onnx",
  uint8: "model_uint8.onnx",
  q4: "model_q4.onnx",
};

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error";
}

/** Checks a local folder up front so a typo gives "folder not found" rather than a loader stack trace. */
async function checkLocalFolder(label: string, dir: string, dtype: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new EngineLoadError(label, `folder ${dir} not found`);
    throw new EngineLoadError(label, `cannot read ${dir}: ${firstLine(err)}`, { cause: err });
  }
  if (!info.isDirectory) throw new EngineLoadError(label, `${dir} is not a folder`);
  for (const file of ["config.json", "tokenizer.json", `onnx/${DTYPE_FILES[dtype]}`]) {
    if (!(await pathExists(`${dir}/${file}`))) {
      throw new EngineLoadError(label, `${dir}/${file} not found (dtype ${dtype})`);
    }
  }
}

/** A quick reachability probe, so an offline machine fails in seconds with a clear reason. */
async function checkHub(id: string): Promise<void> {
  const url = `${env.remoteHost}${id}/resolve/main/config.json`;
  let res: Response;
  try {
    res = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new EngineLoadError(id, `model hub unreachable (${firstLine(err)})`, { cause: err });
  }
  await res.body?.cancel();
  if (!res.ok) throw new EngineLoadError(id, `model hub answered ${res.status} for ${id}/config.json`);
}

/** Serializes model steps: one ONNX session runs one step at a time, requests interleave per token. */
class StepLock {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    // The chain must survive a failed step; the failure itself reaches the caller through `result`.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Yields to the macrotask queue so timers and socket I/O (heartbeats) run between tokens. setImmediate is used
 * rather than setTimeout(0): under Deno both let due timers fire, but setTimeout(0) costs ~1-2 ms a call, which
 * at a few hundred tokens/s would halve throughput. (A MessageChannel round trip is cheaper still but does NOT
 * let timers run.)
 */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function int64(values: number[]): Tensor {
  return new Tensor("int64", BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
}

/** Logits of the last position and the KV cache to feed next. */
interface StepResult {
  row: Float32Array;
  cache: Record<string, Tensor>;
}

class StoryLlmEngine implements LlmEngine {
  readonly name = "llm";
  readonly model: string;
  readonly #net: PreTrainedModel;
  readonly #tokenizer: PreTrainedTokenizer;
  readonly #lock = new StepLock();
  readonly #positions: number;
  readonly #eos: number | undefined;
  readonly #vocab: number;

  constructor(model: string, net: PreTrainedModel, tokenizer: PreTrainedTokenizer) {
    this.model = model;
    this.#net = net;
    this.#tokenizer = tokenizer;
    const cfg = net.config as unknown as Record<string, unknown>;
    this.#positions = Number(cfg.n_positions ?? cfg.max_position_embeddings ?? 1024);
    const eos = cfg.eos_token_id;
    this.#eos = typeof eos === "number" ? eos : Array.isArray(eos) ? Number(eos[0]) : undefined;
    this.#vocab = Number(cfg.vocab_size);
  }

  /** One forward step: feeds `tokens` after `pastLen` cached positions; returns last-row logits and the cache. */
  async #step(
    tokens: number[],
    pastLen: number,
    past: Record<string, Tensor> | null,
  ): Promise<StepResult> {
    const out = await this.#net.forward({
      input_ids: int64(tokens),
      attention_mask: int64(new Array(pastLen + tokens.length).fill(1)),
      position_ids: int64(tokens.map((_, i) => pastLen + i)),
      ...(past ? { past_key_values: past } : {}),
    });
    const logits = out.logits as Tensor;
    const vocab = logits.dims.at(-1) ?? this.#vocab;
    const data = logits.data as Float32Array;
    const row = data.slice(data.length - vocab);
    const cache: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(out)) {
      if (name.startsWith("present")) cache[name.replace("present", "past_key_values")] = value as Tensor;
    }
    return { row, cache };
  }

  async *generate(
    { prompt, params }: GenerationRequest,
    signal: AbortSignal,
  ): AsyncGenerator<Chunk, GenerationEnd, undefined> {
    const seed = params.seed ?? crypto.getRandomValues(new Uint32Array(1))[0];
    const rng = new random.Random(seed);
    const rand = () => rng.random();
    let context: number[] = this.#tokenizer.encode(prompt, { add_special_tokens: false });
    const promptTokens = context.length;
    const stops = new StopScanner(params.stop);
    const end = (finishReason: GenerationEnd["finishReason"]): GenerationEnd => ({
      finishReason,
      promptTokens,
      completionTokens: generated.length,
    });
    // An empty prompt starts from the end-of-text marker, which is how documents begin in training.
    if (context.length === 0 && this.#eos !== undefined) context = [this.#eos];
    if (context.length === 0) {
      throw new Error(`model ${this.model} has no end-of-text token to start an empty prompt`);
    }
    // Positions past the table do not exist: long prompts keep their tail.
    const window = this.#positions;
    if (context.length > window - 1) context = context.slice(-(window - 1));

    let past: Record<string, Tensor> | null = null;
    let pastLen = 0;
    let pending = context.slice();
    const generated: number[] = [];
    // Incremental detokenizing: decode only from `prefixAt` (a few tokens back) so each step costs O(1), and
    // compare against the text of tokens prefixAt..readAt that was already sent.
    let prefixAt = 0;
    let readAt = 0;
    let unsent = 0;
    let finish: GenerationEnd["finishReason"] = "length";

    for (let produced = 0; produced < params.maxTokens; produced++) {
      await macrotask();
      if (signal.aborted) break;
      if (pastLen + pending.length > window) {
        // The cache is full: restart from the last half window so generation can run past the position table.
        context = context.slice(-Math.floor(window / 2));
        past = null;
        pastLen = 0;
        pending = context.slice();
      }
      const feed = pending;
      const feedPast: Record<string, Tensor> | null = past;
      const feedLen = pastLen;
      const { row, cache }: StepResult = await this.#lock.run(() => this.#step(feed, feedLen, feedPast));
      past = cache;
      pastLen += pending.length;
      if (signal.aborted) break;
      const token = sampleToken(row, params, rand);
      if (token === this.#eos) {
        finish = "stop";
        break;
      }
      generated.push(token);
      context.push(token);
      pending = [token];
      unsent++;
      const sent = this.#decode(generated.slice(prefixAt, readAt));
      const text = this.#decode(generated.slice(prefixAt));
      // A token can end mid-way through a UTF-8 character; hold it back until the character completes.
      if (text.endsWith("\uFFFD") || text.length <= sent.length || !text.startsWith(sent)) continue;
      const out = stops.push(text.slice(sent.length), unsent);
      if (out.text) yield { text: out.text, tokens: out.tokens };
      if (out.stopped) return end("stop");
      prefixAt = readAt;
      readAt = generated.length;
      unsent = 0;
    }
    if (unsent > 0) {
      const sent = this.#decode(generated.slice(prefixAt, readAt));
      const text = this.#decode(generated.slice(prefixAt));
      const out = stops.push(text.startsWith(sent) ? text.slice(sent.length) : text, unsent);
      if (out.text) yield { text: out.text, tokens: out.tokens };
      if (out.stopped) return end("stop");
    }
    const tail = stops.flush();
    if (tail.text) yield { text: tail.text, tokens: tail.tokens };
    return end(finish);
  }

  #decode(ids: number[]): string {
    if (ids.length === 0) return "";
    return this.#tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  }

  /** Token ids of `text` under this model's tokenizer (without special tokens). */
  encode(text: string): number[] {
    return this.#tokenizer.encode(text, { add_special_tokens: false });
  }

  async close(): Promise<void> {
    await this.#net.dispose();
  }
}

/** The engine returned by {@link createLlmEngine}: an {@link Engine} that can also tokenize. */
export interface LlmEngine extends Engine {
  /** Token ids of `text` under the model's tokenizer, without special tokens. */
  encode(text: string): number[];
}

/**
 * Loads a causal LM and returns an engine that streams its continuations.
 *
 * Throws {@link EngineLoadError} (one-line message with the model and the reason) when the folder is missing
 * or incomplete, the hub is unreachable, or the ONNX session cannot be created.
 */
export async function createLlmEngine(opts: LlmEngineOptions = {}): Promise<LlmEngine> {
  const label = opts.model ?? defaultModelPath();
  const dtype = opts.dtype ?? "fp32";
  const log = opts.log ?? ((msg: string) => console.error(msg));
  if (!(dtype in DTYPE_FILES)) {
    throw new EngineLoadError(
      label,
      `unknown dtype "${dtype}" (one of ${Object.keys(DTYPE_FILES).join(", ")})`,
    );
  }
  const source = await resolveModelSource(label);
  let id: string;
  let name: string;
  if (source.kind === "local") {
    await checkLocalFolder(label, source.dir, dtype);
    // transformers.js resolves local models as localModelPath + id, so split the folder into parent and name.
    const cut = source.dir.lastIndexOf("/");
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = source.dir.slice(0, cut + 1);
    id = source.dir.slice(cut + 1);
    name = id;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    await checkHub(source.id);
    id = source.id;
    name = source.id;
  }
  const started = performance.now();
  const progress_callback = opts.onProgress
    ? (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (p.file === undefined) return;
      opts.onProgress!({ file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0, status: p.status });
    }
    : undefined;
  let net: PreTrainedModel;
  let tokenizer: PreTrainedTokenizer;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(id, { progress_callback });
    net = await AutoModelForCausalLM.from_pretrained(id, {
      dtype: dtype as "fp32",
      device: "cpu",
      progress_callback,
    });
  } catch (err) {
    throw new EngineLoadError(label, firstLine(err), { cause: err });
  }
  const ms = Math.round(performance.now() - started);
  log(`model loaded in ${ms} ms (${name}, ${dtype})`);
  return new StoryLlmEngine(dtype === "fp32" ? name : `${name}:${dtype}`, net, tokenizer);
}
