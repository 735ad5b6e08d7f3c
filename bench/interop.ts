/**
 * What the interoperability backends cost per request, side by side in one run (rounds alternate between
 * the paths so load from elsewhere on the machine hits all alike). The same client (`AilbClient`) asks:
 *
 * - a balancer whose server is the zero-cost backend (bench/zero_backend.ts): the reference;
 * - a balancer whose server is `ailb serve --engine openai` relaying to the first balancer's `/v1`
 *   (ailb in front of ailb: one more balancer hop plus HTTP and server-sent events);
 * - a balancer whose server is a legacy (original Python tool) server answering at once
 *   (tests/legacy/legacy_server.py): one new TCP connection per request, and a Python asyncio server
 *   (answers under 1024 bytes end with their first read, as the original protocol has it).
 *
 *   deno task bench interop        (rewrites its section of BENCHMARKS.md)
 *
 * @module
 */
import { AilbClient } from "../lib/client.ts";
import { eventually, freePort } from "../tests/helpers.ts";
import { comparePaths, spawn } from "./paths.ts";
import { table } from "./stats.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;
const ZERO = new URL("./zero_backend.ts", import.meta.url).pathname;
const LEGACY = new URL("../tests/legacy/legacy_server.py", import.meta.url).pathname;
const TOKENS = 16;

const ailb = (args: string[]) =>
  spawn(Deno.execPath(), ["run", "-A", "--config", CONFIG, MAIN, ...args, "--log-level", "warn"]);

/** A balancer on a free port (HTTP too when asked), and a client once it listens. */
async function balancer(http?: number) {
  const port = freePort();
  const proc = ailb([
    "balance",
    "--port",
    String(port),
    ...(http === undefined ? ["--no-http"] : ["--http", String(http)]),
    "--no-cache",
  ]);
  const client = await eventually(() => AilbClient.connect({ port }), 60_000, "a balancer to listen");
  return { port, proc, client };
}

async function oneServer(client: AilbClient, what: string): Promise<void> {
  await eventually(
    async () => ((await client.status()).backends as { state: string }[]).some((b) => b.state === "up"),
    60_000,
    what,
  );
}

/** Runs the paths side by side; returns the markdown section. */
export async function run(): Promise<string> {
  const rounds = Number(Deno.env.get("AILB_BENCH_ROUNDS") ?? 3);
  const http = freePort();
  const upstream = await balancer(http);
  const front = await balancer();
  const legacyFront = await balancer();
  const procs = [upstream.proc, front.proc, legacyFront.proc];
  try {
    procs.push(
      spawn(Deno.execPath(), [
        "run",
        "-A",
        ZERO,
        "--port",
        String(freePort()),
        "--lb",
        `127.0.0.1:${upstream.port}`,
      ]),
    );
    await oneServer(upstream.client, "the zero backend to register");
    procs.push(ailb([
      "serve",
      String(freePort()),
      "--lb",
      `127.0.0.1:${front.port}`,
      "--engine",
      "openai",
      "--upstream",
      `http://127.0.0.1:${http}/v1`,
      "--concurrency",
      "64",
    ]));
    await oneServer(front.client, "the openai relay to register");
    procs.push(
      spawn("python3", [LEGACY, "--lb", `127.0.0.1:${legacyFront.port}`, "--port", String(freePort())]),
    );
    await oneServer(legacyFront.client, "the legacy server to register");

    const ask = (client: AilbClient) => async (prompt: string) =>
      void await client.ask(prompt, { maxTokens: TOKENS }).result;
    const rows = await comparePaths(
      [
        { name: "zero-cost native server (reference)", send: ask(upstream.client) },
        { name: "openai relay → ailb /v1 → zero-cost server", send: ask(front.client) },
        { name: "legacy Python server (answers at once)", send: ask(legacyFront.client) },
      ],
      rounds,
      2,
    );
    return `### Interoperability backends: the openai relay and a legacy server\n\n` +
      `Three \`ailb balance --no-cache\` processes, asked by the same \`AilbClient\`: one with the zero-cost ` +
      `backend (${TOKENS} tokens per answer), one whose only server is \`serve --engine openai\` relaying to the ` +
      `first one's \`/v1\`, one whose only server is the Python legacy test server. ${rounds} rounds, the paths ` +
      `alternating within each round; latency one request at a time for 1 s per round, throughput with 16 in ` +
      `flight for 1.5 s per round (median of rounds). Ratios are to the reference. A legacy request opens a new ` +
      `TCP connection to its server; the answer (under 1024 bytes) is complete with its first read.

` +
      table(["path", "p50 ms", "p99 ms", "p50 vs reference", "req/s at 16 in flight", "vs reference"], rows) +
      "\n";
  } finally {
    for (const client of [upstream.client, front.client, legacyFront.client]) client.close();
    await Promise.all(procs.map((p) => p.stop()));
  }
}

if (import.meta.main) console.log(await run());
