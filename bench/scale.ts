/**
 * Scale-out benchmarks (`deno task bench scale`), every part a real process on loopback:
 * 1. throughput of 1 vs 2 balancer replicas behind HAProxy, same servers, same clients, rounds alternated;
 * 2. a cross-replica cache hit: answer generated through replica A, asked on replica B (exact and paraphrase),
 *    beside a hit on A itself; and how long an entry takes to reach another replica's index;
 * 3. what a replica carries: resident memory and CPU with 250…2000 streams in flight;
 * 4. store operations per request (Redis `INFO commandstats` deltas) and store memory per cache entry.
 * The figures feed docs/scaling.md.
 *
 * Each part is a module of its own (scale_throughput.ts, scale_cross_replica.ts, scale_streams.ts,
 * scale_store.ts), on the shared fixture in scale_cluster.ts; this one runs them in order.
 */
import { crossReplicaHit } from "./scale_cross_replica.ts";
import { storeOps } from "./scale_store.ts";
import { streamsPerReplica } from "./scale_streams.ts";
import { throughput } from "./scale_throughput.ts";

/** Runs every part; returns the markdown for BENCHMARKS.md. */
export async function run(): Promise<string> {
  const parts = [];
  for (const part of [throughput, crossReplicaHit, streamsPerReplica, storeOps]) {
    console.error(`bench scale: ${part.name}...`);
    parts.push(await part());
  }
  return parts.join("\n\n");
}
