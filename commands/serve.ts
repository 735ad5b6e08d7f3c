/**
 * `ailb serve <port>`: an LLM server that registers with a balancer.
 *
 * @module
 */
import {
  CLIENT_TLS_HELP,
  CLIENT_TLS_OPTIONS,
  clientTlsFromFlags,
  listenTcp,
  SERVER_TLS_HELP,
  SERVER_TLS_OPTIONS,
  serverTlsFromFlags,
} from "../lib/tls.ts";
import {
  COMMON_HELP,
  loggerFromFlags,
  parseAddress,
  parseBytes,
  parseDuration,
  parseInteger,
  parseNumber,
  runCommand,
  shutdownSignal,
  TOKEN_HELP,
  TOKEN_OPTIONS,
  tokenFrom,
  UsageError,
} from "../lib/cli.ts";
import { createEngine, ENGINE_NAMES, type EngineName } from "../lib/engines/index.ts";
import { createProgressRenderer } from "../lib/engines/progress.ts";
import { DEFAULT_MAX_FRAME } from "../lib/protocol.ts";
import { MAX_WEIGHT } from "../lib/balancer/backend.ts";
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS } from "../lib/listen.ts";
import { DrainNotice, keepRegistered } from "../lib/server/registration.ts";
import { LlmServer } from "../lib/server/server.ts";

export const USAGE = `Usage: ailb serve <port> [options]

Runs an LLM server on <port> and registers it with the balancer.

Options:
  --lb HOST:PORT            balancer to register with (default 127.0.0.1:1234)
  --host HOST               address to listen on and announce (default 127.0.0.1)
  --engine NAME             llm (default: the bundled story model) or synthetic
  --model PATH|HUB_ID       llm engine: model folder or hub id (default: bundled models/story-gpt2);
                            synthetic engine: the model name it announces (default synthetic)
  --dtype fp32|q8           llm engine: weights to load (default fp32)
  --ttft-ms MS              synthetic engine: time to first token (default 20)
  --tokens-per-s N          synthetic engine: token rate, 0 = unpaced (default 200)
  --chat                    synthetic engine: announce native chat and continue the last message
  --concurrency N           generations at once; the rest queue (default 4)
  --weight W                relative capacity announced to the balancer, 0 < W <= ${MAX_WEIGHT} (default 1)
  --max-queue N             queued requests beyond which new ones get "overloaded" (default 256)
  --register-attempts N     give up after N failed registration attempts (default: never)
  --name NAME               name shown in the balancer's logs and status (default host:port)
  --drain-timeout DURATION  on SIGTERM/SIGINT: after telling the balancer, how long requests in
                            flight may take to finish before the server exits (default 30s)
  --max-frame SIZE          largest protocol frame accepted (default 1MiB)
  --max-connections N       connections open at once; more are refused (default 10000)
  --idle-timeout DUR        close a connection silent this long with nothing in flight,
                            or stuck mid-frame this long; 0 = never (default 60s)
${TOKEN_HELP}
${CLIENT_TLS_HELP}
                            (towards the balancer)
${SERVER_TLS_HELP}
                            (this server's own port; the balancer then connects with TLS)
${COMMON_HELP}`;

const OPTIONS = {
  ...SERVER_TLS_OPTIONS,
  ...CLIENT_TLS_OPTIONS,
  lb: { type: "string", default: "127.0.0.1:1234" },
  host: { type: "string", default: "127.0.0.1" },
  engine: { type: "string", default: "llm" },
  model: { type: "string" },
  dtype: { type: "string", default: "fp32" },
  "ttft-ms": { type: "string", default: "20" },
  "tokens-per-s": { type: "string", default: "200" },
  chat: { type: "boolean" },
  concurrency: { type: "string", default: "4" },
  weight: { type: "string", default: "1" },
  "max-queue": { type: "string", default: "256" },
  "register-attempts": { type: "string" },
  name: { type: "string" },
  "drain-timeout": { type: "string", default: "30s" },
  "max-frame": { type: "string", default: String(DEFAULT_MAX_FRAME) },
  "max-connections": { type: "string", default: String(DEFAULT_MAX_CONNECTIONS) },
  "idle-timeout": { type: "string", default: `${DEFAULT_IDLE_TIMEOUT_MS / 1000}s` },
  ...TOKEN_OPTIONS,
} as const;

