/**
 * Keeps a server registered with its balancer: connect, say hello, exchange
 * heartbeats; when the balancer is unreachable or goes silent, retry with
 * exponential backoff and jitter until it is back. The server itself keeps
 * running throughout.
 *
 * @module
 */
import type { ClientTls } from "../tls.ts";
import { setTimeout as sleep } from "node:timers/promises";
import type { Address } from "../cli.ts";
import { backoffDelay } from "../backoff.ts";
import { Connection } from "../connection.ts";
import { Heartbeat } from "../heartbeat.ts";
import type { Logger } from "../log.ts";
import { type Load, type MessageOf, PROTOCOL_VERSION } from "../protocol.ts";

/** Options of {@link keepRegistered}. */
export interface RegistrationOptions {
  lb: Address;
  /** What the server says about itself in its hello. */
  hello: Omit<MessageOf<"hello">, "type" | "v" | "role">;
  load: () => Load;
  /** Give up after this many failed attempts in a row (undefined = never). */
  maxAttempts?: number;
  /** Heartbeat silence (as a multiple of the balancer's interval) after which it counts as gone. */
  missedHeartbeats?: number;
  log: Logger;
  signal: AbortSignal;
  /** Called each time a registration succeeds. */
  onRegistered?: (id: string) => void;
  backoff?: { baseMs: number; capMs: number };
  /** Connect to the balancer with TLS (`serve --tls`, `--ca`). */
  tls?: ClientTls;
  /** Lets the server tell the balancer it is draining, on whichever registration is current. */
  drain?: DrainNotice;
}

/**
 * A server's "I am shutting down" towards its balancer: once requested, it is
 * sent on the current control connection (and again after a re-registration),
 * so the balancer stops sending new work while requests in flight finish.
 */
export class DrainNotice {
  #requested = false;
  #connection: Connection | undefined;
  #acked = false;
  #waiters = new Set<() => void>();

  /** True once {@link request} was called. */
  get requested(): boolean {
    return this.#requested;
  }

