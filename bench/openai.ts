/**
 * The cost of the OpenAI-compatible front: the same balancer and the same zero-cost backend
 * (bench/zero_backend.ts), reached four ways, rounds alternating between them so load from elsewhere on the
 * machine hits all alike:
 *
 * - ailb's own protocol over TCP (`AilbClient`), the reference;
 * - `POST /v1/completions` with `stream: false`, by `fetch` (keep-alive);
 * - the same with `stream: true`, reading the server-sent events to `[DONE]`;
 * - the official `openai` SDK, non-streaming.
 *
 * Figures: median latency with one request at a time, and requests per second with 16 in flight.
 *
 *   deno task bench openai        (rewrites its section of BENCHMARKS.md)
 *
 * @module
 */
import OpenAI from "openai";
import { AilbClient } from "../lib/client.ts";
import { eventually, freePort } from "../tests/helpers.ts";
import { comparePaths, spawn as spawnCommand } from "./paths.ts";
import { table } from "./stats.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;
const ZERO = new URL("./zero_backend.ts", import.meta.url).pathname;
const TOKENS = 16;

const spawn = (args: string[]) => spawnCommand(Deno.execPath(), args);

/** Runs the paths side by side; returns the markdown section. */
export async function run(): Promise<string> {
  const rounds = Number(Deno.env.get("AILB_BENCH_ROUNDS") ?? 3);
  const port = freePort();
  const http = freePort();
  const balancer = spawn([
    "run",
    "-A",
    "--config",
    CONFIG,
    MAIN,
    "balance",
    "--port",
    String(port),
    "--http",
    String(http),
    "--no-cache",
    "--log-level",
    "warn",
  ]);
  const backend = spawn(["run", "-A", ZERO, "--port", String(freePort()), "--lb", `127.0.0.1:${port}`]);
  const client = await eventually(() => AilbClient.connect({ port }), 60_000, "the balancer to listen");
  const base = `http://127.0.0.1:${http}/v1`;
  try {
    await eventually(
      async () => ((await client.status()).backends as unknown[]).length === 1,
      30_000,
      "the zero backend to register",
    );
    const sdk = new OpenAI({ baseURL: base, apiKey: "unused", maxRetries: 0 });
    const post = async (prompt: string, stream: boolean) => {
      const response = await fetch(`${base}/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "ailb", prompt, max_tokens: TOKENS, stream }),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text}`);
      if (stream && !text.endsWith("data: [DONE]\n\n")) throw new Error(`stream did not end with [DONE]`);
    };
    const rows = await comparePaths(
      [
        {
          name: "ailb protocol over TCP (AilbClient)",
          send: async (prompt) => void await client.ask(prompt, { maxTokens: TOKENS }).result,
        },
        { name: "/v1/completions, stream: false (fetch)", send: (prompt) => post(prompt, false) },
        {
          name: "/v1/completions, stream: true (fetch, SSE to [DONE])",
          send: (prompt) => post(prompt, true),
        },
        {
          name: "/v1/completions via the openai SDK",
          send: async (prompt) =>
            void await sdk.completions.create({ model: "ailb", prompt, max_tokens: TOKENS }),
        },
      ],
      rounds,
      3,
    );
    return `### OpenAI-compatible front vs ailb's own protocol\n\n` +
      `One \`ailb balance --no-cache\`, one zero-cost backend answering ${TOKENS} tokens per request; ` +
      `${rounds} rounds, the four paths alternating within each round. Latency: one request at a time for 1 s ` +
      `per round; throughput: 16 requests in flight for 1.5 s per round (median of rounds). Ratios are to the ` +
      `TCP path.\n\n` +
      table(
        ["path", "p50 ms", "p99 ms", "p50 vs TCP", "req/s at 16 in flight", "vs TCP"],
        rows,
      ) + "\n";
  } finally {
    client.close();
    await backend.stop();
    await balancer.stop();
  }
}

if (import.meta.main) console.log(await run());
