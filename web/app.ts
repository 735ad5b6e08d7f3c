/**
 * The web front of `ailb balance`: the chat page and dashboard, the browser's
 * WebSocket into {@link Balancer.dispatch} (through the same
 * {@link ClientSession} as TCP clients, so no extra hop), a live status feed
 * (server-sent events), `/api/status`, `/healthz` and `/metrics`.
 *
 * @module
 */
import { Hono } from "hono";
import { upgradeWebSocket } from "hono/deno";
import type { Balancer } from "../lib/balancer/balancer.ts";
import { ClientSession } from "../lib/balancer/session.ts";
import type { Logger } from "../lib/log.ts";
import { clip, decodeMessage, type Message, ProtocolError } from "../lib/protocol.ts";
import { sameSecret } from "../lib/secret.ts";
import type { HostGuard } from "./guard.ts";
import { BalancerMetrics, LiveSeries } from "./metrics.ts";

/** Options of {@link createWebApp}. */
export interface WebAppOptions {
  /** Aborting it ends live feeds and WebSockets so the HTTP server can finish. */
  signal: AbortSignal;
  log: Logger;
  /** Which Host and Origin headers name this server (DNS rebinding and cross-site WebSockets fail). */
  guard: HostGuard;
  /** How often the live feed pushes the balancer's state (default 1000 ms). */
  feedIntervalMs?: number;
}

/** Static assets, read from next to this module so the page works from any cwd and offline. */
const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/dashboard": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/dashboard.css": { file: "dashboard.css", type: "text/css; charset=utf-8" },
};
const STATIC_DIR = new URL("./static/", import.meta.url);

