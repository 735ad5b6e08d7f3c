/**
 * Tails Redis Streams (`XREAD BLOCK` from the last id seen) on one dedicated connection, handing each stream's
 * new entries to its handler in order. Several shared parts (server join/leave events, cache inserts and
 * evictions) follow their streams through one follower, so a replica holds one blocking connection in all.
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { StoreClient } from "./client.ts";

/** One stream entry: its id and its field/value pairs. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

interface Followed {
  lastId: string;
  /** Bumped by seek(), so a read already under way cannot move the position back. */
  generation: number;
  handle: (entries: StreamEntry[]) => void;
}

/** Entries read per stream per call: bounds one handler call's work. */
const BATCH = 500;

/** Follows streams until {@link close}. */
export class StreamFollower {
  readonly #client: StoreClient;
  readonly #redis: Redis;
  readonly #blockMs: number;
  readonly #streams = new Map<string, Followed>();
  #closed = false;
  #running: Promise<void> | undefined;

  constructor(client: StoreClient, blockMs = 1000) {
    this.#client = client;
    this.#blockMs = blockMs;
    // The command timeout must outlast the block, or every idle read would count as a failure.
    this.#redis = client.duplicate("follower", blockMs + 2000);
  }

  /** Follows `stream` from after `fromId` ("0-0" = from the start); replaces an earlier handler. */
  follow(stream: string, fromId: string, handle: (entries: StreamEntry[]) => void): void {
    const generation = (this.#streams.get(stream)?.generation ?? 0) + 1;
    this.#streams.set(stream, { lastId: fromId, generation, handle });
  }

  /** Moves the read position of a followed stream (after a resync from a snapshot). */
  seek(stream: string, id: string): void {
    const followed = this.#streams.get(stream);
    if (!followed) throw new Error(`stream ${stream} is not followed`);
    followed.lastId = id;
    followed.generation++;
  }

  /** Starts the reading loop (idempotent). */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Stops reading and closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#redis.disconnect();
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#closed) {
      if (!this.#client.up || this.#streams.size === 0) {
        await sleep(100);
        continue;
      }
      try {
        if (this.#redis.status === "wait" || this.#redis.status === "end") await this.#redis.connect();
        await this.#readOnce();
      } catch {
        // The store went away mid-read; the main connection logs the outage. Wait, then read on.
        if (!this.#closed) await sleep(200);
      }
    }
  }

  async #readOnce(): Promise<void> {
    const names = [...this.#streams.keys()];
    const asked = names.map((name) => ({ name, ...this.#streams.get(name)! }));
    const result = await this.#redis.xread(
      "COUNT",
      BATCH,
      "BLOCK",
      this.#blockMs,
      "STREAMS",
      ...names,
      ...asked.map((a) => a.lastId),
    ) as [string, [string, string[]][]][] | null;
    for (const [name, raw] of result ?? []) {
      const followed = this.#streams.get(name);
      const before = asked.find((a) => a.name === name);
      if (!followed || !before || followed.generation !== before.generation || raw.length === 0) continue;
      followed.lastId = raw[raw.length - 1][0];
      followed.handle(raw.map(([id, list]) => ({ id, fields: pairs(list) })));
    }
  }
}

/** The last id of a stream, or "0-0" when it is empty: the position to follow it from before a snapshot. */
export async function lastStreamId(redis: Redis, stream: string): Promise<string> {
  const last = await redis.xrevrange(stream, "+", "-", "COUNT", 1);
  return last.length ? last[0][0] : "0-0";
}

function pairs(list: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[list[i]] = list[i + 1];
  return fields;
}
