/**
 * The registry of backends: servers register (or are adopted from another replica), are put in rotation,
 * drained, and depart; departed ones stay listed for status a while. Dispatch only asks it for
 * {@link Registry.upBackends} and {@link Registry.models}; it never reaches into the map itself.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { MessageOf } from "../protocol.ts";
import type { Strategy } from "../strategies/index.ts";
import { type Backend, type BackendSettings, NativeBackend } from "./backend.ts";
import type { ServerRecord } from "./cluster.ts";
import type { Connection } from "../connection.ts";
import { type Counters, DEPARTED_KEEP_COUNT, DEPARTED_KEEP_MS, describeCause } from "./status.ts";
import { type BalancerEvent, DispatchError } from "./types.ts";

/** What the registry needs of the balancer's settings. */
export interface RegistryOptions extends Omit<BackendSettings, "log" | "onHeartbeatMiss"> {
  strategy: Strategy;
  log: Logger;
}

/** What the registry needs from the balancer around it. */
export interface RegistryHost {
  readonly counters: Counters;
  emit(event: BalancerEvent): void;
  /** Wakes requests waiting for a routable backend (a backend came up). */
  wake(): void;
}

/** Registered backends, live and recently departed. */
export class Registry {
  readonly backends = new Map<string, Backend>();
  /** Servers that went down, kept for status (newest last), at most DEPARTED_KEEP_COUNT. */
  #departed = new Map<string, Backend>();
  /** Addresses whose registration is connecting back right now. */
  readonly #registering = new Set<string>();

  readonly #host: RegistryHost;

  constructor(readonly options: RegistryOptions, host: RegistryHost) {
    this.#host = host;
  }

  get log(): Logger {
    return this.options.log;
  }

  /** Routable backends (state "up") in registration order: the one place that decides who gets work. */
  upBackends(): Backend[] {
    return [...this.backends.values()].filter((b) => b.state === "up");
  }

  /** The model names registered servers announce, sorted (without the "any" alias). */
  models(): string[] {
    return [...new Set([...this.backends.values()].flatMap((b) => b.models))].sort();
  }

