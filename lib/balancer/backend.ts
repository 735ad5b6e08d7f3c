/**
 * One registered LLM server as the balancer sees it: the control connection
 * the server registered on (heartbeats both ways) and one persistent,
 * multiplexed data connection the balancer opened to the server's own port.
 *
 * A server registered through another replica of a cluster is *adopted*: this
 * replica has no control connection to it, only its own data connection, and
 * watches that with its own heartbeats (the server answers them with its load),
 * so every replica sees a server's death within the heartbeat timeout.
 *
 * @module
 */
import { Connection } from "../connection.ts";
import { Heartbeat } from "../heartbeat.ts";
import type { Logger } from "../log.ts";
import {
  type DoneStats,
  type ErrorCode,
  type Load,
  type Message,
  type MessageOf,
  PROTOCOL_VERSION,
  type WireParams,
} from "../protocol.ts";
import type { BackendView } from "../strategies/index.ts";
import { RequestEvents } from "./request_events.ts";
import type { ServerRecord } from "./cluster.ts";
import { describeCause, type DownCause, type ServerState, type ServerStatus } from "./status.ts";

/** What a backend stream can carry back for one request. */
export type BackendEvent =
  | { type: "chunk"; text: string; tokens: number }
  | { type: "done"; stats: DoneStats }
  | { type: "error"; code: ErrorCode; message: string }
  /** the backend went away; `message` says why */
  | { type: "lost"; message: string };

/** Settings the balancer applies to every backend. */
export interface BackendSettings {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  maxFrame: number;
  /** Told of every heartbeat interval that passed without hearing from the server. */
  onHeartbeatMiss?: (backend: Backend, count: number) => void;
  token?: string;
  /** This replica's name (recorded as the replica a server registered through). */
  replica?: string;
  log: Logger;
}

const HANDSHAKE_TIMEOUT_MS = 5000;

/** Largest weight a server may announce (`serve --weight`). */
export const MAX_WEIGHT = 1000;

/** A registered server. */
export class Backend implements BackendView {
  readonly id: string;
  readonly address: string;
  readonly name: string;
  readonly model: string;
  readonly engine: string;
  /** Capacity the server announced (`serve --weight`); strategies scale its share by it. */
  readonly weight: number;
  /** Generations the server runs at once, as announced. */
  readonly concurrency: number;
  readonly registeredAt = Date.now();
  #state: ServerState = "up";
  /** When {@link state} last changed (ms since the epoch). */
  #since = Date.now();
  #cause: DownCause | undefined;
  #reason: string | undefined;
  /** While ejected: when the probe that may re-admit it is due (ms since the epoch). */
  ejectedUntil: number | undefined;
  /** Requests that failed here in a row; a success resets it (drives ejection, see `health.ts`). */
  consecutiveFailures = 0;
  /** Recent ejections; each makes the next back-off longer (see `health.ts`). */
  ejections = 0;
  load: Load = { in_flight: 0, queued: 0, tokens_per_s: 0 };
  served = 0;
  failed = 0;
  lastHeartbeatAt = Date.now();
  readonly #requests = new Map<string, RequestEvents>();
  readonly #heartbeat: Heartbeat;
  readonly #downListeners: ((backend: Backend, cause: DownCause) => void)[] = [];
  /** Replica the server registered through (this one unless adopted). */
  readonly via: string;
  #retiring = false;
  readonly #stateListeners: ((backend: Backend, previous: ServerState) => void)[] = [];