  /**
   * Asks the balancer to stop sending work; resolves true once it confirmed,
   * false when there is no registration or no answer within `timeoutMs`.
   */
  request(timeoutMs: number): Promise<boolean> {
    this.#requested = true;
    if (this.#acked) return Promise.resolve(true);
    if (!this.#connection?.send({ type: "drain" })) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve(this.#acked);
      };
      const timer = setTimeout(done, timeoutMs);
      this.#waiters.add(done);
    });
  }

  /** A registration began on `connection` (re-sends the notice if one was requested). */
  attach(connection: Connection): void {
    this.#connection = connection;
    this.#acked = false;
    if (this.#requested) connection.send({ type: "drain" });
  }

  /** The registration on `connection` ended. */
  detach(connection: Connection): void {
    if (this.#connection === connection) this.#connection = undefined;
  }

  /** The balancer confirmed. */
  acknowledged(): void {
    this.#acked = true;
    for (const wake of [...this.#waiters]) wake();
  }
}

/**
 * How long to wait for the balancer's welcome. It connects back to our port first (up to 5 s to connect and
 * 5 s for our welcome), so this is longer than both.
 */
const WELCOME_TIMEOUT_MS = 15_000;

/** Refusals that retrying cannot fix. */
export class RegistrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationRefused";
  }
}

/**
 * Runs until the signal aborts. Rejects only with {@link RegistrationRefused}
 * (bad token, other protocol version) or when `maxAttempts` is exhausted.
 */
export async function keepRegistered(options: RegistrationOptions): Promise<void> {
  const { lb, log, signal } = options;
  const { baseMs, capMs } = options.backoff ?? { baseMs: 200, capMs: 3000 };
  const where = `${lb.host}:${lb.port}`;
  let failures = 0;
  while (!signal.aborted) {
    let connection: Connection | undefined;
    let why: string;
    try {
      connection = await Connection.connect(lb.host, lb.port, {
        timeoutMs: WELCOME_TIMEOUT_MS,
        tls: options.tls,
      });
    } catch (error) {
      why = `not reachable (${(error as Error).message})`;
    }
    if (connection) {
      const outcome = await registerOnce(connection, options);
      if (signal.aborted) return;
      if (outcome.registered) {
        failures = 0;
        log.warn(`Lost the balancer at ${where}: ${outcome.reason}; registering again`);
        continue;
      }
      why = outcome.reason;
    }
    // Unreachable or refused: back off, so a balancer that keeps refusing is not hammered in a loop.
    failures++;
    if (options.maxAttempts !== undefined && failures >= options.maxAttempts) {
      throw new Error(`could not register with the balancer at ${where} after ${failures} attempts: ${why!}`);
    }
    const delay = backoffDelay(failures, baseMs, capMs);
    log[failures === 1 ? "warn" : "debug"](
      `Balancer at ${where} ${why!}; retrying in ${Math.round(delay)} ms`,
    );
    // An abort rejects the sleep; the loop condition then ends registration.
    await sleep(delay, undefined, { signal }).catch(() => {});
  }
}

/** One registration: whether it got as far as a welcome, and why it ended. */
async function registerOnce(
  connection: Connection,
  options: RegistrationOptions,
): Promise<{ registered: boolean; reason: string }> {
  const { log, signal } = options;
  const onAbort = () => connection.close({ code: "local", message: "server shutting down" });
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    connection.send({ type: "hello", v: PROTOCOL_VERSION, role: "server", ...options.hello });
    const messages = connection[Symbol.asyncIterator]();
    // A balancer that accepted but does not answer (stopped, out of descriptors) must not hold us forever.
    const timer = setTimeout(
      () => connection.close({ code: "local", message: `no welcome within ${WELCOME_TIMEOUT_MS / 1000} s` }),
      WELCOME_TIMEOUT_MS,
    );
    const first = await messages.next().finally(() => clearTimeout(timer));
    const refused = (reason: string) => ({ registered: false, reason });
    if (first.done) {
      // A TLS port answers a plain hello by closing the connection.
      const hint = options.tls ? "" : "; if the balancer serves TLS, use --tls";
      return refused(`closed the connection before welcome (${connection.reason?.message}${hint})`);
    }
    const welcome = first.value;
    if (welcome.type === "error") {
      if (welcome.code === "unauthorized" || welcome.code === "unsupported_version") {
        throw new RegistrationRefused(
          `the balancer refused registration: ${welcome.code}: ${welcome.message}`,
        );
      }
      return refused(`refused registration (${welcome.code}: ${welcome.message})`);
    }
    if (welcome.type !== "welcome") return refused(`sent "${welcome.type}" instead of welcome`);
    const intervalMs = welcome.heartbeat_ms > 0 ? welcome.heartbeat_ms : 1000;
    let dead = "";
    const heartbeat = new Heartbeat(connection, {
      intervalMs,
      timeoutMs: intervalMs * (options.missedHeartbeats ?? 3),
      load: options.load,
      onDead: (_silent, missed) => {
        dead = `missed ${missed} heartbeats`;
        connection.close({ code: "local", message: dead });
      },
    }).start();
    log.info(`Registered with the balancer at ${options.lb.host}:${options.lb.port} as ${welcome.id}`);
    options.onRegistered?.(welcome.id);
    options.drain?.attach(connection);
    try {
      for (let next = await messages.next(); !next.done; next = await messages.next()) {
        if (heartbeat.seen(next.value)) continue;
        if (next.value.type === "drain_result") options.drain?.acknowledged();
        else if (next.value.type === "error") {
          log.warn(`Balancer says ${next.value.code}: ${next.value.message}`);
        }
      }
    } finally {
      heartbeat.stop();
      options.drain?.detach(connection);
    }
    return { registered: true, reason: dead || (connection.reason?.message ?? "connection closed") };
  } finally {
    signal.removeEventListener("abort", onAbort);
    connection.close();
  }
}
