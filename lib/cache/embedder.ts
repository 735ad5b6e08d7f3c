/**
 * Prompt embeddings through transformers.js `feature-extraction` (mean pooling, unit length).
 *
 * The default is the static embedding model bundled in models/embed-static/ (made by tools/embed-model/);
 * `--embed-model` can name another local folder or a hub id for machines that reach the hub.
 */
import { type FeatureExtractionPipeline, pipeline, Tensor } from "@huggingface/transformers";
import { pathExists, resolveModelSource } from "../model_source.ts";

/** Turns prompts into unit-length vectors. */
export interface Embedder {
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Vector length. */
  readonly dim: number;
  /** What was loaded: the folder path or hub id. */
  readonly model: string;
  /**
   * Identifies the model's weights and tokenizer (folder name + content hash for local folders, the id for hub
   * models); cache files store it so vectors from another model are never mixed in.
   */
  readonly fingerprint: string;
  /** True when prompts are pooled in JS from cached token rows (static models), false through the pipeline. */
  readonly jsPooling: boolean;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
}

/** The bundled model folder. */
export const DEFAULT_EMBED_MODEL_DIR: URL = new URL("../../models/embed-static/", import.meta.url);

/** Options of {@link createEmbedder}. */
export interface EmbedderOptions {
  /** A local folder (absolute or relative to the working directory) or a hub id; default: the bundled model. */
  model?: string;
  /**
   * Run every prompt through the transformers.js pipeline even for a static model (the reference the JS pooling
   * is tested against); default false.
   */
  reference?: boolean;
}

/**
 * Token rows of a static embedding model (config.json `ailb_static_embedding`: the graph is a table lookup with
 * no position or context, so a token's row is the same wherever it stands). Rows are fetched from the ONNX
 * session the first time a token is seen, a batch of new tokens per call, and kept: after warm-up a prompt costs
 * the tokenizer and a JS mean, not an onnxruntime call (~0.1 ms of the balancer's CPU per prompt saved).
 */
class StaticRows {
  readonly #rows = new Map<number, Float32Array>();

  constructor(readonly extractor: FeatureExtractionPipeline, readonly dim: number) {}

  /** Token ids of `text` exactly as the pipeline makes them ([CLS] … [SEP], truncated the same way). */
  tokenize(text: string): number[] {
    const { input_ids } = this.extractor.tokenizer([text], { padding: true, truncation: true });
    return Array.from(input_ids.data as BigInt64Array, Number);
  }

  /** Mean of the rows of `ids`, then unit length, in the same arithmetic as the pipeline's pooling. */
  async embed(ids: number[]): Promise<Float32Array> {
    const missing = [...new Set(ids.filter((id) => !this.#rows.has(id)))];
    if (missing.length > 0) await this.#fetch(missing);
    const dim = this.dim;
    const rows = ids.map((id) => this.#rows.get(id)!);
    const out = new Float32Array(dim);
    for (let d = 0; d < dim; d++) {
      let sum = 0;
      for (const row of rows) sum += row[d];
      out[d] = sum / rows.length;
    }
    let squares = 0;
    for (let d = 0; d < dim; d++) squares += out[d] * out[d];
    const norm = Math.fround(Math.sqrt(squares));
    for (let d = 0; d < dim; d++) out[d] /= norm;
    return out;
  }

  async #fetch(ids: number[]): Promise<void> {
    const shape = [1, ids.length];
    const output = await this.extractor.model({
      input_ids: new Tensor("int64", BigInt64Array.from(ids, BigInt), shape),
      attention_mask: new Tensor("int64", new BigInt64Array(ids.length).fill(1n), shape),
      token_type_ids: new Tensor("int64", new BigInt64Array(ids.length), shape),
    });
    const data = (output.last_hidden_state as Tensor).data as Float32Array;
    ids.forEach((id, i) => this.#rows.set(id, data.slice(i * this.dim, (i + 1) * this.dim)));
  }
}

async function isStaticModel(folder: string): Promise<boolean> {
  try {
    return JSON.parse(await Deno.readTextFile(`${folder}/config.json`)).ailb_static_embedding === true;
  } catch {
    return false; // no readable config: not ours, the pipeline decides
  }
}

async function folderFingerprint(folder: string): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const file of ["config.json", "tokenizer.json", "onnx/model.onnx"]) {
    try {
      parts.push(await Deno.readFile(`${folder}/${file}`));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // other layouts (quantized only, …) still load
    }
  }
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
  const hex = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${folder.split("/").pop()}@${hex}`;
}

/**
 * Loads the embedding model. A path that exists is loaded from disk only; any other string is treated as a hub
 * id. A missing bundled folder, a path that does not exist, or a hub id that cannot be fetched raise an Error
 * naming the model and the cause.
 */
export async function createEmbedder(options: EmbedderOptions = {}): Promise<Embedder> {
  const source = await resolveModelSource(options.model ?? DEFAULT_EMBED_MODEL_DIR.pathname);
  const local = source.kind === "local";
  if (local && !(await pathExists(source.dir))) {
    throw new Error(`embedding model folder not found: ${source.dir}`);
  }
  const model = local ? source.dir : source.id;
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await pipeline("feature-extraction", model, {
      dtype: "fp32",
      local_files_only: local,
    }) as FeatureExtractionPipeline;
  } catch (error) {
    throw new Error(`cannot load embedding model ${model}: ${(error as Error).message}`, { cause: error });
  }
  const probe = await extractor(["dimension probe"], { pooling: "mean", normalize: true });
  const dim = probe.dims[1];
  const fingerprint = local ? await folderFingerprint(model) : model;
  const rows = local && !options.reference && await isStaticModel(model)
    ? new StaticRows(extractor, dim)
    : undefined;
  return {
    model,
    fingerprint,
    dim,
    jsPooling: rows !== undefined,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      if (rows) return await Promise.all(texts.map((text) => rows.embed(rows.tokenize(text))));
      const output = await extractor(texts, { pooling: "mean", normalize: true });
      const data = output.data as Float32Array;
      return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
    },
    async dispose(): Promise<void> {
      await extractor.dispose();
    },
  };
}
