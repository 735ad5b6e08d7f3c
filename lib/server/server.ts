/**
 * The LLM server behind `ailb serve`: accepts the balancer's persistent data
 * connection(s) on its own port and runs requests on an engine, at most
 * `concurrency` at a time; the rest wait in a bounded FIFO queue.
 *
 * @module
 */
import type { Connection } from "../connection.ts";
import type { Engine, GenerationRequest } from "../engines/engine.ts";
import type { Logger } from "../log.ts";
import { toGenerationParams } from "../params.ts";
import { type Load, type Message, type MessageOf, PROTOCOL_VERSION, ProtocolError } from "../protocol.ts";
import { IdleWaiters } from "../idle.ts";
import { RateMeter } from "../rate.ts";
import {
  type AcceptLoop,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  type Peer,
  type PeerOptions,
  servePeers,
} from "../listen.ts";

/** Options of {@link LlmServer}. */
export interface ServerOptions {
  engine: Engine;
  host: string;
  port: number;
  concurrency: number;
  /** Requests allowed to wait for a generation slot; more get `overloaded`. */
  maxQueue: number;
  maxFrame: number;
  token?: string;
  log: Logger;
  /** `--max-connections` (default {@link DEFAULT_MAX_CONNECTIONS}). */
  maxConnections?: number;
  /** `--idle-timeout` in ms, 0 = never (default {@link DEFAULT_IDLE_TIMEOUT_MS}). */
  idleTimeoutMs?: number;
  /** A listener to use instead of binding host:port (e.g. a TLS one). */
  listener?: Deno.Listener;
  /** Sees raw connections first; see {@link PeerOptions.intercept}. */
  intercept?: PeerOptions["intercept"];
}

/** Counters of one server (tests read them to prove a request never reached it). */
export interface ServerCounters {
  requests: number;
  completed: number;
  failed: number;
  cancelled: number;
  rejected: number;
}

/** Accepts balancer connections and generates. */
export class LlmServer {
  readonly counters: ServerCounters = { requests: 0, completed: 0, failed: 0, cancelled: 0, rejected: 0 };
  readonly #tokens = new RateMeter(5);
  #active = 0;
  #queue: { start: () => void; signal: AbortSignal }[] = [];
  #loop: AcceptLoop | undefined;
  readonly #idle = new IdleWaiters();
  /** Open balancer connections (their queued frames are flushed before a drain reports done). */
  readonly #connections = new Set<Connection>();

  constructor(readonly options: ServerOptions) {}

  get log(): Logger {
    return this.options.log;
  }

  /** The load figures sent in heartbeats. */
  load(): Load {
    return {
      in_flight: this.#active,
      queued: this.#queue.length,
      tokens_per_s: Math.round(this.#tokens.rate() * 10) / 10,
      requests: this.counters.requests,
      ...this.#health(),
    };
  }

  #health(): { unhealthy?: string } {
    const problem = this.options.engine.unhealthy?.();
    return problem ? { unhealthy: problem } : {};
  }

