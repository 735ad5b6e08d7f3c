/**
 * Serves the web app ({@link createWebApp}) over HTTP for `ailb balance`.
 *
 * @module
 */
import type { Balancer } from "../lib/balancer/balancer.ts";
import type { Logger } from "../lib/log.ts";
import type { ServerTls } from "../lib/tls.ts";
import { createWebApp } from "./app.ts";
import { HostGuard } from "./guard.ts";

/** Options of {@link startWeb}. */
export interface StartWebOptions {
  host: string;
  /** 0 picks a free port; the bound one is returned. */
  port: number;
  /** Serve HTTPS with this certificate and key (`balance --tls-cert/--tls-key`). */
  tls?: ServerTls;
  /** Aborting it stops the server; `finished` resolves once every connection has ended. */
  signal: AbortSignal;
  log: Logger;
  /** Bearer key of the OpenAI API (`/v1`). */
  apiKey?: string;
  /** `--allowed-origin` values: origins besides this server's own that may use it. */
  allowedOrigins?: readonly string[];
}

/**
 * Starts the HTTP server. Throws (e.g. `Deno.errors.AddrInUse`) when the port
 * cannot be bound, so the caller can report it and exit.
 */
export function startWeb(
  balancer: Balancer,
  opts: StartWebOptions,
): Promise<{ port: number; finished: Promise<void> }> {
  let boundPort = opts.port;
  const guard = new HostGuard({
    listenHost: opts.host,
    port: () => boundPort,
    allowedOrigins: opts.allowedOrigins ?? [],
  });
  const app = createWebApp(balancer, { signal: opts.signal, log: opts.log, guard, apiKey: opts.apiKey });
  const server = Deno.serve({
    hostname: opts.host,
    port: opts.port,
    ...(opts.tls ? { cert: opts.tls.cert, key: opts.tls.key } : {}),
    signal: opts.signal,
    // The caller logs the URL itself; Deno's default banner would go to stdout.
    onListen: () => {},
    onError: (error) => {
      opts.log.error(`HTTP request failed: ${(error as Error).stack ?? error}`);
      return new Response("internal error", { status: 500 });
    },
  }, app.fetch);
  boundPort = server.addr.port;
  return Promise.resolve({ port: server.addr.port, finished: server.finished });
}
