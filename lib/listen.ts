/**
 * The one accept loop behind every ailb port (the balancer's `--port`, a
 * server's data port), and the hello check every connection starts with.
 *
 * What it guarantees, whoever is on the other end:
 * - a failing `accept()` (EMFILE/ENFILE when file descriptors run out, a
 *   connection reset before it was accepted) never ends the loop: it backs off
 *   (5 ms doubling to 1 s) and tries again, so the port recovers as soon as
 *   descriptors free up;
 * - at most `maxConnections` connections are open at once; one more is told
 *   `error{code:"overloaded"}` and closed;
 * - a peer must say `hello` within 5 s, with the right version, token and a
 *   role this port serves;
 * - a peer that then goes quiet for `idleTimeoutMs` (no whole message, nothing
 *   in flight for it) or leaves part of a frame unfinished that long
 *   (slowloris) is told `error{code:"timeout"}` and closed;
 * - nothing a connection's handler throws reaches the process: it is logged
 *   and that connection is closed.
 *
 * A listener-specific `intercept` hook sees each raw connection first (for
 * example to sniff another protocol's first bytes) and hands back to the
 * framed protocol when it is not its business. The listener may be TCP or TLS.
 *
 * @example
 * ```ts
 * const loop = servePeers(Deno.listen({ port: 1234 }), {
 *   roles: ["client"], maxFrame: 1 << 20, maxConnections: 1000, idleTimeoutMs: 60_000, log,
 *   onPeer: async ({ connection, messages }) => {
 *     for (let next = await messages.next(); !next.done; next = await messages.next()) {}
 *   },
 * });
 * loop.close();
 * ```
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Connection } from "./connection.ts";
import { checkHello, readHello } from "./handshake.ts";
import type { Logger } from "./log.ts";
import { encodeFrame, type Message, type MessageOf, ProtocolError, type Role } from "./protocol.ts";

/** Backoff between failed accepts: the first retry after this, doubling. */
const ACCEPT_BACKOFF_MIN_MS = 5;
/** ... up to this. */
const ACCEPT_BACKOFF_MAX_MS = 1000;
/** How long a refusal (too many connections) may take to write before the socket is closed anyway. */
const REFUSE_WRITE_MS = 1000;

/** Default of `--idle-timeout`. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** Default of `--max-connections`. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;

/**
 * True for I/O errors a peer causes on its own connection (a TLS handshake it
 * fails or aborts, a reset, a broken pipe), as opposed to a bug in a handler.
 */
export function isPeerIoError(error: unknown): boolean {
  return error instanceof Deno.errors.InvalidData || error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.ConnectionAborted || error instanceof Deno.errors.BrokenPipe ||
    error instanceof Deno.errors.UnexpectedEof || error instanceof Deno.errors.NotConnected;
}

/** Options of {@link acceptLoop}. */
export interface AcceptOptions {
  log: Logger;
  /** Connections open at once; one more is refused with an `overloaded` error frame. */
  maxConnections: number;
  /** Serves one accepted connection; may throw (it is logged). The connection is closed after it settles. */
  onConnection: (conn: Deno.Conn) => Promise<void>;
}

/** A running accept loop. */
export interface AcceptLoop {
  /** The bound address (port 0 resolved). */
  readonly addr: Deno.NetAddr;
  /** Connections open right now. */
  readonly open: number;
  /** Resolves when the loop has ended (after {@link close}). */
  readonly finished: Promise<void>;
  /** Stops accepting and closes every open connection. */
  close(): void;
}

/**
 * Accepts connections until closed. Accept errors are retried with backoff;
 * connections past `maxConnections` are refused with a clear error.
 */
export function acceptLoop(listener: Deno.Listener, options: AcceptOptions): AcceptLoop {
  const { log } = options;
  const open = new Set<Deno.Conn>();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      listener.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
    for (const conn of open) closeQuietly(conn);
  };
  const serve = async (conn: Deno.Conn) => {
    open.add(conn);
    try {
      await options.onConnection(conn);
    } catch (error) {
      if (isPeerIoError(error)) {
        // Anyone can cause these (a failed TLS handshake, a reset): one line, no stack, so a peer cannot fill the log.
        log.warn(`Connection from ${remoteOf(conn)} failed: ${(error as Error).message}`);
      } else {
        log.error(`Connection from ${remoteOf(conn)} failed: ${(error as Error).stack ?? error}`);
      }
    } finally {
      open.delete(conn);
      closeQuietly(conn);
    }
  };
  const finished = (async () => {
    let failures = 0;
    while (!closed) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (closed || error instanceof Deno.errors.BadResource) break;
        failures++;
        const delay = Math.min(
          ACCEPT_BACKOFF_MAX_MS,
          ACCEPT_BACKOFF_MIN_MS * 2 ** Math.min(failures - 1, 20),
        );
        // One line per streak, not per retry: EMFILE can last minutes.
        if (failures === 1) log.warn(`Accept failed: ${(error as Error).message}; retrying with backoff`);
        await sleep(delay);
        continue;
      }
      if (failures > 0) log.info(`Accepting connections again after ${failures} failed accepts`);
      failures = 0;
      if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
      if (open.size >= options.maxConnections) {
        refuse(conn, options.maxConnections, log);
        continue;
      }
      serve(conn); // never rejects: serve catches everything
    }
  })();
  return {
    addr: listener.addr as Deno.NetAddr,
    get open() {
      return open.size;
    },
    finished,
    close,
  };
}

