/**
 * Client library for an ailb balancer: connect, ask (an async iterator of text
 * chunks plus final stats), status, close. Many asks may share one connection.
 *
 * ```ts
 * const client = await AilbClient.connect({ host: "127.0.0.1", port: 1234 });
 * const answer = client.ask("Once upon a time", { maxTokens: 40 });
 * for await (const text of answer) console.log(text);
 * console.log((await answer.result).stats);
 * client.close();
 * ```
 *
 * @module
 */
import type { ClientTls } from "./tls.ts";
import { Connection } from "./connection.ts";
import { type GenerationParams, toWireParams } from "./params.ts";
import { type DoneStats, type Message, PROTOCOL_VERSION } from "./protocol.ts";
import type { BalancerStatus } from "./balancer/status.ts";

/** Options of {@link AilbClient.connect}. */
export interface ConnectOptions {
  host?: string;
  port?: number;
  token?: string;
  maxFrame?: number;
  /** Connect with TLS (extra trusted roots in `caCerts`); undefined = plain TCP. */
  tls?: ClientTls;
  /** Give up connecting after this long. */
  timeoutMs?: number;
}

/** Options of one {@link AilbClient.ask}: any generation parameters (unset ones take the balancer's defaults). */
export interface AskOptions extends Partial<GenerationParams> {
  /** false bypasses the balancer's cache. */
  cache?: boolean;
  /** Only servers announcing this model may answer (default: any). */
  model?: string;
  signal?: AbortSignal;
}

/** The outcome of an ask. */
export interface AskResult {
  text: string;
  stats: DoneStats;
}

/** An error reported by the balancer (`code` is stable) or by the connection. */
export class AilbError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "AilbError";
  }
}

/** A streaming answer: iterate for text chunks, await `result` for the whole. */
export class AskStream implements AsyncIterable<string> {
  readonly #stream: ReadableStream<string>;
  /** Resolves with the full text and stats, or rejects with {@link AilbError}. */
  readonly result: Promise<AskResult>;

  constructor(stream: ReadableStream<string>, result: Promise<AskResult>) {
    this.#stream = stream;
    this.result = result;
    // Callers that only iterate still see the error through the iterator; avoid an unhandled rejection.
    result.catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return (this.#stream as unknown as AsyncIterable<string>)[Symbol.asyncIterator]();
  }
}

interface Pending {
  chunks: ReadableStreamDefaultController<string>;
  text: string;
  resolve: (result: AskResult) => void;
  reject: (error: AilbError) => void;
}

/** A connection to a balancer in the client role. */
export class AilbClient {
  readonly #connection: Connection;
  readonly #asks = new Map<string, Pending>();
  readonly #statuses = new Map<string, { resolve: (s: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  private constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Connects and completes the hello/welcome exchange. */
  static async connect(options: ConnectOptions = {}): Promise<AilbClient> {
    const host = options.host ?? "127.0.0.1";
    const port = options.port ?? 1234;
    const where = `${host}:${port}`;
    let connection: Connection;
    try {
      connection = await Connection.connect(host, port, {
        maxFrame: options.maxFrame,
        timeoutMs: options.timeoutMs ?? 5000,
        tls: options.tls,
      });
    } catch (error) {
      throw new AilbError(
        "unreachable",
        `cannot reach the balancer at ${where}: ${(error as Error).message}`,
      );
    }
    connection.send({ type: "hello", v: PROTOCOL_VERSION, role: "client", token: options.token });
    const messages = connection[Symbol.asyncIterator]();
    const first = await messages.next();
    if (first.done || first.value.type !== "welcome") {
      connection.close();
      if (!first.done && first.value.type === "error") {
        throw new AilbError(first.value.code, first.value.message);
      }
      // A TLS port answers a plain hello by closing the connection.
      const hint = first.done && !options.tls ? " (if it serves TLS, connect with --tls)" : "";
      throw new AilbError(
        "unreachable",
        `the balancer at ${where} ${
          first.done ? "closed the connection before welcoming us" : "did not welcome us"
        }${hint}`,
      );
    }
    const client = new AilbClient(connection);
    client.#read(messages);
    // The balancer closes connections idle longer than its --idle-timeout; heartbeat_ms says how often to speak.
    if (first.value.heartbeat_ms > 0) {
      let seq = 0;
      const timer = setInterval(
        () => connection.send({ type: "heartbeat", seq: ++seq }),
        Math.max(50, first.value.heartbeat_ms),
      );
      Deno.unrefTimer(timer); // an idle client must not keep its program running
      connection.closed.then(() => clearInterval(timer));
    }
    return client;
  }

