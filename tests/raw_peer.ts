/**
 * A deliberately low-level peer for tests: raw bytes and frames over a plain
 * socket, reads with deadlines, and a check that the other side closed.
 */
import { decodeMessage, encodeFrame, FrameDecoder, type Message } from "../lib/protocol.ts";

/** A raw TCP peer speaking (or abusing) the ailb framing. */
export class RawPeer {
  readonly #decoder = new FrameDecoder(64 * 1024 * 1024);
  readonly #queue: Message[] = [];
  readonly #buffer = new Uint8Array(64 * 1024);
  #eof = false;

  private constructor(readonly conn: Deno.TcpConn) {}

  /** Connects to 127.0.0.1:`port`. */
  static async connect(port: number): Promise<RawPeer> {
    return new RawPeer(await Deno.connect({ hostname: "127.0.0.1", port }));
  }

  /** Connects and says hello as `role`; resolves with the peer and the balancer's answer. */
  static async hello(
    port: number,
    role: "client" | "server" | "balancer" = "client",
    extra: Record<string, unknown> = {},
  ): Promise<{ peer: RawPeer; answer: Message }> {
    const peer = await RawPeer.connect(port);
    await peer.send({ type: "hello", v: 1, role, ...extra } as Message);
    const answer = await peer.next(10_000);
    if (!answer) throw new Error(`no answer to hello on port ${port}`);
    return { peer, answer };
  }

  /** Sends one message as a frame. */
  async send(message: Message | Record<string, unknown>): Promise<void> {
    await this.write(encodeFrame(message as Message, 64 * 1024 * 1024));
  }

  /** Writes raw bytes. */
  async write(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) written += await this.conn.write(bytes.subarray(written));
  }

  /** The next message, or undefined when the other side closed; throws after `timeoutMs`. */
  async next(timeoutMs = 10_000): Promise<Message | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (this.#queue.length === 0) {
      if (this.#eof) return undefined;
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const read = this.conn.read(this.#buffer).catch(() => null);
      const timeout = new Promise<"timeout">((resolve) =>
        timer = setTimeout(() => resolve("timeout"), remaining)
      );
      const n = await Promise.race([read, timeout]).finally(() => clearTimeout(timer));
      if (n === "timeout") {
        // The read stays pending; closing the socket settles it. The caller treats this as a failure anyway.
        this.close();
        throw new Error(`no message within ${timeoutMs} ms`);
      }
      if (n === null) this.#eof = true;
      else this.#queue.push(...this.#decoder.push(this.#buffer.slice(0, n)).map(decodeMessage));
    }
    return this.#queue.shift();
  }

  /** Reads until the other side closes (within `timeoutMs`); returns everything it sent. */
  async untilClosed(timeoutMs = 10_000): Promise<Message[]> {
    const deadline = performance.now() + timeoutMs;
    const out: Message[] = [];
    while (true) {
      const message = await this.next(Math.max(1, deadline - performance.now()));
      if (!message) return out;
      out.push(message);
    }
  }

  /** Closes our side (idempotent). */
  close(): void {
    try {
      this.conn.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  }
}
