/**
 * `ailb demo`: a balancer, two local servers and the web UI in one command,
 * as real separate processes, stopped together on Ctrl-C. With `--replicas N`
 * (N ≥ 2): a redis-server, N balancer replicas sharing it, and HAProxy in front
 * of them when it is installed.
 *
 * @module
 */
import { COMMON_HELP, launcher, parseInteger, runCommand, shutdownSignal, UsageError } from "../lib/cli.ts";
import { ENGINE_NAMES, type EngineName } from "../lib/engines/index.ts";
import { isStrategyName, STRATEGY_NAMES, strategyHelp } from "../lib/strategies/index.ts";
import { type Front, haproxyAvailable, startHaproxy } from "../lib/haproxy.ts";
import { RedisServer, redisServerAvailable } from "../lib/store/redis_server.ts";

export const USAGE = `Usage: ailb demo [options]

Starts a balancer, local servers and the web UI.

Options:
  --port PORT      balancer TCP port (default 1234); servers use the next ports
  --http PORT      web UI port (default 8000)
  --servers N      how many local servers (default 2)
  --engine NAME    llm (default, the bundled story model) or synthetic
  --replicas N     balancer replicas sharing servers and cache through a local
                   redis-server (default 1; 2-8 need redis-server on PATH; with
                   haproxy on PATH it fronts them on --port and --http)
  --strategy NAME  the balancer's strategy (default least-connections), one of:
${strategyHelp("                     ")}
${COMMON_HELP}`;

const OPTIONS = {
  port: { type: "string", default: "1234" },
  http: { type: "string", default: "8000" },
  servers: { type: "string", default: "2" },
  engine: { type: "string", default: "llm" },
  strategy: { type: "string", default: "least-connections" },
  replicas: { type: "string", default: "1" },
} as const;

/** Runs the demo until Ctrl-C. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values }) => {
    if (!ENGINE_NAMES.includes(values.engine as EngineName)) {
      throw new UsageError(`--engine must be one of ${ENGINE_NAMES.join(", ")}`);
    }
    if (!isStrategyName(values.strategy)) {
      throw new UsageError(
        `--strategy must be one of ${STRATEGY_NAMES.join(", ")}, got "${values.strategy}"`,
      );
    }
    const port = parseInteger(values.port, "--port", 1, 65000);
    const http = parseInteger(values.http, "--http", 1, 65535);
    const count = parseInteger(values.servers, "--servers", 1, 16);
    const replicaCount = parseInteger(values.replicas, "--replicas", 1, 8);
    const logFlags = [
      "--log-level",
      values["log-level"] ?? "info",
      ...(values["log-json"] ? ["--log-json"] : []),
    ];
    if (replicaCount > 1) {
      return await runReplicas({
        port,
        http,
        count,
        replicas: replicaCount,
        engine: values.engine,
        strategy: values.strategy,
        logFlags,
      });
    }
    const children = [
      ailb([
        "balance",
        "--strategy",
        values.strategy,
        "--port",
        String(port),
        "--http",
        String(http),
        ...logFlags,
      ]),
    ];
    for (let i = 1; i <= count; i++) {
      children.push(ailb([
        "serve",
        String(port + i),
        "--lb",
        `127.0.0.1:${port}`,
        "--engine",
        values.engine,
        ...logFlags,
      ]));
    }
    const run = launcher();
    return await untilStopped(children, http, count, () => `
ailb demo: balancer (${values.strategy}) on 127.0.0.1:${port}, ${count} ${values.engine} servers on ports ${
      port + 1
    }-${port + count}.
  web UI:   http://127.0.0.1:${http}/
  OpenAI:   http://127.0.0.1:${http}/v1  (base URL for openai SDKs; model "ailb" = any)
  curl:     curl -N http://127.0.0.1:${http}/v1/completions -H 'content-type: application/json' \\
              -d '{"model":"ailb","prompt":"Once upon a time","max_tokens":30,"stream":true}'
  ask:      ${run} ask "Once upon a time" --lb 127.0.0.1:${port}
  status:   ${run} status --lb 127.0.0.1:${port}
Press Ctrl-C to stop everything.`);
  }, { positionals: false });
}

/**
 * Prints `banner()` and a "ready" line once the web UI on `http` answers and `servers` servers are up,
 * then waits for Ctrl-C (or a child exiting) and stops every child; the exit code says which happened.
 */
async function untilStopped(
  children: Deno.ChildProcess[],
  http: number,
  servers: number,
  banner: () => string,
): Promise<number> {
  const stopped = shutdownSignal().then((signal) => ({ signal }));
  const exited = Promise.race(
    children.map((child, i) => child.status.then((status) => ({ exited: i, status }))),
  );
  const waiting = new AbortController();
  const ready = await Promise.race([
    stopped,
    exited,
    whenReady(http, servers, waiting.signal).then((ok) => ({ ok })),
  ]).finally(() => waiting.abort());
  if ("ok" in ready) console.log(`${banner()}\nailb demo: ready\n`);
  const first = "ok" in ready ? await Promise.race([stopped, exited]) : ready;
  if ("exited" in first) {
    console.error(`ailb demo: a child process exited (code ${first.status.code}); stopping`);
  }
  await stopChildren(children);
  return "exited" in first ? 1 : 0;
}

