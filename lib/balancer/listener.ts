/**
 * The balancer's TCP front door. Every connection starts with a `hello`; its
 * role decides what follows:
 * - `server`: a registration; the connection stays open as the server's
 *   control channel (heartbeats both ways) while the balancer opens a data
 *   connection to the server's port;
 * - `client`: `generate` / `cancel` / `status` requests, many in flight at once.
 *
 * Peers speaking the original Python tool's plain-text protocol are told apart
 * by their first bytes (the accept loop's intercept hook) and served by
 * `lib/legacy/`, under the same connection limits.
 *
 * @module
 */
import {
  type AcceptLoop,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  type Peer,
  type PeerOptions,
  servePeers,
} from "../listen.ts";
import type { LegacySettings } from "../legacy/backend.ts";
import { legacyIntercept } from "../legacy/peers.ts";
import { LEGACY_HEARTBEAT_TIMEOUT_MS } from "../legacy/protocol.ts";
import { PROTOCOL_VERSION, ProtocolError } from "../protocol.ts";
import type { Balancer } from "./balancer.ts";
import { MAX_WEIGHT } from "./backend.ts";
import { ClientSession } from "./session.ts";

/** Options of {@link serveBalancer}. */
export interface ListenOptions {
  host: string;
  port: number;
  /** A listener to use instead of binding host:port (e.g. a TLS one). */
  listener?: Deno.Listener;
  signal?: AbortSignal;
  /** `--max-connections` (default {@link DEFAULT_MAX_CONNECTIONS}). */
  maxConnections?: number;
  /** `--idle-timeout` in ms, 0 = never (default {@link DEFAULT_IDLE_TIMEOUT_MS}). */
  idleTimeoutMs?: number;
  /**
   * Sees raw connections first (another protocol on the same port); see {@link PeerOptions.intercept}.
   * Replaces the default, which serves the original tool's peers.
   */
  intercept?: PeerOptions["intercept"];
  /** Legacy (original tool) peers; defaults as the original: 10 s heartbeat silence. */
  legacy?: Partial<Pick<LegacySettings, "heartbeatTimeoutMs" | "answerTimeoutMs">>;
}

/** Accepts TCP connections for `balancer` until the signal aborts. Throws if the port cannot be bound. */
export function serveBalancer(balancer: Balancer, options: ListenOptions): AcceptLoop {
  const listener = options.listener ??
    Deno.listen({ hostname: options.host, port: options.port, transport: "tcp" });
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const legacy: LegacySettings = {
    heartbeatTimeoutMs: options.legacy?.heartbeatTimeoutMs ?? LEGACY_HEARTBEAT_TIMEOUT_MS,
    answerTimeoutMs: options.legacy?.answerTimeoutMs ?? 120_000,
    maxAnswerBytes: balancer.options.maxFrame,
    idleTimeoutMs,
    onHeartbeatMiss: (backend, count) => balancer.countHeartbeatMisses(backend, count),
    replica: balancer.options.replica,
    log: balancer.log,
  };
  const loop = servePeers(listener, {
    log: balancer.log,
    roles: ["server", "client"],
    maxFrame: balancer.options.maxFrame,
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    idleTimeoutMs,
    token: balancer.options.token,
    halfOpen: true,
    intercept: options.intercept ?? legacyIntercept(balancer, legacy),
    onPeer: (peer) =>
      peer.hello.role === "server"
        ? handleServer(balancer, peer)
        : handleClient(balancer, peer, idleTimeoutMs),
  });
  options.signal?.addEventListener("abort", () => loop.close(), { once: true });
  return loop;
}

async function handleServer(balancer: Balancer, peer: Peer): Promise<void> {
  const { connection, hello, messages } = peer;
  // Heartbeats and --heartbeat-timeout govern a control connection, not the idle timeout.
  peer.busyWhile(() => true);
  if (!Number.isInteger(hello.port) || hello.port! < 1 || hello.port! > 65535) {
    await connection.fail(new ProtocolError("bad_message", "a server's hello needs its port (1-65535)"));
    return;
  }
  const weight = hello.weight ?? 1;
  if (typeof weight !== "number" || !(weight > 0 && weight <= MAX_WEIGHT)) {
    await connection.fail(
      new ProtocolError("bad_message", `a server's weight must be > 0 and ≤ ${MAX_WEIGHT}`),
    );
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
    detail: `control connection closed (${connection.reason?.message ?? "peer closed the connection"})`,
  });
}

async function handleClient(balancer: Balancer, peer: Peer, idleTimeoutMs: number): Promise<void> {
  const { connection, messages } = peer;
  // heartbeat_ms tells a client how often to send something when it has nothing in flight.
  const heartbeatMs = idleTimeoutMs > 0 ? Math.max(1, Math.floor(idleTimeoutMs / 3)) : 0;
  connection.send({ type: "welcome", v: PROTOCOL_VERSION, id: connection.remote, heartbeat_ms: heartbeatMs });
  const session = new ClientSession(balancer, (message) => {
    try {
      connection.send(message);
      if (message.type === "done" || message.type === "error") balancer.holdUntilSent(connection.flush());
    } catch (error) {
      // A chunk too large for one frame: tell the client instead of dropping it silently.
      if (!(error instanceof ProtocolError) || !("id" in message)) throw error;
      connection.send({ type: "error", id: message.id, code: error.code, message: error.message });
    }
  });
  peer.busyWhile(() => session.inFlight > 0);
  for (let next = await messages.next(); !next.done; next = await messages.next()) session.handle(next.value);
  if (!connection.isClosed) {
    // The client half-closed after sending: its answers still go out, then we close.
    await session.settled();
    await connection.flush();
  }
  session.close();
}