  /** Sends a prompt; the returned stream yields the continuation as it arrives. */
  ask(prompt: string, options: AskOptions = {}): AskStream {
    const id = `c${(++this.#nextId).toString(36)}`;
    let chunks!: ReadableStreamDefaultController<string>;
    const stream = new ReadableStream<string>({ start: (c) => void (chunks = c) });
    const result = new Promise<AskResult>((resolve, reject) => {
      this.#asks.set(id, { chunks, text: "", resolve, reject });
    });
    const params = toWireParams(options);
    if (options.signal?.aborted) {
      this.#settle(id, new AilbError("cancelled", "cancelled before sending"));
    } else if (
      !this.#connection.send({
        type: "generate",
        id,
        prompt,
        params,
        cache: options.cache,
        model: options.model,
      })
    ) {
      this.#settle(id, new AilbError("connection_lost", "the connection to the balancer is closed"));
    } else {
      options.signal?.addEventListener("abort", () => {
        if (this.#asks.has(id)) this.#connection.send({ type: "cancel", id });
      }, { once: true });
    }
    return new AskStream(stream, result);
  }

  /** Asks the balancer for its state (the JSON of `ailb status --json`). */
  status(): Promise<BalancerStatus> {
    return this.#call((id) => ({ type: "status", id })) as Promise<BalancerStatus>;
  }

  /**
   * Stops the balancer sending new work to `server` (its id `host:port` or
   * name); requests in flight there finish. `undo` makes it routable again.
   * Resolves with the server's id and state.
   */
  drain(server: string, undo = false): Promise<{ server: string; state: string }> {
    return this.#call((id) => ({ type: "drain", id, server, ...(undo ? { undo } : {}) })) as Promise<
      { server: string; state: string }
    >;
  }

  /** Sends a request answered by one message with the same id. */
  #call(message: (id: string) => Message): Promise<unknown> {
    const id = `s${(++this.#nextId).toString(36)}`;
    return new Promise((resolve, reject) => {
      this.#statuses.set(id, { resolve, reject });
      if (!this.#connection.send(message(id))) {
        this.#statuses.delete(id);
        reject(new AilbError("connection_lost", "the connection to the balancer is closed"));
      }
    });
  }

  /** Closes the connection; unfinished asks fail with `connection_lost`. */
  close(): void {
    this.#connection.close();
  }

  #settle(id: string, outcome: AilbError | DoneStats): void {
    const pending = this.#asks.get(id);
    if (!pending) return;
    this.#asks.delete(id);
    if (outcome instanceof AilbError) {
      pending.chunks.error(outcome);
      pending.reject(outcome);
    } else {
      pending.chunks.close();
      pending.resolve({ text: pending.text, stats: outcome });
    }
  }

  async #read(messages: AsyncIterator<Message>): Promise<void> {
    for (let next = await messages.next(); !next.done; next = await messages.next()) {
      const message = next.value;
      if (message.type === "chunk") {
        const pending = this.#asks.get(message.id);
        if (!pending) continue;
        pending.text += message.text;
        pending.chunks.enqueue(message.text);
      } else if (message.type === "done") {
        this.#settle(message.id, message.stats);
      } else if (message.type === "error") {
        const error = new AilbError(message.code, message.message);
        if (message.id && this.#asks.has(message.id)) this.#settle(message.id, error);
        else if (message.id && this.#statuses.has(message.id)) {
          this.#statuses.get(message.id)!.reject(error);
          this.#statuses.delete(message.id);
        }
      } else if (message.type === "status_result") {
        this.#statuses.get(message.id)?.resolve(message.status);
        this.#statuses.delete(message.id);
      } else if (message.type === "drain_result" && message.id) {
        this.#statuses.get(message.id)?.resolve({ server: message.server, state: message.state });
        this.#statuses.delete(message.id);
      } else if (message.type === "heartbeat") {
        this.#connection.send({ type: "heartbeat_ack", seq: message.seq });
      }
    }
    const reason = this.#connection.reason;
    const why = reason?.code === "local"
      ? "connection closed"
      : `connection to the balancer lost (${reason?.message})`;
    for (const id of [...this.#asks.keys()]) this.#settle(id, new AilbError("connection_lost", why));
    for (const { reject } of this.#statuses.values()) reject(new AilbError("connection_lost", why));
    this.#statuses.clear();
  }
}
