/**
 * The one benchmark client used for every path of the hop benchmark (direct to a backend, through HAProxy,
 * through ailb): raw sockets, hand-built frames, and a frame scanner that only parses `done` and `error`
 * bodies, so the client costs the same whatever is in front of the backend.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One request's outcome. */
interface Waiter {
  resolve: (cached: boolean) => void;
  reject: (error: Error) => void;
}

/** `{"type":"` is 9 bytes; the type name starts at body offset 9. */
const TYPE_OFFSET = 9;
const CHAR_C = "c".charCodeAt(0);
const CHAR_D = "d".charCodeAt(0);
const CHAR_E = "e".charCodeAt(0);

/** A client speaking `role` ("client" to a balancer, "balancer" straight to a backend or a TCP proxy). */
export class HopClient {
  /** Chunk frames received so far (all requests). */
  chunks = 0;
  readonly #conn: Deno.Conn;
  readonly #waiting = new Map<string, Waiter>();
  #next = 0;
  #pending: Uint8Array[] = [];
  #writing = Promise.resolve();
  #closed = false;

  private constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Connects, says hello as `role` and waits for the welcome. */
  static async connect(port: number, role: "client" | "balancer"): Promise<HopClient> {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    const client = new HopClient(conn);
    const welcomed = new Promise<boolean>((resolve, reject) => client.#waiting.set("", { resolve, reject }));
    client.#read();
    client.#send({ type: "hello", v: 1, role });
    await welcomed;
    return client;
  }

  /** Sends one generate; resolves when its `done` arrives (with whether it was a cache hit). */
  ask(prompt: string, maxTokens: number, cache = true): Promise<boolean> {
    const id = `h${(this.#next++).toString(36)}`;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#send({ type: "generate", id, prompt, params: { max_tokens: maxTokens }, cache });
    });
  }

  close(): void {
    this.#closed = true;
    try {
      this.#conn.close();
    } catch { /* already closed */ }
  }

  #send(message: unknown): void {
    const body = encoder.encode(JSON.stringify(message));
    const frame = new Uint8Array(4 + body.length);
    new DataView(frame.buffer).setUint32(0, body.length);
    frame.set(body, 4);
    this.#pending.push(frame);
    if (this.#pending.length > 1) return;
    // Generates issued in the same tick leave in one write, like any pipelining client.
    this.#writing = this.#writing.then(async () => {
      const frames = this.#pending;
      this.#pending = [];
      let bytes = frames[0];
      if (frames.length > 1) {
        bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
        let offset = 0;
        for (const f of frames) {
          bytes.set(f, offset);
          offset += f.length;
        }
      }
      for (let w = 0; w < bytes.length;) w += await this.#conn.write(bytes.subarray(w));
    }).catch((error) => this.#fail(error));
  }

  #fail(error: Error): void {
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }

  async #read(): Promise<void> {
    let buffer = new Uint8Array(256 * 1024);
    let start = 0;
    let end = 0;
    try {
      while (true) {
        if (buffer.length - end < 64 * 1024) {
          // Move the partial frame to the front (or grow) before reading more.
          const live = end - start;
          const next = live > buffer.length / 2 ? new Uint8Array(buffer.length * 2) : buffer;
          next.copyWithin(0, start, end);
          if (next !== buffer) next.set(buffer.subarray(start, end));
          buffer = next;
          start = 0;
          end = live;
        }
        const n = await this.#conn.read(buffer.subarray(end));
        if (n === null) break;
        end += n;
        while (end - start >= 4) {
          const length = (buffer[start] << 24 | buffer[start + 1] << 16 | buffer[start + 2] << 8 |
            buffer[start + 3]) >>> 0;
          if (end - start - 4 < length) break;
          const body = start + 4;
          start = body + length;
          const kind = buffer[body + TYPE_OFFSET];
          if (kind === CHAR_C) {
            this.chunks++;
            continue;
          }
          if (kind !== CHAR_D && kind !== CHAR_E && kind !== "w".charCodeAt(0)) continue;
          const message = JSON.parse(decoder.decode(buffer.subarray(body, body + length)));
          if (message.type === "welcome") {
            this.#settle("", undefined, false);
          } else if (message.type === "done") {
            this.#settle(message.id, undefined, message.stats?.cached === true);
          } else if (message.type === "error") {
            this.#settle(message.id ?? "", new Error(`${message.code}: ${message.message}`), false);
          }
        }
      }
    } catch (error) {
      if (!this.#closed) this.#fail(error as Error);
      return;
    }
    this.#fail(new Error("connection closed"));
  }

  #settle(id: string, error: Error | undefined, cached: boolean): void {
    const waiter = this.#waiting.get(id);
    if (!waiter) return;
    this.#waiting.delete(id);
    if (error) waiter.reject(error);
    else waiter.resolve(cached);
  }
}

/** What {@link drive} measured. */
export interface DriveResult {
  latencies: number[];
  requests: number;
  seconds: number;
  chunks: number;
  cacheHits: number;
}

/**
 * Keeps `inFlight` requests going on `client` for `seconds`, then waits for the last ones; returns
 * per-request latencies (ms), the count, wall time and the chunk frames received meanwhile.
 */
export async function drive(
  client: HopClient,
  options: { inFlight: number; seconds: number; maxTokens: number; prompt: (i: number) => string },
): Promise<DriveResult> {
  const latencies: number[] = [];
  let i = 0;
  let cacheHits = 0;
  const chunksBefore = client.chunks;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(Array.from({ length: options.inFlight }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      if (await client.ask(options.prompt(i++), options.maxTokens)) cacheHits++;
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { latencies, requests: latencies.length, seconds, chunks: client.chunks - chunksBefore, cacheHits };
}
