/**
 * Balancing quality: seeded request traces replayed (open loop: each request leaves at its arrival time,
 * whatever is still running) against every strategy, each with a fresh balancer and fresh servers.
 *
 * 1. Unequal servers (synthetic engines at 50, 100 and 200 tokens/s per stream, 4 streams each) and a skewed
 *    mix of request lengths: latency (mean, p50, p99), throughput, and each server's share.
 * 2. Shared prefixes on equal servers: how many requests land on their prefix's server.
 *
 *   deno task bench quality       (rewrites its section of BENCHMARKS.md and docs/bench/*.svg)
 *
 * @module
 */
import { AilbClient } from "../lib/client.ts";
import { mulberry32 } from "../lib/random.ts";
import { STRATEGY_NAMES, type StrategyName } from "../lib/strategies/index.ts";
import { startCluster } from "../tests/helpers.ts";
import { percentile, ratio, table } from "./stats.ts";
import { barChart } from "./svg.ts";

const CHARTS = new URL("../docs/bench/", import.meta.url);

/** One request of a trace. */
interface TraceRequest {
  /** When it leaves, ms from the start. */
  at: number;
  prompt: string;
  maxTokens: number;
  /** Prefix group (prefix trace only). */
  group?: number;
}

/**
 * Poisson arrivals at `rate` per second for `seconds`; lengths skewed: 75% short (8–24 tokens), 20% medium
 * (40–80), 5% long (150–250).
 */
export function skewedTrace(seed: number, rate: number, seconds: number): TraceRequest[] {
  const random = mulberry32(seed);
  const out: TraceRequest[] = [];
  for (let at = 0, i = 0;; i++) {
    at += -Math.log(1 - random()) / rate * 1000;
    if (at > seconds * 1000) return out;
    const kind = random();
    const [lo, hi] = kind < 0.75 ? [8, 24] : kind < 0.95 ? [40, 80] : [150, 250];
    out.push({
      at,
      prompt: `Trace ${seed}-${i}: a story`,
      maxTokens: lo + Math.floor(random() * (hi - lo + 1)),
    });
  }
}

/** Documents whose text is each group's shared prefix (longer than the prefix strategy's 64 characters). */
const DOCUMENTS = [
  "The lighthouse keeper's log, winter of the great storm, page one:",
  "A letter from the queen of the northern isles to her youngest son:",
  "Notes from the village council meeting about the missing bridge:",
  "The recipe book of the baker who lived at the end of Willow Lane:",
  "A sailor's diary, written during the long calm south of the cape:",
  "The rules of the old game the children played in the castle yard:",
  "An account of the fox who opened a shop in the middle of the wood:",
  "The map maker's instructions for reaching the valley of lanterns:",
];

/** Poisson arrivals; each request continues one of the documents, popular ones more often (Zipf-like). */
export function prefixTrace(seed: number, rate: number, seconds: number): TraceRequest[] {
  const random = mulberry32(seed);
  const weights = DOCUMENTS.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: TraceRequest[] = [];
  for (let at = 0, i = 0;; i++) {
    at += -Math.log(1 - random()) / rate * 1000;
    if (at > seconds * 1000) return out;
    let pick = random() * total;
    let group = 0;
    while (pick > weights[group] && group < DOCUMENTS.length - 1) pick -= weights[group++];
    out.push({
      at,
      prompt: `${DOCUMENTS[group]} question ${i}?`,
      maxTokens: 10 + Math.floor(random() * 30),
      group,
    });
  }
}

interface Outcome {
  latencies: number[];
  backends: string[];
  groups: (number | undefined)[];
  seconds: number;
  tokens: number;
  failed: number;
}