/** Runs `ailb serve`; resolves with the exit code. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values, positionals }) => {
    if (positionals.length !== 1) throw new UsageError("serve needs exactly one <port>");
    const port = parseInteger(positionals[0], "<port>", 1, 65535);
    const log = loggerFromFlags(values, `server:${port}`);
    if (!ENGINE_NAMES.includes(values.engine as EngineName)) {
      throw new UsageError(`--engine must be one of ${ENGINE_NAMES.join(", ")}, got "${values.engine}"`);
    }
    if (!["fp32", "q8"].includes(values.dtype)) throw new UsageError(`--dtype must be fp32 or q8`);
    if (values.chat && values.engine !== "synthetic") {
      throw new UsageError("--chat applies to --engine synthetic only");
    }
    const lb = parseAddress(values.lb, "--lb");
    const concurrency = parseInteger(values.concurrency, "--concurrency", 1, 1024);
    const weight = parseNumber(values.weight, "--weight", 0, MAX_WEIGHT);
    if (weight === 0) throw new UsageError("--weight must be greater than 0");
    const maxQueue = parseInteger(values["max-queue"], "--max-queue", 0);
    const maxAttempts = values["register-attempts"] === undefined
      ? undefined
      : parseInteger(values["register-attempts"], "--register-attempts", 1);
    const ttftMs = parseNumber(values["ttft-ms"], "--ttft-ms", 0, 600_000);
    const tokensPerS = parseNumber(values["tokens-per-s"], "--tokens-per-s", 0, 1_000_000);
    const maxFrame = parseBytes(values["max-frame"], "--max-frame");
    const drainTimeoutMs = parseDuration(values["drain-timeout"], "--drain-timeout");
    const tls = await serverTlsFromFlags(values);
    const lbTls = await clientTlsFromFlags(values);
    const maxConnections = parseInteger(values["max-connections"], "--max-connections", 1);
    const idleTimeoutMs = parseDuration(values["idle-timeout"], "--idle-timeout");
    const token = tokenFrom(values);

    let engine;
    try {
      engine = await createEngine(values.engine as EngineName, {
        ttftMs,
        tokensPerS,
        model: values.model,
        dtype: values.dtype,
        chat: values.chat,
        log: (message) => log.info(message),
        // Loading lines carry the server's tag; under --log-json (or without a terminal) they are log lines.
        onProgress: log.json || !Deno.stderr.isTerminal()
          ? createProgressRenderer({ tty: false, line: (text) => log.info(text) })
          : createProgressRenderer({ prefix: `[${log.component}] ` }),
      });
    } catch (error) {
      log.error(`Cannot start the ${values.engine} engine: ${(error as Error).message}`);
      return 1;
    }
    let server: LlmServer;
    try {
      server = new LlmServer({
        engine,
        host: values.host,
        port,
        listener: listenTcp(values.host, port, tls),
        concurrency,
        maxQueue,
        maxFrame,
        maxConnections,
        idleTimeoutMs,
        token,
        log,
      });
      server.listen();
    } catch (error) {
      log.error(`Cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
      await engine.close();
      return 1;
    }
    log.info(`Server listening on ${values.host}:${port}`, {
      engine: engine.name,
      model: engine.model,
      concurrency,
      ...(tls ? { tls: true } : {}),
    });
    const stop = new AbortController();
    const drain = new DrainNotice();
    const registration = keepRegistered({
      lb,
      hello: {
        port,
        host: values.host,
        engine: engine.name,
        model: engine.model,
        ...(engine.models ? { models: [...engine.models] } : {}),
        ...(engine.chat ? { chat: true } : {}),
        concurrency,
        weight,
        name: values.name,
        token,
        ...(tls ? { tls: true } : {}),
      },
      tls: lbTls,
      load: () => server.load(),
      maxAttempts,
      log,
      signal: stop.signal,
      drain,
    });
    const outcome = await Promise.race([
      shutdownSignal().then((signal) => ({ signal })),
      registration.then(() => ({ signal: undefined }), (error: Error) => ({ error })),
    ]);
    if ("signal" in outcome && outcome.signal) {
      // Deregister first so no new work comes, then let what we have finish (a second signal skips the wait).
      log.info(`${outcome.signal} received; draining (up to ${drainTimeoutMs / 1000} s)`, {
        busy: server.busy,
      });
      const forced = shutdownSignal().then((signal) => {
        log.warn(`${signal} received again; stopping without waiting`);
        return -1;
      });
      const told = await Promise.race([drain.request(2000), forced]);
      if (told === false) log.warn("The balancer did not confirm the drain; finishing requests anyway");
      const left = told === -1 ? server.busy : await Promise.race([server.drain(drainTimeoutMs), forced]);
      if (left !== 0) {
        log.warn(`Stopping with ${server.busy} requests unfinished (the balancer re-sends them)`);
      }
    }
    stop.abort();
    server.close();
    await engine.close();
    if ("error" in outcome) {
      log.error(outcome.error.message);
      return 1;
    }
    log.info(`${outcome.signal ?? "stop"} received; server stopped`);
    return 0;
  });
}
