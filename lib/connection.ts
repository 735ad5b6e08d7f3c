/**
 * A framed, message-oriented wrapper around one TCP connection.
 *
 * Reading turns bytes into validated {@link Message}s; a protocol violation is
 * answered with an `error` frame and the connection is closed. Writing is
 * serialized and bounded: a peer that stops reading while we keep sending
 * (a slow peer) is disconnected instead of growing our memory without limit.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import {
  decodeMessage,
  DEFAULT_MAX_FRAME,
  encodeFrame,
  FrameDecoder,
  type Message,
  ProtocolError,
} from "./protocol.ts";
import type { ClientTls } from "./tls.ts";

/** Options of {@link Connection}. */
export interface ConnectionOptions {
  maxFrame?: number;
  /** Bytes queued for a peer that does not read before it is dropped. */
  maxBacklog?: number;
  /** Bytes already read from `conn` (e.g. sniffed by a listener), decoded before anything else. */
  initial?: Uint8Array;
  /**
   * Keep the socket open for writing when the peer ends its side (half-close): iteration ends, and the owner
   * closes once its answers are out. Default false: end of input closes the connection.
   */
  halfOpen?: boolean;
}

/** Why a connection ended. */
export interface CloseReason {
  code: "eof" | "local" | "protocol" | "io" | "slow_peer";
  message: string;
}

/** Resolves once the microtasks queued so far have run (setImmediate: no timer involved). */
function afterMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Longest a local close waits for already queued frames to leave before closing the socket anyway. */
const CLOSE_FLUSH_MS = 1000;

const READ_SIZE = 64 * 1024;
const DEFAULT_BACKLOG = 16 * 1024 * 1024;

/** One peer over TCP, speaking length-prefixed JSON frames. */
export class Connection implements AsyncIterable<Message> {
  readonly remote: string;
  readonly maxFrame: number;
  readonly #conn: Deno.Conn;
  readonly #maxBacklog: number;
  #backlog = 0;
  #writing: Promise<void> = Promise.resolve();
  #pending: Uint8Array[] = [];
  #closed = false;
  /** Set when the socket itself is closed: after {@link close}, once queued frames left (local closes). */
  #socketClosed = false;
  #reason: CloseReason | undefined;
  #initial: Uint8Array | undefined;
  #halfOpen: boolean;
  #lastMessageAt = performance.now();
  #partialSince: number | undefined;
  #resolveClosed!: (reason: CloseReason) => void;
  /** Resolves once the connection is closed, with the reason. */
  readonly closed: Promise<CloseReason>;

  constructor(conn: Deno.Conn, options: ConnectionOptions = {}) {
    this.#conn = conn;
    this.maxFrame = options.maxFrame ?? DEFAULT_MAX_FRAME;
    this.#maxBacklog = options.maxBacklog ?? DEFAULT_BACKLOG;
    this.#initial = options.initial;
    this.#halfOpen = options.halfOpen ?? false;
    const addr = conn.remoteAddr as Deno.NetAddr;
    this.remote = `${addr.hostname}:${addr.port}`;
    this.closed = new Promise((resolve) => this.#resolveClosed = resolve);
  }

  /**
   * Opens a TCP connection to `host:port` (with TLS when `tls` is given),
   * giving up after `timeoutMs` when set.
   */
  static async connect(
    host: string,
    port: number,
    options: ConnectionOptions & { timeoutMs?: number; tls?: ClientTls } = {},
  ): Promise<Connection> {
    const abort = new AbortController();
    const timer = options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => abort.abort(), options.timeoutMs);
    let conn: Deno.TcpConn;
    try {
      conn = await Deno.connect({ hostname: host, port, transport: "tcp", signal: abort.signal });
    } catch (error) {
      if (!abort.signal.aborted) throw error;
      throw new Deno.errors.TimedOut(
        `connecting to ${host}:${port} took longer than ${options.timeoutMs} ms`,
      );
    } finally {
      clearTimeout(timer);
    }
    conn.setNoDelay(true);
    if (!options.tls) return new Connection(conn, options);
    return new Connection(await handshake(conn, host, options.tls, options.timeoutMs), options);
  }

  /** True once closed, for whatever reason. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /** When (performance.now()) the last whole message arrived, or the connection opened. */
  get lastMessageAt(): number {
    return this.#lastMessageAt;
  }

  /** Since when (performance.now()) part of a frame has been waiting for the rest; undefined when none. */
  get partialSince(): number | undefined {
    return this.#partialSince;
  }

  /** Why the connection closed, once it has. */
  get reason(): CloseReason | undefined {
    return this.#reason;
  }

