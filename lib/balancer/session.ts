/**
 * A client's session with the balancer, independent of transport: the TCP
 * listener and the web UI's WebSocket both feed it protocol messages and give
 * it a way to send messages back, so both take exactly the same path into
 * {@link Balancer.dispatch}.
 *
 * @module
 */
import { clip, type Message, type MessageOf, ProtocolError } from "../protocol.ts";
import { type Balancer, DispatchError } from "./balancer.ts";

/** Serves one client's requests; many may be in flight at once. */
export class ClientSession {
  readonly #running = new Map<string, AbortController>();
  #settled: (() => void) | undefined;

  constructor(readonly balancer: Balancer, readonly send: (message: Message) => void) {}

  /** Requests of this session still running. */
  get inFlight(): number {
    return this.#running.size;
  }

  /** Handles one message from the client. */
  handle(message: Message): void {
    switch (message.type) {
      case "generate":
        if (this.#running.has(message.id)) {
          this.#error(message.id, "bad_message", `request id "${clip(message.id)}" is already in flight`);
        } else {
          // #run reports its own failures; this catch only guards against a bug there ending the process.
          this.#run(message).catch((error) =>
            this.balancer.log.error(
              `Request ${clip(message.id)} broke its session: ${(error as Error).stack}`,
            )
          );
        }
        break;
      case "cancel":
        this.#running.get(message.id)?.abort();
        break;
      case "status":
        this.send({ type: "status_result", id: message.id, status: this.balancer.status() });
        break;
      case "drain":
        this.#drain(message);
        break;
      case "heartbeat":
        this.send({ type: "heartbeat_ack", seq: message.seq });
        break;
      case "heartbeat_ack":
        break;
      default:
        this.#error(undefined, "unknown_type", `a client cannot send "${message.type}"`);
    }
  }

  /** Resolves once no request of this session is running (a half-closed client waits for its answers). */
  settled(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#settled = resolve);
  }

  /** Cancels everything still running (the client went away). */
  close(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  /** `ailb drain SERVER`: stop routing new work to one server (or, with `undo`, resume). */
  #drain(message: MessageOf<"drain">): void {
    if (typeof message.server !== "string" || message.server.length === 0) {
      this.#error(message.id, "bad_message", `"drain" needs the server's id or name in "server"`);
      return;
    }
    try {
      const undo = message.undo === true;
      const backend = this.balancer.drain(
        message.server,
        undo ? "resumed by an operator" : "drained by an operator",
        undo,
      );
      this.send({ type: "drain_result", id: message.id, server: backend.id, state: backend.state });
    } catch (error) {
      if (!(error instanceof DispatchError)) throw error;
      this.#error(message.id, error.code, error.message);
    }
  }

  #error(id: string | undefined, code: ProtocolError["code"], text: string): void {
    this.send({ type: "error", id, code, message: clip(text, 500) });
  }

  async #run(message: MessageOf<"generate">): Promise<void> {
    const controller = new AbortController();
    this.#running.set(message.id, controller);
    // Client ids are only unique per session; a balancer-wide id keeps backends' maps apart.
    const id = this.balancer.nextRequestId();
    try {
      const events = this.balancer.dispatch({
        id,
        prompt: message.prompt,
        params: message.params,
        useCache: message.cache !== false,
        signal: controller.signal,
        model: message.model,
        messages: message.messages,
        // Chunks go straight on, synchronously: an answer that arrived in one read leaves in one write.
        onChunk: (text, tokens) => this.send({ type: "chunk", id: message.id, text, tokens }),
      });
      for await (const event of events) {
        if (event.type === "done") this.send({ type: "done", id: message.id, stats: event.stats });
      }
    } catch (error) {
      const code = error instanceof DispatchError || error instanceof ProtocolError ? error.code : "internal";
      if (code === "internal") this.balancer.log.error(`Request ${id} failed: ${(error as Error).stack}`);
      this.#error(message.id, code, (error as Error).message);
    } finally {
      this.#running.delete(message.id);
      if (this.#running.size === 0) this.#settled?.();
    }
  }
}
