/**
 * A zero-cost backend for measuring the balancer hop: it speaks the server side of the ailb protocol with as
 * little work as possible, so what a benchmark measures is the path in front of it, not an engine.
 *
 *   deno run -A bench/zero_backend.ts --port P [--lb HOST:PORT] [--tokens N]
 *
 * - With `--lb` it registers over a control connection (hello{role:"server"}) and heartbeats both ways.
 * - On its data port it answers a `hello` with `welcome{heartbeat_ms}` and each `generate` with `max_tokens`
 *   (default `--tokens`, 16) `chunk` frames and a `done`, all in one write. It listens until killed.
 *
 * It uses raw sockets and hand-built frames on purpose (not lib/connection.ts): the balancer's own framing is
 * what is being measured, and the backend must stay the same while it changes.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { concatBytes, writeAll } from "../lib/bytes.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One frame: u32 big-endian length + UTF-8 JSON. */
function frame(json: string): Uint8Array {
  const body = encoder.encode(json);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/** Calls `onFrame` with each whole JSON body read from `conn`, until EOF. */
async function readFrames(conn: Deno.Conn, onFrame: (body: string) => void): Promise<void> {
  let buffer = new Uint8Array(0);
  const chunk = new Uint8Array(64 * 1024);
  while (true) {
    const n = await conn.read(chunk).catch(() => null);
    if (n === null) return;
    const joined = new Uint8Array(buffer.length + n);
    joined.set(buffer);
    joined.set(chunk.subarray(0, n), buffer.length);
    let offset = 0;
    while (joined.length - offset >= 4) {
      const length = new DataView(joined.buffer, offset, 4).getUint32(0);
      if (joined.length - offset - 4 < length) break;
      onFrame(decoder.decode(joined.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    buffer = joined.slice(offset);
  }
}

/** The answer to one generate: `tokens` chunks and a done, as one buffer. */
function answer(id: string, tokens: number): Uint8Array {
  const idJson = JSON.stringify(id);
  let json = "";
  const parts: Uint8Array[] = [];
  for (let i = 0; i < tokens; i++) {
    json = `{"type":"chunk","id":${idJson},"text":" word${i % 10}","tokens":1}`;
    parts.push(frame(json));
  }
  parts.push(frame(
    `{"type":"done","id":${idJson},"stats":{"tokens":${tokens},"ttft_ms":0,"total_ms":0,"backend":"zero","cached":false}}`,
  ));
  return concatBytes(parts);
}

let served = 0;

async function serveData(conn: Deno.TcpConn, defaultTokens: number, heartbeatMs: number): Promise<void> {
  conn.setNoDelay(true);
  // Writes chain so answers leave in order; frames that arrive in one read are answered in one write.
  let writing = Promise.resolve();
  const pending: Uint8Array[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = concatBytes(pending);
    pending.length = 0;
    writing = writing.then(() => writeAll(conn, bytes)).catch(() => conn.close());
  };
  await readFrames(conn, (body) => {
    const message = JSON.parse(body);
    if (message.type === "hello") {
      pending.push(frame(JSON.stringify({ type: "welcome", v: 1, id: "zero", heartbeat_ms: heartbeatMs })));
    } else if (message.type === "generate") {
      served++;
      pending.push(answer(message.id, message.params?.max_tokens ?? defaultTokens));
    } else if (message.type === "heartbeat") {
      pending.push(frame(JSON.stringify({ type: "heartbeat_ack", seq: message.seq })));
    }
    queueMicrotask(flush);
  });
  try {
    conn.close();
  } catch { /* already closed */ }
}

/** Registers with the balancer and heartbeats until the control connection ends. */
async function register(lb: string, port: number): Promise<void> {
  const [host, lbPort] = [lb.slice(0, lb.lastIndexOf(":")), Number(lb.slice(lb.lastIndexOf(":") + 1))];
  let conn: Deno.TcpConn | undefined;
  for (let attempt = 1; !conn; attempt++) {
    // The balancer may still be starting: retry for a while, like `ailb serve` does.
    conn = await Deno.connect({ hostname: host, port: lbPort }).catch((error) => {
      if (attempt >= 300) throw error;
      return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100));
    });
  }
  conn.setNoDelay(true);
  const load = () => ({ in_flight: 0, queued: 0, tokens_per_s: 0, requests: served });
  await writeAll(
    conn,
    frame(JSON.stringify({
      type: "hello",
      v: 1,
      role: "server",
      port,
      host: "127.0.0.1",
      engine: "zero",
      model: "zero",
      concurrency: 1024,
      name: `zero:${port}`,
    })),
  );
  let seq = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let writing = Promise.resolve();
  const send = (message: unknown) => {
    const bytes = frame(JSON.stringify(message));
    writing = writing.then(() => writeAll(conn, bytes)).catch(() => conn.close());
  };
  await readFrames(conn, (body) => {
    const message = JSON.parse(body);
    if (message.type === "welcome") {
      timer = setInterval(
        () => send({ type: "heartbeat", seq: ++seq, load: load() }),
        message.heartbeat_ms || 1000,
      );
    } else if (message.type === "heartbeat") {
      send({ type: "heartbeat_ack", seq: message.seq, load: load() });
    } else if (message.type === "error") {
      console.error(`zero backend: the balancer refused registration: ${message.code}: ${message.message}`);
      Deno.exit(1);
    }
  });
  clearInterval(timer);
  console.error("zero backend: control connection closed");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { port: { type: "string" }, lb: { type: "string" }, tokens: { type: "string", default: "16" } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error("usage: zero_backend.ts --port P [--lb HOST:PORT] [--tokens N]");
    Deno.exit(2);
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  console.error(`zero backend listening on 127.0.0.1:${port}`);
  if (values.lb) register(values.lb, port).catch((error) => console.error(`zero backend: ${error}`));
  for await (const conn of listener) serveData(conn, Number(values.tokens), 1000).catch(() => {});
}
