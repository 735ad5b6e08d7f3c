/**
 * Part 3 of the scale benchmark (bench/scale.ts): what one replica carries — resident memory and CPU with
 * 250…2000 streams in flight.
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import { cluster } from "./scale_cluster.ts";
import { table } from "./stats.ts";

/** Resident memory (KiB) and CPU time (s) of a process, from /proc. */
async function usage(pid: number): Promise<{ rssKiB: number; cpuS: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const stat = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, fields 14 and 15
  return { rssKiB: Number(status.match(/VmRSS:\s+(\d+)/)![1]), cpuS: ticks / 100 };
}

/** One replica's memory and CPU at growing numbers of open streams; returns the markdown section. */
export async function streamsPerReplica(): Promise<string> {
  // Slow streams (5 tokens/s, 60 tokens): every request stays open ~12 s, so the in-flight count is exact.
  const c = await cluster({
    replicas: 1,
    servers: 4,
    balanceArgs: ["--no-cache", "--max-queue", "100000"],
    serveArgs: ["--tokens-per-s", "5", "--ttft-ms", "0", "--concurrency", "1024", "--max-queue", "10000"],
  });
  const replica = c.replicas[0];
  const pid = replica.proc.child.pid;
  const rows: string[][] = [];
  let base: { rssKiB: number } | undefined;
  try {
    await sleep(500);
    base = await usage(pid);
    rows.push(["0", (base.rssKiB / 1024).toFixed(1), "", ""]);
    for (const streams of [250, 500, 1000, 2000]) {
      const clients = await Promise.all(
        Array.from({ length: 10 }, () => AilbClient.connect({ port: replica.port })),
      );
      const asks = Array.from(
        { length: streams },
        (_, i) => clients[i % clients.length].ask(`stream ${streams} ${i}`, { maxTokens: 60, cache: false }),
      );
      // Every stream has started once its first chunk arrived.
      await Promise.all(asks.map((ask) => ask[Symbol.asyncIterator]().next()));
      const before = await usage(pid);
      await sleep(3000);
      const after = await usage(pid);
      const cpu = (after.cpuS - before.cpuS) / 3;
      rows.push([
        String(streams),
        (after.rssKiB / 1024).toFixed(1),
        ((after.rssKiB - base.rssKiB) / streams).toFixed(1),
        `${(cpu * 100).toFixed(0)}% (${(cpu / (streams * 5) * 1e6).toFixed(0)} µs per token)`,
      ]);
      for (const ask of asks) await ask.result.catch(() => {});
      for (const client of clients) client.close();
    }
  } finally {
    await c.stop();
  }
  return [
    "### Streams one replica carries",
    "",
    "One replica (cache off), four synthetic servers streaming 5 tokens/s each request; the replica's resident " +
    "memory and CPU (from /proc) while N streams are in flight, measured over 3 s.",
    "",
    table(["streams in flight", "replica RSS MiB", "KiB per stream", "CPU (one core = 100%)"], rows),
  ].join("\n");
}
