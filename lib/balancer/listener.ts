/**
 * The balancer's TCP front door. Every connection starts with a `hello`; its
 * role decides what follows:
 * - `server`: a registration; the connection stays open as the server's
 *   control channel (heartbeats both ways) while the balancer opens a data
 *   connection to the server's port;
 * - `client`: `generate` / `cancel` / `status` requests, many in flight at once.
 *
 * Peers speaking the original Python tool's plain-text protocol are told apart
 * by their first bytes and served by `lib/legacy/`.
 *
 * @module
 */
import { Connection } from "../connection.ts";
import { checkHello, readHello } from "../handshake.ts";
import { type Message, type MessageOf, PROTOCOL_VERSION, ProtocolError } from "../protocol.ts";
import type { LegacySettings } from "../legacy/backend.ts";
import { serveLegacyPeer, sniffConnection } from "../legacy/peers.ts";
import { LEGACY_HEARTBEAT_TIMEOUT_MS } from "../legacy/protocol.ts";
import type { Balancer } from "./balancer.ts";
import { ClientSession } from "./session.ts";

/** Options of {@link serveBalancer}. */
export interface ListenOptions {
  host: string;
  port: number;
  signal?: AbortSignal;
  /** Legacy (original tool) peers; defaults as the original: 10 s heartbeat silence. */
  legacy?: Partial<Omit<LegacySettings, "log">>;
}

/** How long a new connection may take to send its first bytes (the hello deadline). */
const FIRST_BYTES_TIMEOUT_MS = 5000;

/** Accepts TCP connections for `balancer` until the signal aborts. Resolves when listening. */
export function serveBalancer(balancer: Balancer, options: ListenOptions): Deno.TcpListener {
  const listener = Deno.listen({ hostname: options.host, port: options.port, transport: "tcp" });
  options.signal?.addEventListener("abort", () => listener.close(), { once: true });
  const legacy: LegacySettings = {
    heartbeatTimeoutMs: options.legacy?.heartbeatTimeoutMs ?? LEGACY_HEARTBEAT_TIMEOUT_MS,
    answerTimeoutMs: options.legacy?.answerTimeoutMs ?? 120_000,
    maxAnswerBytes: options.legacy?.maxAnswerBytes ?? balancer.options.maxFrame,
    onHeartbeatMiss: (backend, count) => balancer.countHeartbeatMisses(backend, count),
    log: balancer.log,
  };
  (async () => {
    for await (const conn of listener) {
      conn.setNoDelay(true);
      acceptConnection(balancer, conn, legacy).catch((error) => {
        const addr = conn.remoteAddr as Deno.NetAddr;
        balancer.log.error(
          `Connection from ${addr.hostname}:${addr.port} failed: ${(error as Error).stack ?? error}`,
        );
        try {
          conn.close();
        } catch (closeError) {
          if (!(closeError instanceof Deno.errors.BadResource)) throw closeError;
        }
      });
    }
  })().catch((error) => {
    if (!(error instanceof Deno.errors.BadResource)) balancer.log.error(`listener stopped: ${error}`);
  });
  return listener;
}

/** Tells the protocols apart by the first bytes, then serves the connection. */
async function acceptConnection(balancer: Balancer, conn: Deno.Conn, legacy: LegacySettings): Promise<void> {
  const sniffed = await sniffConnection(conn, FIRST_BYTES_TIMEOUT_MS);
  if (!sniffed) return;
  if (sniffed.protocol !== "framed") return await serveLegacyPeer(balancer, conn, sniffed, legacy);
  const connection = new Connection(conn, { maxFrame: balancer.options.maxFrame, initial: sniffed.bytes });
  await handleConnection(balancer, connection);
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
