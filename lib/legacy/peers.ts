/**
 * The balancer's side of the original tool's protocol: telling legacy peers
 * from framed ones by their first bytes, registering legacy servers, and
 * answering legacy clients through {@link Balancer.dispatch} (cache, strategy
 * and every kind of backend included).
 *
 * @module
 */
import { type Balancer, DispatchError } from "../balancer/balancer.ts";
import type { PeerOptions } from "../listen.ts";
import { encodeFrame, ProtocolError } from "../protocol.ts";
import { type LegacySettings } from "./backend.ts";
import { LegacyBackend } from "./backend.ts";
import {
  CLIENT_HELLO,
  INVALID_REGISTER,
  LEGACY_READ_SIZE,
  parseRegister,
  REGISTERED,
  sniffProtocol,
} from "./protocol.ts";
import { ChunkReader, closeQuietly, readMessage, writeAll } from "./text_conn.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** How long a new connection may take to send its first bytes (the hello deadline). */
const FIRST_BYTES_TIMEOUT_MS = 5000;

/**
 * The accept loop's intercept for the balancer's port: legacy peers are
 * served here, everything else continues as the framed protocol with the
 * bytes already read.
 */
export function legacyIntercept(balancer: Balancer, settings: LegacySettings): PeerOptions["intercept"] {
  return async (conn, framed) => {
    const sniffed = await sniffConnection(conn, FIRST_BYTES_TIMEOUT_MS);
    if (!sniffed) return;
    if (sniffed.protocol === "framed") return await framed(sniffed.bytes);
    await serveLegacyPeer(balancer, conn, sniffed, settings);
  };
}

/** The first bytes of a connection and the protocol they announce. */
export interface Sniffed {
  protocol: "register" | "client" | "framed";
  /** Everything read so far; hand it on to whoever reads next. */
  bytes: Uint8Array;
}

/**
 * Reads until at least four bytes have arrived and says which protocol the
 * peer speaks. Resolves undefined when the peer closed first or sent nothing
 * within `timeoutMs` (it is then told so in a frame, and disconnected).
 */
