/**
 * `ailb status`: ask a running balancer for its state.
 *
 * @module
 */
import { AilbClient } from "../lib/client.ts";
import { COMMON_HELP, parseAddress, runCommand, tokenFrom } from "../lib/cli.ts";

export const USAGE = `Usage: ailb status [options]

Prints the balancer's servers, their load and its counters.

Options:
  --lb HOST:PORT   balancer address (default 127.0.0.1:1234)
  --json           print the state as JSON
  --token TOKEN    shared secret (or AILB_TOKEN)
${COMMON_HELP}`;

const OPTIONS = {
  lb: { type: "string", default: "127.0.0.1:1234" },
  json: { type: "boolean" },
  token: { type: "string" },
} as const;

interface BackendRow {
  name: string;
  address: string;
  state: string;
  model: string;
  in_flight: number;
  queued: number;
  served: number;
  last_heartbeat_ms: number;
  tokens_per_s: number;
  via?: string;
}

interface ReplicaRow {
  name: string;
  address: string;
  servers: number;
  routes_to: number;
  in_flight: number;
  self: boolean;
  last_seen_ms: number;
}

/** Runs `ailb status`. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values }) => {
    const lb = parseAddress(values.lb, "--lb");
    let status: Record<string, unknown>;
    try {
      const client = await AilbClient.connect({ ...lb, token: tokenFrom(values.token) });
      try {
        status = await client.status();
      } finally {
        client.close();
      }
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
      return 1;
    }
    if (values.json) {
      console.log(JSON.stringify(status, null, 2));
      return 0;
    }
    const backends = status.backends as BackendRow[];
    console.log(`strategy: ${status.strategy}   uptime: ${status.uptime_s} s   waiting: ${status.queued}`);
    const replicas = (status.replicas ?? []) as ReplicaRow[];
    if (status.store && status.store !== "memory") {
      console.log(`store: ${status.store} (${status.store_connected ? "connected" : "UNREACHABLE"})`);
      printTable(
        ["replica", "address", "registered", "routes_to", "in_flight", "seen"],
        replicas.map((r) => [
          r.self ? `${r.name} (this)` : r.name,
          r.address,
          String(r.servers),
          String(r.routes_to),
          String(r.in_flight),
          `${r.last_seen_ms} ms ago`,
        ]),
      );
    }
    if (!backends.length) console.log("no servers registered");
    else {
      const rows = backends.map((b) => [
        b.name,
        b.state,
        b.model,
        String(b.in_flight),
        String(b.queued),
        String(b.served),
        `${b.tokens_per_s}`,
        `${b.last_heartbeat_ms} ms`,
        b.via ?? "",
      ]);
      printTable(
        ["server", "state", "model", "in_flight", "queued", "served", "tok/s", "heartbeat", "via"],
        rows,
      );
    }
    const counters = Object.entries(status.counters as Record<string, number>).map(([k, v]) => `${k}=${v}`);
    console.log(`counters: ${counters.join(" ")}`);
    if (status.cache) {
      const cache = Object.entries(status.cache as Record<string, number>).map(([k, v]) => `${k}=${v}`);
      console.log(`cache: ${cache.join(" ")}`);
    }
    return 0;
  }, { positionals: false });
}

/** Prints rows under a header, columns padded to their widest cell. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    console.log(row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
  }
}
