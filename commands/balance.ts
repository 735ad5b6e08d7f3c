/**
 * `ailb balance`: the load balancer.
 *
 * @module
 */
import {
  clientTlsFromFlags,
  listenTcp,
  SERVER_TLS_HELP,
  SERVER_TLS_OPTIONS,
  serverTlsFromFlags,
} from "../lib/tls.ts";
import { Balancer } from "../lib/balancer/balancer.ts";
import { serveBalancer } from "../lib/balancer/listener.ts";
import {
  COMMON_HELP,
  loggerFromFlags,
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
import type { SemanticCache } from "../lib/cache/semantic_cache.ts";
import { DEFAULT_MAX_FRAME } from "../lib/protocol.ts";
import { parseOrigin } from "../web/guard.ts";
import {
  createStrategy,
  isStrategyName,
  STRATEGIES,
  STRATEGY_NAMES,
  strategyHelp,
  type StrategyName,
} from "../lib/strategies/index.ts";
import { type AcceptLoop, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS } from "../lib/listen.ts";
import { type Cluster, clusterHost, LocalCluster } from "../lib/balancer/cluster.ts";
import type { ResponseCache } from "../lib/balancer/response_cache.ts";
import { parseStoreUrl, redactor, type StoreAddress } from "../lib/store/url.ts";

/** Characters a bearer token may hold (RFC 6750 b64token), so a configured key can be sent at all. */
const API_KEY_PATTERN = /^[A-Za-z0-9._~+/-]+=*$/;

export const USAGE = `Usage: ailb balance [options]

Accepts LLM servers (ailb serve) and clients (ailb ask, the web UI) and routes
each prompt to a healthy server.

Options:
  --port PORT               TCP port for servers and clients (default 1234)
  --host HOST               address to listen on, TCP and HTTP (default 127.0.0.1)
  --http PORT               web UI, /api/status, /metrics port (default 8000)
  --no-http                 do not serve HTTP
  --allowed-origin ORIGIN   also answer the web UI and API under this origin, e.g.
                            https://lb.example.com (repeatable; loopback names always work)
  --strategy NAME           how to pick a server for each request (default round-robin):
${strategyHelp("                              ")}
  -r, --rr / -c, --lc / --least-load   short for --strategy round-robin / least-connections / least-load
  --queue-timeout DURATION  how long a request waits for a healthy server (default 30s)
  --max-queue N             requests allowed to wait at once; more get "overloaded" (default 1000)
  --retries N               re-sends of one request after a server failed, was full or was lost;
                            a request that already streamed continues on another server (default 3)
  --first-token-timeout DUR a server sending no first token within this long is ejected and the
                            request re-sent; 0 = off (default 0)
  --eject-after N           eject a server after N failed requests in a row, 0 = never (default 5)
  --eject-time DURATION     first ejection's length; doubles on repeated ejection, up to 5 min;
                            a probe request must succeed before the server is used again (default 10s)
  --drain-timeout DURATION  on SIGTERM/SIGINT: how long requests in progress may take to finish
                            while new ones are refused (default 30s)
  --heartbeat-interval DUR  heartbeat period, both ways (default 1s)
  --heartbeat-timeout DUR   silence after which a server is dropped (default 3s)
  --max-frame SIZE          largest protocol frame accepted (default 1MiB)
  --max-connections N       TCP connections open at once; more are refused (default 10000)
  --idle-timeout DUR        close a connection silent this long with nothing in flight,
                            or stuck mid-frame this long; 0 = never (default 60s)
${TOKEN_HELP}
${SERVER_TLS_HELP}
                            (both the TCP port and HTTPS for the web UI)
  --ca FILE                 trust this PEM certificate authority for servers whose port serves TLS
  --legacy-heartbeat-timeout DUR  silence after which a legacy (original tool) server is dropped (default 10s)
  --legacy-answer-timeout DUR     how long a legacy server may take to answer a request (default 120s)
  --api-key KEY             bearer key the OpenAI API (/v1) requires (or AILB_API_KEY; default: the token)

Cache (semantic LRU, answers prompts similar in meaning to earlier ones):
  --no-cache                disable the cache
  --cache-size N            entries kept (default 10000)
  --cache-max-bytes SIZE    memory the entries may hold, least recently used evicted first
                            (default 256MiB; strings counted at 2 bytes a character)
  --cache-max-entry-bytes SIZE  largest single entry; bigger answers are not cached
                            (default: --cache-max-bytes / 16)
  --cache-ttl DURATION      entries expire after this long, 0 = never (default 0)
  --cache-threshold X       cosine similarity needed for a semantic hit (default: the model's tuned value)
  --cache-file PATH         load the cache at start, save it once on clean shutdown; a file
                            that cannot be used is kept aside as PATH.bad
  --embed-model PATH|ID     embedding model folder or hub id (default: bundled models/embed-static)

Several replicas (share servers and cache through Redis; see docs/scaling.md):
  --store URL               redis://[:PASSWORD@]HOST:PORT[/DB] shared by every replica
  --store-password-env VAR  read the store password from this environment variable instead
  --replica-name NAME       this replica's name in status (default HOST:PORT of --host/--port)
${COMMON_HELP}`;

const OPTIONS = {
  ...SERVER_TLS_OPTIONS,
  ca: { type: "string" },
  port: { type: "string", default: "1234" },
  host: { type: "string", default: "127.0.0.1" },
  http: { type: "string", default: "8000" },
  "no-http": { type: "boolean" },
  "allowed-origin": { type: "string", multiple: true },
  strategy: { type: "string" },
  rr: { type: "boolean", short: "r" },
  lc: { type: "boolean", short: "c" },
  "least-load": { type: "boolean" },
  "queue-timeout": { type: "string", default: "30s" },
  "max-queue": { type: "string", default: "1000" },
  retries: { type: "string", default: "3" },
  "first-token-timeout": { type: "string", default: "0" },
  "eject-after": { type: "string", default: "5" },
  "eject-time": { type: "string", default: "10s" },
  "drain-timeout": { type: "string", default: "30s" },
  "heartbeat-interval": { type: "string", default: "1s" },
  "heartbeat-timeout": { type: "string", default: "3s" },
  "max-frame": { type: "string", default: String(DEFAULT_MAX_FRAME) },
  "max-connections": { type: "string", default: String(DEFAULT_MAX_CONNECTIONS) },
  "idle-timeout": { type: "string", default: `${DEFAULT_IDLE_TIMEOUT_MS / 1000}s` },
  ...TOKEN_OPTIONS,
  "legacy-heartbeat-timeout": { type: "string", default: "10s" },
  "legacy-answer-timeout": { type: "string", default: "120s" },
  "api-key": { type: "string" },
  "no-cache": { type: "boolean" },
  "cache-size": { type: "string", default: "10000" },
  "cache-max-bytes": { type: "string", default: "256MiB" },
  "cache-max-entry-bytes": { type: "string" },
  "cache-ttl": { type: "string", default: "0" },
  "cache-threshold": { type: "string" },
  "cache-file": { type: "string" },
  "embed-model": { type: "string" },
  store: { type: "string" },
  "store-password-env": { type: "string" },
  "replica-name": { type: "string" },
} as const;

/** The store address from the flags, or undefined without --store. */
function storeFromFlags(values: { store?: string; "store-password-env"?: string }): StoreAddress | undefined {
  const env = values["store-password-env"];
  if (values.store === undefined) {
    if (env !== undefined) throw new UsageError("--store-password-env needs --store");
    return undefined;
  }
  let password: string | undefined;
  if (env !== undefined) {
    password = Deno.env.get(env);
    if (!password) throw new UsageError(`--store-password-env: environment variable ${env} is not set`);
  }
  try {
    return parseStoreUrl(values.store, password);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs `ailb balance`; resolves with the exit code after Ctrl-C / SIGTERM. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values }) => {
    const store = storeFromFlags(values);
    // From here on no log line can carry the store password, whoever writes it (ioredis errors included).
    const log = loggerFromFlags(values, "balancer").redacting(redactor([store?.password]));
    const strategyName = strategyFromFlags(values);
    const heartbeatMs = parseDuration(values["heartbeat-interval"], "--heartbeat-interval");
    const heartbeatTimeoutMs = parseDuration(values["heartbeat-timeout"], "--heartbeat-timeout");
    if (heartbeatMs < 50) throw new UsageError("--heartbeat-interval must be at least 50ms");
    if (heartbeatTimeoutMs <= heartbeatMs) {
      throw new UsageError("--heartbeat-timeout must be longer than --heartbeat-interval");
    }
    const port = parseInteger(values.port, "--port", 0, 65535);
    const httpPort = values["no-http"] ? undefined : parseInteger(values.http, "--http", 0, 65535);
    const allowedOrigins = (values["allowed-origin"] ?? []).map((origin) => {
      try {
        return parseOrigin(origin);
      } catch (error) {
        throw new UsageError(`--allowed-origin: ${(error as Error).message}`);
      }
    });
    const cacheOptions = values["no-cache"] ? undefined : {
      capacity: parseInteger(values["cache-size"], "--cache-size", 1, 10_000_000),
      maxBytes: parseBytes(values["cache-max-bytes"], "--cache-max-bytes", { min: 1024, max: 1024 ** 4 }),
      maxEntryBytes: values["cache-max-entry-bytes"] === undefined
        ? undefined
        : parseBytes(values["cache-max-entry-bytes"], "--cache-max-entry-bytes", {
          min: 1024,
          max: 1024 ** 4,
        }),
      ttlMs: parseDuration(values["cache-ttl"], "--cache-ttl"),
      threshold: values["cache-threshold"] === undefined
        ? undefined
        : parseNumber(values["cache-threshold"], "--cache-threshold", -1, 1),
      file: values["cache-file"],
      embedModel: values["embed-model"],
    };
    const queueTimeoutMs = parseDuration(values["queue-timeout"], "--queue-timeout");
    const maxQueue = parseInteger(values["max-queue"], "--max-queue", 0);
    const maxFrame = parseBytes(values["max-frame"], "--max-frame");
    const apiKey = values["api-key"] ?? (Deno.env.get("AILB_API_KEY") || undefined);
    if (apiKey !== undefined && !API_KEY_PATTERN.test(apiKey)) {
      throw new UsageError("--api-key may hold only letters, digits and ._~+/- (a bearer token)");
    }
    const legacy = {
      heartbeatTimeoutMs: parseDuration(values["legacy-heartbeat-timeout"], "--legacy-heartbeat-timeout"),
      answerTimeoutMs: parseDuration(values["legacy-answer-timeout"], "--legacy-answer-timeout"),
    };
    if (legacy.heartbeatTimeoutMs < 100) {
      throw new UsageError("--legacy-heartbeat-timeout must be at least 100ms");
    }
    if (legacy.answerTimeoutMs < 1) throw new UsageError("--legacy-answer-timeout must be more than 0");
    const retries = parseInteger(values.retries, "--retries", 0, 100);
    const firstTokenTimeoutMs = parseDuration(values["first-token-timeout"], "--first-token-timeout");
    const ejectAfter = parseInteger(values["eject-after"], "--eject-after", 0, 1_000_000);
    const ejectBaseMs = parseDuration(values["eject-time"], "--eject-time");
    if (ejectBaseMs < 10) throw new UsageError("--eject-time must be at least 10ms");
    const drainTimeoutMs = parseDuration(values["drain-timeout"], "--drain-timeout");
    const tls = await serverTlsFromFlags(values);
    const serverTls = await clientTlsFromFlags({ ca: values.ca });
    const maxConnections = parseInteger(values["max-connections"], "--max-connections", 1);
    const idleTimeoutMs = parseDuration(values["idle-timeout"], "--idle-timeout");
    const token = tokenFrom(values);
    const replica = values["replica-name"] ?? `${values.host}:${port}`;
    if (!/^[\w.:@-]{1,64}$/.test(replica)) {
      throw new UsageError("--replica-name must be 1-64 letters, digits or . _ : @ -");
    }
    let cache: SemanticCache | undefined;
    if (cacheOptions) {
      try {
        // Loaded only when used: the embedder pulls in transformers.js and onnxruntime.
        const { SemanticCache } = await import("../lib/cache/semantic_cache.ts");
        cache = await SemanticCache.create({
          ...cacheOptions,
          // Shared, the store applies the bound; the local copy only needs room for the store's entries.
          capacity: store
            ? cacheOptions.capacity + Math.max(100, cacheOptions.capacity >> 3)
            : cacheOptions.capacity,
          log: (level, message) => log[level](message),
        });
      } catch (error) {
        log.error(`Cannot start the cache: ${(error as Error).message} (run with --no-cache to go without)`);
        return 1;
      }
      log.info(`Cache ready`, { entries: cache.stats().entries, capacity: cacheOptions.capacity });
    }
    // Loaded only when used: --store pulls in ioredis.
    const shared = store
      ? await (await import("../lib/store/setup.ts")).joinStore({
        address: store,
        replica,
        heartbeatMs,
        heartbeatTimeoutMs,
        log,
        cache: cache && cacheOptions &&
          { local: cache, capacity: cacheOptions.capacity, ttlMs: cacheOptions.ttlMs },
      })
      : undefined;
    const cluster: Cluster = shared?.cluster ?? new LocalCluster(replica);
    const responseCache: ResponseCache | undefined = shared?.cache ?? cache;
    const balancer = new Balancer({
      cache: responseCache,
      cluster,
      replica,
      strategy: createStrategy(strategyName),
      queueTimeoutMs,
      maxQueue,
      retries,
      firstTokenTimeoutMs,
      health: { ejectAfter, ejectBaseMs, ejectMaxMs: Math.max(ejectBaseMs, 300_000) },
      heartbeatMs,
      heartbeatTimeoutMs,
      maxFrame,
      token,
      serverTls,
      log,
    });
    const stop = new AbortController();
    let listener: AcceptLoop;
    try {
      listener = serveBalancer(balancer, {
        host: values.host,
        port,
        listener: listenTcp(values.host, port, tls),
        signal: stop.signal,
        maxConnections,
        idleTimeoutMs,
        legacy,
      });
    } catch (error) {
      log.error(`Cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
      return 1;
    }
    const bound = listener.addr.port;
    log.info(`Balancer listening on ${values.host}:${bound}`, {
      strategy: balancer.options.strategy.name,
      ...(tls ? { tls: true } : {}),
    });
    let web: { port: number; finished: Promise<void> } | undefined;
    if (httpPort !== undefined) {
      // Loaded only when used, so --no-http never pulls in Hono and prom-client.
      const { startWeb } = await import("../web/server.ts");
      try {
        web = await startWeb(balancer, {
          host: values.host,
          port: httpPort,
          tls,
          signal: stop.signal,
          log: log.child("web"),
          apiKey,
          allowedOrigins,
        });
      } catch (error) {
        log.error(`Cannot serve HTTP on ${values.host}:${httpPort}: ${(error as Error).message}`);
        stop.abort();
        balancer.close();
        return 1;
      }
      const host = values.host.includes(":") ? `[${values.host}]` : values.host;
      log.info(`Web UI on ${tls ? "https" : "http"}://${host}:${web.port}/`);
      log.info(`OpenAI API on ${tls ? "https" : "http"}://${host}:${web.port}/v1`);
    }
    const tcpHost = values.host.includes(":") ? `[${values.host}]` : values.host;
    await (shared ?? cluster).start(clusterHost(balancer, {
      name: replica,
      address: `${tcpHost}:${bound}`,
      http: web ? `${tcpHost}:${web.port}` : undefined,
    }));
    if (shared) log.info(`Replica ${replica} joined the cluster at ${shared.client.display}`);
    const signal = await shutdownSignal();
    log.info(
      `${signal} received; draining: new requests are refused, ${balancer.active} in progress may finish`,
      {
        drain_timeout_s: drainTimeoutMs / 1000,
      },
    );
    // A second signal stops at once.
    const forced = shutdownSignal().then((again) => {
      log.warn(`${again} received again; stopping without waiting`);
      return balancer.active;
    });
    const left = await Promise.race([balancer.drainAll(drainTimeoutMs), forced]);
    if (left > 0) log.warn(`Shutting down with ${left} requests unfinished`);
    log.info("Shutting down");
    stop.abort();
    await (shared ?? cluster).close();
    balancer.close();
    await web?.finished;
    if (cache) {
      // close() saves (once) and releases the embedding model; a failed save is reported, not retried.
      try {
        await cache.close();
      } catch (error) {
        log.error(`Could not save the cache: ${(error as Error).message}`);
        return 1;
      }
    }
    return 0;
  }, { positionals: false });
}

/** The strategy chosen by `--strategy NAME` or one of its short flags; more than one is a usage error. */
function strategyFromFlags(values: Record<string, unknown>): StrategyName {
  const chosen = new Set<StrategyName>();
  for (const name of STRATEGY_NAMES) {
    if (STRATEGIES[name].flags.some((flag) => values[flag])) chosen.add(name);
  }
  const named = values.strategy as string | undefined;
  if (named !== undefined) {
    if (!isStrategyName(named)) {
      throw new UsageError(`--strategy must be one of ${STRATEGY_NAMES.join(", ")}, got "${named}"`);
    }
    chosen.add(named);
  }
  if (chosen.size > 1) {
    throw new UsageError(
      `choose one strategy, got ${[...chosen].join(" and ")} (--strategy, --rr, --lc, --least-load)`,
    );
  }
  return [...chosen][0] ?? "round-robin";
}