  /**
   * Queues a message; returns false if the connection is closed. Messages too
   * large for a frame throw {@link ProtocolError} so the caller can answer
   * with an error instead of silently dropping data.
   */
  send(message: Message): boolean {
    if (this.#closed) return false;
    const frame = encodeFrame(message, this.maxFrame);
    this.#backlog += frame.length;
    if (this.#backlog > this.#maxBacklog) {
      this.close({ code: "slow_peer", message: `peer is not reading (${this.#backlog} bytes queued)` });
      return false;
    }
    this.#pending.push(frame);
    if (this.#pending.length === 1) {
      // Frames queued while a write is in progress, or anywhere in the current macrotask, leave in one
      // syscall: the write waits for setImmediate (a few µs, after the microtasks that relay a whole read's
      // worth of frames), not for a timer (setTimeout(0) costs a millisecond or more) and not for just one
      // microtask (a write per frame: TCP writes often complete synchronously, in a microtask).
      this.#writing = this.#writing.then(afterMicrotasks).then(() => this.#writePending()).catch((error) => {
        this.close({ code: "io", message: `write failed: ${(error as Error).message}` });
      });
    }
    return true;
  }

  /** Resolves when everything queued so far has been handed to the OS. */
  flush(): Promise<void> {
    return this.#writing;
  }

  async #writePending(): Promise<void> {
    const frames = this.#pending;
    this.#pending = [];
    if (this.#socketClosed) return;
    let bytes: Uint8Array;
    if (frames.length === 1) bytes = frames[0];
    else {
      bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      let offset = 0;
      for (const frame of frames) {
        bytes.set(frame, offset);
        offset += frame.length;
      }
    }
    let written = 0;
    while (written < bytes.length) written += await this.#conn.write(bytes.subarray(written));
    this.#backlog -= bytes.length;
  }

  /** Sends an error message, waits briefly for it to leave, and closes. */
  async fail(error: ProtocolError, id?: string): Promise<void> {
    if (this.#closed) return;
    this.send({ type: "error", id, code: error.code, message: error.message });
    await Promise.race([this.flush(), new Promise((r) => setTimeout(r, 200))]);
    this.close({ code: "protocol", message: `${error.code}: ${error.message}` });
  }

  /**
   * Closes the connection (idempotent): nothing more is sent or read. On a
   * local close, frames already queued still leave first (writes wait for the
   * end of the current macrotask, so "send a reply, then close" must not lose
   * the reply), for at most {@link CLOSE_FLUSH_MS}; any other reason closes
   * the socket at once.
   */
  close(reason: CloseReason = { code: "local", message: "closed" }): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reason = reason;
    if (reason.code === "local" && this.#pending.length > 0) {
      const timer = setTimeout(() => this.#closeSocket(), CLOSE_FLUSH_MS);
      this.#writing.finally(() => {
        clearTimeout(timer);
        this.#closeSocket();
      });
    } else {
      this.#closeSocket();
    }
    this.#resolveClosed(reason);
  }

  #closeSocket(): void {
    if (this.#socketClosed) return;
    this.#socketClosed = true;
    try {
      this.#conn.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  }

  /**
   * Yields each valid message until the peer closes. Bad input is reported to
   * the peer, the connection is closed, and iteration ends normally: callers
   * learn why from {@link reason}.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    for await (const batch of this.batches()) {
      for (const message of batch) {
        if (this.#closed) return;
        yield message;
      }
    }
  }

  /**
   * Like iterating the connection, but yields the messages of each read
   * together (in order, never empty): a consumer relaying them can handle a
   * whole read synchronously, so what it sends on leaves in one write, and it
   * pays for one asynchronous step per read instead of one per message.
   * Valid messages before a bad frame are yielded before the error is
   * reported and the connection closed.
   */
  async *batches(): AsyncGenerator<Message[]> {
    const decoder = new FrameDecoder(this.maxFrame);
    const buffer = new Uint8Array(READ_SIZE);
    while (!this.#closed) {
      let bytes: Uint8Array;
      if (this.#initial) {
        bytes = this.#initial;
        this.#initial = undefined;
      } else {
        let count: number | null;
        try {
          count = await this.#conn.read(buffer);
        } catch (error) {
          this.close({ code: this.#closed ? "local" : "io", message: (error as Error).message });
          return;
        }
        if (count === null) {
          if (!this.#halfOpen) this.close({ code: "eof", message: "peer closed the connection" });
          return;
        }
        bytes = buffer.subarray(0, count);
      }
      let bodies: Uint8Array[];
      try {
        bodies = decoder.push(bytes);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        await this.fail(error);
        return;
      }
      const now = performance.now();
      if (bodies.length) this.#lastMessageAt = now;
      this.#partialSince = decoder.pending === 0
        ? undefined
        : bodies.length
        ? now
        : this.#partialSince ?? now;
      const messages: Message[] = [];
      let failure: ProtocolError | undefined;
      for (const body of bodies) {
        try {
          messages.push(decodeMessage(body));
        } catch (error) {
          if (!(error instanceof ProtocolError)) throw error;
          failure = error;
          break;
        }
      }
      if (messages.length && !this.#closed) yield messages;
      if (failure) {
        await this.fail(failure);
        return;
      }
    }
  }
}

/**
 * Runs the TLS client handshake over an open TCP connection, verifying the
 * peer's certificate for `host`, within `timeoutMs` when set. A failure says
 * what probably went wrong (a plain port, an untrusted certificate).
 */
async function handshake(
  conn: Deno.TcpConn,
  host: string,
  tls: ClientTls,
  timeoutMs: number | undefined,
): Promise<Deno.TlsConn> {
  const secured = await Deno.startTls(conn, { hostname: host, caCerts: tls.caCerts });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => secured.close(), timeoutMs);
  try {
    await secured.handshake();
    return secured;
  } catch (error) {
    try {
      secured.close();
    } catch (closing) {
      if (!(closing instanceof Deno.errors.BadResource)) throw closing;
    }
    throw new Error(
      `TLS handshake with ${host}:${(conn.remoteAddr as Deno.NetAddr).port} failed ` +
        `(${(error as Error).message}); is that port serving TLS, and is its certificate trusted (--ca)?`,
    );
  } finally {
    clearTimeout(timer);
  }
}
