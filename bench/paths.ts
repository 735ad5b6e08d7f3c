/**
 * Side-by-side request paths for the benchmarks: child processes, and the two figures every path gets (median
 * latency one request at a time, requests per second with several in flight).
 *
 * @module
 */

/** A benchmark's child process (an `ailb` command, a zero backend, a Python peer), stopped with SIGTERM. */
export function spawn(command: string, args: string[]): { stop(): Promise<void> } {
  const child = new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  return {
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
