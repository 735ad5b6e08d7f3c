/**
 * Renders model-loading progress: a redrawn bar per file on a terminal, plain lines otherwise (logs, CI, pipes),
 * where carriage-return redraws would turn into a wall of partial lines.
 *
 * @module
 */
import type { LoadProgress } from "./llm.ts";

/** Options of {@link createProgressRenderer}. */
export interface ProgressRendererOptions {
  /** Where to write; defaults to stderr. */
  write?: (text: string) => void;
  /** Draw a bar (true) or plain lines (false); defaults to whether stderr is a terminal. */
  tty?: boolean;
  /** Bar width in characters. */
  width?: number;
  /** Written before each bar, e.g. the server's name, so several servers' bars can be told apart. */
  prefix?: string;
  /** Plain mode: where each "loading"/"loaded" line goes instead of `write` (e.g. a logger). */
  line?: (text: string) => void;
}

const encoder = new TextEncoder();

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * Returns a callback for `createLlmEngine({ onProgress })`.
 *
 * On a TTY each file gets one line that is redrawn in place and finished with a newline when the file is done.
 * Otherwise one line is printed when a file starts and one when it is done (with its size).
 */
export function createProgressRenderer(opts: ProgressRendererOptions = {}): (p: LoadProgress) => void {
  const write = opts.write ?? ((text: string) => Deno.stderr.writeSync(encoder.encode(text)));
  const tty = opts.tty ?? Deno.stderr.isTerminal();
  const width = opts.width ?? 30;
  const prefix = opts.prefix ?? "";
  const line = opts.line ?? ((text: string) => write(`${prefix}${text}\n`));
  const sizes = new Map<string, number>();
  const finished = new Set<string>();
  let drawing: string | null = null;
  let lastDraw = 0;

  return (p: LoadProgress) => {
    if (p.total > 0) sizes.set(p.file, p.total);
    if (finished.has(p.file)) return;
    if (!tty) {
      if (p.status === "initiate") line(`loading ${p.file}`);
      if (p.status === "done") {
        finished.add(p.file);
        const size = sizes.get(p.file);
        line(`loaded ${p.file}${size ? ` (${mb(size)} MB)` : ""}`);
      }
      return;
    }
    const done = p.status === "done";
    const now = performance.now();
    // Redraws are throttled: progress events can arrive per network packet.
    if (!done && drawing === p.file && now - lastDraw < 50) return;
    lastDraw = now;
    const total = sizes.get(p.file) ?? 0;
    const loaded = done ? total : Math.min(p.loaded, total);
    const frac = total > 0 ? loaded / total : done ? 1 : 0;
    const filled = Math.round(frac * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const size = total > 0 ? ` ${mb(loaded)}/${mb(total)} MB` : "";
    if (drawing !== null && drawing !== p.file) write("\n");
    write(`\r\x1b[2K${prefix}${p.file} [${bar}] ${Math.round(frac * 100)}%${size}`);
    drawing = p.file;
    if (done) {
      finished.add(p.file);
      write("\n");
      drawing = null;
    }
  };
}
