/**
 * Part 1 of the scale benchmark (bench/scale.ts): throughput of 1 vs 2 balancer replicas behind HAProxy, same
 * servers, same clients, rounds alternated.
 *
 * @module
 */
import { AilbClient } from "../lib/client.ts";
import { type Cluster, cluster } from "./scale_cluster.ts";
import { percentile, ratio, table } from "./stats.ts";

/** Requests completed per second by `connections` clients × `inFlight` loops on `port` for `seconds`. */
async function drive(port: number, connections: number, inFlight: number, seconds: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: connections }, () => AilbClient.connect({ port })));
  let done = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(clients.flatMap((client, c) =>
    Array.from({ length: inFlight }, async (_, l) => {
      for (let i = 0; performance.now() < deadline; i++) {
        try {
          await client.ask(`bench ${c} ${l} ${i}`, { maxTokens: 16, cache: false }).result;
          done++;
        } catch {
          failed++;
        }
      }
    })
  ));
  const elapsed = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  if (failed) throw new Error(`${failed} requests failed during the throughput run`);
  return done / elapsed;
}

/** Requests/s through HAProxy with one replica and with two; returns the markdown section. */
export async function throughput(): Promise<string> {
  // Unpaced synthetic servers with room for everything: the balancer hop is what is measured.
  const serveArgs = ["--tokens-per-s", "0", "--ttft-ms", "0", "--concurrency", "256"];
  const setups = [1, 2];
  const rates = new Map<number, number[]>(setups.map((n) => [n, []]));
  const ROUNDS = 5;
  const clusters = new Map<number, Cluster>();
  try {
    for (const n of setups) {
      clusters.set(
        n,
        await cluster({ replicas: n, servers: 4, front: true, balanceArgs: ["--no-cache"], serveArgs }),
      );
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of round % 2 ? [...setups].reverse() : setups) {
        const c = clusters.get(n)!;
        rates.get(n)!.push(await drive(c.front!.port, 8, 16, 3));
      }
    }
  } finally {
    for (const c of clusters.values()) await c.stop();
  }
  const median = (n: number) => percentile(rates.get(n)!, 50);
  return [
    "### Throughput: 1 vs 2 replicas behind HAProxy",
    "",
    "Four unpaced synthetic servers (16 tokens per answer, no cache), 8 client connections × 16 requests in " +
    `flight through HAProxy (TCP, leastconn), ${ROUNDS} rounds of 3 s alternated; median requests/s.`,
    "",
    table(["replicas", "requests/s", "vs 1 replica"], [
      ["1", median(1).toFixed(0), ratio(1)],
      ["2", median(2).toFixed(0), ratio(median(2) / median(1))],
    ]),
    "",
    `On ${navigator.hardwareConcurrency} cores the replicas, the servers, HAProxy and the load generator share ` +
    "the CPUs, so a second replica can only help as far as a core is free for it; on separate machines each " +
    "replica adds its own core's worth of relaying.",
  ].join("\n");
}
