/**
 * The web front of `ailb balance`, one route module per concern:
 *
 * - `routes/static.ts`: the chat page and dashboard (no CDN, works offline)
 * - `routes/auth.ts`: the `--token` check
 * - `routes/api.ts`: `/api/status`, `/api/history`, `/api/events` (live feed), `/healthz`
 * - `routes/metrics.ts`: `/metrics` (Prometheus)
 * - `routes/ws.ts`: `/ws`, the browser's WebSocket into dispatch
 * - `openai.ts`: `/v1`, the OpenAI-compatible API (its own bearer key, OpenAI error shapes)
 *
 * @module
 */
import { Hono } from "hono";
import type { Balancer } from "../lib/balancer/balancer.ts";
import type { Logger } from "../lib/log.ts";
import { History } from "./history.ts";
import { BalancerMetrics } from "./metrics.ts";
import { apiRoutes } from "./routes/api.ts";
import { authRoutes } from "./routes/auth.ts";
import type { WebContext } from "./routes/context.ts";
import type { HostGuard } from "./guard.ts";
import { hostRoutes } from "./routes/host.ts";
import { createOpenAIApp } from "./openai.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { staticRoutes } from "./routes/static.ts";
import { wsRoutes } from "./routes/ws.ts";

/** Options of {@link createWebApp}. */
export interface WebAppOptions {
  /** Aborting it ends live feeds and WebSockets so the HTTP server can finish. */
  signal: AbortSignal;
  log: Logger;
  /** Which Host and Origin headers name this server (DNS rebinding and cross-site WebSockets fail). */
  guard: HostGuard;
  /** How often the live feed pushes the balancer's state (default 1000 ms). */
  feedIntervalMs?: number;
  /** Bearer key the OpenAI API (`/v1`) requires; defaults to the balancer's `--token` when that is set. */
  apiKey?: string;
}

/** Builds the Hono app serving `balancer`. */
export function createWebApp(balancer: Balancer, options: WebAppOptions): Hono {
  const { signal, log } = options;
  const closers = new Set<() => void>();
  const ctx: WebContext = {
    balancer,
    log,
    signal,
    guard: options.guard,
    metrics: new BalancerMetrics(balancer),
    history: new History(balancer),
    feedIntervalMs: options.feedIntervalMs ?? 1000,
    onClose(fn) {
      closers.add(fn);
      return () => closers.delete(fn);
    },
  };
  signal.addEventListener("abort", () => {
    ctx.metrics.close();
    ctx.history.close();
    for (const close of [...closers]) close();
  }, { once: true });

  const app = new Hono();
  app.onError((error, c) => {
    log.error(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error}`);
    return c.json({ error: "internal error", message: error.message }, 500);
  });
  app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));

  staticRoutes(app);
  hostRoutes(app, options.guard, log);
  authRoutes(app, balancer.options.token);
  apiRoutes(app, ctx);
  metricsRoutes(app, ctx);
  wsRoutes(app, ctx);
  app.route("/v1", createOpenAIApp(balancer, { apiKey: options.apiKey ?? balancer.options.token, log }));
  return app;
}
