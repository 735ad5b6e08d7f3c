/**
 * `ailb demo`: a balancer, two local servers and the web UI in one command,
 * as real separate processes, stopped together on Ctrl-C.
 *
 * @module
 */
import { COMMON_HELP, parseInteger, runCommand, shutdownSignal, UsageError } from "../lib/cli.ts";
import { ENGINE_NAMES, type EngineName } from "../lib/engines/index.ts";
import { isStrategyName, STRATEGY_NAMES, strategyHelp } from "../lib/strategies/index.ts";

export const USAGE = `Usage: ailb demo [options]

Starts a balancer, local servers and the web UI.

Options:
  --port PORT      balancer TCP port (default 1234); servers use the next ports
  --http PORT      web UI port (default 8000)
  --servers N      how many local servers (default 2)
  --engine NAME    llm (default, the bundled story model) or synthetic
  --strategy NAME  the balancer's strategy (default least-connections), one of:
${strategyHelp("                     ")}
${COMMON_HELP}`;

const OPTIONS = {
  port: { type: "string", default: "1234" },
  http: { type: "string", default: "8000" },
  servers: { type: "string", default: "2" },
  engine: { type: "string", default: "llm" },
  strategy: { type: "string", default: "least-connections" },
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
    const logFlags = [
      "--log-level",
      values["log-level"] ?? "info",
      ...(values["log-json"] ? ["--log-json"] : []),
    ];
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
    console.log(`
ailb demo: balancer (${values.strategy}) on 127.0.0.1:${port}, ${count} ${values.engine} servers on ports ${
      port + 1
    }-${port + count}.
  web UI:   http://127.0.0.1:${http}/
  OpenAI:   http://127.0.0.1:${http}/v1  (base URL for openai SDKs; model "ailb" = any)
  curl:     curl -N http://127.0.0.1:${http}/v1/completions -H 'content-type: application/json' \\
              -d '{"model":"ailb","prompt":"Once upon a time","max_tokens":30,"stream":true}'
  ask:      deno task ailb ask "Once upon a time" --lb 127.0.0.1:${port}
  status:   deno task ailb status --lb 127.0.0.1:${port}
Press Ctrl-C to stop everything.
`);
    const first = await Promise.race([
      shutdownSignal().then((signal) => ({ signal })),
      ...children.map((child, i) => child.status.then((status) => ({ exited: i, status }))),
    ]);
    if ("exited" in first) {
      console.error(`ailb demo: a child process exited (code ${first.status.code}); stopping`);
    }
    for (const child of children) {
      try {
        child.kill("SIGTERM");
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // already exited
      }
    }
    await Promise.all(children.map((child) => child.status));
    return "exited" in first ? 1 : 0;
  }, { positionals: false });
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
