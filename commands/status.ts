/**
 * `ailb status`: ask a running balancer for its state, once or every few seconds (`--watch`).
 *
 * @module
 */
import {
  BALANCER_CLIENT_HELP,
  BALANCER_CLIENT_OPTIONS,
  balancerConnectOptions,
} from "../lib/balancer_flags.ts";
import type { BalancerStatus, ServerStatus } from "../lib/balancer/status.ts";
import { AilbClient } from "../lib/client.ts";
import {
  COMMON_HELP,
  parseDuration,
  runCommand,
  shutdownSignal,
  unreachable,
  UsageError,
} from "../lib/cli.ts";

export const USAGE = `Usage: ailb status [options]

Prints the balancer's servers (down ones too, for 10 minutes), their load and its counters.

Options:
  --lb HOST:PORT            balancer address (default 127.0.0.1:1234)
  --json                    print the state as JSON (one object; with --watch, one per line)
  --watch                   print again every --interval until Ctrl-C
  --interval DURATION       time between two prints with --watch (default 2s, at least 100ms)
${BALANCER_CLIENT_HELP}
${COMMON_HELP}`;

const OPTIONS = {
  ...BALANCER_CLIENT_OPTIONS,
  json: { type: "boolean" },
  watch: { type: "boolean" },
  interval: { type: "string" },
} as const;

/** Runs `ailb status`. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values }) => {
    const connectOptions = await balancerConnectOptions(values);
    if (values.interval !== undefined && !values.watch) throw new UsageError("--interval needs --watch");
    const intervalMs = parseDuration(values.interval ?? "2s", "--interval");
    if (intervalMs < 100) throw new UsageError(`--interval must be at least 100ms, got "${values.interval}"`);
    const connect = () => AilbClient.connect(connectOptions);
    const print = (status: BalancerStatus) => {
      console.log(values.json ? JSON.stringify(status, null, values.watch ? undefined : 2) : render(status));
    };
    if (!values.watch) {
      try {
        const client = await connect();
        try {
          print(await client.status());
        } finally {
          client.close();
        }
      } catch (error) {
        console.error(unreachable(error as Error, values.lb));
        return 1;
      }
      return 0;
    }
    return await watch(connect, print, intervalMs, values.lb, Boolean(values.json));
  }, { positionals: false });
}

/**
 * Prints the state every `intervalMs` until Ctrl-C. A balancer that goes away is
 * reported once and reconnected to, since watching is for seeing such things.
 */
async function watch(
  connect: () => Promise<AilbClient>,
  print: (status: BalancerStatus) => void,
  intervalMs: number,
  lb: string,
  json: boolean,
): Promise<number> {
  const stopped = shutdownSignal();
  let stop = false;
  stopped.then(() => stop = true);
  const clear = !json && Deno.stdout.isTerminal();
  let client: AilbClient | undefined;
  let lastError = "";
  while (!stop) {
    try {
      client ??= await connect();
      const status = await client.status();
      if (clear) await Deno.stdout.write(new TextEncoder().encode("\x1b[H\x1b[2J"));
      print(status);
      if (!json) {
        console.log(`\nevery ${intervalMs / 1000} s · ${new Date().toLocaleTimeString()} · Ctrl-C stops`);
      }
      lastError = "";
    } catch (error) {
      client?.close();
      client = undefined;
      const message = unreachable(error as Error, lb);
      if (message !== lastError) console.error(message);
      lastError = message;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([stopped, new Promise((resolve) => timer = setTimeout(resolve, intervalMs))]);
    clearTimeout(timer);
  }
  client?.close();
  return 0;
}

function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  return s < 60 ? `${s.toFixed(1)} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

function row(b: ServerStatus, cluster: boolean): string[] {
  return [
    ...(cluster ? [b.via ?? ""] : []),
    b.name,
    b.state,
    ago(b.since),
    b.model,
    String(b.in_flight),
    String(b.queued),
    String(b.served),
    String(b.failed),
    String(b.tokens_per_s),
    `${ago(b.last_heartbeat)} ago`,
    b.reason ?? "",
  ];
}

/** The human-readable table. */
export function render(status: BalancerStatus): string {
  const out: string[] = [];
  const { queue, counters: c, cache } = status;
  out.push(
    `ailb ${status.version} · strategy ${status.strategy} · up ${ago(status.started_at)} · ` +
      `queue ${queue.waiting}/${queue.max} (timeout ${queue.timeout_ms / 1000} s)`,
  );
  // Several replicas: the store, every replica, and which replica each server registered through.
  const cluster = status.store !== undefined && status.store.address !== "memory";
  if (cluster) {
    const store = status.store!;
    out.push(
      `store ${store.address} (${store.connected ? "connected" : "UNREACHABLE: running on local state"})`,
    );
    const replicas = (status.replicas ?? []).map((r) => [
      r.self ? `${r.id} (this)` : r.id,
      r.state,
      r.address,
      String(r.servers),
      String(r.routes_to),
      String(r.in_flight),
      `${ago(r.last_seen)} ago`,
    ]);
    out.push(
      ...table(["replica", "state", "address", "registered", "routes_to", "in_flight", "seen"], replicas),
    );
  }
  if (!status.backends.length) out.push("no servers registered");
  else {
    const header = [
      ...(cluster ? ["via"] : []),
      "server",
      "state",
      "since",
      "model",
      "in_flight",
      "queued",
      "served",
      "failed",
      "tok/s",
      "heard",
      "reason",
    ];
    out.push(...table(header, status.backends.map((b) => row(b, cluster))));
  }
  out.push(
    `requests ${c.requests}: completed ${c.completed}, failed ${c.failed}, cancelled ${c.cancelled}, ` +
      `no server ${c.no_backend}, overloaded ${c.overloaded}, retried ${c.retried}, ` +
      `failovers ${c.failovers}, ejections ${c.ejections}, coalesced ${c.coalesced}, ` +
      `heartbeat misses ${c.heartbeat_misses}`,
  );
  if (!cache) out.push("cache: off");
  else {
    const rate = cache.hit_rate === null ? "no lookups" : `${(cache.hit_rate * 100).toFixed(1)}% hit rate`;
    out.push(
      `cache: ${cache.entries}/${cache.settings.capacity} entries, ${rate} (${cache.exact_hits} exact, ` +
        `${cache.semantic_hits} semantic, ${cache.misses} misses), threshold ${cache.settings.threshold}, ` +
        `ttl ${cache.settings.ttl_ms ? `${cache.settings.ttl_ms / 1000} s` : "none"}`,
    );
  }
  return out.join("\n");
}

/** Lines of a table: the header and rows, columns padded to their widest cell. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
}
