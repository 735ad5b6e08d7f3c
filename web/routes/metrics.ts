/**
 * `/metrics`: the Prometheus exposition of {@link BalancerMetrics}.
 *
 * @module
 */
import type { Hono } from "hono";
import type { WebContext } from "./context.ts";

/** Serves `/metrics`. */
export function metricsRoutes(app: Hono, { metrics }: WebContext): void {
  app.get(
    "/metrics",
    async (c) => c.body(await metrics.render(), 200, { "content-type": metrics.contentType }),
  );
}
