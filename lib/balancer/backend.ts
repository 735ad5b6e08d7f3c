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
import type { ClientTls } from "../tls.ts";
import { Connection } from "../connection.ts";
import { Heartbeat } from "../heartbeat.ts";
import type { Logger } from "../log.ts";
import {
  clip,
  ERROR_CODES,
  type ErrorCode,
  type Load,
  type Message,
  type MessageOf,
  PROTOCOL_VERSION,
} from "../protocol.ts";
import { type Backend, BackendBase, type BackendEvent, type BackendRequest } from "./backend_interface.ts";
import { RequestEvents } from "./request_events.ts";
import { wantedModel } from "./types.ts";
import type { ServerRecord } from "./cluster.ts";

export type { Backend, BackendEvent } from "./backend_interface.ts";

/** Settings the balancer applies to every backend. */
export interface BackendSettings {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  maxFrame: number;
  /** Told of every heartbeat interval that passed without hearing from the server. */
  onHeartbeatMiss?: (backend: Backend, count: number) => void;
  token?: string;
  /** Trust for servers whose port speaks TLS (hello `tls: true`): extra roots from `balance --ca`. */
  serverTls?: ClientTls;
  /** This replica's name (recorded as the replica a server registered through). */
  replica?: string;
  log: Logger;
}

const HANDSHAKE_TIMEOUT_MS = 5000;

/** Largest weight a server may announce (`serve --weight`). */
export const MAX_WEIGHT = 1000;

/** A registered `ailb serve` process, speaking the framed protocol. */
export class NativeBackend extends BackendBase {
  readonly kind = "native";
  readonly id: string;
  readonly address: string;
  readonly name: string;
  readonly model: string;
  /** Every model name this server answers to (its hello's `models`, else `[model]`). */
  readonly models: readonly string[];
  /** Takes chat messages natively: requests that came in as chat carry them. */
  readonly chat: boolean;
  readonly engine: string;
  /** Capacity the server announced (`serve --weight`); strategies scale its share by it. */
  readonly weight: number;
  /** Generations the server runs at once, as announced. */
  readonly concurrency: number;
  readonly registeredAt = Date.now();
  load: Load = { in_flight: 0, queued: 0, tokens_per_s: 0 };
  lastHeartbeatAt = Date.now();
  readonly #requests = new Map<string, RequestEvents>();
  readonly #heartbeat: Heartbeat;
  /** Replica the server registered through (this one unless adopted). */
  readonly via: string;

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
    super();
    this.address = `${host}:${port}`;
    this.id = this.address;
    this.name = hello.name ?? this.address;
    this.model = hello.model ?? hello.models?.[0] ?? "unknown";
    this.models = hello.models?.length ? [...new Set(hello.models)] : [this.model];
    this.chat = hello.chat === true;
    this.engine = hello.engine ?? "unknown";
    this.via = via ?? settings.replica ?? "local";
    this.weight = hello.weight ?? 1;
    this.concurrency = Number.isInteger(hello.concurrency) && hello.concurrency! >= 1
      ? hello.concurrency!
      : 1;
    this.#heartbeat = new Heartbeat(control ?? data, {
      intervalMs: settings.heartbeatMs,
      // Adopted: the server only answers ours on the data connection, so ask twice per interval.
      sendIntervalMs: control ? undefined : settings.heartbeatMs / 2,
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
  static open(
    hello: MessageOf<"hello">,
    control: Connection,
    settings: BackendSettings,
  ): Promise<NativeBackend> {
    const { host } = NativeBackend.addressOf(hello, control);
    return NativeBackend.#connect(hello, host, control, settings, undefined);
  }

  /** Opens this replica's own data connection to a server registered through another replica. */
  static adopt(record: ServerRecord, settings: BackendSettings): Promise<NativeBackend> {
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
    return NativeBackend.#connect(hello, host, undefined, settings, record.via);
  }

