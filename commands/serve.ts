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
import { upstreamBase } from "../lib/engines/openai_upstream.ts";

export const USAGE = `Usage: ailb serve <port> [options]

Runs an LLM server on <port> and registers it with the balancer.

Options:
  --lb HOST:PORT            balancer to register with (default 127.0.0.1:1234)
  --host HOST               address to listen on and announce (default 127.0.0.1)
  --engine NAME             llm (default: the bundled story model), synthetic, or openai (relay
                            to an OpenAI-compatible server: vLLM, llama-server, Ollama, ailb)
  --model PATH|HUB_ID       llm engine: model folder or hub id (default: bundled models/story-gpt2);
                            synthetic engine: the model name it announces (default synthetic)
  --dtype fp32|q8           llm engine: weights to load (default fp32)
  --ttft-ms MS              synthetic engine: time to first token (default 20)
  --tokens-per-s N          synthetic engine: token rate, 0 = unpaced (default 200)
  --chat                    synthetic engine: announce native chat and continue the last message
  --upstream URL            openai engine: the server's base URL, e.g. http://127.0.0.1:8000/v1
  --upstream-model NAME     openai engine: model to request (default: the first /v1/models lists)
  --upstream-key-env VAR    openai engine: environment variable holding its API key
  --upstream-timeout DUR    openai engine: longest wait for its headers or next event (default 60s)
  --upstream-probe DUR      openai engine: how often /v1/models is probed for health (default 5s)
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
  upstream: { type: "string" },
  "upstream-model": { type: "string" },
  "upstream-key-env": { type: "string" },
  "upstream-timeout": { type: "string", default: "60s" },
  "upstream-probe": { type: "string", default: "5s" },
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
    const upstream = upstreamFlags(values);

    let engine;
    try {
      engine = await createEngine(values.engine as EngineName, {
        ttftMs,
        tokensPerS,
        model: values.model,
        dtype: values.dtype,
        chat: values.chat,
        ...upstream,
        log: (message) => log.info(message),
        warn: (message) => log.warn(message),
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
      ...(engine.models ? { models: engine.models.join(",") } : {}),
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

/** The openai engine's flags, checked; flags of other engines given to it (and the reverse) are usage errors. */
function upstreamFlags(values: {
  engine: string;
  upstream?: string;
  "upstream-model"?: string;
  "upstream-key-env"?: string;
  "upstream-timeout": string;
  "upstream-probe": string;
}) {
  if (values.engine !== "openai") {
    if (values.upstream !== undefined || values["upstream-model"] !== undefined) {
      throw new UsageError("--upstream and --upstream-model need --engine openai");
    }
    return {};
  }
  if (values.upstream === undefined) throw new UsageError("--engine openai needs --upstream URL");
  try {
    upstreamBase(values.upstream);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let upstreamKey: string | undefined;
  const keyVar = values["upstream-key-env"];
  if (keyVar !== undefined) {
    upstreamKey = Deno.env.get(keyVar);
    if (!upstreamKey) {
      throw new UsageError(`--upstream-key-env ${keyVar}: that environment variable is not set`);
    }
  }
  const upstreamTimeoutMs = parseDuration(values["upstream-timeout"], "--upstream-timeout");
  const upstreamProbeMs = parseDuration(values["upstream-probe"], "--upstream-probe");
  if (upstreamTimeoutMs < 100) throw new UsageError("--upstream-timeout must be at least 100ms");
  if (upstreamProbeMs < 100) throw new UsageError("--upstream-probe must be at least 100ms");
  return {
    upstream: values.upstream,
    upstreamModel: values["upstream-model"],
    upstreamKey,
    upstreamTimeoutMs,
    upstreamProbeMs,
  };
}