function refuse(conn: Deno.Conn, max: number, log: Logger): void {
  log.warn(`Refused ${remoteOf(conn)}: already ${max} connections open (--max-connections)`);
  const frame = encodeFrame({
    type: "error",
    code: "overloaded",
    message: `too many connections: this port allows ${max} at once`,
  });
  const timer = setTimeout(() => closeQuietly(conn), REFUSE_WRITE_MS);
  conn.write(frame)
    .catch(() => {/* the peer is gone already; nothing to tell it */})
    .finally(() => {
      clearTimeout(timer);
      closeQuietly(conn);
    });
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch (error) {
    if (!(error instanceof Deno.errors.BadResource)) throw error;
  }
}

function remoteOf(conn: Deno.Conn): string {
  const addr = conn.remoteAddr as Deno.NetAddr;
  return `${addr.hostname}:${addr.port}`;
}

/** A peer that said a valid hello. */
export interface Peer {
  connection: Connection;
  hello: MessageOf<"hello">;
  /** The rest of the peer's messages (the hello already consumed). */
  messages: AsyncIterator<Message>;
  /**
   * Tells the idle watch when this peer must not be closed for silence: while
   * `check` returns true (requests in flight; a control connection that
   * heartbeats govern). Without it, silence for the idle timeout closes.
   */
  busyWhile(check: () => boolean): void;
}

/** Options of {@link servePeers}. */
export interface PeerOptions {
  log: Logger;
  /** Roles this port serves; others are refused with `bad_message`. */
  roles: readonly Role[];
  maxFrame: number;
  maxConnections: number;
  /** Close peers silent (or stuck mid-frame) this long; 0 = never. */
  idleTimeoutMs: number;
  /** When set, every hello must carry it. */
  token?: string;
  /** Keep client sockets writable after they half-close, so answers still reach them. */
  halfOpen?: boolean;
  /** Serves one greeted peer. The connection is closed after it settles. */
  onPeer: (peer: Peer) => Promise<void>;
  /**
   * Sees each raw connection first. Call `framed()` to continue with the
   * ailb protocol, passing any bytes already read from `conn`.
   */
  intercept?: (conn: Deno.Conn, framed: (initial?: Uint8Array) => Promise<void>) => Promise<void>;
}

interface Watched {
  connection: Connection;
  busy: () => boolean;
}

/**
 * The accept loop plus the protocol's opening: framing, hello within 5 s,
 * version, token, role, and the idle watch. Throws only if the listener
 * cannot be used at all.
 */
export function servePeers(listener: Deno.Listener, options: PeerOptions): AcceptLoop {
  const { log, idleTimeoutMs } = options;
  const watched = new Set<Watched>();
  let sweeper: ReturnType<typeof setInterval> | undefined;
  if (idleTimeoutMs > 0) {
    sweeper = setInterval(
      () => sweepIdle(watched, idleTimeoutMs, log),
      Math.max(10, Math.min(1000, idleTimeoutMs / 4)),
    );
  }
  const framed = async (conn: Deno.Conn, initial?: Uint8Array) => {
    const connection = new Connection(conn, {
      maxFrame: options.maxFrame,
      initial,
      halfOpen: options.halfOpen,
    });
    const watch: Watched = { connection, busy: () => false };
    try {
      const messages = connection[Symbol.asyncIterator]();
      const hello = await readHello(connection, messages);
      if (!hello) return;
      try {
        checkHello(hello, options.token);
        if (!options.roles.includes(hello.role)) {
          throw new ProtocolError(
            "bad_message",
            `this port serves ${options.roles.map((r) => `${r}s`).join(" and ")}, not a ${hello.role}`,
          );
        }
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        log.warn(`Refused ${connection.remote}: ${error.message}`);
        await connection.fail(error);
        return;
      }
      watched.add(watch);
      await options.onPeer({
        connection,
        hello,
        messages,
        busyWhile: (check) => watch.busy = check,
      });
    } finally {
      watched.delete(watch);
      connection.close();
    }
  };
  const loop = acceptLoop(listener, {
    log,
    maxConnections: options.maxConnections,
    onConnection: (conn) =>
      options.intercept ? options.intercept(conn, (initial) => framed(conn, initial)) : framed(conn),
  });
  loop.finished.finally(() => clearInterval(sweeper));
  return loop;
}

function sweepIdle(watched: Set<Watched>, idleMs: number, log: Logger): void {
  const now = performance.now();
  for (const { connection, busy } of watched) {
    if (connection.isClosed) continue;
    const partial = connection.partialSince;
    let why: string | undefined;
    if (partial !== undefined && now - partial >= idleMs) {
      why = `a frame stayed incomplete for ${seconds(idleMs)}`;
    } else if (now - connection.lastMessageAt >= idleMs && !busy()) {
      why = `idle for ${seconds(idleMs)}`;
    }
    if (!why) continue;
    log.info(`Closing ${connection.remote}: ${why} (--idle-timeout)`);
    connection.fail(new ProtocolError("timeout", `${why}; closing (send heartbeats to stay connected)`));
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
