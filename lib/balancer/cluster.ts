/**
 * What one balancer replica shares with the others. Two implementations, chosen at start-up:
 * - {@link LocalCluster}: one replica, nothing shared (no `--store`): today's in-memory behaviour;
 * - `RedisCluster` (lib/store/registry.ts): servers and replicas kept in step through Redis.
 *
 * Either way the balancer keeps its own map of backends, each with its own data connection, and `dispatch`
 * only ever reads that map: it cannot tell which implementation it runs on.
 *
 * @module
 */
import type { Load } from "../protocol.ts";
import type { Balancer, BalancerEvent } from "./balancer.ts";
import type { ReplicaStatus } from "./status.ts";

export type { ReplicaStatus };

/** A server as every replica sees it in the store. */
export interface ServerRecord {
  id: string;
  host: string;
  port: number;
  name: string;
  model: string;
  engine: string;
  /** Routing weight and generation slots the server announced in its hello. */
  weight: number;
  concurrency: number;
  /** The replica keeping this record alive (the one the server registered through, while it lives). */
  via: string;
  /** Load figures from the server's latest heartbeat. */
  load: Load;
  /** When the server registered (ms since the epoch). */
  registered_at: number;
  /** Draining (shutting down, or `ailb drain` through its replica): every replica stops sending it new work. */
  draining?: boolean;
}

/** A replica's presence record. */
export interface ReplicaRecord {
  name: string;
  /** TCP address servers and clients use. */
  address: string;
  /** Web UI address, when served. */
  http?: string;
  started_at: number;
  /** Servers registered through this replica (control connection here). */
  servers: number;
  /** Servers this replica routes to (its own and the others'). */
  routes_to: number;
  /** Requests this replica is relaying now. */
  in_flight: number;
}

/** What the cluster needs from the balancer it serves. */
export interface ClusterHost {
  /** Servers registered through this replica that are up. */
  ownServers(): ServerRecord[];
  /** Servers this replica routes to through its own data connection (registered elsewhere), that are up. */
  adoptedServers(): ServerRecord[];
  /** True when this replica has a backend (own or adopted) with this id, in any live state. */
  knows(id: string): boolean;
  /** Opens this replica's own data connection to a server registered through another replica. */
  adopt(record: ServerRecord): Promise<void>;
  /** Applies what another replica says about a server this one adopted (draining or not). */
  observe(record: ServerRecord): void;
  /** This replica's presence record. */
  describeReplica(): ReplicaRecord;
  /** Balancer events (servers coming and going). */
  subscribe(listener: (event: BalancerEvent) => void): () => void;
}

/** The registry shared between replicas. */
export interface Cluster {
  /** This replica's name. */
  readonly replica: string;
  /** Where the shared state lives, password hidden ("memory" for a lone replica). */
  readonly store: string;
  /** Starts sharing (resolves once the first sync was attempted; never fails on a store that is away). */
  start(host: ClusterHost): Promise<void>;
  /** The replicas as last seen. */
  replicas(): ReplicaStatus[];
  /** True while the shared store is reachable (always true in memory). */
  readonly connected: boolean;
  /** Stops sharing; servers registered here stay known to the others until their records expire. */
  close(): Promise<void>;
}

/** One replica on its own: nothing to share. */
export class LocalCluster implements Cluster {
  readonly store = "memory";
  readonly connected = true;
  #host: ClusterHost | undefined;

  constructor(readonly replica: string) {}

  start(host: ClusterHost): Promise<void> {
    this.#host = host;
    return Promise.resolve();
  }

  replicas(): ReplicaStatus[] {
    return this.#host ? [replicaStatus(this.#host.describeReplica(), Date.now(), true)] : [];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Where this replica can be reached, for its presence record. */
export interface ReplicaAddresses {
  name: string;
  address: string;
  http?: string;
}

/** Exposes `balancer` to a {@link Cluster}. */
export function clusterHost(balancer: Balancer, where: ReplicaAddresses): ClusterHost {
  return {
    ownServers: () => balancer.ownServers(),
    adoptedServers: () => balancer.adoptedServers(),
    knows: (id) => balancer.backends.has(id), // down backends leave the map at once
    adopt: (record) => balancer.adopt(record),
    observe: (record) => {
      const backend = balancer.backends.get(record.id);
      if (!backend?.adopted) return;
      if (record.draining && backend.state === "up") {
        backend.setState("draining", `draining on replica ${record.via}`);
      } else if (!record.draining && backend.state === "draining") {
        backend.setState("up", `undrained on ${record.via}`);
      }
    },
    subscribe: (listener) => balancer.subscribe(listener),
    describeReplica: () => {
      const up = balancer.upBackends();
      return {
        ...where,
        started_at: balancer.startedAt,
        servers: up.filter((b) => !b.adopted).length,
        routes_to: up.length,
        in_flight: up.reduce((sum, b) => sum + b.inFlight, 0),
      };
    },
  };
}

/** A presence record as status shows it. */
export function replicaStatus(
  record: ReplicaRecord,
  lastSeen: number,
  self: boolean,
  up = true,
): ReplicaStatus {
  return {
    id: record.name,
    state: up ? "up" : "down",
    last_seen: new Date(lastSeen).toISOString(),
    self,
    address: record.address,
    http: record.http ?? null,
    started_at: new Date(record.started_at).toISOString(),
    servers: record.servers,
    routes_to: record.routes_to,
    in_flight: record.in_flight,
  };
}