  private constructor(
    hello: MessageOf<"hello">,
    readonly host: string,
    readonly port: number,
    /** Undefined for a server adopted from another replica. */
    readonly control: Connection | undefined,
    readonly data: Connection,
    readonly settings: BackendSettings,
    via: string | undefined,
  ) {
    this.address = `${host}:${port}`;
    this.id = this.address;
    this.name = hello.name ?? this.address;
    this.model = hello.model ?? "unknown";
    this.engine = hello.engine ?? "unknown";
    this.via = via ?? settings.replica ?? "local";
    this.weight = hello.weight ?? 1;
    this.concurrency = Number.isInteger(hello.concurrency) && hello.concurrency! >= 1
      ? hello.concurrency!
      : 1;
    this.#heartbeat = new Heartbeat(control ?? data, {
      intervalMs: settings.heartbeatMs,
      timeoutMs: settings.heartbeatTimeoutMs,
      onDead: (silentMs, missed) =>
        this.markDown({ kind: "heartbeat", missed, silent_ms: Math.round(silentMs) }),
      onMiss: (count) => settings.onHeartbeatMiss?.(this, count),
    });
  }

  /**
   * Completes a registration: connects back to the server's port, says hello
   * as the balancer, waits for its welcome, then starts heartbeats and the
   * readers of both connections.
   */
  static open(hello: MessageOf<"hello">, control: Connection, settings: BackendSettings): Promise<Backend> {
    const host = hello.host ?? control.remote.slice(0, control.remote.lastIndexOf(":"));
    return Backend.#connect(hello, host, control, settings, undefined);
  }

  /** Opens this replica's own data connection to a server registered through another replica. */
  static adopt(record: ServerRecord, settings: BackendSettings): Promise<Backend> {
    const { host, port, name, model, engine, weight, concurrency } = record;
    const hello: MessageOf<"hello"> = {
      weight,
      concurrency,
      type: "hello",
      v: PROTOCOL_VERSION,
      role: "server",
      host,
      port,
      name,
      model,
      engine,
    };
    return Backend.#connect(hello, host, undefined, settings, record.via);
  }

  static async #connect(
    hello: MessageOf<"hello">,
    host: string,
    control: Connection | undefined,
    settings: BackendSettings,
    via: string | undefined,
  ): Promise<Backend> {
    const port = hello.port!;
    const data = await Connection.connect(host, port, {
      maxFrame: settings.maxFrame,
      timeoutMs: HANDSHAKE_TIMEOUT_MS,
    });
    data.send({ type: "hello", v: PROTOCOL_VERSION, role: "balancer", token: settings.token });
    const batches = data.batches();
    const timeout = setTimeout(
      () => data.close({ code: "local", message: "no welcome from server within 5 s" }),
      HANDSHAKE_TIMEOUT_MS,
    );
    const firstBatch = await batches.next().finally(() => clearTimeout(timeout));
    const first = firstBatch.done
      ? { done: true as const }
      : { done: false as const, value: firstBatch.value[0], rest: firstBatch.value.slice(1) };
    if (first.done || first.value.type !== "welcome") {
      const why = first.done
        ? data.reason?.message ?? "connection closed"
        : first.value.type === "error"
        ? `${first.value.code}: ${first.value.message}`
        : `unexpected "${first.value.type}"`;
      data.close();
      throw new Error(`server at ${host}:${port} refused the data connection (${why})`);
    }
    const backend = new Backend(hello, host, port, control, data, settings, via);
    for (const message of first.rest) backend.#onData(message);
    backend.#readData(batches);
    backend.#heartbeat.start();
    // The server closes connections silent for its idle timeout; its welcome says how often to speak.
    if (first.value.heartbeat_ms > 0) {
      let seq = 0;
      const timer = setInterval(() => {
        if (data.isClosed) clearInterval(timer);
        else data.send({ type: "heartbeat", seq: ++seq });
      }, Math.max(50, first.value.heartbeat_ms));
      data.closed.then(() => clearInterval(timer));
    }
    return backend;
  }

  /** Requests the balancer has sent here and not yet seen end. */
  get inFlight(): number {
    return this.#requests.size;
  }

  /** Milliseconds since this server was last heard from on its control connection. */
  get silentMs(): number {
    return Math.round(this.#heartbeat.silentMs);
  }

  /** Whether it takes requests (`up`), is gone (`down`), or is kept out of rotation. */
  get state(): ServerState {
    return this.#state;
  }

  /** When it entered its current state (ms since the epoch). */
  get since(): number {
    return this.#since;
  }

  /** Why it went down, while down. */
  get cause(): DownCause | undefined {
    return this.#cause;
  }

  /** Why it is in its state (undefined while up after registration). */
  get reason(): string | undefined {
    return this.#reason;
  }

  /**
   * Moves to another live state (`down` only through {@link markDown}, which
   * also closes the connections). The same state again only updates the reason.
   */
  setState(state: Exclude<ServerState, "down">, reason?: string): void {
    const previous = this.#state;
    if (previous === "down") return;
    this.#reason = reason;
    if (state !== "ejected") this.ejectedUntil = undefined;
    if (previous === state) return;
    this.#state = state;
    this.#since = Date.now();
    for (const listener of this.#stateListeners) listener(this, previous);
  }

  /** Registers a callback for changes between live states (`down` is reported by {@link onDown}). */
  onStateChange(listener: (backend: Backend, previous: ServerState) => void): void {
    this.#stateListeners.push(listener);
  }

  /** This backend's row in `ailb status --json`. */
  describe(): ServerStatus {
    const down = this.#state === "down";
    return {
      id: this.id,
      name: this.name,
      model: this.model,
      engine: this.engine,
      state: this.#state,
      since: new Date(this.#since).toISOString(),
      reason: this.#reason ?? null,
      cause: this.#cause ?? null,
      last_heartbeat: new Date(this.lastHeartbeatAt).toISOString(),
      silent_ms: down ? Math.max(0, this.#since - this.lastHeartbeatAt) : this.silentMs,
      in_flight: this.inFlight,
      // A gone server's last reported queue is no longer true.
      queued: down ? 0 : this.load.queued,
      served: this.served,
      failed: this.failed,
      tokens_per_s: down ? 0 : Math.round(this.load.tokens_per_s * 10) / 10,
      server_requests: this.load.requests ?? null,
      weight: this.weight,
      via: this.via,
      adopted: this.adopted,
      ejected_until: this.#state === "ejected" && this.ejectedUntil
        ? new Date(this.ejectedUntil).toISOString()
        : null,
      consecutive_failures: this.consecutiveFailures,
    };
  }

  /** True for a server registered through another replica (no control connection here). */
  get adopted(): boolean {
    return this.control === undefined;
  }

  /** This server as shared with other replicas. */
  record(): ServerRecord {
    const { id, host, port, name, model, engine, via, load, registeredAt, weight, concurrency } = this;
    const draining = this.state === "draining";
    return {
      id,
      host,
      port,
      name,
      model,
      engine,
      weight,
      concurrency,
      via,
      load,
      registered_at: registeredAt,
      draining,
    };
  }

  /**
   * Takes no new requests but lets the ones running here finish, then closes: the server registered again
   * through this replica and a new backend took this adopted one's place, so replacing it costs no request.
   */
  retire(): void {
    this.#retiring = true;
    if (this.inFlight === 0) this.markDown({ kind: "replaced" });
    else this.setState("draining", "replaced by the server's registration here");
  }

  /** Registers a callback for when this backend goes down. */
  onDown(listener: (backend: Backend, cause: DownCause) => void): void {
    this.#downListeners.push(listener);
  }

  /**
   * Feeds one message read from the control connection. Heartbeats update
   * the load figures; anything else on that connection is unexpected.
   */
  handleControl(message: MessageOf<"heartbeat" | "heartbeat_ack"> | { type: string }): void {
    this.#heartbeat.seen(message as MessageOf<"heartbeat">);
    this.lastHeartbeatAt = Date.now();
    if (message.type === "drain") {
      // The server is shutting down: no new work, let what it has finish, and confirm.
      this.setState("draining", "the server is shutting down");
      this.control?.send({ type: "drain_result", server: this.id, state: this.#state });
    } else if (
      (message.type === "heartbeat" || message.type === "heartbeat_ack") && "load" in message && message.load
    ) {
      this.load = message.load;
    } else if (message.type !== "heartbeat" && message.type !== "heartbeat_ack") {
      this.settings.log.warn(`Server ${this.name} sent "${message.type}" on its control connection; ignored`);
    }
  }

  /** Sends a request; its events arrive on the returned queue (chunks, then one terminal event). */
  start(id: string, prompt: string, params: WireParams): RequestEvents {
    const events = new RequestEvents();
    if (this.#state === "down") {
      events.push({ type: "lost", message: `server ${this.name} is down` });
      return events;
    }
    this.#requests.set(id, events);
    try {
      this.data.send({ type: "generate", id, prompt, params });
    } catch (error) {
      this.#finish(id, { type: "error", code: "internal", message: (error as Error).message });
    }
    return events;
  }

  /** Cancels a request: tells the server and ends its stream at once. */
  cancel(id: string): void {
    if (!this.#requests.has(id)) return;
    this.data.send({ type: "cancel", id });
    this.#finish(id, { type: "error", code: "cancelled", message: "cancelled by the client" });
  }

  #onData(message: Message): void {
    if (!this.control) {
      // Adopted: the data connection carries this replica's heartbeats; any traffic proves the server alive.
      this.#heartbeat.seen(message);
      this.lastHeartbeatAt = Date.now();
      if (message.type === "heartbeat_ack" && message.load) this.load = message.load;
    }
    if (message.type === "heartbeat" || message.type === "heartbeat_ack") return;
    const id = "id" in message ? message.id : undefined;
    const events = id === undefined ? undefined : this.#requests.get(id);
    if (!events) {
      if (message.type === "error" && id === undefined) {
        this.settings.log.warn(`Server ${this.name} reported ${message.code}: ${message.message}`);
      }
      return; // late output of a cancelled request
    }
    if (message.type === "chunk") {
      events.push({ type: "chunk", text: message.text, tokens: message.tokens ?? 1 });
    } else if (message.type === "done") {
      this.served++;
      this.#finish(id!, { type: "done", stats: message.stats });
    } else if (message.type === "error") {
      this.failed++;
      this.#finish(id!, { type: "error", code: message.code, message: message.message });
    }
  }

  /** Takes this backend out of service and ends every open request with `lost`. */
  markDown(cause: DownCause): void {
    if (this.#state === "down") return;
    const reason = describeCause(cause);
    this.#state = "down";
    this.#since = Date.now();
    this.#cause = cause;
    this.#reason = reason;
    this.#heartbeat.stop();
    this.control?.close({ code: "local", message: reason });
    this.data.close({ code: "local", message: reason });
    for (const id of [...this.#requests.keys()]) {
      this.#finish(id, { type: "lost", message: `server ${this.name} was lost: ${reason}` });
    }
    for (const listener of this.#downListeners) listener(this, cause);
  }

  #finish(id: string, event: BackendEvent): void {
    const events = this.#requests.get(id);
    if (!events) return;
    this.#requests.delete(id);
    events.push(event);
    if (this.#retiring && this.#requests.size === 0) {
      queueMicrotask(() => this.markDown({ kind: "replaced" }));
    }
  }

  async #readData(batches: AsyncIterator<Message[]>): Promise<void> {
    // A whole read is handled synchronously: its chunks reach their requests' queues together.
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      for (const message of next.value) this.#onData(message);
    }
    this.markDown({
      kind: "connection",
      detail: `data connection closed (${this.data.reason?.message ?? "unknown reason"})`,
    });
  }
}