/** Everything the page loads comes from this origin; WebSocket and SSE included. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const encoder = new TextEncoder();

/** Builds the Hono app serving `balancer`. */
export function createWebApp(balancer: Balancer, options: WebAppOptions): Hono {
  const { signal, log, guard } = options;
  const metrics = new BalancerMetrics(balancer);
  const series = new LiveSeries(balancer);
  const sessions = new Set<{ session: ClientSession; close: () => void }>();
  const feeds = new Set<() => void>();
  signal.addEventListener("abort", () => {
    metrics.close();
    series.close();
    for (const { close } of sessions) close();
    for (const end of feeds) end();
  }, { once: true });

  const app = new Hono();
  app.onError((error, c) => {
    log.error(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error}`);
    return c.json({ error: "internal error", message: error.message }, 500);
  });
  app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));

  for (const [path, asset] of Object.entries(ASSETS)) {
    app.get(path, async (c) => {
      const body = await Deno.readFile(new URL(asset.file, STATIC_DIR));
      return c.body(body, 200, {
        "content-type": asset.type,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        ...(asset.file.endsWith(".html") ? { "content-security-policy": CSP } : {}),
      });
    });
  }

  // Routes that read state or take prompts answer only requests addressed to this server by name: a page
  // on another site that rebinds its own domain to 127.0.0.1 sends its own name as Host, and is refused.
  for (const path of ["/api/*", "/metrics", "/ws", "/v1/*"]) {
    app.use(path, async (c, next) => {
      const host = c.req.header("host");
      if (!guard.hostAllowed(host)) {
        log.warn(`Refused ${c.req.method} ${c.req.path}: Host ${clip(String(host))} is not this server`);
        return c.json(
          { error: "forbidden", message: "this Host is not allowed (see --allowed-origin)" },
          403,
        );
      }
      await next();
    });
  }

  // With --token, everything that reads state or sends prompts needs it too, like TCP clients do.
  // Browsers cannot set headers on WebSocket or EventSource, hence the query parameter.
  // /healthz stays open for load-balancer probes; the static page holds no secrets.
  const token = balancer.options.token;
  if (token) {
    for (const path of ["/api/*", "/metrics", "/ws"]) {
      app.use(path, async (c, next) => {
        const bearer = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
        if (!sameSecret(bearer ?? c.req.query("token"), token)) {
          return c.json({ error: "unauthorized", message: "missing or wrong token" }, 401);
        }
        await next();
      });
    }
  }

  app.get("/api/status", (c) => c.json(balancer.status()));

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

  app.get(
    "/metrics",
    async (c) => c.body(await metrics.render(), 200, { "content-type": metrics.contentType }),
  );

  // Live dashboard feed: a snapshot every interval, and right away when a server comes or goes.
  app.get("/api/events", (c) => {
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const push = () => {
          // A client that stopped reading gets no more snapshots rather than an ever-growing queue.
          if (!open || (controller.desiredSize ?? 0) < -8) return;
          const data = { status: balancer.status(), requests_per_s: series.rate(), series: series.samples() };
          controller.enqueue(encoder.encode(`event: status\ndata: ${JSON.stringify(data)}\n\n`));
        };
        const timer = setInterval(push, options.feedIntervalMs ?? 1000);
        const unsubscribe = balancer.subscribe((event) => {
          // Deferred so the snapshot is taken after the balancer finished handling the event.
          if (event.type === "backend_up" || event.type === "backend_down") queueMicrotask(push);
        });
        end = () => {
          open = false;
          clearInterval(timer);
          unsubscribe();
          feeds.delete(end);
          try {
            controller.close();
          } catch (error) {
            // Already closed by the client going away; anything else is a real bug.
            if (!(error instanceof TypeError)) throw error;
          }
        };
        feeds.add(end);
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

  app.get(
    "/ws",
    async (c, next) => {
      // Browsers send Origin on WebSocket upgrades; refusing foreign ones stops other sites from
      // using a visitor's browser to reach a balancer on localhost. Non-browser clients send none.
      const origin = c.req.header("origin");
      if (!guard.originAllowed(origin)) {
        log.warn(`Refused a WebSocket from origin ${clip(String(origin))}`);
        return c.json({ error: "forbidden", message: `origin ${clip(String(origin))} not allowed` }, 403);
      }
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        return c.json({ error: "this endpoint needs a WebSocket upgrade" }, 426);
      }
      if (!c.req.header("sec-websocket-key")) {
        return c.json({ error: "bad request", message: "a WebSocket upgrade needs Sec-WebSocket-Key" }, 400);
      }
      await next();
    },
    upgradeWebSocket(() => {
      let entry: { session: ClientSession; close: () => void } | undefined;
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          const send = (message: Message) => {
            if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
          };
          entry = {
            session: new ClientSession(balancer, send),
            close: () => socket.close(1001, "shutting down"),
          };
          sessions.add(entry);
        },
        onMessage(event) {
          if (!entry) return;
          const session = entry.session;
          const reject = (code: ProtocolError["code"], message: string) =>
            session.send({ type: "error", code, message });
          if (typeof event.data !== "string") {
            return reject("bad_message", "send JSON text frames, one message each");
          }
          const body = encoder.encode(event.data);
          if (body.length > balancer.options.maxFrame) {
            return reject(
              "frame_too_large",
              `message of ${body.length} bytes exceeds ${balancer.options.maxFrame}`,
            );
          }
          let message: Message;
          try {
            message = decodeMessage(body);
          } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
            return reject(error.code, error.message);
          }
          // The page is same-origin and already "connected"; a handshake here would be noise.
          if (message.type === "hello") return reject("bad_message", "no hello is needed over the WebSocket");
          log.debug(`WebSocket ${message.type}`, { id: "id" in message ? message.id : undefined });
          try {
            session.handle(message);
          } catch (error) {
            // An exception escaping a WebSocket event handler would end the process.
            log.error(`WebSocket message failed: ${(error as Error).stack ?? error}`);
            reject("internal", "the balancer could not handle this message");
          }
        },
        onClose() {
          if (!entry) return;
          // A closed tab cancels what it was waiting for; the servers stop generating.
          entry.session.close();
          sessions.delete(entry);
        },
        onError(event) {
          log.warn(`WebSocket error: ${(event as ErrorEvent).message ?? event.type}`);
        },
      };
    }),
  );

  return app;
}
