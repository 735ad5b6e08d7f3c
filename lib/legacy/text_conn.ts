/**
 * Reading the original tool's unframed messages from a raw TCP connection.
 * A message is "what one write on the other side sent": the original read
 * 1024 bytes once. ailb takes a read shorter than that as a whole message
 * (as the original did; one write that small arrives in one piece), and
 * otherwise reads on until the peer closes or goes quiet for a moment, so a
 * longer message the network splits still arrives whole.
 *
 * @module
 */
import { concatBytes } from "../bytes.ts";

export { writeAll } from "../bytes.ts";

/** How long the peer must be quiet after its first bytes for a message to count as complete. */
export const QUIET_MS = 30;

/** Why {@link readMessage} returned. */
export type ReadEnd = "short" | "quiet" | "eof" | "timeout" | "too_large";

/**
 * Reads one unframed message from `conn`: waits up to `timeoutMs` for its
 * first bytes; a first read of fewer than `shortBytes` is the whole message,
 * otherwise it takes more until the peer is quiet for {@link QUIET_MS} or
 * closes. `initial` are bytes already read (they count as the first).
 * Never reads past `maxBytes`. A read still pending when it returns is left
 * to the caller's next call or to closing the connection.
 */
export async function readMessage(
  reader: ChunkReader,
  options: {
    timeoutMs: number;
    maxBytes: number;
    /** A first read shorter than this is a whole message (0: always wait for quiet). */
    shortBytes?: number;
    initial?: Uint8Array;
    signal?: AbortSignal;
  },
): Promise<{ bytes: Uint8Array; end: ReadEnd }> {
  const parts: Uint8Array[] = options.initial?.length ? [options.initial] : [];
  let size = parts[0]?.length ?? 0;
  const deadline = performance.now() + options.timeoutMs;
  while (size <= options.maxBytes) {
    const wait = size === 0 ? deadline - performance.now() : QUIET_MS;
    if (wait <= 0) return { bytes: concatBytes(parts), end: "timeout" };
    const chunk = await reader.next(wait, options.signal);
    if (chunk === "timeout") return { bytes: concatBytes(parts), end: size === 0 ? "timeout" : "quiet" };
    if (chunk === null) return { bytes: concatBytes(parts), end: "eof" };
    parts.push(chunk);
    size += chunk.length;
    if (parts.length === 1 && size < (options.shortBytes ?? 0)) {
      return { bytes: concatBytes(parts), end: "short" };
    }
  }
  return { bytes: concatBytes(parts), end: "too_large" };
}

/**
 * Turns a `Deno.Conn` into a pull-based chunk source with per-call timeouts.
 * A read that times out is not lost: the next call picks up its result.
 */
export class ChunkReader {
  #pending: Promise<Uint8Array | null> | undefined;
  readonly #buffer = new Uint8Array(64 * 1024);

  constructor(readonly conn: Deno.Conn) {}

  /**
   * The next bytes, `null` at end of stream, or `"timeout"` if none arrive
   * within `ms` (or the signal aborts). Without `ms` it waits as long as it takes.
   */
  async next(ms?: number, signal?: AbortSignal): Promise<Uint8Array | null | "timeout"> {
    this.#pending ??= this.#read();
    if (ms === undefined && !signal) {
      const result = await this.#pending;
      this.#pending = undefined;
      return result;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const expired = new Promise<"timeout">((resolve) => {
      if (ms !== undefined) timer = setTimeout(() => resolve("timeout"), Math.max(0, ms));
      onAbort = () => resolve("timeout");
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const result = await Promise.race([this.#pending, expired]);
      if (result !== "timeout") this.#pending = undefined;
      return result;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  async #read(): Promise<Uint8Array | null> {
    try {
      const count = await this.conn.read(this.#buffer);
      return count === null ? null : this.#buffer.slice(0, count);
    } catch (error) {
      // A connection closed under a pending read (by us, or reset by the peer) is the end of it.
      if (error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted) return null;
      if (error instanceof Deno.errors.ConnectionReset || error instanceof Deno.errors.BrokenPipe) {
        return null;
      }
      throw error;
    }
  }
}

/** Closes a connection that may already be closed. */
export function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch (error) {
    if (!(error instanceof Deno.errors.BadResource)) throw error;
  }
}
