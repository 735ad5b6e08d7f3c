/**
 * A server speaking the original Python tool's plain-text protocol, in the
 * same rotation as native servers. Its registration connection carries only
 * its `HEARTBEAT n` messages (any bytes count as a sign of life); each request
 * opens a new TCP connection to the server's port, sends `<uuid>|<prompt>` and
 * reads `<uuid>|<full text>` back in one piece.
 *
 * Differences from a native server, all forced by the protocol: the answer
 * arrives whole (one chunk), sampling parameters and `max_tokens` cannot be
 * passed on (stop strings are applied here, to the answer), token counts are
 * estimated from words, and a cancelled request only closes its connection
 * (the server finishes generating anyway).
 *
 * @module
 */
import {
  type Backend,
  BackendBase,
  type BackendEvent,
  type BackendRequest,
} from "../balancer/backend_interface.ts";
import { RequestEvents } from "../balancer/request_events.ts";
import type { Logger } from "../log.ts";
import type { Load } from "../protocol.ts";
import {
  byteLength,
  estimateTokens,
  formatRequest,
  LEGACY_HEARTBEAT_MS,
  LEGACY_MAX_PROMPT_BYTES,
  LEGACY_READ_SIZE,
  parseAnswer,
  parseHeartbeats,
  stripPrompt,
} from "./protocol.ts";
import { StopScanner } from "../engines/stop.ts";
import { ChunkReader, closeQuietly, readMessage, writeAll } from "./text_conn.ts";

/** Settings of legacy backends (from `ailb balance` flags). */
export interface LegacySettings {
  /** Silence on the registration connection after which the server is dropped (original: 10 s). */
  heartbeatTimeoutMs: number;
  /** How long a request waits for the server's answer. */
  answerTimeoutMs: number;
  /** This replica's name, when the balancer is one of several. */
  replica?: string;
  /** Largest answer accepted, in bytes. */
  maxAnswerBytes: number;
  /** Legacy clients silent this long with nothing in flight are disconnected (`--idle-timeout`); 0 = never. */
  idleTimeoutMs: number;
  /** Told of every 5 s interval that passed without hearing from the server. */
  onHeartbeatMiss?: (backend: Backend, count: number) => void;
  log: Logger;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One legacy server. */
export class LegacyBackend extends BackendBase {
  readonly kind = "legacy";
  readonly id: string;
  readonly address: string;
  readonly name: string;
  /** The protocol says nothing about the model; the original ran GPT-2. */
  readonly model = "legacy";
  readonly models = ["legacy"];
  /** The old protocol carries one prompt string: chat requests reach it flattened. */
  readonly chat = false;
  readonly engine = "legacy";
  /** The protocol cannot announce a capacity. */
  readonly weight = 1;
  /** The original server generates synchronously: one request at a time. */
  readonly concurrency = 1;
  /** Registered here: other replicas of a cluster cannot adopt a legacy server (see {@link record}). */
  readonly adopted = false;
  readonly via: string;
  lastHeartbeatAt = Date.now();
  /** The last `HEARTBEAT n` number received. */
  lastHeartbeatSeq: number | undefined;
  #lastSeen = performance.now();
  #missed = 0;
  readonly #requests = new Map<
    string,
    { events: RequestEvents; abort: AbortController }
  >();
  readonly #watchdog: ReturnType<typeof setInterval>;

  /**
   * Takes over a registration connection (`REGISTERED` already sent); the
   * server is watched from now on.
   */
  constructor(
    readonly host: string,
    readonly port: number,
    readonly control: ChunkReader,
    readonly settings: LegacySettings,
  ) {
    super();
    this.address = `${host}:${port}`;
    this.id = this.address;
    this.name = this.address;
    this.via = settings.replica ?? "local";
    this.#watchdog = setInterval(() => this.#watch(), Math.min(250, settings.heartbeatTimeoutMs / 4));
    this.#readControl();
  }

  /** Requests sent here and not yet ended (exact). */
  get inFlight(): number {
    return this.#requests.size;
  }

  /** A legacy server reports no load: what the balancer counts is all there is. */
  get load(): Load {
    return { in_flight: this.inFlight, queued: 0, tokens_per_s: 0 };
  }

