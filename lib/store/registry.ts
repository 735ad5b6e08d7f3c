/**
 * Servers and replicas shared through Redis.
 *
 * Layout (all keys start with `ailb:`):
 * - `server:<id>`: the {@link ServerRecord} as JSON, with a `PX` time to live of the heartbeat timeout. The
 *   replica the server registered through rewrites it every heartbeat interval with the latest load figures,
 *   so it vanishes on its own when that replica dies or the server stops heartbeating. A replica routing to a
 *   server whose record vanished while its own connection is healthy re-creates it (`SET NX`), so a server whose
 *   replica died stays known until it re-registers.
 * - `servers`: a sorted set of server ids scored by expiry, so a replica lists live records without `SCAN`.
 * - `server-events`: a Stream of `join` / `leave` events; every replica tails it, so a registration anywhere is
 *   known everywhere within one read (a periodic listing catches anything missed).
 * - `replica:<name>` and `replicas`: the same scheme for replicas' presence.
 *
 * Each replica opens its own data connection to every server and watches it with its own heartbeats, so a
 * server's death is seen by every replica within the heartbeat timeout whether or not its records are fresh.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import {
  type Cluster,
  type ClusterHost,
  type ReplicaRecord,
  type ReplicaStatus,
  replicaStatus,
  type ServerRecord,
} from "../balancer/cluster.ts";
import { DEPARTED_KEEP_MS } from "../balancer/status.ts";
import { KEY_PREFIX, type StoreClient } from "./client.ts";
import { lastStreamId, type StreamEntry, type StreamFollower } from "./stream_follower.ts";

/** Options of {@link RedisCluster}. */
export interface RedisClusterOptions {
  client: StoreClient;
  follower: StreamFollower;
  replica: string;
  /** How often records are refreshed and listed. */
  heartbeatMs: number;
  /** Records live this long without a refresh. */
  heartbeatTimeoutMs: number;
  log: Logger;
}

const SERVERS = `${KEY_PREFIX}servers`;
const REPLICAS = `${KEY_PREFIX}replicas`;
const EVENTS = `${KEY_PREFIX}server-events`;
/** Join/leave events kept; a replica further behind than this relies on the periodic listing. */
const EVENTS_KEPT = 1000;
/** Index entries this much past their expiry are purged (margin for clocks of replicas on other hosts). */
const INDEX_GRACE_MS = 60_000;
/** Longest wait between two attempts to connect to a server that failed. */
const ADOPT_BACKOFF_CAP_MS = 5000;

const serverKey = (id: string) => `${KEY_PREFIX}server:${id}`;
const replicaKey = (name: string) => `${KEY_PREFIX}replica:${name}`;

/** The shared registry on Redis. */
export class RedisCluster implements Cluster {
  readonly replica: string;
  readonly #options: RedisClusterOptions;
  #host: ClusterHost | undefined;
  /** Replicas seen, with when their presence was last refreshed; ones gone are kept a while as `down`. */
  #seen = new Map<string, { record: ReplicaRecord; lastSeen: number; up: boolean }>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #syncing: Promise<void> | undefined;
  #adopting = new Map<string, { failures: number; nextAt: number; logged: boolean }>();
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(options: RedisClusterOptions) {
    this.#options = options;
    this.replica = options.replica;
  }

  get store(): string {
    return this.#options.client.display;
  }

  get connected(): boolean {
    return this.#options.client.up;
  }

