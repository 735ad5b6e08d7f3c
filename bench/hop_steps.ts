/**
 * What each hot-path change bought: the hop benchmark's balancer path (zero-cost backend, one client) run
 * against the balancer of several commits, one after another, with today's benchmark tools.
 *
 *   deno run -A bench/hop_steps.ts [COMMIT[=LABEL]...]     (default: the steps of the hop work and HEAD)
 *
 * Each commit is checked out into a temporary git worktree (its dependencies linked from this checkout);
 * prints a markdown table: p50 at 1 in flight, req/s at 16 and 64, chunk frames/s, and the balancer's CPU
 * time per request (the figure that moves least with other load on the machine).
 *
 * @module
 */
import { balancerWithZeroBackend, cpuMs } from "./hop.ts";
import { drive, HopClient } from "./hop_client.ts";
import { percentile, table } from "./stats.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const SECONDS = Number(Deno.env.get("AILB_STEP_SECONDS") ?? 3);

async function git(...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", { args, cwd: ROOT, stderr: "inherit" }).output();
  if (!out.success) throw new Error(`git ${args.join(" ")} failed`);
  return new TextDecoder().decode(out.stdout).trim();
}

/** Measures the balancer of the checkout at `dir`. */
async function measure(dir: string): Promise<string[]> {
  Deno.env.set("AILB_BENCH_CHECKOUT", dir);
  const setup = await balancerWithZeroBackend(false);
  const client = await HopClient.connect(setup.port, "client");
  let n = 0;
  const prompt = () => `Step ${n++}: once upon a time`;
  const cells: string[] = [];
  try {
    await drive(client, { inFlight: 16, seconds: 0.5, maxTokens: 16, prompt });
    const cpu: string[] = [];
    for (const [inFlight, maxTokens] of [[1, 16], [16, 16], [64, 16], [16, 256]]) {
      const before = await cpuMs(setup.pid);
      const r = await drive(client, { inFlight, seconds: SECONDS, maxTokens, prompt });
      const used = await cpuMs(setup.pid) - before;
      if (maxTokens === 256) cells.push((r.chunks / r.seconds / 1000).toFixed(1));
      else if (inFlight === 1) cells.push(percentile(r.latencies, 50).toFixed(3));
      else cells.push((r.requests / r.seconds).toFixed(0));
      cpu.push((1000 * used / r.requests / (maxTokens === 256 ? 257 : 1)).toFixed(maxTokens === 256 ? 2 : 0));
    }
    cells.push(cpu.slice(0, 3).join(" / "), cpu[3]);
  } finally {
    client.close();
    await setup.stop();
    Deno.env.delete("AILB_BENCH_CHECKOUT");
  }
  return cells;
}

/** The steps of the hop work, oldest first: commit and what it changed. */
export const STEPS: [string, string][] = [
  ["75e9c94", "before: per-frame async iteration (ReadableStream, 4 generator levels), a write per frame"],
  ["9e1f197", "writes wait for the end of the macrotask (setImmediate) instead of one microtask"],
  ["b990014", "batched relay: one read → one event batch → chunks handed on synchronously"],
];

/** Measures each `[rev, label]` in turn; returns the markdown table. */
export async function steps(list: [string, string][]): Promise<string> {
  const rows: string[][] = [];
  for (const [rev, label] of list) {
    const commit = await git("rev-parse", "--short", rev);
    const dir = await Deno.makeTempDir({ prefix: "ailb-step-" });
    await git("worktree", "add", "--quiet", "--detach", dir, commit);
    try {
      await Deno.symlink(`${ROOT}/node_modules`, `${dir}/node_modules`);
      console.error(`hop_steps: measuring ${commit} (${label})…`);
      rows.push([label, commit, ...await measure(dir)]);
    } finally {
      await git("worktree", "remove", "--force", dir);
    }
  }
  return table(
    [
      "step",
      "commit",
      "p50 ms (1 in flight)",
      "req/s (16)",
      "req/s (64)",
      "chunk frames/s (k)",
      "CPU µs/request (1 / 16 / 64)",
      "CPU µs/relayed frame",
    ],
    rows,
  );
}

if (import.meta.main) {
  const list = Deno.args.map((arg): [string, string] => {
    const [rev, label] = arg.includes("=") ? arg.split("=", 2) : [arg, arg];
    return [rev, label];
  });
  console.log(await steps(list.length ? list : [...STEPS, ["HEAD", "this checkout"]]));
}
