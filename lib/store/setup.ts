/**
 * Joins a cluster of replicas through the store named by `--store`: one connection for commands, one stream
 * follower, the shared registry and (when the cache is on) the shared cache. Start-up never fails because
 * the store is away: the replica starts alone and joins when the store answers.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { SemanticCache } from "../cache/semantic_cache.ts";
import type { ClusterHost } from "../balancer/cluster.ts";
import { StoreClient } from "./client.ts";
import { StreamFollower } from "./stream_follower.ts";
import { RedisCluster } from "./registry.ts";
import { SharedCache } from "./shared_cache.ts";
import type { StoreAddress } from "./url.ts";

/** Options of {@link joinStore}. */
export interface JoinOptions {
  address: StoreAddress;
  replica: string;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  log: Logger;
  /** The local cache to share, with the bounds the store applies. */
  cache?: { local: SemanticCache; capacity: number; ttlMs: number };
}

/** The shared parts of one replica, before the balancer exists (the registry starts later, given a host). */
export interface Shared {
  client: StoreClient;
  cluster: RedisCluster;
  cache?: SharedCache;
  /** Starts the registry for the running balancer. */
  start(host: ClusterHost): Promise<void>;
  close(): Promise<void>;
}

/** Connects to the store and prepares the shared registry and cache. */
export async function joinStore(options: JoinOptions): Promise<Shared> {
  const log = options.log.child("store");
  const client = new StoreClient({ address: options.address, replica: options.replica, log });
  const follower = new StreamFollower(client);
  await client.connect();
  const cluster = new RedisCluster({
    client,
    follower,
    replica: options.replica,
    heartbeatMs: options.heartbeatMs,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    log,
  });
  const cache = options.cache &&
    new SharedCache(options.cache.local, {
      client,
      follower,
      replica: options.replica,
      capacity: options.cache.capacity,
      ttlMs: options.cache.ttlMs,
      log: options.log.child("cache"),
    });
  await cache?.start();
  return {
    client,
    cluster,
    cache,
    async start(host) {
      await cluster.start(host);
      follower.start();
    },
    async close() {
      await cluster.close();
      await follower.close();
      client.close();
    },
  };
}