export async function sniffConnection(conn: Deno.Conn, timeoutMs: number): Promise<Sniffed | undefined> {
  const buffer = new Uint8Array(64 * 1024);
  let bytes = new Uint8Array(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"timeout">((resolve) =>
    timer = setTimeout(() => resolve("timeout"), timeoutMs)
  );
  try {
    while (bytes.length < 4) {
      const read = conn.read(buffer).catch((error) => {
        if (error instanceof Deno.errors.BadResource || error instanceof Deno.errors.ConnectionReset) {
          return null;
        }
        throw error;
      });
      const count = await Promise.race([read, expired]);
      if (count === "timeout") {
        const error = new ProtocolError("timeout", `no hello within ${(timeoutMs / 1000).toFixed(0)} s`);
        await writeAll(conn, encodeFrame({ type: "error", code: error.code, message: error.message }))
          .catch(() => {}); // the peer may be gone already; it is disconnected either way
        closeQuietly(conn);
        return undefined;
      }
      if (count === null) {
        closeQuietly(conn);
        return undefined;
      }
      const next = new Uint8Array(bytes.length + count);
      next.set(bytes);
      next.set(buffer.subarray(0, count), bytes.length);
      bytes = next;
    }
  } finally {
    clearTimeout(timer);
  }
  return { protocol: sniffProtocol(bytes), bytes };
}

/** Serves a connection whose first bytes were `REGI` or `CLIE`. */
export async function serveLegacyPeer(
  balancer: Balancer,
  conn: Deno.Conn,
  sniffed: Sniffed,
  settings: LegacySettings,
): Promise<void> {
  const addr = conn.remoteAddr as Deno.NetAddr;
  const remote = `${addr.hostname}:${addr.port}`;
  const reader = new ChunkReader(conn);
  if (balancer.options.token) {
    // The old protocol has no way to present a token: with one configured, legacy peers are refused.
    const answer = sniffed.protocol === "register"
      ? INVALID_REGISTER
      : "ERROR unauthorized: this balancer needs a token, which the legacy protocol cannot carry";
    settings.log.warn(`Refused legacy ${sniffed.protocol} ${remote}: the balancer requires a token`);
    await writeAll(conn, encoder.encode(answer)).catch(() => {});
    closeQuietly(conn);
    return;
  }
  if (sniffed.protocol === "register") await registerServer(balancer, reader, remote, sniffed, settings);
  else await serveClient(balancer, reader, remote, sniffed, settings);
}

async function registerServer(
  balancer: Balancer,
  reader: ChunkReader,
  remote: string,
  sniffed: Sniffed,
  settings: LegacySettings,
): Promise<void> {
  const { bytes } = await readMessage(reader, {
    timeoutMs: 5000,
    maxBytes: LEGACY_READ_SIZE,
    initial: sniffed.bytes,
  });
  const text = decoder.decode(bytes);
  const address = parseRegister(text);
  if (!address) {
    settings.log.warn(`Invalid legacy registration from ${remote}: ${JSON.stringify(text.slice(0, 80))}`);
    await writeAll(reader.conn, encoder.encode(INVALID_REGISTER)).catch(() => {});
    closeQuietly(reader.conn);
    return;
  }
  const backend = balancer.add(new LegacyBackend(address.host, address.port, reader, settings));
  // The connection belongs to the backend until it goes down; the accept loop closes it after that.
  const gone = new Promise<void>((resolve) => backend.onDown(() => resolve()));
  try {
    await writeAll(reader.conn, encoder.encode(REGISTERED));
  } catch (error) {
    backend.markDown({
      kind: "connection",
      detail: `could not answer its registration (${(error as Error).message})`,
    });
  }
  await gone;
}

/**
 * A legacy client: `CLIENT|ADD`, then one prompt per read, answered in order
 * with the prompt followed by its continuation (what the original returned),
 * or `ERROR <code>: <message>` when the request fails.
 */
async function serveClient(
  balancer: Balancer,
  reader: ChunkReader,
  remote: string,
  sniffed: Sniffed,
  settings: LegacySettings,
): Promise<void> {
  const { log, idleTimeoutMs } = settings;
  let first = sniffed.bytes;
  while (first.length < CLIENT_HELLO.length) {
    const more = await reader.next(5000);
    if (more === null || more === "timeout") break;
    const joined = new Uint8Array(first.length + more.length);
    joined.set(first);
    joined.set(more, first.length);
    first = joined;
  }
  const greeting = decoder.decode(first);
  if (!greeting.startsWith(CLIENT_HELLO)) {
    log.warn(`Invalid legacy client greeting from ${remote}: ${JSON.stringify(greeting.slice(0, 40))}`);
    await writeAll(reader.conn, encoder.encode(`ERROR bad_message: expected "${CLIENT_HELLO}"`)).catch(
      () => {},
    );
    closeQuietly(reader.conn);
    return;
  }
  log.info(`Legacy client connected from ${remote}`);
  // Prompts are answered one after another, in order; the client closing cancels the current one.
  const closed = new AbortController();
  const prompts: string[] = [];
  let answering = false;
  let wake: (() => void) | undefined;
  const push = (text: string) => {
    if (text.trim()) prompts.push(text);
    wake?.();
  };
  push(greeting.slice(CLIENT_HELLO.length));
  const reading = (async () => {
    try {
      while (true) {
        const chunk = await reader.next(idleTimeoutMs > 0 ? idleTimeoutMs : undefined);
        if (chunk === null) break;
        if (chunk !== "timeout") push(decoder.decode(chunk));
        else if (!answering && prompts.length === 0) {
          log.info(`Closing legacy client ${remote}: idle for ${idleTimeoutMs / 1000} s (--idle-timeout)`);
          break;
        }
      }
    } finally {
      closed.abort();
      wake?.();
    }
  })();
  try {
    while (!closed.signal.aborted) {
      const text = prompts.shift();
      if (text === undefined) {
        await new Promise<void>((resolve) => wake = resolve);
        continue;
      }
      answering = true;
      const answer = await answerPrompt(balancer, text.trim(), closed.signal, log);
      if (closed.signal.aborted) break;
      await writeAll(reader.conn, encoder.encode(answer));
      answering = false;
    }
  } finally {
    closeQuietly(reader.conn);
    await reading.catch(() => {});
    log.info(`Legacy client ${remote} disconnected`);
  }
}

/** One legacy client prompt through dispatch: the full text, or an `ERROR` line. */
async function answerPrompt(
  balancer: Balancer,
  prompt: string,
  signal: AbortSignal,
  log: LegacySettings["log"],
): Promise<string> {
  let text = "";
  try {
    for await (
      const event of balancer.dispatch({ id: balancer.nextRequestId("l"), prompt, useCache: true, signal })
    ) {
      if (event.type === "chunk") text += event.text;
    }
    return prompt + text;
  } catch (error) {
    const code = error instanceof DispatchError || error instanceof ProtocolError ? error.code : "internal";
    if (code === "internal") log.error(`Legacy client request failed: ${(error as Error).stack}`);
    return `ERROR ${code}: ${(error as Error).message}`;
  }
}