/** Replays `trace` open loop on one connection; returns per-request latency (ms) and backend. */
async function replay(client: AilbClient, trace: TraceRequest[]): Promise<Outcome> {
  const started = performance.now();
  const outcome: Outcome = { latencies: [], backends: [], groups: [], seconds: 0, tokens: 0, failed: 0 };
  await Promise.all(trace.map(async (request) => {
    const wait = started + request.at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    try {
      const { stats } = await client.ask(request.prompt, { maxTokens: request.maxTokens, temperature: 0 })
        .result;
      outcome.latencies.push(performance.now() - sent);
      outcome.backends.push(stats.backend);
      outcome.groups.push(request.group);
      outcome.tokens += stats.tokens;
    } catch {
      outcome.failed++;
    }
  }));
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

/** Runs `trace` (after `warmup`) against a fresh balancer + servers with `strategy`. */
async function runStrategy(
  strategy: StrategyName,
  serveArgs: string[][],
  warmup: TraceRequest[],
  trace: TraceRequest[],
): Promise<{ outcome: Outcome; ports: number[] }> {
  const cluster = await startCluster({
    servers: serveArgs.length,
    balanceArgs: ["--strategy", strategy, "--no-cache"],
    serveArgs: (i) => serveArgs[i],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    // Warm-up: servers report rates in heartbeats, load-aware strategies need a few seconds of them.
    await replay(client, warmup);
    return { outcome: await replay(client, trace), ports: cluster.serverPorts };
  } finally {
    client.close();
    await cluster.stop();
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function unequal(): Promise<{ markdown: string }> {
  const speeds = [50, 100, 200];
  const serveArgs = speeds.map((s) => ["--tokens-per-s", String(s), "--concurrency", "4", "--ttft-ms", "20"]);
  // Capacity 4 × (50 + 100 + 200) = 1400 tokens/s; mean request ≈ 34 tokens → ~70% load at 29 requests/s.
  const rate = 29;
  const seconds = Number(Deno.env.get("AILB_QUALITY_SECONDS") ?? 20);
  const warmup = skewedTrace(7, rate, 5);
  const trace = skewedTrace(42, rate, seconds);
  const rows: { name: StrategyName; o: Outcome; shares: number[] }[] = [];
  for (const name of STRATEGY_NAMES) {
    console.error(`quality: ${name} on unequal servers…`);
    const { outcome, ports } = await runStrategy(name, serveArgs, warmup, trace);
    const shares = ports.map((p) =>
      outcome.backends.filter((b) => b === `127.0.0.1:${p}`).length / trace.length
    );
    rows.push({ name, o: outcome, shares });
  }
  const rr = rows.find((r) => r.name === "round-robin")!;
  const lc = rows.find((r) => r.name === "least-connections")!;
  const p99 = (o: Outcome) => percentile(o.latencies, 99);
  const loadAware = rows.filter((r) => r.name === "least-load" || r.name === "p2c");
  const best = loadAware.reduce((a, b) => p99(a.o) <= p99(b.o) ? a : b);
  await Deno.mkdir(CHARTS, { recursive: true });
  await Deno.writeTextFile(
    new URL("quality-latency.svg", CHARTS),
    barChart({
      title: "Unequal servers (50/100/200 tokens/s per stream): latency by strategy",
      categories: rows.map((r) => r.name),
      series: [
        { name: "mean", values: rows.map((r) => mean(r.o.latencies)) },
        { name: "p50", values: rows.map((r) => percentile(r.o.latencies, 50)) },
        { name: "p99", values: rows.map((r) => p99(r.o)) },
      ],
      unit: "ms",
    }),
  );
  await Deno.writeTextFile(
    new URL("quality-share.svg", CHARTS),
    barChart({
      title: "Share of requests per server (capacity 1 : 2 : 4)",
      categories: rows.map((r) => r.name),
      series: speeds.map((s, i) => ({ name: `${s} tokens/s`, values: rows.map((r) => 100 * r.shares[i]) })),
      unit: "% of requests",
      stacked: true,
      format: (v) => v.toFixed(0),
    }),
  );
  const markdown = `### Strategies on unequal servers\n\n` +
    `\`deno task bench quality\`: three synthetic servers at 50, 100 and 200 tokens/s per stream, 4 streams each ` +
    `(capacity 1 : 2 : 4), a fresh balancer and servers per strategy. Trace (seed 42): Poisson arrivals at ${rate}` +
    ` requests/s for ${seconds} s (${trace.length} requests, ~70% of capacity), lengths skewed (75% 8–24 tokens, ` +
    `20% 40–80, 5% 150–250), replayed open loop after a 5 s warm-up trace.\n\n` +
    table(
      [
        "strategy",
        "mean ms",
        "p50 ms",
        "p99 ms",
        "p99 vs round robin",
        "p99 vs least conn.",
        "tokens/s",
        "share 50 / 100 / 200",
        "failed",
      ],
      rows.map(({ name, o, shares }) => [
        name,
        mean(o.latencies).toFixed(0),
        percentile(o.latencies, 50).toFixed(0),
        p99(o).toFixed(0),
        ratio(p99(o) / p99(rr.o)),
        ratio(p99(o) / p99(lc.o)),
        (o.tokens / o.seconds).toFixed(0),
        shares.map((s) => `${(100 * s).toFixed(0)}%`).join(" / "),
        String(o.failed),
      ]),
    ) +
    `\n\n![latency by strategy](docs/bench/quality-latency.svg)\n\n![share per server](docs/bench/quality-share.svg)\n\n` +
    `- Best load-aware p99 (${best.name}): ${ratio(p99(best.o) / p99(rr.o))} round robin's (target ≤ 0.6×: ${
      p99(best.o) <= 0.6 * p99(rr.o) ? "met" : "**not met**"
    }), ${ratio(p99(best.o) / p99(lc.o))} least connections' (target ≤ 0.8×: ${
      p99(best.o) <= 0.8 * p99(lc.o) ? "met" : "**not met**"
    }).\n`;
  return { markdown };
}

async function prefixes(): Promise<string> {
  const serveArgs = [0, 1, 2].map(() => ["--tokens-per-s", "100", "--concurrency", "4", "--ttft-ms", "20"]);
  const rate = 20;
  const seconds = Number(Deno.env.get("AILB_QUALITY_SECONDS") ?? 20) * 0.75;
  const warmup = prefixTrace(8, rate, 3);
  const trace = prefixTrace(43, rate, seconds);
  const rows: string[][] = [];
  const affinities: number[] = [];
  for (const name of STRATEGY_NAMES) {
    console.error(`quality: ${name} on the prefix trace…`);
    const { outcome } = await runStrategy(name, serveArgs, warmup, trace);
    // A prefix's server is where most of its requests went; affinity = share of requests that went there.
    let together = 0;
    for (let group = 0; group < DOCUMENTS.length; group++) {
      const counts = new Map<string, number>();
      outcome.backends.forEach((b, i) => {
        if (outcome.groups[i] === group) counts.set(b, (counts.get(b) ?? 0) + 1);
      });
      together += Math.max(0, ...counts.values());
    }
    const affinity = together / outcome.latencies.length;
    affinities.push(100 * affinity);
    rows.push([
      name,
      `${(100 * affinity).toFixed(1)}%`,
      percentile(outcome.latencies, 50).toFixed(0),
      percentile(outcome.latencies, 99).toFixed(0),
      String(outcome.failed),
    ]);
  }
  await Deno.writeTextFile(
    new URL("prefix-affinity.svg", CHARTS),
    barChart({
      title: "Shared prefixes: requests on their prefix's server",
      categories: [...STRATEGY_NAMES],
      series: [{ name: "requests on their prefix's server", values: affinities }],
      unit: "%",
      format: (v) => v.toFixed(0),
    }),
  );
  return `### Prefix affinity\n\n` +
    `Same command. Three equal servers (100 tokens/s per stream, 4 streams); trace (seed 43): ${trace.length} ` +
    `requests at ${rate}/s, each continuing one of ${DOCUMENTS.length} documents (a shared prefix of 64+ ` +
    `characters; popular documents more often, Zipf-like), 10–39 tokens. A prefix's server is the one most of its ` +
    `requests went to; the share of requests that went there is what a prefix (KV) cache on the servers could ` +
    `reuse.\n\n` +
    table(["strategy", "requests on their prefix's server", "p50 ms", "p99 ms", "failed"], rows) +
    `\n\n![prefix affinity](docs/bench/prefix-affinity.svg)\n`;
}

/** Runs both traces against every strategy; returns the markdown section. */
export async function run(): Promise<string> {
  const { markdown } = await unequal();
  return `## Balancing quality\n\n${markdown}\n${await prefixes()}`;
}

if (import.meta.main) console.log(await run());
