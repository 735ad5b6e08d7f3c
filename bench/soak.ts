/**
 * Soak: steady load on a balancer with its semantic cache and three synthetic
 * servers, for AILB_SOAK_S seconds (default 300), with a mix of repeated
 * prompts (served from the cache after their first answer) and new ones. It
 * reports the balancer's resident memory (VmRSS from /proc) at the start,
 * middle and end, the requests served and every error, so memory growth or
 * failures under sustained load show up.
 *
 *   AILB_SOAK_S=60 deno task bench soak     # a shorter run
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient, AilbError } from "../lib/client.ts";
import { eventually, freePort, Proc } from "../tests/helpers.ts";
import { percentile, table } from "./stats.ts";

const SERVERS = 3;
const CLIENTS = 4;
const WORKERS_PER_CLIENT = 4;
/** Share of asks that repeat a prompt from a fixed pool (cache hits after the first answer). */
const REPEAT_SHARE = 0.5;
const POOL = 200;
const MAX_TOKENS = 20;
const SAMPLES = 10;

const WORDS = (
  "dragon princess castle forest river wizard fox lantern storm garden mirror ship island " +
  "owl winter bakery clock mountain thief candle harbor violin comet meadow"
).split(" ");

/** Resident memory of a process in MiB, from /proc/PID/status. */
async function rssMiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb / 1024;
}

/** A new prompt nobody asked before: a counter plus random words. */
function freshPrompt(i: number, random: () => number): string {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  return `Soak ${i}: a ${pick()} and a ${pick()} met by the ${pick()}`;
}

/** Runs the soak and returns its section of BENCHMARKS.md. */
export async function run(): Promise<string> {
  const durationS = Number(Deno.env.get("AILB_SOAK_S") ?? 300);
  if (!Number.isFinite(durationS) || durationS <= 0) throw new Error(`AILB_SOAK_S must be > 0 seconds`);
  const port = freePort();
  const balancer = new Proc(["balance", "--port", String(port), "--no-http", "--log-level", "warn"]);
  const servers = Array.from({ length: SERVERS }, () =>
    new Proc([
      "serve",
      String(freePort()),
      "--lb",
      `127.0.0.1:${port}`,
      "--engine",
      "synthetic",
      "--ttft-ms",
      "10",
      "--tokens-per-s",
      "400",
      "--concurrency",
      "16",
      "--log-level",
      "warn",
    ]));
  const clients: AilbClient[] = [];
  try {
    // The cache loads its embedding model first; give it time.
    const probe = await eventually(() => AilbClient.connect({ port }), 120_000, "the balancer to listen");
    clients.push(probe);
    await eventually(async () => (await probe.status()).backends.length === SERVERS, 30_000, "servers");
    for (let i = 1; i < CLIENTS; i++) clients.push(await AilbClient.connect({ port }));
    const pid = balancer.child.pid;
    const pool = Array.from(
      { length: POOL },
      (_, i) => `Pool story ${i}: once upon a time a ${WORDS[i % WORDS.length]}`,
    );
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

    const memory: { at: string; elapsedS: number; rss: number }[] = [];
    memory.push({ at: "start (idle, cache empty)", elapsedS: 0, rss: await rssMiB(pid) });
    const latencies: number[] = [];
    const errors = new Map<string, number>();
    let requests = 0;
    let fresh = 0;
    const started = performance.now();
    const endAt = started + durationS * 1000;
    const workers = clients.flatMap((client) =>
      Array.from({ length: WORKERS_PER_CLIENT }, async () => {
        while (performance.now() < endAt) {
          const repeat = random() < REPEAT_SHARE;
          const prompt = repeat ? pool[Math.floor(random() * POOL)] : freshPrompt(fresh++, random);
          const t = performance.now();
          try {
            await client.ask(prompt, { maxTokens: MAX_TOKENS }).result;
            latencies.push(performance.now() - t);
          } catch (error) {
            const code = error instanceof AilbError ? error.code : (error as Error).name;
            errors.set(code, (errors.get(code) ?? 0) + 1);
          }
          requests++;
        }
      })
    );
    const sampling = (async () => {
      for (let i = 1; i <= SAMPLES; i++) {
        const due = started + (durationS * 1000 * i) / SAMPLES;
        await sleep(Math.max(0, due - performance.now()));
        const label = i === SAMPLES / 2 ? "middle" : i === SAMPLES ? "end" : "";
        memory.push({ at: label, elapsedS: (performance.now() - started) / 1000, rss: await rssMiB(pid) });
      }
    })();
    await Promise.all([...workers, sampling]);
    const wallS = (performance.now() - started) / 1000;
    const status = await probe.status();
    const cache = status.cache;
    const counters = status.counters;
    const errorText = errors.size ? [...errors].map(([code, n]) => `${n} × ${code}`).join(", ") : "none";
    const first = memory[0].rss;
    const middle = memory.find((m) => m.at === "middle")!.rss;
    const last = memory[memory.length - 1].rss;
    return [
      `### Soak: ${Math.round(wallS)} s of steady load`,
      "",
      `${CLIENTS} client connections × ${WORKERS_PER_CLIENT} requests in flight each, against \`ailb balance\` ` +
      `(default flags, semantic cache on) and ${SERVERS} synthetic servers (10 ms to first token, 400 tokens/s, ` +
      `${MAX_TOKENS} tokens per answer). Half the prompts repeat one of ${POOL} (cache hits after the first ` +
      `answer), half are new every time (a miss, an embedding and a store). Duration: \`AILB_SOAK_S\` ` +
      `(default 300).`,
      "",
      table(["", "value"], [
        ["requests", String(requests)],
        ["errors", errorText],
        ["throughput", `${(requests / wallS).toFixed(0)} req/s`],
        [
          "latency p50 / p99",
          `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} ms`,
        ],
        [
          "cache hits / misses",
          `${cache?.hits ?? 0} / ${cache?.misses ?? 0} (coalesced ${counters.coalesced})`,
        ],
        [
          "cache entries at the end",
          `${cache?.entries ?? 0} (${((cache?.bytes ?? 0) / 1048576).toFixed(1)} MiB counted)`,
        ],
        ["balancer failures (counters)", `failed ${counters.failed}, retried ${counters.retried}`],
      ]),
      "",
      "Balancer memory (VmRSS):",
      "",
      table(
        ["when", "elapsed", "RSS"],
        memory.map((m) => [m.at, `${m.elapsedS.toFixed(0)} s`, `${m.rss.toFixed(1)} MiB`]),
      ),
      "",
      `Start → middle: ${(middle - first).toFixed(1)} MiB; middle → end: ${(last - middle).toFixed(1)} MiB ` +
      `(growth in the second half is what a leak would show; the first half includes the cache filling).`,
    ].join("\n");
  } finally {
    for (const client of clients) client.close();
    await Promise.all([balancer.stop(), ...servers.map((s) => s.stop())]);
  }
}
