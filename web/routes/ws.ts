/**
 * `/ws`: the browser's WebSocket into {@link Balancer.dispatch}, through the
 * same {@link ClientSession} as TCP clients (the same JSON messages, one per
 * text frame), so there is no extra hop.
 *
 * @module
 */
import type { Hono } from "hono";
import { upgradeWebSocket } from "hono/deno";
import { ClientSession } from "../../lib/balancer/session.ts";
import { clip, decodeMessage, type Message, ProtocolError } from "../../lib/protocol.ts";
import type { WebContext } from "./context.ts";

const encoder = new TextEncoder();

/** Serves `/ws`. */
export function wsRoutes(app: Hono, ctx: WebContext): void {
  const { balancer, log } = ctx;
  app.get(
    "/ws",
    async (c, next) => {
      // Browsers send Origin on WebSocket upgrades; refusing foreign ones stops other sites from
      // using a visitor's browser to reach a balancer on localhost. Non-browser clients send none.
      const origin = c.req.header("origin");
      if (!ctx.guard.originAllowed(origin)) {
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
      let session: ClientSession | undefined;
      let forget = () => {};
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          const send = (message: Message) => {
            if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
          };
          session = new ClientSession(balancer, send);
          forget = ctx.onClose(() => socket.close(1001, "shutting down"));
        },
        onMessage(event) {
          if (!session) return;
          const reject = (code: ProtocolError["code"], message: string) =>
            session!.send({ type: "error", code, message });
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
          // A closed tab cancels what it was waiting for; the servers stop generating.
          session?.close();
          forget();
        },
        onError(event) {
          // The peer's connection failing (a tab or network gone without a close frame, a send racing its
          // going away) is routine and caused by the peer, not a problem of the balancer's: onClose follows
          // and cancels its requests. Anyone can cause it, so it does not deserve a warning per connection.
          log.debug(`WebSocket error: ${(event as ErrorEvent).message ?? event.type}`);
        },
      };
    }),
  );
}
