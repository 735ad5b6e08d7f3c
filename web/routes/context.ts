/**
 * What every route module of the web app gets: the balancer and the pieces
 * shared between routes.
 *
 * @module
 */
import type { Balancer } from "../../lib/balancer/balancer.ts";
import type { Logger } from "../../lib/log.ts";
import type { HostGuard } from "../guard.ts";
import type { History } from "../history.ts";
import type { BalancerMetrics } from "../metrics.ts";

/** Shared by the route modules; built once by {@link import("../app.ts").createWebApp}. */
export interface WebContext {
  balancer: Balancer;
  log: Logger;
  /** Aborted when the HTTP server stops; long-lived responses end then. */
  signal: AbortSignal;
  /** Which Host and Origin headers name this server. */
  guard: HostGuard;
  metrics: BalancerMetrics;
  history: History;
  /** How often the live feed pushes (ms). */
  feedIntervalMs: number;
  /** Registers a function run when `signal` aborts (ending live connections). */
  onClose(fn: () => void): () => void;
}
