/**
 * Outlier ejection (circuit breaking) for backends: a server whose requests
 * fail several times in a row, or that does not start answering within the
 * first-token timeout, is taken out of rotation for a back-off period that
 * grows on repeated ejection, then re-admitted only after a probe request
 * succeeds. Heartbeats cannot catch this: a server whose engine is stuck or
 * broken still answers heartbeats.
 *
 * The state lives on the {@link Backend} (`state`, `reason`, `since`,
 * `ejectedUntil`) so status, the dashboard and the router all read one truth.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { Backend, BackendEvent } from "./backend.ts";

/** Options of {@link Health}. */
export interface HealthOptions {
  /** Failed requests in a row that eject a server; 0 turns this trigger off. */
  ejectAfter: number;
  /** Length of a first ejection; each further one doubles it, up to {@link ejectMaxMs}. */
  ejectBaseMs: number;
  ejectMaxMs: number;
  /** How long a probe may take before it counts as failed. */
  probeTimeoutMs: number;
  /** Request ids for probes, unique within the balancer. */
  nextId: () => string;
  log: Logger;
}

/** The prompt of a probe: a one-token greedy generation, the cheapest full round trip. */
const PROBE = { prompt: "Once upon a time", params: { max_tokens: 1, temperature: 0 } };

/** Tracks failures per backend and ejects, probes and re-admits. */
export class Health {
  readonly #timers = new Map<Backend, ReturnType<typeof setTimeout>>();

  constructor(readonly options: HealthOptions) {}

  /** A request on `backend` succeeded. */
  success(backend: Backend): void {
    backend.consecutiveFailures = 0;
  }

  /** A request on `backend` failed through the server's fault. */
  failure(backend: Backend, reason: string): void {
    backend.consecutiveFailures++;
    const { ejectAfter } = this.options;
    if (ejectAfter > 0 && backend.consecutiveFailures >= ejectAfter && backend.state === "up") {
      this.eject(backend, `${backend.consecutiveFailures} failed requests in a row (last: ${reason})`);
    }
  }

  /**
   * Takes `backend` out of rotation until a probe succeeds. Only an `up`
   * backend is ejected: draining and down ones get no new work anyway, and an
   * ejected one stays out until its probe (a second slow request on it does
   * not extend the period).
   */
  eject(backend: Backend, reason: string): void {
    if (backend.state === "up") this.#eject(backend, reason);
  }

  #eject(backend: Backend, reason: string): void {
    const { ejectBaseMs, ejectMaxMs } = this.options;
    // Time spent healthy forgets earlier ejections, one level per base period, so a server that
    // failed once last week starts short again while one that keeps flapping stays out longer.
    const healthyMs = backend.state === "up" ? Date.now() - backend.since : 0;
    backend.ejections = Math.max(0, backend.ejections - Math.floor(healthyMs / ejectBaseMs)) + 1;
    const ms = Math.min(ejectMaxMs, ejectBaseMs * 2 ** (backend.ejections - 1));
    backend.setState("ejected", reason);
    backend.ejectedUntil = Date.now() + ms;
    this.options.log.warn(`Server ${backend.name} ejected for ${(ms / 1000).toFixed(1)} s: ${reason}`);
    if (!this.#timers.has(backend)) backend.onDown(() => this.#forget(backend));
    clearTimeout(this.#timers.get(backend));
    this.#timers.set(backend, setTimeout(() => this.#probe(backend), ms));
  }

  /** Stops every pending probe (balancer shutdown). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #forget(backend: Backend): void {
    clearTimeout(this.#timers.get(backend));
    this.#timers.delete(backend);
  }

  async #probe(backend: Backend): Promise<void> {
    if (backend.state !== "ejected") return;
    const failure = await this.#tryProbe(backend);
    if (backend.state !== "ejected") return; // drained or lost meanwhile
    if (failure) {
      this.#eject(backend, `probe failed: ${failure}`);
      return;
    }
    this.#timers.delete(backend);
    backend.consecutiveFailures = 0;
    backend.setState("up", "probe succeeded");
    this.options.log.info(`Server ${backend.name} re-admitted: probe succeeded`);
  }

  /** Sends one probe request; resolves with why it failed, or undefined on success. */
  async #tryProbe(backend: Backend): Promise<string | undefined> {
    const id = this.options.nextId();
    const events = backend.start(id, PROBE);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) =>
      timer = setTimeout(() => resolve("timeout"), this.options.probeTimeoutMs)
    );
    try {
      while (true) {
        const batch = await Promise.race([events.take(), timeout]);
        if (batch === "timeout") {
          return `no answer within ${(this.options.probeTimeoutMs / 1000).toFixed(1)} s`;
        }
        if (batch.length === 0) return "the stream ended without an answer";
        const event: BackendEvent = batch[batch.length - 1];
        if (event.type === "done") return undefined;
        if (event.type === "lost") return event.message;
        if (event.type === "error") return `${event.code}: ${event.message}`;
      }
    } finally {
      clearTimeout(timer);
      backend.cancel(id); // no-op once finished; frees the server after a timeout
    }
  }
}
