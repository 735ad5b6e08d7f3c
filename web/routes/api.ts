/**
 * State for people and programs: `/api/status` (the JSON of `ailb status --json`),
 * `/api/history?window=1m|15m|1h` (the dashboard's series), `/api/events` (a
 * live feed of both as server-sent events) and `/healthz`.
 *
 * @module
 */
import type { Hono } from "hono";
import { type WindowName, WINDOWS } from "../history.ts";
import type { WebContext } from "./context.ts";

const encoder = new TextEncoder();

/** Parses `?window=`; undefined for a bad value. */
function windowOf(value: string | undefined): WindowName | undefined {
  if (value === undefined) return "1m";
  return value in WINDOWS ? value as WindowName : undefined;
}

const BAD_WINDOW = {
  error: "bad window",
  message: `window must be one of ${Object.keys(WINDOWS).join(", ")}`,
};

/** Serves the state routes. */
export function apiRoutes(app: Hono, ctx: WebContext): void {
  const { balancer, history, signal } = ctx;

  app.get("/api/status", (c) => c.json(balancer.status()));

  app.get("/api/history", (c) => {
    const window = windowOf(c.req.query("window"));
    if (!window) return c.json(BAD_WINDOW, 400);
    return c.json(history.view(window));
  });

  app.get("/healthz", (c) => {
    if (signal.aborted || balancer.draining) {
      return c.json({ status: "unavailable", reason: "the balancer is shutting down" }, 503);
    }
    const up = balancer.upBackends().length;
    if (up === 0) {
      const registered = balancer.backends.size;
      const reason = registered
        ? `none of the ${registered} registered servers is healthy`
        : "no server is registered";
      return c.json({ status: "unavailable", reason }, 503);
    }
    return c.json({ status: "ok", backends_up: up });
  });

  // Live dashboard feed: a snapshot every interval, and right away when a server comes or goes.
  app.get("/api/events", (c) => {
    const window = windowOf(c.req.query("window"));
    if (!window) return c.json(BAD_WINDOW, 400);
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const push = () => {
          // A client that stopped reading gets no more snapshots rather than an ever-growing queue.
          if (!open || (controller.desiredSize ?? 0) < -8) return;
          const data = { status: balancer.status(), history: history.view(window) };
          controller.enqueue(encoder.encode(`event: status\ndata: ${JSON.stringify(data)}\n\n`));
        };
        const timer = setInterval(push, ctx.feedIntervalMs);
        const unsubscribe = balancer.subscribe((event) => {
          // Deferred so the snapshot is taken after the balancer finished handling the event.
          if (
            event.type === "backend_up" || event.type === "backend_down" || event.type === "backend_state"
          ) {
            queueMicrotask(push);
          }
        });
        let forget = () => {};
        end = () => {
          open = false;
          clearInterval(timer);
          unsubscribe();
          forget();
          try {
            controller.close();
          } catch (error) {
            // Already closed by the client going away; anything else is a real bug.
            if (!(error instanceof TypeError)) throw error;
          }
        };
        forget = ctx.onClose(end);
        push();
      },
      cancel() {
        end();
      },
    });
    return c.body(body, 200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    });
  });
}
