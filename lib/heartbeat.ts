/**
 * Heartbeats in both directions over one connection.
 *
 * Each side sends `heartbeat` every interval and answers the peer's with
 * `heartbeat_ack`; either message, or any other traffic, proves the peer
 * alive. When nothing has arrived for `timeoutMs` the peer is declared dead.
 *
 * @module
 */
import type { Connection } from "./connection.ts";
import type { Load, Message } from "./protocol.ts";

/** Options of {@link Heartbeat}. */
export interface HeartbeatOptions {
  intervalMs: number;
  /**
   * How often to send our heartbeats (default `intervalMs`). A peer that only answers (never sends its own)
   * is heard from once per send, so sending faster than the miss interval keeps timer jitter from counting
   * every interval as a miss.
   */
  sendIntervalMs?: number;
  timeoutMs: number;
  /** Load figures to include in our heartbeats (servers report theirs). */
  load?: () => Load;
  /** Called once when the peer has been silent for `timeoutMs`. */
  onDead: (silentMs: number, missed: number) => void;
  /** Called each time another whole interval passes without hearing from the peer (`count` new misses). */
  onMiss?: (count: number) => void;
  now?: () => number;
}

/** Keeps one connection's liveness; call {@link seen} for every received message. */
export class Heartbeat {
  #seq = 0;
  #lastSeen: number;
  /** Misses already reported for the current silence. */
  #missed = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #judging = false;
  #now: () => number;

  constructor(readonly connection: Connection, readonly options: HeartbeatOptions) {
    this.#now = options.now ?? (() => performance.now());
    this.#lastSeen = this.#now();
  }

  /** Milliseconds since the peer was last heard from. */
  get silentMs(): number {
    return this.#now() - this.#lastSeen;
  }

  /** Starts sending and watching. */
  start(): this {
    const sendEvery = this.options.sendIntervalMs ?? this.options.intervalMs;
    const tick = Math.min(sendEvery, 250);
    let lastSent = -Infinity;
    this.#timer = setInterval(() => {
      const now = this.#now();
      const silent = now - this.#lastSeen;
      const missed = this.#missedIn(silent);
      if (missed > this.#missed) {
        this.options.onMiss?.(missed - this.#missed);
        this.#missed = missed;
      }
      if (silent >= this.options.timeoutMs) {
        // If our own event loop was blocked (a long computation), the peer's messages may be waiting in the
        // socket, to be read only after this timer. Judge after one pass of I/O, not before.
        if (!this.#judging) {
          this.#judging = true;
          setTimeout(() => {
            this.#judging = false;
            const still = this.#now() - this.#lastSeen;
            if (this.#timer === undefined || still < this.options.timeoutMs) return;
            this.stop();
            this.options.onDead(still, this.#missedIn(still));
          }, 0);
        }
        return;
      }
      // Half a tick of slack: timer firings drift by a millisecond either way, and a strict comparison
      // would then skip a whole tick, leaving the peer without a heartbeat for up to two intervals.
      if (now - lastSent >= sendEvery - tick / 2) {
        lastSent = now;
        this.connection.send({ type: "heartbeat", seq: ++this.#seq, load: this.options.load?.() });
      }
    }, tick);
    return this;
  }

  /**
   * Heartbeats missed in `silentMs` of silence: the peer sends one per interval, and one counts as missed
   * once it is more than a quarter interval (at most 100 ms) overdue, so timer jitter is not a miss.
   */
  #missedIn(silentMs: number): number {
    const grace = Math.min(this.options.intervalMs / 4, 100);
    return Math.max(0, Math.floor((silentMs - grace) / this.options.intervalMs));
  }

  /**
   * Records traffic from the peer and answers its heartbeats. Returns true
   * when the message was a heartbeat or ack (nothing else to do with it).
   */
  seen(message: Message): boolean {
    this.#lastSeen = this.#now();
    this.#missed = 0;
    if (message.type === "heartbeat") {
      this.connection.send({ type: "heartbeat_ack", seq: message.seq, load: this.options.load?.() });
      return true;
    }
    return message.type === "heartbeat_ack";
  }

  /** Stops the timers. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
