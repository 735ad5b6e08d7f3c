/**
 * Balancer benchmark: the cache end to end with the story model (real processes over loopback).
 * The cost of the hop is measured in `hop.ts` (zero-cost backend), strategies in `quality.ts`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import { eventually, freePort, Proc } from "../tests/helpers.ts";
import { percentile, ratio, table } from "./stats.ts";

async function cluster(balanceArgs: string[], serveArgs: string[][], engine = "synthetic") {
  const port = freePort();
  const cache = balanceArgs.some((a) => a.startsWith("--cache")) ? [] : ["--no-cache"];
  // Quiet logs: a line per request would tax the balancer being measured.
  const balancer = new Proc([
    "balance",
    "--port",
    String(port),
    "--no-http",
    "--log-level",
    "warn",
    ...cache,
    ...balanceArgs,
  ]);
  const servers = serveArgs.map((args) => {
    const serverPort = freePort();
    const lb = `127.0.0.1:${port}`;
    return {
      port: serverPort,
      proc: new Proc([
        "serve",
        String(serverPort),
        "--lb",
        lb,
        "--engine",
        engine,
        "--log-level",
        "warn",
        ...args,
      ]),
    };
  });
  const client = await eventually(() => AilbClient.connect({ port }), 30_000, "the balancer to listen");
  const deadline = performance.now() + 15_000;
  while (((await client.status()).backends as unknown[]).length < servers.length) {
    if (performance.now() > deadline) throw new Error("servers did not register");
    await sleep(100);
  }
  return {
    port,
    client,
    servers,
    async stop() {
      client.close();
      await Promise.all([balancer.stop(), ...servers.map((s) => s.proc.stop())]);
    },
  };
}

const STORIES = [
  [
    "Once upon a time, a little girl found a dragon in the forest.",
    "once upon a time a small girl discovered a dragon in the woods",
  ],
  [
    "Tell me a story about a brave knight who saved the king.",
    "tell me a story about a courageous knight who rescued the king",
  ],
  [
    "The old fisherman caught a golden fish one morning.",
    "One morning the old fisherman caught a golden fish.",
  ],
  ["A clever fox tricked the hungry wolf.", "A clever fox trickd the hungry wolf."],
  [
    "Once upon a time there was a princess who lived in a tall tower.",
    "Once upon a time there was a princess who lived in a high tower.",
  ],
];

async function cacheEndToEnd(): Promise<string> {
  // The real story model behind the balancer: a miss pays for generation, a hit only for the lookup.
  const c = await cluster(["--cache-size", "1000"], [["--concurrency", "1"]], "llm");
  const rows: string[][] = [];
  let note = "";
  try {
    const miss: number[] = [];
    const exact: number[] = [];
    const semantic: number[] = [];
    let paraphraseMisses = 0;
    const timed = async (prompt: string) => {
      const t = performance.now();
      const { stats } = await c.client.ask(prompt, { maxTokens: 50 }).result;
      return { ms: performance.now() - t, cached: stats.cached };
    };
    for (const [original, paraphrase] of STORIES) {
      const first = await timed(original);
      const again = await timed(original);
      const other = await timed(paraphrase);
      if (first.cached || !again.cached) throw new Error(`unexpected cache behaviour for "${original}"`);
      miss.push(first.ms);
      exact.push(again.ms);
      if (other.cached) semantic.push(other.ms);
      else paraphraseMisses++;
    }
    note = paraphraseMisses
      ? ` (${paraphraseMisses} of ${STORIES.length} paraphrases were not recognised)`
      : "";
    const base = percentile(miss, 50);
    for (
      const [name, values] of [["miss (generate 50 tokens)", miss], ["exact hit", exact], [
        "paraphrase hit",
        semantic,
      ]] as const
    ) {
      rows.push([
        name,
        percentile(values, 50).toFixed(1),
        Math.max(...values).toFixed(1),
        ratio(percentile(values, 50) / base),
      ]);
    }
  } finally {
    await c.stop();
  }
  return `### Cache: end-to-end hit vs miss\n\nClient → balancer → cache (→ one bundled story-model server), ` +
    `${STORIES.length} prompts, each asked, asked again verbatim, then paraphrased; 50 tokens${note}.\n\n` +
    table(["request", "p50 ms", "max ms", "p50 vs miss"], rows);
}

/** Runs the balancer benchmarks; returns a markdown section. */
export async function run(): Promise<string> {
  return `## Balancer\n\n${await cacheEndToEnd()}\n`;
}

if (import.meta.main) console.log(await run());