  /** Registers a server that said hello on `control`; replaces a stale entry at the same address. */
  async register(hello: MessageOf<"hello">, control: Connection): Promise<NativeBackend> {
    // Anyone can send a hello naming any address. Without a token as proof, a live server (heard from within
    // two heartbeat intervals) is not replaced; a restarted one finds its old entry gone or silent.
    const { id } = NativeBackend.addressOf(hello, control);
    const existing = this.backends.get(id);
    // An adopted entry (registered through another replica) is not a registration here: the server registering
    // through this replica is expected when its replica died, and takes the adopted connection's place.
    if (
      existing && existing.state !== "down" && !this.options.token && !existing.adopted &&
      existing.silentMs < 2 * this.options.heartbeatMs
    ) {
      throw new Error(`a live server is already registered at ${id}; it must go down or silent first`);
    }
    if (this.#registering.has(id)) throw new Error(`a registration for ${id} is already in progress`);
    this.#registering.add(id);
    try {
      const backend = await NativeBackend.open(hello, control, this.#backendSettings());
      return this.add(backend);
    } finally {
      this.#registering.delete(id);
    }
  }

  /**
   * Opens this replica's own data connection to a server registered through another replica (the shared
   * registry found it); from then on it is routed to like any other. No-op when it is already known.
   */
  async adopt(record: ServerRecord): Promise<void> {
    if (this.backends.has(record.id)) return;
    const backend = await NativeBackend.adopt(record, this.#backendSettings());
    if (this.backends.has(record.id)) return backend.retire(); // registered or adopted meanwhile
    this.#add(backend);
    this.log.info(`Server ${backend.name} adopted (registered through replica ${record.via})`, {
      model: backend.model,
    });
  }

  /** Servers registered through this replica (up, draining or ejected: not down). */
  ownServers(): ServerRecord[] {
    // Kinds other replicas cannot adopt (legacy servers) have no record and stay this replica's own.
    return [...this.backends.values()].filter((b) => !b.adopted).flatMap((b) => b.record() ?? []);
  }

  /** Servers registered through other replicas that this one connects to (not down). */
  adoptedServers(): ServerRecord[] {
    return [...this.backends.values()].filter((b) => b.adopted).flatMap((b) => b.record() ?? []);
  }

  #backendSettings(): BackendSettings {
    return {
      ...this.options,
      log: this.log,
      onHeartbeatMiss: (b, count) => this.countHeartbeatMisses(b, count),
    };
  }

  /** Counts heartbeat intervals that passed without hearing from `backend` (any kind). */
  countHeartbeatMisses(backend: Backend, count: number): void {
    this.#host.counters.heartbeat_misses += count;
    this.#host.emit({ type: "heartbeat_miss", backend: backend.id, count });
  }

  /**
   * Puts a backend of any kind registered here into rotation, in place of any
   * earlier one at the same address, and wakes requests waiting for one.
   */
  add<B extends Backend>(backend: B): B {
    this.#add(backend);
    this.log.info(`Server ${backend.name} registered`, {
      kind: backend.kind,
      model: backend.model,
      engine: backend.engine,
    });
    return backend;
  }

  /** Puts a backend in service, in place of any earlier one at the same address. */
  #add(backend: Backend): void {
    const host = this.#host;
    const previous = this.backends.get(backend.id);
    // An adopted connection replaced by the server's own registration here finishes its requests first.
    if (previous?.adopted && !backend.adopted) previous.retire();
    else previous?.markDown({ kind: "replaced" });
    this.#departed.delete(backend.id);
    this.backends.set(backend.id, backend);
    this.options.strategy.onBackendAdded?.(backend);
    backend.onStateChange((b, previous) => {
      if (b.state === "ejected" && previous === "up") host.counters.ejections++;
      this.log.info(`Server ${b.name} is ${b.state}: ${b.reason ?? ""}`, { previous });
      host.emit({ type: "backend_state", backend: b.id, state: b.state, reason: b.reason ?? "" });
      if (b.state === "up") host.wake();
    });
    backend.onDown((b, cause) => {
      if (this.backends.get(b.id) === b) {
        this.backends.delete(b.id);
        this.options.strategy.onBackendRemoved?.(b);
        // A replaced server is not gone: its successor's row is the one to show.
        if (cause.kind !== "replaced") this.#depart(b);
      }
      this.log.warn(`Server ${b.name} removed: ${describeCause(cause)}`);
      host.emit({ type: "backend_down", backend: b.id, cause });
    });
    host.emit({ type: "backend_up", backend: backend.id });
    host.wake();
  }

  #depart(backend: Backend): void {
    this.#departed.delete(backend.id);
    this.#departed.set(backend.id, backend);
    this.#pruneDeparted();
  }

  #pruneDeparted(now = Date.now()): void {
    for (const [id, b] of this.#departed) {
      if (this.#departed.size > DEPARTED_KEEP_COUNT || now - b.since > DEPARTED_KEEP_MS) {
        this.#departed.delete(id);
      }
    }
  }

  /** Servers that went down and are still listed in status, most recent first (forgets the expired ones). */
  departed(now = Date.now()): Backend[] {
    this.#pruneDeparted(now);
    return [...this.#departed.values()].reverse();
  }

  /** Finds a live backend by id (host:port) or name. */
  find(server: string): Backend | undefined {
    return this.backends.get(server) ?? [...this.backends.values()].find((b) => b.name === server);
  }

  /**
   * Marks a server draining (no new work; its in-flight requests finish), or
   * with `undo` routable again. Throws {@link DispatchError} for an unknown server.
   */
  drain(server: string, reason: string, undo = false): Backend {
    const backend = this.find(server);
    if (!backend || backend.state === "down") {
      throw new DispatchError("bad_message", `no registered server "${server.slice(0, 200)}"`);
    }
    if (!undo) backend.setState("draining", reason);
    else if (backend.state === "draining") backend.setState("up", reason);
    return backend;
  }

  /** Takes every backend down (clean shutdown); requests still running on them end at once. */
  close(): void {
    for (const backend of this.backends.values()) backend.markDown({ kind: "shutdown" });
  }
}