  get #log(): Logger {
    return this.#options.log;
  }

  async start(host: ClusterHost): Promise<void> {
    this.#host = host;
    const { client, follower } = this.#options;
    this.#unsubscribe = host.subscribe((event) => {
      if (event.type === "backend_up") this.#announce(event.backend, "join");
      // A replica shutting down keeps its servers' records (they re-register elsewhere meanwhile); a
      // replaced backend has a successor whose record stands.
      else if (
        event.type === "backend_down" && event.cause.kind !== "shutdown" && event.cause.kind !== "replaced"
      ) {
        this.#withdraw(event.backend);
      }
    });
    follower.follow(EVENTS, "$", (entries) => this.#onEvents(entries));
    // Position the event stream before the first listing, so nothing registered in between is missed.
    client.onUp(() => void this.#resync());
    if (client.up) await this.#resync();
    this.#timer = setInterval(() => this.sync(), this.#options.heartbeatMs);
  }

  /** One refresh-and-list pass (also run every heartbeat interval); concurrent calls share one pass. */
  sync(): Promise<void> {
    this.#syncing ??= this.#syncOnce().finally(() => this.#syncing = undefined);
    return this.#syncing;
  }

  replicas(): ReplicaStatus[] {
    const now = Date.now();
    const self = this.#host?.describeReplica();
    if (self) this.#seen.set(this.replica, { record: self, lastSeen: now, up: true });
    for (const [name, seen] of this.#seen) {
      if (!seen.up && now - seen.lastSeen > DEPARTED_KEEP_MS) this.#seen.delete(name);
    }
    return [...this.#seen.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, { record, lastSeen, up }]) => replicaStatus(record, lastSeen, name === this.replica, up));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    await this.#syncing;
    // A replica stopping cleanly leaves the list at once; its servers' records stay until they expire.
    await this.#options.client.attempt("removing this replica's presence", async () => {
      await this.#options.client.redis.multi().del(replicaKey(this.replica)).zrem(REPLICAS, this.replica)
        .exec();
    });
  }

  async #resync(): Promise<void> {
    const { client, follower } = this.#options;
    const id = await client.attempt(
      "reading the server events' position",
      () => lastStreamId(client.redis, EVENTS),
    );
    if (id !== undefined) follower.seek(EVENTS, id);
    await this.sync();
  }

  async #syncOnce(): Promise<void> {
    const host = this.#host;
    if (!host || this.#closed) return;
    const { client, heartbeatTimeoutMs } = this.#options;
    await client.attempt("refreshing records", async () => {
      const now = Date.now();
      const expiry = now + heartbeatTimeoutMs;
      const batch = client.redis.pipeline();
      const own = host.ownServers();
      for (const record of own) {
        batch.set(serverKey(record.id), JSON.stringify(record), "PX", heartbeatTimeoutMs);
        batch.zadd(SERVERS, expiry, record.id);
      }
      const adopted = host.adoptedServers();
      for (const record of adopted) {
        // Re-creates the record of a server whose replica died (only when missing: its owner may be alive).
        batch.set(
          serverKey(record.id),
          JSON.stringify({ ...record, via: this.replica }),
          "PX",
          heartbeatTimeoutMs,
          "NX",
        );
      }
      const presence: ReplicaRecord = host.describeReplica();
      batch.set(replicaKey(this.replica), JSON.stringify(presence), "PX", heartbeatTimeoutMs);
      batch.zadd(REPLICAS, expiry, this.replica);
      batch.zremrangebyscore(SERVERS, "-inf", now - INDEX_GRACE_MS);
      batch.zremrangebyscore(REPLICAS, "-inf", now - INDEX_GRACE_MS);
      const results = await batch.exec();
      // Adopted records we re-created need their index entry too.
      const created = adopted.filter((_, i) => results?.[own.length * 2 + i]?.[1] === "OK");
      if (created.length) {
        const index = client.redis.pipeline();
        for (const record of created) index.zadd(SERVERS, expiry, record.id);
        await index.exec();
      }
    });
    const servers = await client.attempt(
      "listing servers",
      () => this.#list<ServerRecord>(SERVERS, serverKey),
    );
    if (servers) {
      for (const record of servers) {
        if (!host.knows(record.id)) this.#adopt(record);
        else if (record.via !== this.replica) host.observe(record);
      }
    }
    const replicas = await client.attempt("listing replicas", () => this.#listReplicas());
    if (replicas) {
      const now = Date.now();
      for (const [name, seen] of this.#seen) if (!replicas.has(name)) seen.up = false;
      for (const [name, { record, ttl }] of replicas) {
        const lastSeen = now - Math.max(0, this.#options.heartbeatTimeoutMs - ttl);
        this.#seen.set(name, { record, lastSeen, up: true });
      }
    }
  }

  /** Live presence records with their remaining time to live. */
  async #listReplicas(): Promise<Map<string, { record: ReplicaRecord; ttl: number }>> {
    const records = await this.#list<ReplicaRecord>(REPLICAS, replicaKey);
    const batch = this.#options.client.redis.pipeline();
    for (const record of records) batch.pttl(replicaKey(record.name));
    const ttls = (await batch.exec()) ?? [];
    return new Map(records.map((record, i) => [record.name, { record, ttl: Number(ttls[i]?.[1] ?? 0) }]));
  }

  /** Live records of an index (expired ones are skipped: their keys are gone). */
  async #list<T>(index: string, key: (id: string) => string): Promise<T[]> {
    const { redis } = this.#options.client;
    const ids = await redis.zrangebyscore(index, Date.now() - INDEX_GRACE_MS, "+inf");
    if (ids.length === 0) return [];
    const values = await redis.mget(ids.map(key));
    const records: T[] = [];
    values.forEach((value, i) => {
      if (value === null) return;
      try {
        records.push(JSON.parse(value) as T);
      } catch (error) {
        this.#log.warn(`Store: ignoring unreadable record ${key(ids[i])}: ${(error as Error).message}`);
      }
    });
    return records;
  }

  #adopt(record: ServerRecord): void {
    const host = this.#host!;
    const state = this.#adopting.get(record.id) ?? { failures: 0, nextAt: 0, logged: false };
    if (performance.now() < state.nextAt || state.nextAt === Infinity) return;
    this.#adopting.set(record.id, { ...state, nextAt: Infinity }); // one attempt at a time
    host.adopt(record).then(
      () => {
        this.#adopting.delete(record.id);
        this.#log.info(`Server ${record.name} (registered through ${record.via}) joined through the store`);
      },
      (error) => {
        const failures = state.failures + 1;
        // Logged once per server until it works: a dead server's record lingers until it expires.
        if (!state.logged) {
          this.#log.warn(
            `Cannot reach server ${record.name} registered through ${record.via}: ${
              (error as Error).message
            }; ` +
              `retrying while its record lives`,
          );
        }
        const delay = Math.min(ADOPT_BACKOFF_CAP_MS, 200 * 2 ** Math.min(failures, 10));
        this.#adopting.set(record.id, { failures, nextAt: performance.now() + delay, logged: true });
      },
    );
  }

  /** A server registered here: publish its record and tell the others at once. */
  #announce(id: string, kind: "join"): void {
    const record = this.#host?.ownServers().find((r) => r.id === id);
    if (!record) return;
    const { client, heartbeatTimeoutMs } = this.#options;
    void client.attempt(`announcing server ${record.name}`, async () => {
      await client.redis.multi()
        .set(serverKey(id), JSON.stringify(record), "PX", heartbeatTimeoutMs)
        .zadd(SERVERS, Date.now() + heartbeatTimeoutMs, id)
        .xadd(EVENTS, "MAXLEN", "~", EVENTS_KEPT, "*", "kind", kind, "id", id, "replica", this.replica)
        .exec();
    });
  }

  /**
   * A server registered here went down: drop its record unless another replica took it over meanwhile (it
   * re-registered elsewhere), and tell the others.
   */
  #withdraw(id: string): void {
    const { client } = this.#options;
    void client.attempt(`withdrawing server ${id}`, async () => {
      const current = await client.redis.get(serverKey(id));
      if (current === null) return;
      const record = JSON.parse(current) as ServerRecord;
      if (record.via !== this.replica) return;
      await client.redis.multi()
        .del(serverKey(id))
        .zrem(SERVERS, id)
        .xadd(EVENTS, "MAXLEN", "~", EVENTS_KEPT, "*", "kind", "leave", "id", id, "replica", this.replica)
        .exec();
    });
  }

  #onEvents(entries: StreamEntry[]): void {
    let joined = false;
    for (const { fields } of entries) {
      if (fields.replica === this.replica) continue;
      if (fields.kind === "join" && !this.#host?.knows(fields.id)) joined = true;
      this.#log.debug(`Store event: server ${fields.id} ${fields.kind} through ${fields.replica}`);
    }
    // Leaves need no action: this replica watches its own connection to every server.
    if (joined) void this.sync();
  }
}
