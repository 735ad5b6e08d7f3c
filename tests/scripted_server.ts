/**
 * A server written from docs/protocol.md whose answers a test scripts: it
 * registers with a balancer, accepts the balancer's data connection, records
 * every `generate` and answers it with chunks, then `done`, an error, by
 * dying (closing every connection, like a crashed process) or not at all.
 */
import { Connection } from "../lib/connection.ts";
import { type ErrorCode, type Message, type MessageOf, PROTOCOL_VERSION } from "../lib/protocol.ts";

/** How the server answers one request. */
export interface Reply {
  chunks: string[];
  /** `hang`: send nothing more (the test ends it, e.g. with {@link ScriptedServer.close}). */
  end: "done" | "die" | "hang" | { code: ErrorCode; message: string };
}

/** A scripted fake server. */
export class ScriptedServer {
  /** Every `generate` it received, in order. */
  readonly received: MessageOf<"generate">[] = [];
  readonly port: number;
  readonly #listener: Deno.TcpListener;
  readonly #connections: Connection[] = [];

  constructor(public script: (request: MessageOf<"generate">) => Reply) {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    this.#accept();
  }

  /** Its id at the balancer. */
  get id(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Registers with the balancer on a control connection that answers heartbeats. */
  async register(balancerPort: number): Promise<void> {
    const control = await Connection.connect("127.0.0.1", balancerPort);
    this.#connections.push(control);
    control.send({ type: "hello", v: PROTOCOL_VERSION, role: "server", port: this.port, engine: "scripted" });
    this.#serve(control);
  }

  /** Closes the listener and every connection (the balancer sees the server die). */
  close(): void {
    try {
      this.#listener.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
    for (const connection of this.#connections) connection.close();
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        const data = new Connection(conn);
        this.#connections.push(data);
        this.#serve(data);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  }

  async #serve(connection: Connection): Promise<void> {
    for await (const message of connection as AsyncIterable<Message>) {
      if (message.type === "hello") {
        connection.send({ type: "welcome", v: PROTOCOL_VERSION, id: "scripted", heartbeat_ms: 0 });
      } else if (message.type === "heartbeat") {
        connection.send({ type: "heartbeat_ack", seq: message.seq });
      } else if (message.type === "generate") {
        this.received.push(message);
        const reply = this.script(message);
        for (const text of reply.chunks) connection.send({ type: "chunk", id: message.id, text, tokens: 1 });
        if (reply.end === "die") {
          await connection.flush();
          this.close();
        } else if (reply.end === "done") {
          const tokens = reply.chunks.length;
          const stats = { tokens, ttft_ms: 1, total_ms: 1, backend: this.id, cached: false };
          connection.send({ type: "done", id: message.id, stats });
        } else if (reply.end !== "hang") {
          connection.send({ type: "error", id: message.id, ...reply.end });
        }
      }
    }
  }
}
