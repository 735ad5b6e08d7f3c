/**
 * Side-by-side request paths for the benchmarks: child processes, and the two figures every path gets (median
 * latency one request at a time, requests per second with several in flight).
 *
 * @module
 */
import { percentile, ratio } from "./stats.ts";

/** A benchmark's child process (an `ailb` command, a zero backend, a Python peer), stopped with SIGTERM. */
export function spawn(command: string, args: string[]): { pid: number; stop(): Promise<void> } {
  const child = new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  return {
    pid: child.pid,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      }
      await child.status;
    },
  };
}

/** One way of sending a request; resolves when the whole answer arrived. */
export interface Path {
  name: string;
  send(prompt: string): Promise<void>;
  lat: number[];
  rates: number[];
}

/** Requests one at a time for `seconds`: per-request latencies (ms). */
export async function latencies(
  path: Path,
  seconds: number,
  prompt: (i: number) => string,
): Promise<number[]> {
  const out: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    await path.send(prompt(i));
    out.push(performance.now() - started);
  }
  return out;
}

/** `inFlight` requests kept going for `seconds`: requests per second. */
export async function throughput(
  path: Path,
  inFlight: number,
  seconds: number,
  prompt: (i: number) => string,
): Promise<number> {
  let done = 0;
  let next = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < end) {
      await path.send(prompt(next++));
      done++;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

/**
 * Measures `paths` side by side: a short warm-up, then `rounds` rounds alternating between the paths (so load
 * from elsewhere on the machine hits all alike), each round latency one request at a time for 1 s and
 * throughput with 16 in flight for 1.5 s; prompts differ across rounds. Returns one table row per path:
 * name, p50 and p99 latency (ms, `digits` decimals), p50 ratio to the first path, median req/s and its ratio.
 */
export async function comparePaths(
  sends: Pick<Path, "name" | "send">[],
  rounds: number,
  digits: number,
): Promise<string[][]> {
  const paths: Path[] = sends.map((p) => ({ ...p, lat: [], rates: [] }));
  let tag = 0;
  const prompt = (i: number) => `Tale ${tag}-${i}: once upon a time`;
  for (const path of paths) await throughput(path, 4, 0.5, prompt); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const path of paths) {
      tag++;
      path.lat.push(...await latencies(path, 1, prompt));
      tag++;
      path.rates.push(await throughput(path, 16, 1.5, prompt));
    }
  }
  const [reference] = paths;
  const p50 = (p: Path) => percentile(p.lat, 50);
  const rate = (p: Path) => percentile(p.rates, 50);
  return paths.map((p) => [
    p.name,
    p50(p).toFixed(digits),
    percentile(p.lat, 99).toFixed(digits),
    ratio(p50(p) / p50(reference)),
    rate(p).toFixed(0),
    ratio(rate(p) / rate(reference)),
  ]);
}
