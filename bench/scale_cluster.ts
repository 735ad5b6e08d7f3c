/**
 * The fixture every part of the scale benchmark (bench/scale.ts) runs on: real processes on loopback — a
 * Redis store, balancer replicas sharing it, optionally HAProxy in front, and synthetic servers registered
 * through the front (or the first replica). Kept apart so each part's module holds only what it measures.
 *
 * @module
 */
import { AilbClient } from "../lib/client.ts";
import { startHaproxy } from "../lib/haproxy.ts";
import { eventually, freePort, Proc, RedisServer } from "../tests/helpers.ts";

const QUIET = ["--log-level", "warn"];

/** A running scale-out setup; {@link Cluster.stop} ends every process in it. */
export interface Cluster {
  redis: RedisServer;
  replicas: { port: number; proc: Proc }[];
  servers: Proc[];
  front?: { port: number; stop(): Promise<void> };
  stop(): Promise<void>;
}

/** A store, `replicas` replicas, optionally HAProxy in front, and synthetic servers registered through it. */
export async function cluster(options: {
  replicas: number;
  servers: number;
  balanceArgs?: string[];
  serveArgs?: string[];
  front?: boolean;
}): Promise<Cluster> {
  const redis = await RedisServer.start();
  const replicas = Array.from({ length: options.replicas }, (_, i) => {
    const port = freePort();
    const proc = new Proc([
      "balance",
      "--port",
      String(port),
      "--no-http",
      "--store",
      redis.url,
      "--replica-name",
      `r${i + 1}`,
      ...QUIET,
      ...(options.balanceArgs ?? []),
    ]);
    return { port, proc };
  });
  for (const r of replicas) {
    const client = await eventually(
      () => AilbClient.connect({ port: r.port }),
      60_000,
      "a replica to listen",
    );
    client.close();
  }
  let front: Cluster["front"];
  if (options.front) {
    const port = freePort();
    const haproxy = await startHaproxy({
      host: "127.0.0.1",
      port,
      replicas: replicas.map((r) => `127.0.0.1:${r.port}`),
    });
    front = { port, stop: haproxy.stop };
  }
  const lb = front?.port ?? replicas[0].port;
  const servers = Array.from({ length: options.servers }, () =>
    new Proc([
      "serve",
      String(freePort()),
      "--lb",
      `127.0.0.1:${lb}`,
      "--engine",
      "synthetic",
      ...QUIET,
      ...(options.serveArgs ?? []),
    ]));
  for (const r of replicas) {
    const client = await AilbClient.connect({ port: r.port });
    try {
      await eventually(
        async () =>
          (await client.status()).backends.filter((b) => b.state === "up").length === options.servers,
        30_000,
        "every replica to route to every server",
      );
    } finally {
      client.close();
    }
  }
  return {
    redis,
    replicas,
    servers,
    front,
    async stop() {
      await Promise.all([...replicas.map((r) => r.proc.stop()), ...servers.map((s) => s.stop())]);
      await front?.stop();
      await redis.stop();
    },
  };
}
