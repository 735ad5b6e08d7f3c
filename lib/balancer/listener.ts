/**
 * The balancer's TCP front door. Every connection starts with a `hello`; its
 * role decides what follows:
 * - `server`: a registration; the connection stays open as the server's
 *   control channel (heartbeats both ways) while the balancer opens a data
 *   connection to the server's port;
 * - `client`: `generate` / `cancel` / `status` requests, many in flight at once.
 *
 * @module
 */
import { Connection } from "../connection.ts";
import { checkHello, readHello } from "../handshake.ts";
import { type Message, type MessageOf, PROTOCOL_VERSION, ProtocolError } from "../protocol.ts";
import type { Balancer } from "./balancer.ts";
import { ClientSession } from "./session.ts";

/** Options of {@link serveBalancer}. */
export interface ListenOptions {
  host: string;
  port: number;
  signal?: AbortSignal;
}

/** Accepts TCP connections for `balancer` until the signal aborts. Resolves when listening. */
export function serveBalancer(balancer: Balancer, options: ListenOptions): Deno.TcpListener {
  const listener = Deno.listen({ hostname: options.host, port: options.port, transport: "tcp" });
  options.signal?.addEventListener("abort", () => listener.close(), { once: true });
  (async () => {
    for await (const conn of listener) {
      conn.setNoDelay(true);
      const connection = new Connection(conn, { maxFrame: balancer.options.maxFrame });
      handleConnection(balancer, connection).catch((error) => {
        balancer.log.error(`Connection from ${connection.remote} failed: ${(error as Error).stack ?? error}`);
        connection.close();
      });
    }
  })().catch((error) => {
    if (!(error instanceof Deno.errors.BadResource)) balancer.log.error(`listener stopped: ${error}`);
  });
  return listener;
}

async function handleConnection(balancer: Balancer, connection: Connection): Promise<void> {
  const messages = connection[Symbol.asyncIterator]();
  const hello = await readHello(connection, messages);
  if (!hello) return;
  try {
    checkHello(hello, balancer.options.token);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    balancer.log.warn(`Refused ${connection.remote}: ${error.message}`);
    await connection.fail(error);
    return;
  }
  if (hello.role === "server") await handleServer(balancer, connection, hello, messages);
  else if (hello.role === "client") await handleClient(balancer, connection, messages);
  else await connection.fail(new ProtocolError("bad_message", `role "${hello.role}" cannot connect here`));
}

async function handleServer(
  balancer: Balancer,
  connection: Connection,
  hello: MessageOf<"hello">,
  messages: AsyncIterator<Message>,
): Promise<void> {
  if (!Number.isInteger(hello.port) || hello.port! < 1 || hello.port! > 65535) {
    await connection.fail(new ProtocolError("bad_message", "a server's hello needs its port (1-65535)"));
    return;
  }
  let backend;
  try {
    backend = await balancer.register(hello, connection);
  } catch (error) {
    balancer.log.warn(`Registration from ${connection.remote} failed: ${(error as Error).message}`);
    await connection.fail(new ProtocolError("backend_error", (error as Error).message));
    return;
  }
  connection.send({
    type: "welcome",
    v: PROTOCOL_VERSION,
    id: backend.id,
    heartbeat_ms: balancer.options.heartbeatMs,
  });
  for (let next = await messages.next(); !next.done; next = await messages.next()) {
    backend.handleControl(next.value);
  }
  backend.markDown({
    kind: "connection",
    detail: `control connection closed (${connection.reason?.message ?? "unknown"})`,
  });
}

async function handleClient(
  balancer: Balancer,
  connection: Connection,
  messages: AsyncIterator<Message>,
): Promise<void> {
  connection.send({ type: "welcome", v: PROTOCOL_VERSION, id: connection.remote, heartbeat_ms: 0 });
  const session = new ClientSession(balancer, (message) => {
    try {
      connection.send(message);
    } catch (error) {
      // A chunk too large for one frame: tell the client instead of dropping it silently.
      if (!(error instanceof ProtocolError) || !("id" in message)) throw error;
      connection.send({ type: "error", id: message.id, code: error.code, message: error.message });
    }
  });
  for (let next = await messages.next(); !next.done; next = await messages.next()) session.handle(next.value);
  session.close();
}