async function stopChildren(children: Deno.ChildProcess[]): Promise<void> {
  for (const child of children) {
    try {
      child.kill("SIGTERM");
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // already exited
    }
  }
  await Promise.all(children.map((child) => child.status));
}

interface ReplicaDemo {
  port: number;
  http: number;
  count: number;
  replicas: number;
  engine: string;
  strategy: string;
  logFlags: string[];
}

/**
 * The scale-out demo: a redis-server on a free port, `replicas` balancers sharing it (TCP ports port+1…,
 * web ports http+1…), HAProxy on `port` and `http` in front of them, and servers registering through the
 * front. Without haproxy the first replica takes `port` and `http` itself and servers register through it;
 * clients may use any replica (the "simple front" of docs/scaling.md: DNS or a client-side list).
 */
async function runReplicas(demo: ReplicaDemo): Promise<number> {
  if (!(await redisServerAvailable())) {
    console.error(
      "ailb demo --replicas needs redis-server on PATH (Debian/Ubuntu: apt install redis-server); " +
        "without it, run the single-balancer demo (--replicas 1)",
    );
    return 1;
  }
  const withFront = await haproxyAvailable();
  const store = await RedisServer.start();
  const tcp = (i: number) => withFront ? demo.port + i : (i === 1 ? demo.port : demo.port + i);
  const web = (i: number) => withFront ? demo.http + i : (i === 1 ? demo.http : demo.http + i);
  const children: Deno.ChildProcess[] = [];
  let front: Front | undefined;
  try {
    for (let i = 1; i <= demo.replicas; i++) {
      children.push(ailb([
        "balance",
        "--strategy",
        demo.strategy,
        "--port",
        String(tcp(i)),
        "--http",
        String(web(i)),
        "--store",
        `redis://127.0.0.1:${store.port}`,
        "--replica-name",
        `replica-${i}`,
        // Behind the HTTP front, browsers address the front's port: the replicas must answer to it.
        ...(withFront
          ? [
            "--allowed-origin",
            `http://127.0.0.1:${demo.http}`,
            "--allowed-origin",
            `http://localhost:${demo.http}`,
          ]
          : []),
        ...demo.logFlags,
      ]));
    }
    if (withFront) {
      front = await startHaproxy({
        host: "127.0.0.1",
        port: demo.port,
        replicas: Array.from({ length: demo.replicas }, (_, i) => `127.0.0.1:${tcp(i + 1)}`),
        http: {
          port: demo.http,
          replicas: Array.from({ length: demo.replicas }, (_, i) => `127.0.0.1:${web(i + 1)}`),
        },
      });
    }
    const firstServer = demo.port + demo.replicas + 1;
    for (let i = 0; i < demo.count; i++) {
      children.push(ailb([
        "serve",
        String(firstServer + i),
        "--lb",
        `127.0.0.1:${demo.port}`,
        "--engine",
        demo.engine,
        ...demo.logFlags,
      ]));
    }
    const replicaList = Array.from(
      { length: demo.replicas },
      (_, i) => `  replica-${i + 1}: 127.0.0.1:${tcp(i + 1)}, web http://127.0.0.1:${web(i + 1)}/`,
    ).join("\n");
    const run = launcher();
    return await untilStopped(children, demo.http, demo.count, () => `
ailb demo: ${demo.replicas} balancer replicas (${demo.strategy}) sharing redis-server on 127.0.0.1:${store.port},
${demo.count} ${demo.engine} servers on ports ${firstServer}-${firstServer + demo.count - 1}.
${
      withFront
        ? `  front:    HAProxy on 127.0.0.1:${demo.port} (ailb protocol) and http://127.0.0.1:${demo.http}/ (web)`
        : `  front:    none (haproxy is not installed): servers register through replica-1; clients may use any replica`
    }
${replicaList}
  ask:      ${run} ask "Once upon a time" --lb 127.0.0.1:${demo.port}
  status:   ${run} status --lb 127.0.0.1:${tcp(2)}   (any replica lists them all)
Press Ctrl-C to stop everything.`);
  } finally {
    await stopChildren(children); // no-op after a normal stop; on a failed start-up nothing is left running
    await front?.stop();
    await store.stop("SIGTERM");
  }
}

/** Starts `ailb <args>` as a child process sharing our terminal. */
function ailb(args: string[]): Deno.ChildProcess {
  const main = new URL("../main.ts", import.meta.url);
  const config = new URL("../deno.json", import.meta.url);
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", config.pathname, main.pathname, ...args],
    stdin: "null",
  }).spawn();
}

/**
 * Resolves true once the balancer's `/healthz` on `http` says `servers` servers are up (the web UI is
 * served by then). The demo waits as long as it takes the servers to load their model; Ctrl-C or a
 * child's exit ends the wait (through `signal`).
 */
async function whenReady(http: number, servers: number, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    try {
      const response = await fetch(`http://127.0.0.1:${http}/healthz`);
      const body = await response.json();
      if (response.ok && body.backends_up >= servers) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
