/**
 * What the registry, the strategies and dispatch need from a backend, whatever
 * kind it is: a native `ailb serve` process (`backend.ts`), a server speaking
 * the original Python tool's plain-text protocol (`lib/legacy/backend.ts`), …
 * Dispatch only talks to this interface, so a new kind of backend touches
 * nothing on the request path. {@link BackendBase} holds what all kinds share.
 *
 * @module
 */
import type { ChatMessage } from "../params.ts";
import type { DoneStats, ErrorCode, Load, WireParams } from "../protocol.ts";
import type { BackendView } from "../strategies/index.ts";
import type { ServerRecord } from "./cluster.ts";
import type { RequestEvents } from "./request_events.ts";
import {
  type BackendKind,
  describeCause,
  type DownCause,
  type ServerState,
  type ServerStatus,
} from "./status.ts";
import { wantedModel } from "./types.ts";

export type { BackendKind, DownCause };

/** What a backend stream can carry back for one request. */
export type BackendEvent =
  | { type: "chunk"; text: string; tokens: number }
  | { type: "done"; stats: DoneStats }
  | { type: "error"; code: ErrorCode; message: string }
  /** the backend went away; `message` says why */
  | { type: "lost"; message: string };

/** What a backend is asked to generate. */
export interface BackendRequest {
  prompt: string;
  params: WireParams;
  /** The model the client named (undefined or "ailb": any); servers announcing several route by it. */
  model?: string;
  /** The original chat messages; only backends with {@link Backend.chat} receive them. */
  messages?: ChatMessage[];
}

/** One registered server as the balancer sees it. */
export interface Backend extends BackendView {
  /** Every model name it answers to (requests naming a model go only to servers announcing it). */
  readonly models: readonly string[];
  /** Takes chat messages natively (OpenAI chat requests reach it as messages, not a flattened prompt). */
  readonly chat: boolean;
  /** Whether it answers requests for `model` (undefined or "ailb" means any model). */
  serves(model: string | undefined): boolean;
  readonly kind: BackendKind;
  readonly name: string;
  readonly engine: string;
  /** Whether it takes requests (`up`), is gone (`down`), or is kept out of rotation. */
  readonly state: ServerState;
  /** When it entered its current state (ms since the epoch). */
  readonly since: number;
  /** Why it went down, while down. */
  readonly cause: DownCause | undefined;
  /** Why it is in its state (undefined while up after registration). */
  readonly reason: string | undefined;
  /** While ejected: when the probe that may re-admit it is due (ms since the epoch). */
  ejectedUntil: number | undefined;
  /** Requests that failed here in a row; a success resets it (drives ejection, see `health.ts`). */
  consecutiveFailures: number;
  /** Recent ejections; each makes the next back-off longer (see `health.ts`). */
  ejections: number;
  served: number;
  failed: number;
  /** Milliseconds since the server was last heard from. */
  readonly silentMs: number;
  /** Replica the server registered through (this one unless adopted). */
  readonly via: string;
  /** True for a server registered through another replica. */
  readonly adopted: boolean;
  /** This server as shared with other replicas; undefined for kinds other replicas cannot adopt. */
  record(): ServerRecord | undefined;
  /** Takes no new requests, lets running ones finish, then goes down as replaced. */
  retire(): void;
  /** Moves to another live state (`down` only through {@link markDown}); the same state again updates the reason. */
  setState(state: Exclude<ServerState, "down">, reason?: string): void;
  /** Registers a callback for changes between live states (`down` is reported by {@link onDown}). */
  onStateChange(listener: (backend: Backend, previous: ServerState) => void): void;
  /** Sends a request; its events arrive on the returned queue, which always ends with one terminal event. */
  start(id: string, request: BackendRequest): RequestEvents;
  /** Cancels a request: ends its stream at once with `cancelled` (no-op once it ended). */
  cancel(id: string): void;
  /** Takes the backend out of service; every open request ends with `lost`. */
  markDown(cause: DownCause): void;
  /** Registers a callback for when this backend goes down. */
  onDown(listener: (backend: Backend, cause: DownCause) => void): void;
  /** This backend's row in `ailb status --json`. */
  describe(): ServerStatus;
}

/**
 * The part every kind of backend shares: its life cycle (`up` → `draining` /
 * `ejected` → `down`), the listeners told when it goes down, and its status
 * row. Subclasses own their connections and request streams.
 */
export abstract class BackendBase implements Backend {
  abstract readonly kind: BackendKind;
  abstract readonly id: string;
  abstract readonly address: string;
  abstract readonly name: string;
  abstract readonly model: string;
  abstract readonly models: readonly string[];
  abstract readonly chat: boolean;
  abstract readonly engine: string;
  abstract readonly weight: number;
  abstract readonly concurrency: number;
  abstract readonly inFlight: number;
  abstract readonly load: Load;
  abstract readonly silentMs: number;
  /** When the server was last heard from (ms since the epoch). */
  abstract readonly lastHeartbeatAt: number;
  abstract readonly via: string;
  abstract readonly adopted: boolean;
  abstract record(): ServerRecord | undefined;
  served = 0;
  failed = 0;
  ejectedUntil: number | undefined;
  consecutiveFailures = 0;
  ejections = 0;
  #state: ServerState = "up";
  #since = Date.now();
  #cause: DownCause | undefined;
  #reason: string | undefined;
  readonly #downListeners: ((backend: Backend, cause: DownCause) => void)[] = [];
  readonly #stateListeners: ((backend: Backend, previous: ServerState) => void)[] = [];
  #retiring = false;

  abstract start(id: string, request: BackendRequest): RequestEvents;
  abstract cancel(id: string): void;
  /** Closes the backend's connections and ends its open requests with `lost` (called once, by markDown). */
  protected abstract shutDown(reason: string): void;

  serves(model: string | undefined): boolean {
    const wanted = wantedModel({ model });
    return wanted === undefined || this.models.includes(wanted);
  }

  get state(): ServerState {
    return this.#state;
  }

  get since(): number {
    return this.#since;
  }

  get cause(): DownCause | undefined {
    return this.#cause;
  }

  get reason(): string | undefined {
    return this.#reason;
  }

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

  onStateChange(listener: (backend: Backend, previous: ServerState) => void): void {
    this.#stateListeners.push(listener);
  }

  retire(): void {
    this.#retiring = true;
    if (this.inFlight === 0) this.markDown({ kind: "replaced" });
    else this.setState("draining", "replaced by the server's registration here");
  }

  /** Subclasses call this after a request left their in-flight set (a retiring backend may then close). */
  protected requestEnded(): void {
    if (this.#retiring && this.inFlight === 0) queueMicrotask(() => this.markDown({ kind: "replaced" }));
  }

  onDown(listener: (backend: Backend, cause: DownCause) => void): void {
    this.#downListeners.push(listener);
  }

  markDown(cause: DownCause): void {
    if (this.#state === "down") return;
    const reason = describeCause(cause);
    this.#state = "down";
    this.#since = Date.now();
    this.#cause = cause;
    this.#reason = reason;
    this.shutDown(reason);
    for (const listener of this.#downListeners) listener(this, cause);
  }

  describe(): ServerStatus {
    const down = this.#state === "down";
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      model: this.model,
      models: [...this.models],
      chat: this.chat,
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
}
