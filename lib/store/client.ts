/**
 * The connection to the shared store (Redis, through ioredis), with the fault policy every shared part relies
 * on: commands never wait for a store that is away (they fail at once and the caller carries on with what it
 * has locally), the outage is logged once when it starts and once when it ends, reconnection retries with
 * exponential backoff, and listeners run when the store comes back so each part can resync.
 *
 * @module
 */
import { Redis } from "ioredis";
import type { Logger } from "../log.ts";
import { backoffDelay } from "../backoff.ts";
import type { StoreAddress } from "./url.ts";

/** Options of {@link StoreClient}. */
export interface StoreClientOptions {
  address: StoreAddress;
  /** This replica's name, shown by `CLIENT LIST` as `ailb:NAME`. */
  replica: string;
  log: Logger;
  /** A command taking longer than this fails (a frozen store must not stall anything). Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Reconnection backoff (default 100 ms doubling to 5 s, with jitter). */
  backoff?: { baseMs: number; capMs: number };
}

/** Keys of every ailb structure in the store start with this. */
export const KEY_PREFIX = "ailb:";

/** A Redis connection that reports outages once and tells listeners when the store is back. */
export class StoreClient {
  readonly redis: Redis;
  readonly options: StoreClientOptions;
  #up = false;
  #downSince: number | undefined = performance.now();
  #everUp = false;
  #upListeners = new Set<() => void>();
  #closed = false;
  #reportedStartup = false;

  constructor(options: StoreClientOptions, role = "main") {
    this.options = options;
    this.redis = StoreClient.#connect(options, role);
    this.redis.on("ready", () => this.#markUp());
    this.redis.on("error", (error: Error) => this.#markDown(error.message));
    this.redis.on("close", () => this.#markDown("connection closed"));
  }

  static #connect(options: StoreClientOptions, role: string): Redis {
    const { address } = options;
    const backoff = options.backoff ?? { baseMs: 100, capMs: 5000 };
    return new Redis({
      host: address.host,
      port: address.port,
      db: address.db,
      username: address.username,
      password: address.password,
      connectionName: `ailb:${options.replica}:${role}`.replace(/\s/g, "_"),
      lazyConnect: true,
      // Never queue commands while the store is away: the caller falls back to local state at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      connectTimeout: 2000,
      retryStrategy: (attempt: number) => backoffDelay(attempt, backoff.baseMs, backoff.capMs),
    });
  }

  /** True while commands can be sent. */
  get up(): boolean {
    return this.#up;
  }

  /** The store's address with the password hidden. */
  get display(): string {
    return this.options.address.display;
  }

  /**
   * Connects; resolves true when the store answered, false when it is not reachable yet (ioredis keeps
   * retrying in the background and {@link onUp} listeners run when it answers).
   */
  async connect(): Promise<boolean> {
    try {
      await this.redis.connect();
      return true;
    } catch (error) {
      this.#markDown((error as Error).message);
      return false;
    }
  }

  /** Runs `listener` every time the store becomes reachable (after start-up or an outage). */
  onUp(listener: () => void): () => void {
    this.#upListeners.add(listener);
    return () => this.#upListeners.delete(listener);
  }

  /**
   * A second connection with the same settings, for blocking reads (`XREAD BLOCK` would hold up every other
   * command on a shared connection). Its own outages are not logged: the main connection speaks for the store.
   */
  duplicate(role: string, commandTimeoutMs: number): Redis {
    const redis = StoreClient.#connect({ ...this.options, commandTimeoutMs }, role);
    redis.on("error", () => {/* reported by the main connection's outage log */});
    return redis;
  }

  /**
   * Runs a store operation that may fail while the store is away. When it is down the failure is expected
   * (already logged once) and `undefined` comes back; an error while it is up (a bug, a full store) is logged.
   */
  async attempt<T>(what: string, operation: () => Promise<T>): Promise<T | undefined> {
    if (!this.#up) return undefined;
    try {
      return await operation();
    } catch (error) {
      if (this.#up) this.options.log.warn(`Store: ${what} failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Closes the connection; no reconnection follows. */
  close(): void {
    this.#closed = true;
    this.redis.disconnect();
  }

  #markUp(): void {
    if (this.#up) return;
    const { log } = this.options;
    if (!this.#everUp) {
      log.info(`Store ${this.display} connected; sharing servers and cache with other replicas`);
    } else {
      const seconds = ((performance.now() - (this.#downSince ?? performance.now())) / 1000).toFixed(1);
      log.warn(`Store ${this.display} is back after ${seconds} s; resyncing servers and cache`);
    }
    this.#up = true;
    this.#everUp = true;
    this.#downSince = undefined;
    for (const listener of this.#upListeners) listener();
  }

  #markDown(reason: string): void {
    if (this.#closed) return;
    // Logged once per outage: when it starts, or at start-up on the first failed attempt.
    const starts = this.#up || (!this.#everUp && !this.#reportedStartup);
    if (this.#up) this.#downSince = performance.now();
    this.#up = false;
    if (!starts) return;
    this.#reportedStartup = true;
    this.options.log.error(
      `Store ${this.display} unreachable (${reason}); carrying on with this replica's own servers ` +
        `and cache, retrying with backoff`,
    );
  }
}
