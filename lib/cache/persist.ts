/**
 * Saving and loading the cache to one JSON file. Saving writes a temporary file next to the target and renames
 * it, so a crash never leaves half a file. Loading never throws: a missing file is an empty cache, and a corrupt
 * file or one written for another embedding model, dimension or format version is ignored with a warning and
 * kept aside as `<file>.bad`, because a stale cache must not stop the balancer from starting, nor be lost.
 */
import { Buffer } from "node:buffer";
import type { CachedAnswer } from "./types.ts";

/** Format version of the file; bump it when the layout changes. */
export const CACHE_FILE_VERSION = 1;
const FORMAT = "ailb-semantic-cache";

/** What a file must have been written for to be loaded. */
export interface CacheFileIdentity {
  /** Embedding model fingerprint (vectors from another model are meaningless). */
  model: string;
  dim: number;
}

/** One saved entry; entries are saved least recently used first. */
export interface PersistedEntry {
  partition: string;
  prompt: string;
  answer: CachedAnswer;
  storedAt: number;
  vector: Float32Array;
}

/** Result of {@link loadCacheFile}: the entries, and a warning when the file was ignored. */
export interface LoadResult {
  entries: PersistedEntry[];
  warning?: string;
  /**
   * Where the ignored file was moved (`<file>.bad`), so the empty cache saved at shutdown does not overwrite
   * what may be worth recovering.
   */
  keptAs?: string;
}

/**
 * Checks at start-up that `path` can be a cache file: absent or a regular file, in an existing directory. A
 * FIFO or device would block loading or saving; a missing directory would only fail at shutdown.
 */
export async function checkCacheFilePath(path: string): Promise<void> {
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) throw new Error(`cache file ${path} is not a regular file`);
    return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    throw new Error(`cache file ${path}: directory ${dir} does not exist`);
  }
  if (!info.isDirectory) throw new Error(`cache file ${path}: ${dir} is not a directory`);
}

interface SavedEntry {
  partition: string;
  prompt: string;
  answer: CachedAnswer;
  storedAt: number;
  vector: string;
}

/** Writes the entries atomically (temporary file + rename). Errors (disk full, no permission) are thrown. */
export async function saveCacheFile(
  path: string,
  identity: CacheFileIdentity,
  entries: Iterable<PersistedEntry>,
): Promise<void> {
  const saved: SavedEntry[] = [];
  for (const entry of entries) {
    const bytes = new Uint8Array(entry.vector.buffer, entry.vector.byteOffset, entry.vector.byteLength);
    saved.push({ ...entry, vector: Buffer.from(bytes).toString("base64") });
  }
  const body = JSON.stringify({ format: FORMAT, version: CACHE_FILE_VERSION, ...identity, entries: saved });
  const temporary = `${path}.tmp-${Deno.pid}-${crypto.randomUUID()}`;
  try {
    await Deno.writeTextFile(temporary, body);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {/* the write itself failed: nothing to clean up */});
    throw error;
  }
}

function isAnswer(value: unknown): value is CachedAnswer {
  const answer = value as CachedAnswer;
  return typeof answer?.text === "string" && typeof answer.tokens === "number" &&
    typeof answer.backend === "string";
}

function decodeEntry(raw: SavedEntry, dim: number): PersistedEntry | string {
  if (typeof raw?.partition !== "string" || typeof raw.prompt !== "string" || !isAnswer(raw.answer)) {
    return "an entry lacks partition, prompt or answer";
  }
  if (typeof raw.storedAt !== "number" || typeof raw.vector !== "string") {
    return "an entry lacks storedAt or vector";
  }
  const bytes = Buffer.from(raw.vector, "base64");
  if (bytes.length !== dim * 4) return `an entry's vector has ${bytes.length / 4} dims, expected ${dim}`;
  const vector = new Float32Array(dim);
  new Uint8Array(vector.buffer).set(bytes);
  return { partition: raw.partition, prompt: raw.prompt, answer: raw.answer, storedAt: raw.storedAt, vector };
}

/**
 * Reads a cache file written by {@link saveCacheFile} for the same identity; never throws. A file that cannot
 * be used (corrupt, truncated, another format version or embedding model) is renamed to `<path>.bad`.
 */
export async function loadCacheFile(path: string, identity: CacheFileIdentity): Promise<LoadResult> {
  const result = await readCacheFile(path, identity);
  if (!result.warning) return result;
  // Keep the ignored file aside rather than let the shutdown save replace it with what this run learns.
  const keptAs = `${path}.bad`;
  try {
    await Deno.rename(path, keptAs);
  } catch (error) {
    return {
      entries: [],
      warning: `${result.warning}; could not keep it as ${keptAs}: ${(error as Error).message}`,
    };
  }
  return { entries: [], warning: `${result.warning}; kept as ${keptAs}`, keptAs };
}

async function readCacheFile(path: string, identity: CacheFileIdentity): Promise<LoadResult> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { entries: [] };
    return { entries: [], warning: `cache file ${path} ignored: ${(error as Error).message}` };
  }
  const ignored = (why: string): LoadResult => ({
    entries: [],
    warning: `cache file ${path} ignored: ${why}`,
  });
  let data: { format?: unknown; version?: unknown; model?: unknown; dim?: unknown; entries?: unknown };
  try {
    data = JSON.parse(text);
  } catch (error) {
    return ignored(`not valid JSON (${(error as Error).message})`);
  }
  if (data?.format !== FORMAT) return ignored("not an ailb cache file");
  if (data.version !== CACHE_FILE_VERSION) {
    return ignored(`format version ${data.version}, this build reads ${CACHE_FILE_VERSION}`);
  }
  if (data.model !== identity.model || data.dim !== identity.dim) {
    return ignored(
      `written for embedding model ${data.model} (${data.dim} dims), now ${identity.model} ` +
        `(${identity.dim} dims)`,
    );
  }
  if (!Array.isArray(data.entries)) return ignored("no entries list");
  const entries: PersistedEntry[] = [];
  for (const raw of data.entries) {
    const entry = decodeEntry(raw, identity.dim);
    if (typeof entry === "string") return ignored(entry);
    entries.push(entry);
  }
  return { entries };
}