  get silentMs(): number {
    return Math.round(performance.now() - this.#lastSeen);
  }

  /**
   * Not shared with other replicas: adopting needs the native data connection,
   * and the old protocol has one registration connection, to this replica.
   */
  record(): undefined {
    return undefined;
  }

  start(id: string, { prompt, params }: BackendRequest): RequestEvents {
    const events = new RequestEvents();
    if (this.state === "down") {
      events.push({ type: "lost", message: `server ${this.name} is down` });
      return events;
    }
    const size = byteLength(prompt);
    if (size > LEGACY_MAX_PROMPT_BYTES) {
      events.push({
        type: "error",
        code: "invalid_params",
        message:
          `prompt of ${size} bytes is too long for a legacy server (at most ${LEGACY_MAX_PROMPT_BYTES})`,
      });
      return events;
    }
    const abort = new AbortController();
    this.#requests.set(id, { events, abort });
    this.#exchange(id, prompt, params.stop ?? [], abort.signal)
      .catch((error): BackendEvent => ({
        type: "error",
        code: "internal",
        message: (error as Error).message,
      }))
      .then((event) => {
        if (!this.#requests.has(id)) return; // cancelled or lost meanwhile
        if (event.type === "done") this.served++;
        else if (event.type === "error") this.failed++;
        this.#finish(id, event);
      });
    return events;
  }

  cancel(id: string): void {
    const entry = this.#requests.get(id);
    if (!entry) return;
    entry.abort.abort();
    this.#finish(id, { type: "error", code: "cancelled", message: "cancelled by the client" });
  }

  /** Stops watching, closes the registration connection and ends open requests with `lost`. */
  protected shutDown(reason: string): void {
    clearInterval(this.#watchdog);
    closeQuietly(this.control.conn);
    for (const [id, { abort }] of [...this.#requests]) {
      abort.abort();
      this.#finish(id, { type: "lost", message: `server ${this.name} was lost: ${reason}` });
    }
  }

  /** Counts missed 5 s heartbeat intervals and drops the server after the timeout. */
  #watch(): void {
    const silent = performance.now() - this.#lastSeen;
    const missed = Math.floor(silent / LEGACY_HEARTBEAT_MS);
    if (missed > this.#missed) {
      this.settings.onHeartbeatMiss?.(this, missed - this.#missed);
      this.#missed = missed;
    }
    if (silent >= this.settings.heartbeatTimeoutMs) {
      this.markDown({ kind: "heartbeat", missed, silent_ms: Math.round(silent) });
    }
  }

  /** One request: connect, send `<uuid>|<prompt>`, read `<uuid>|<full text>`. */
  async #exchange(id: string, prompt: string, stop: string[], signal: AbortSignal): Promise<BackendEvent> {
    const started = performance.now();
    let conn: Deno.Conn;
    try {
      conn = await Deno.connect({ hostname: this.host, port: this.port, transport: "tcp" });
    } catch (error) {
      // The server's port refusing connections means it is gone, heartbeats or not; taking it
      // down makes dispatch re-send the request elsewhere instead of picking it again.
      this.markDown({
        kind: "connection",
        detail: `its port refused a connection (${(error as Error).message})`,
      });
      return { type: "lost", message: `server ${this.name} was lost: ${(error as Error).message}` };
    }
    const onAbort = () => closeQuietly(conn);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const requestId = crypto.randomUUID();
      await writeAll(conn, encoder.encode(formatRequest(requestId, prompt)));
      const { bytes, end } = await readMessage(new ChunkReader(conn), {
        timeoutMs: this.settings.answerTimeoutMs,
        maxBytes: this.settings.maxAnswerBytes,
        shortBytes: LEGACY_READ_SIZE,
        signal,
      });
      if (signal.aborted) return { type: "error", code: "cancelled", message: "cancelled by the client" };
      const fail = (message: string): BackendEvent => ({
        type: "error",
        code: "backend_error",
        message: `legacy server ${this.name} ${message}`,
      });
      if (end === "too_large") return fail(`answered with more than ${this.settings.maxAnswerBytes} bytes`);
      if (bytes.length === 0) {
        return end === "timeout"
          ? fail(`did not answer within ${(this.settings.answerTimeoutMs / 1000).toFixed(1)} s`)
          : fail("closed the connection without answering");
      }
      const full = parseAnswer(requestId, decoder.decode(bytes));
      if (full === undefined) return fail(`answered without the request's id (expected "${requestId}|…")`);
      const { text: continuation, stripped } = stripPrompt(prompt, full);
      if (!stripped) {
        this.settings.log.debug(`Legacy server ${this.name}'s answer does not repeat the prompt`);
      }
      const scanner = new StopScanner(stop);
      const cut = scanner.push(continuation, 0);
      const text = cut.stopped ? cut.text : cut.text + scanner.flush().text;
      const tokens = estimateTokens(text);
      const elapsed = Math.round(performance.now() - started);
      const events = this.#requests.get(id)?.events;
      if (text) events?.push({ type: "chunk", text, tokens });
      return {
        type: "done",
        stats: {
          tokens,
          completion_tokens: tokens,
          ttft_ms: elapsed,
          total_ms: elapsed,
          backend: this.name,
          cached: false,
          model: this.model,
          // The server's own length limit is unknown; only a stop string applied here is certain.
          finish_reason: cut.stopped ? "stop" : "length",
        },
      };
    } catch (error) {
      if (signal.aborted) return { type: "error", code: "cancelled", message: "cancelled by the client" };
      return {
        type: "error",
        code: "backend_error",
        message: `legacy server ${this.name}: ${(error as Error).message}`,
      };
    } finally {
      signal.removeEventListener("abort", onAbort);
      closeQuietly(conn);
    }
  }

  async #readControl(): Promise<void> {
    let reason = "registration connection closed";
    try {
      while (this.state === "up") {
        const chunk = await this.control.next();
        if (chunk === null || chunk === "timeout") break;
        this.#lastSeen = performance.now();
        this.lastHeartbeatAt = Date.now();
        this.#missed = 0;
        const text = decoder.decode(chunk);
        const seqs = parseHeartbeats(text);
        if (seqs.length) this.lastHeartbeatSeq = seqs[seqs.length - 1];
        else this.settings.log.warn(`Legacy server ${this.name} sent ${JSON.stringify(text.slice(0, 60))}`);
      }
    } catch (error) {
      reason = `registration connection failed (${(error as Error).message})`;
    }
    this.markDown({ kind: "connection", detail: reason });
  }

  #finish(id: string, event: BackendEvent): void {
    const entry = this.#requests.get(id);
    if (!entry) return;
    this.#requests.delete(id);
    entry.events.push(event);
    this.requestEnded();
  }
}