  /** Starts listening; returns the bound port (useful with port 0). Throws if the port cannot be bound. */
  listen(): number {
    const listener = this.options.listener ??
      Deno.listen({ hostname: this.options.host, port: this.options.port, transport: "tcp" });
    this.#loop = servePeers(listener, {
      log: this.log,
      roles: ["balancer"],
      maxFrame: this.options.maxFrame,
      maxConnections: this.options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      idleTimeoutMs: this.#idleTimeoutMs,
      token: this.options.token,
      intercept: this.options.intercept,
      onPeer: (peer) => this.#serveBalancer(peer),
    });
    return this.#loop.addr.port;
  }

  get #idleTimeoutMs(): number {
    return this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  /** Requests generating or queued right now. */
  get busy(): number {
    return this.#active + this.#queue.length;
  }

  /**
   * Waits until no request is generating or queued, or `timeoutMs` passed;
   * resolves with how many are still busy. New requests are still served
   * meanwhile (ones the balancer sent before it learned we are draining).
   */
  async drain(timeoutMs: number): Promise<number> {
    if (this.busy === 0) return await this.#flushed(0);
    await this.#idle.wait(timeoutMs);
    return await this.#flushed(this.busy);
  }

  /** Waits until the frames queued on every connection were handed to the OS (writes leave in batches). */
  async #flushed<T>(value: T): Promise<T> {
    await Promise.all([...this.#connections].map((connection) => connection.flush()));
    return value;
  }

  /** Stops listening and drops connections. */
  close(): void {
    this.#loop?.close();
  }

  async #serveBalancer(peer: Peer): Promise<void> {
    const { connection, messages } = peer;
    this.#connections.add(connection);
    connection.closed.then(() => this.#connections.delete(connection));
    // The balancer heartbeats its data connection at this interval, so an idle cluster stays connected.
    const idle = this.#idleTimeoutMs;
    connection.send({
      type: "welcome",
      v: PROTOCOL_VERSION,
      id: connection.remote,
      heartbeat_ms: idle > 0 ? Math.max(1, Math.floor(idle / 3)) : 0,
    });
    this.log.info(`Balancer connected from ${connection.remote}`);
    const running = new Map<string, AbortController>();
    peer.busyWhile(() => running.size > 0);
    for (let next = await messages.next(); !next.done; next = await messages.next()) {
      const message: Message = next.value;
      if (message.type === "generate") {
        if (running.has(message.id)) {
          connection.send({ type: "error", id: message.id, code: "bad_message", message: "duplicate id" });
          continue;
        }
        const controller = new AbortController();
        running.set(message.id, controller);
        this.#generate(connection, message, controller.signal)
          .catch((error) => this.log.error(`Request ${message.id} broke: ${(error as Error).stack}`))
          .finally(() => running.delete(message.id));
      } else if (message.type === "cancel") {
        running.get(message.id)?.abort();
      } else if (message.type === "heartbeat") {
        connection.send({ type: "heartbeat_ack", seq: message.seq, load: this.load() });
      } else if (message.type !== "heartbeat_ack") {
        connection.send({ type: "error", code: "unknown_type", message: `unexpected "${message.type}"` });
      }
    }
    this.log.info(`Balancer ${connection.remote} disconnected: ${connection.reason?.message ?? "closed"}`);
    for (const controller of running.values()) controller.abort();
  }

  async #generate(
    connection: Connection,
    message: MessageOf<"generate">,
    signal: AbortSignal,
  ): Promise<void> {
    const { id } = message;
    this.counters.requests++;
    const started = performance.now();
    let tokens = 0;
    let ttft: number | undefined;
    let slot = false;
    try {
      const params = toGenerationParams(message.prompt, message.params);
      await this.#acquireSlot(signal);
      slot = true;
      const queueMs = performance.now() - started;
      this.log.debug(`Generating request ${id}`, { max_tokens: params.maxTokens, active: this.#active });
      const request: GenerationRequest = { prompt: message.prompt, params };
      if (message.messages) request.messages = message.messages;
      if (message.model) request.model = message.model;
      const chunks = this.options.engine.generate(request, signal);
      let next = await chunks.next();
      for (; !next.done && !signal.aborted; next = await chunks.next()) {
        const chunk = next.value;
        ttft ??= performance.now() - started;
        tokens += chunk.tokens;
        this.#tokens.add(chunk.tokens);
        connection.send({ type: "chunk", id, text: chunk.text, tokens: chunk.tokens });
      }
      signal.throwIfAborted();
      const end = next.done ? next.value : undefined;
      const total = performance.now() - started;
      const round = (ms: number) => Math.round(ms * 10) / 10;
      const completion = end?.completionTokens ?? tokens;
      connection.send({
        type: "done",
        id,
        stats: {
          tokens: completion,
          ttft_ms: round(ttft ?? total),
          total_ms: round(total),
          backend: `${this.options.host}:${this.options.port}`,
          cached: false,
          finish_reason: end?.finishReason ?? "length",
          prompt_tokens: end?.promptTokens,
          completion_tokens: completion,
          model: this.options.engine.model,
          server: { ttft_ms: round(ttft ?? total), total_ms: round(total), queue_ms: round(queueMs) },
        },
      });
      this.counters.completed++;
    } catch (error) {
      if (signal.aborted) {
        this.counters.cancelled++;
        this.log.debug(`Request ${id} cancelled after ${tokens} tokens`);
        return; // the balancer already ended this request on its side
      }
      const code = error instanceof ProtocolError ? error.code : "backend_error";
      if (code === "overloaded") this.counters.rejected++;
      else this.counters.failed++;
      if (!(error instanceof ProtocolError)) {
        this.log.error(`Request ${id} failed: ${(error as Error).stack}`);
      }
      connection.send({ type: "error", id, code, message: (error as Error).message });
    } finally {
      if (slot) this.#releaseSlot();
    }
  }

  #acquireSlot(signal: AbortSignal): Promise<void> {
    if (this.#active < this.options.concurrency) {
      this.#active++;
      return Promise.resolve();
    }
    if (this.#queue.length >= this.options.maxQueue) {
      return Promise.reject(new ProtocolError("overloaded", `server queue is full (${this.#queue.length})`));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        signal,
        start: () => {
          signal.removeEventListener("abort", onAbort);
          this.#active++;
          resolve();
        },
      };
      const onAbort = () => {
        this.#queue = this.#queue.filter((e) => e !== entry);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(entry);
    });
  }

  #releaseSlot(): void {
    this.#active--;
    this.#queue.shift()?.start();
    if (this.busy === 0) this.#idle.wake();
  }
}
