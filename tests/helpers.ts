/**
 * Test helpers: free ports, and the real `ailb` entry point run as a
 * subprocess with its log lines captured so tests can wait for them.
 */
import { setTimeout as sleep } from "node:timers/promises";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

/** A TCP port that was free a moment ago. */
export function freePort(): number {
  // The kernel may hand the same ephemeral port to two listens in a row once the first is closed; a test that
  // starts two servers before either binds would then give both the same port (one dies on "address in use",
  // and the cluster silently has one server). Never return a port this process already handed out.
  for (let attempt = 0; attempt < 100; attempt++) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("no fresh loopback port after 100 tries");
}
const handedOut = new Set<number>();

/** The first of `n` consecutive free loopback ports (checked by listening on each). */
export function freeRun(n: number): number {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const listeners: Deno.Listener[] = [];
    try {
      for (let i = 0; i < n; i++) listeners.push(Deno.listen({ hostname: "127.0.0.1", port: base + i }));
      return base;
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    } finally {
      for (const listener of listeners) listener.close();
    }
  }
  throw new Error(`no run of ${n} free ports found`);
}

/** Output of a finished `ailb` run. */
export interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ailb <args>` to completion; a run that hangs is killed and reported, not waited on forever. */
export async function ailb(args: string[], stdin?: string, timeoutMs = 60_000): Promise<Output> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, MAIN, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output().finally(() => clearTimeout(timer));
  const decoder = new TextDecoder();
  const output = { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
  if (timedOut) {
    throw new Error(`ailb ${args.join(" ")} hung for ${timeoutMs} ms:\n${output.stdout}\n${output.stderr}`);
  }
  return output;
}

/** A long-running `ailb` process whose stderr log is collected. */
export class Proc {
  readonly child: Deno.ChildProcess;
  log = "";
  #listeners = new Set<() => void>();
  readonly done: Promise<Deno.CommandStatus>;

  /**
   * With `maxFiles`, the process runs under `ulimit -n maxFiles` (file descriptor exhaustion tests); `env` adds
   * environment variables.
   */
  constructor(readonly args: string[], options: { maxFiles?: number; env?: Record<string, string> } = {}) {
    const command = ["run", "-A", "--config", CONFIG, MAIN, ...args];
    const limited = options.maxFiles !== undefined;
    this.child = new Deno.Command(limited ? "sh" : Deno.execPath(), {
      args: limited
        ? ["-c", `ulimit -n ${options.maxFiles} && exec "$0" "$@"`, Deno.execPath(), ...command]
        : command,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", RUST_BACKTRACE: "0", ...options.env },
    }).spawn();
    const collect = async (stream: ReadableStream<Uint8Array>) => {
      for await (const text of stream.pipeThrough(new TextDecoderStream())) {
        this.log += text;
        for (const wake of this.#listeners) wake();
      }
    };
    this.done = Promise.all([collect(this.child.stdout), collect(this.child.stderr)]).then(() =>
      this.child.status
    );
  }

  /** Waits until the log matches `pattern`, or fails after `timeoutMs` showing the log. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = performance.now() + timeoutMs;
    while (true) {
      const match = this.log.match(pattern);
      if (match) return match;
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        throw new Error(
          `timed out waiting for ${pattern} in the log of ailb ${this.args.join(" ")}:\n${this.log}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#listeners.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(remaining, 200));
        this.#listeners.add(wake);
      });
    }
  }

  /** Counts how often `pattern` occurs in the log so far. */
  count(pattern: RegExp): number {
    return [
      ...this.log.matchAll(
        new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"),
      ),
    ].length;
  }

  /** Sends a signal (if still running) and waits for the exit. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<Deno.CommandStatus> {
    try {
      this.child.kill(signal);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // already exited
    }
    return await this.done;
  }
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
}

/** Starts a balancer and `n` synthetic servers; resolves when all are registered. */
export async function startCluster(options: {
  servers?: number;
  balanceArgs?: string[];
  serveArgs?: string[] | ((i: number) => string[]);
  /** Serve the web UI on this port (and wait for it); by default the balancer runs with --no-http. */
  httpPort?: number;
} = {}) {
  const port = freePort();
  const lb = `127.0.0.1:${port}`;
  const http = options.httpPort === undefined ? ["--no-http"] : ["--http", String(options.httpPort)];
  const balancer = new Proc(["balance", "--port", String(port), ...http, ...(options.balanceArgs ?? [])]);
  await balancer.waitFor(/Balancer listening/);
  if (options.httpPort !== undefined) await balancer.waitFor(/Web UI on http:/);
  const servers: Proc[] = [];
  const serverPorts: number[] = [];
  for (let i = 0; i < (options.servers ?? 2); i++) {
    const serverPort = freePort();
    serverPorts.push(serverPort);
    const extra = typeof options.serveArgs === "function" ? options.serveArgs(i) : options.serveArgs ?? [];
    servers.push(new Proc(["serve", String(serverPort), "--lb", lb, "--engine", "synthetic", ...extra]));
  }
  for (const serverPort of serverPorts) {
    await balancer.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${serverPort} registered`));
  }
  return {
    port,
    lb,
    balancer,
    servers,
    serverPorts,
    async stop() {
      await Promise.all([balancer, ...servers].map((p) => p.stop()));
    },
  };
}

export { RedisServer } from "../lib/store/redis_server.ts";
