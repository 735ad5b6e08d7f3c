import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import { Connection } from "../lib/connection.ts";
import { decodeMessage, encodeFrame, FrameDecoder, type Message, ProtocolError } from "../lib/protocol.ts";
import { startCluster } from "./helpers.ts";

const hello: Message = { type: "hello", v: 1, role: "client" };
const chunk: Message = { type: "chunk", id: "a", text: "Once upon a time" };

Deno.test("a frame split across reads is reassembled byte by byte", () => {
  const frame = encodeFrame(chunk);
  const decoder = new FrameDecoder();
  const bodies: Uint8Array[] = [];
  for (const byte of frame) bodies.push(...decoder.push(Uint8Array.of(byte)));
  assert.equal(bodies.length, 1);
  assert.deepEqual(decodeMessage(bodies[0]), chunk);
  assert.equal(decoder.pending, 0);
});

Deno.test("several frames in one read all come out, in order, with a partial tail kept", () => {
  const frames = [encodeFrame(hello), encodeFrame(chunk), encodeFrame({ type: "cancel", id: "a" })];
  const joined = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of frames) joined.set(f, (offset += f.length) - f.length);
  const decoder = new FrameDecoder();
  const cut = joined.length - 3;
  const first = decoder.push(joined.slice(0, cut)).map(decodeMessage);
  assert.deepEqual(first, [hello, chunk]);
  assert.equal(decoder.pending, frames[2].length - 3);
  assert.deepEqual(decoder.push(joined.slice(cut)).map(decodeMessage), [{ type: "cancel", id: "a" }]);
});

Deno.test("an empty frame is rejected as bad_frame", () => {
  const bodies = new FrameDecoder().push(new Uint8Array(4));
  assert.equal(bodies.length, 1);
  assert.throws(() => decodeMessage(bodies[0]), (e: ProtocolError) => e.code === "bad_frame");
});

Deno.test("an oversized length is refused from the header alone, before the body arrives", () => {
  const decoder = new FrameDecoder(1024);
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, 0xffff_fff0);
  assert.throws(() => decoder.push(header), (e: ProtocolError) => e.code === "frame_too_large");
  assert.throws(() => encodeFrame({ ...chunk, text: "x".repeat(2000) }, 1024), /exceeds the limit/);
});

Deno.test("garbage, non-objects, unknown types and missing fields get distinct errors", () => {
  const body = (text: string) => new TextEncoder().encode(text);
  const code = (text: string) => {
    try {
      decodeMessage(body(text));
      return "ok";
    } catch (error) {
      return (error as ProtocolError).code;
    }
  };
  assert.equal(code("\u0000\u0001garbage"), "bad_frame");
  assert.equal(code("[1,2]"), "bad_message");
  assert.equal(code('{"no":"type"}'), "bad_message");
  assert.equal(code('{"type":"launch_missiles"}'), "unknown_type");
  assert.equal(code('{"type":"generate","id":"x"}'), "bad_message");
  assert.equal(code('{"type":"hello","v":1,"role":"emperor"}'), "bad_message");
  assert.equal(code('{"type":"toString"}'), "unknown_type");
  assert.throws(() => decodeMessage(Uint8Array.of(0xff, 0xfe)), (e: ProtocolError) => e.code === "bad_frame");
});

Deno.test("generate's model and messages and hello's models and chat are type-checked", () => {
  const code = (message: Record<string, unknown>) => {
    try {
      decodeMessage(new TextEncoder().encode(JSON.stringify(message)));
      return "ok";
    } catch (error) {
      return (error as ProtocolError).code;
    }
  };
  const generate = { type: "generate", id: "x", prompt: "Once" };
  assert.equal(code({ ...generate, model: "m", messages: [{ role: "user", content: "hi" }] }), "ok");
  assert.equal(code({ ...generate, model: 7 }), "bad_message");
  assert.equal(code({ ...generate, messages: "hi" }), "bad_message");
  assert.equal(code({ ...generate, messages: [{ role: "user", content: 1 }] }), "bad_message");
  const server = { type: "hello", v: 1, role: "server", port: 1 };
  assert.equal(code({ ...server, models: ["a", "b"], chat: true }), "ok");
  assert.equal(code({ ...server, models: "a" }), "bad_message");
  assert.equal(code({ ...server, models: [""] }), "bad_message");
  assert.equal(code({ ...server, chat: "yes" }), "bad_message");
});

