/**
 * The setup shared by the scale-out tests (scale_out_*_test.ts): replicas of `ailb balance` on one redis
 * store, synthetic servers registered through a replica, a replica's status and the servers it routes to,
 * requests sent continuously while parts are killed, and stopping it all.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import type { BalancerStatus } from "../lib/balancer/status.ts";
import { freePort, Proc, RedisServer } from "./helpers.ts";

export const PASSWORD = "s3cret-Pa55";
export const HEARTBEAT = ["--heartbeat-interval", "250ms", "--heartbeat-timeout", "1500ms"];

export interface Replica {
  name: string;
  port: number;
  /** Web port, for the replica started with one. */
  http?: number;
  proc: Proc;
}

/** Starts `names.length` replicas on one store; the first gets the password from the environment variable. */
export async function startReplicas(
  redis: RedisServer,
  names: string[],
  extra: string[] = [],
  withHttp?: string,
): Promise<Replica[]> {
  const replicas = names.map((name, i) => {
    const port = freePort();
    const http = name === withHttp ? freePort() : undefined;
    const store = i === 0
      ? ["--store", `redis://127.0.0.1:${redis.port}`, "--store-password-env", "AILB_TEST_STORE_PASSWORD"]
      : ["--store", redis.url];
    const web = http === undefined ? ["--no-http"] : ["--http", String(http)];
    const args = ["balance", "--port", String(port), ...web, "--replica-name", name, ...store, ...HEARTBEAT];
    const env = { AILB_TEST_STORE_PASSWORD: PASSWORD };
    return { name, port, http, proc: new Proc([...args, ...extra], { env }) };
  });
  for (const r of replicas) await r.proc.waitFor(/Replica \S+ joined the cluster/, 60_000);
  return replicas;
}

export function startServers(
  lbPort: number,
  count: number,
  extra: string[] = [],
): { port: number; proc: Proc }[] {
  return Array.from({ length: count }, () => {
    const port = freePort();
    const args = ["serve", String(port), "--lb", `127.0.0.1:${lbPort}`, "--engine", "synthetic", ...extra];
    return { port, proc: new Proc(args) };
  });
}

export async function status(port: number): Promise<BalancerStatus> {
  const client = await AilbClient.connect({ port });
  try {
    return await client.status() as BalancerStatus;
  } finally {
    client.close();
  }
}

/** Up server ids a replica routes to. */
export async function upServers(port: number): Promise<string[]> {
  return (await status(port)).backends.filter((b) => b.state === "up").map((b) => b.id).sort();
}

/** Asks continuously on each port until stopped; collects every failure. */
export function load(ports: number[], prefix: string) {
  let running = true;
  const failures: string[] = [];
  let completed = 0;
  const loops = ports.map(async (port, n) => {
    const client = await AilbClient.connect({ port });
    try {
      for (let i = 0; running; i++) {
        try {
          // Distinct prompts and no cache: every request really travels to a server.
          await client.ask(`${prefix} ${n} ${i}`, { maxTokens: 4, cache: false }).result;
          completed++;
        } catch (error) {
          // Kept short and paced: a broken connection must fail the test, not flood its memory.
          if (failures.length < 20) {
            failures.push(`replica on ${port}, request ${i}: ${(error as Error).message}`);
          }
          await sleep(50);
        }
      }
    } finally {
      client.close();
    }
  });
  return {
    get completed() {
      return completed;
    },
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export async function stopAll(procs: Proc[], redis: RedisServer): Promise<void> {
  await Promise.all(procs.map((p) => p.stop()));
  await redis.stop();
}
