/**
 * Prompt embeddings through transformers.js `feature-extraction` (mean pooling, unit length).
 *
 * The default is the static embedding model bundled in models/embed-static/ (made by tools/embed-model/);
 * `--embed-model` can name another local folder or a hub id for machines that reach the hub.
 */
import { type FeatureExtractionPipeline, pipeline } from "@huggingface/transformers";
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
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
}

/** The bundled model folder. */
export const DEFAULT_EMBED_MODEL_DIR: URL = new URL("../../models/embed-static/", import.meta.url);

/** Options of {@link createEmbedder}. */
export interface EmbedderOptions {
  /** A local folder (absolute or relative to the working directory) or a hub id; default: the bundled model. */
  model?: string;
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
  return {
    model,
    fingerprint,
    dim,
    async embed(texts: string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const output = await extractor(texts, { pooling: "mean", normalize: true });
      const data = output.data as Float32Array;
      return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
    },
    async dispose(): Promise<void> {
      await extractor.dispose();
    },
  };
}