/** Reads frames from a raw socket until it closes; returns the decoded messages. */
async function readAll(conn: Deno.Conn): Promise<Message[]> {
  const decoder = new FrameDecoder();
  const out: Message[] = [];
  const buffer = new Uint8Array(4096);
  while (true) {
    const n = await conn.read(buffer).catch(() => null);
    if (n === null) return out;
    out.push(...decoder.push(buffer.slice(0, n)).map(decodeMessage));
  }
}

Deno.test("a real balancer answers bad input with an error frame, closes, and keeps serving", async () => {
  const { port, balancer } = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--max-frame", "4KiB"],
  });
  try {
    const cases: [Uint8Array, string][] = [
      [Uint8Array.of(0, 0, 0, 5, 1, 2, 3, 4, 5), "bad_frame"],
      [Uint8Array.of(0x7f, 0xff, 0xff, 0xff), "frame_too_large"],
      [encodeFrame({ type: "chunk", id: "x", text: "hi" }), "bad_message"],
      [encodeFrame({ type: "hello", v: 99, role: "client" }), "unsupported_version"],
      // A server's weight must be > 0 and at most 1000 (1000 itself registers: see cli_test).
      [encodeFrame({ type: "hello", v: 1, role: "server", port: 1, weight: 1000.5 }), "bad_message"],
      [encodeFrame({ type: "hello", v: 1, role: "server", port: 1, weight: 0 }), "bad_message"],
    ];
    for (const [bytes, expected] of cases) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(bytes);
      const messages = await readAll(conn);
      conn.close();
      assert.equal(messages.length, 1, `one error for ${expected}`);
      assert.equal(messages[0].type, "error");
      assert.equal((messages[0] as { code: string }).code, expected);
    }
    // After a valid hello, an unknown message type is answered without dropping the client.
    const client = await AilbClient.connect({ port });
    const status = await client.status();
    assert.equal(status.strategy, "round-robin");
    client.close();
    assert.equal(balancer.child.pid > 0 && balancer.log.includes("Refused"), true);
  } finally {
    await balancer.stop();
  }
});

Deno.test("a peer that connects and never says hello is dropped after the hello deadline", async () => {
  const { port, balancer } = await startCluster({ servers: 0, balanceArgs: ["--no-cache"] });
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const started = performance.now();
    const messages = await readAll(conn);
    conn.close();
    assert.equal((messages[0] as { code: string }).code, "timeout");
    assert.ok(performance.now() - started < 8000);
  } finally {
    await balancer.stop();
  }
});

Deno.test("a wrong token is refused with unauthorized", async () => {
  const { port, balancer } = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--token", "s3cret"],
  });
  try {
    await assert.rejects(
      AilbClient.connect({ port, token: "wrong" }),
      (e: Error & { code: string }) => e.code === "unauthorized",
    );
    const client = await AilbClient.connect({ port, token: "s3cret" });
    assert.equal((await client.status()).strategy, "round-robin");
    client.close();
  } finally {
    await balancer.stop();
  }
});

Deno.test("a peer that stops reading is disconnected once its backlog passes the limit", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const peer = await Deno.connect({ hostname: "127.0.0.1", port: (listener.addr as Deno.NetAddr).port });
  const accepted = await listener.accept();
  const connection = new Connection(accepted, { maxBacklog: 256 * 1024 });
  try {
    const text = "x".repeat(1000);
    let sent = 0;
    while (connection.send({ type: "chunk", id: "a", text })) sent++;
    const reason = await connection.closed;
    assert.equal(reason.code, "slow_peer");
    assert.match(reason.message, /peer is not reading/);
    assert.ok(sent > 100 && sent < 1000, `${sent} frames queued before the cut`);
  } finally {
    peer.close();
    listener.close();
  }
});
