/**
 * Where a model comes from: a local folder or a hub id. Shared by the story
 * engine and the cache's embedder so `--model` and `--embed-model` accept the
 * same forms and fail the same way.
 *
 * @module
 */

/** A model folder on disk, or a hub id to fetch. */
export type ModelSource = { kind: "local"; dir: string } | { kind: "hub"; id: string };

/** A hub id looks like `owner/name`; anything path-like is treated as a local folder. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** True when `path` exists; other errors (permissions) propagate. */
export async function pathExists(path: string | URL): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Resolves a `--model` value: `owner/name` that is not an existing folder is a
 * hub id; everything else (absolute, relative, `~`, `file:`) is a local folder,
 * returned as a clean absolute path so error messages show what was looked for.
 */
export async function resolveModelSource(model: string): Promise<ModelSource> {
  const looksLikePath = /^(\/|\.{1,2}(\/|$)|~|file:)/.test(model);
  if (!looksLikePath && HUB_ID.test(model) && !(await pathExists(model))) return { kind: "hub", id: model };
  let dir = model.startsWith("file:") ? decodeURIComponent(new URL(model).pathname) : model;
  if (dir.startsWith("~")) dir = (Deno.env.get("HOME") ?? "") + dir.slice(1);
  if (!dir.startsWith("/")) dir = `${Deno.cwd()}/${dir}`;
  return { kind: "local", dir: normalizePath(dir) };
}

/** Resolves "." and ".." segments and drops trailing slashes. */
function normalizePath(absolute: string): string {
  const out: string[] = [];
  for (const part of absolute.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}