  static async #connect(
    hello: MessageOf<"hello">,
    host: string,
    control: Connection | undefined,
    settings: BackendSettings,
    via: string | undefined,
  ): Promise<NativeBackend> {
    const port = hello.port!;
    const data = await Connection.connect(host, port, {
      maxFrame: settings.maxFrame,
      timeoutMs: HANDSHAKE_TIMEOUT_MS,
      tls: hello.tls === true ? settings.serverTls ?? {} : undefined,
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
        ? `${clip(first.value.code, 40)}: ${clip(first.value.message, 300)}`
        : `unexpected "${first.value.type}"`;
      data.close();
      throw new Error(`server at ${host}:${port} refused the data connection (${why})`);
    }
    const backend = new NativeBackend(hello, host, port, control, data, settings, via);
    for (const message of first.rest) backend.#onData(message);
    backend.#readData(batches).catch((error) => {
      // A bug here must cost this server its registration, never the balancer its process.
      settings.log.error(`Reading from server ${backend.name} failed: ${(error as Error).stack ?? error}`);
      backend.markDown({ kind: "connection", detail: `data connection failed: ${(error as Error).message}` });
    });
    backend.#heartbeat.start();
    // The server closes connections silent for its idle timeout; its welcome says how often to speak.
    // (Without a control connection, the heartbeat above already runs on the data connection.)
    if (control && first.value.heartbeat_ms > 0) {
      let seq = 0;
      const timer = setInterval(() => {
        if (data.isClosed) clearInterval(timer);
        else data.send({ type: "heartbeat", seq: ++seq });
      }, Math.max(50, first.value.heartbeat_ms));
      data.closed.then(() => clearInterval(timer));
    }
    return backend;
  }

  /** Where a server's hello says it listens: its announced host (else where it connected from) and port. */
  static addressOf(
    hello: MessageOf<"hello">,
    control: Connection,
  ): { host: string; port: number; id: string } {
    const host = hello.host ?? control.remote.slice(0, control.remote.lastIndexOf(":"));
    const port = hello.port!;
    return { host, port, id: `${host}:${port}` };
  }

  /** Requests the balancer has sent here and not yet seen end. */
  get inFlight(): number {
    return this.#requests.size;
  }

  /** Milliseconds since this server was last heard from on its control connection. */
  get silentMs(): number {
    return Math.round(this.#heartbeat.silentMs);
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
   * Feeds one message read from the control connection. Heartbeats update
   * the load figures; anything else on that connection is unexpected.
   */
  handleControl(message: MessageOf<"heartbeat" | "heartbeat_ack"> | { type: string }): void {
    this.#heartbeat.seen(message as MessageOf<"heartbeat">);
    this.lastHeartbeatAt = Date.now();
    if (message.type === "drain") {
      // The server is shutting down: no new work, let what it has finish, and confirm.
      this.setState("draining", "the server is shutting down");
      this.control?.send({ type: "drain_result", server: this.id, state: this.state });
    } else if (
      (message.type === "heartbeat" || message.type === "heartbeat_ack") && "load" in message && message.load
    ) {
      if (isLoad(message.load)) {
        this.load = message.load;
        this.#followHealth(message.load.unhealthy);
      }
    } else if (message.type !== "heartbeat" && message.type !== "heartbeat_ack") {
      this.settings.log.warn(`Server ${this.name} sent "${message.type}" on its control connection; ignored`);
    }
  }

  /**
   * A server that reports itself unhealthy (its engine cannot serve, e.g. its
   * upstream stopped answering) leaves rotation until it reports otherwise.
   * Only `up` and `unhealthy` move: draining and ejection have their own exits.
   */
  #followHealth(problem: string | undefined): void {
    problem = problem?.slice(0, 500); // a reason for people, not a channel for a misbehaving server
    if (problem && (this.state === "up" || this.state === "unhealthy")) {
      if (this.state === "up") this.settings.log.warn(`Server ${this.name} is unhealthy: ${problem}`);
      this.setState("unhealthy", problem);
    } else if (!problem && this.state === "unhealthy") {
      this.settings.log.info(`Server ${this.name} is healthy again`);
      this.setState("up", "the server reports it can serve again");
    }
  }

  /**
   * Sends a request; its events arrive on the returned queue (chunks, then one terminal event). Chat
   * messages go only to a server that takes them (others continue the flattened prompt).
   */
  start(id: string, request: BackendRequest): RequestEvents {
    const events = new RequestEvents();
    if (this.state === "down") {
      events.push({ type: "lost", message: `server ${this.name} is down` });
      return events;
    }
    this.#requests.set(id, events);
    try {
      const { prompt, params, model, messages } = request;
      this.data.send({
        type: "generate",
        id,
        prompt,
        params,
        ...(wantedModel({ model }) === undefined ? {} : { model }),
        ...(messages && this.chat ? { messages } : {}),
      });
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
      if (message.type === "heartbeat_ack" && isLoad(message.load)) {
        this.load = message.load;
        this.#followHealth(message.load.unhealthy);
      }
    }
    if (message.type === "heartbeat" || message.type === "heartbeat_ack") return;
    const id = "id" in message ? message.id : undefined;
    const events = id === undefined ? undefined : this.#requests.get(id);
    if (!events) {
      if (message.type === "error" && id === undefined) {
        this.settings.log.warn(
          `Server ${this.name} reported ${clip(message.code, 40)}: ${clip(message.message, 300)}`,
        );
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
      // A server's words reach clients and logs: a known code, and text of reasonable length.
      const code: ErrorCode = ERROR_CODES.has(message.code) ? message.code : "backend_error";
      this.#finish(id!, { type: "error", code, message: clip(message.message, 500) });
    }
  }

  /** Stops heartbeats, closes the connections and ends every open request with `lost`. */
  protected shutDown(reason: string): void {
    this.#heartbeat.stop();
    this.control?.close({ code: "local", message: reason });
    this.data.close({ code: "local", message: reason });
    for (const id of [...this.#requests.keys()]) {
      this.#finish(id, { type: "lost", message: `server ${this.name} was lost: ${reason}` });
    }
  }

  #finish(id: string, event: BackendEvent): void {
    const events = this.#requests.get(id);
    if (!events) return;
    this.#requests.delete(id);
    events.push(event);
    this.requestEnded();
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

/** Strategies compute with a server's load figures: only well-formed ones replace the last good report. */
function isLoad(value: unknown): value is Load {
  const load = value as Partial<Record<keyof Load, unknown>> | null;
  const ok = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  return typeof load === "object" && load !== null && ok(load.in_flight) && ok(load.queued) &&
    ok(load.tokens_per_s) && (load.requests === undefined || ok(load.requests)) &&
    (load.unhealthy === undefined || typeof load.unhealthy === "string");
}
