/**
 * How the fuzz test (fuzz_test.ts) sends its inputs (from fuzz_inputs.ts): each on a fresh connection, floods
 * after one hello, connections stalled mid-frame, a registered rogue server surrounding correct answers with
 * garbage, and hostile messages over the web UI's WebSocket.
 */
import assert from "node:assert/strict";
import { Connection } from "../lib/connection.ts";
import { encodeFrame, type Message } from "../lib/protocol.ts";
import {
  bytes,
  closingInput,
  frame,
  int,
  MAX_FRAME,
  ODD_VALUES,
  openingInput,
  pick,
  requestInput,
} from "./fuzz_inputs.ts";

/**
 * Sends `input` on a fresh connection (after `hello` when given), ends our side, and reads until the peer
 * closes. Ending our side lets an incomplete input be seen as such at once instead of at a deadline.
 */
async function hit(port: number, input: Uint8Array, hello?: Uint8Array): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    if (hello) await conn.write(hello);
    await conn.write(input).catch(() => {}); // the peer may have closed already: that is an answer too
    await conn.closeWrite().catch(() => {});
    const buffer = new Uint8Array(4096);
    const deadline = setTimeout(() => conn.close(), 10_000);
    try {
      while ((await conn.read(buffer).catch(() => null)) !== null);
    } finally {
      clearTimeout(deadline);
    }
  } finally {
    try {
      conn.close();
    } catch { /* closed by the deadline */ }
  }
}

/** Sends many inputs after one hello in a few large writes, then a status/heartbeat marker, and drains answers. */
async function flood(port: number, hello: Uint8Array, inputs: Uint8Array[]): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  let received = 0;
  const reading = (async () => {
    const buffer = new Uint8Array(64 * 1024);
    for (let n; (n = await conn.read(buffer).catch(() => null)) !== null;) received += n;
  })();
  try {
    await conn.write(hello);
    for (let i = 0; i < inputs.length; i += 200) {
      const batch = inputs.slice(i, i + 200);
      const joined = new Uint8Array(batch.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of batch) joined.set(b, (at += b.length) - b.length);
      await conn.write(joined);
    }
    // Give the answers time to come back, then close.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  } finally {
    conn.close();
    await reading;
  }
  return received;
}

/** One round of every kind of input; returns how many were sent. */
export async function fuzzRound(
  balancerPort: number,
  serverPort: number,
  clientHello: Uint8Array,
  balancerHello: Uint8Array,
): Promise<number> {
  let inputs = 0;
  // 0. Connections that stop mid-frame and stay open: the hello deadline must close them.
  const stalled = Promise.all(Array.from({ length: 50 }, async (_, i) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: i % 2 ? serverPort : balancerPort });
    await conn.write(frame(bytes(int(8)), 100));
    const started = performance.now();
    const buffer = new Uint8Array(4096);
    while ((await conn.read(buffer).catch(() => null)) !== null);
    conn.close();
    assert.ok(performance.now() - started < 15_000, "a stalled connection was closed by the hello deadline");
  }));
  inputs += 50;
  // 1. Openings: each on its own connection, to the balancer and to the server.
  await pool(1200, 32, async (i) => {
    const toServer = i % 3 === 2;
    await hit(toServer ? serverPort : balancerPort, openingInput(toServer ? "balancer" : "client"));
    inputs++;
  });
  // 2. After a valid hello, inputs that end the connection.
  await pool(800, 32, async (i) => {
    const toServer = i % 4 === 3;
    await hit(toServer ? serverPort : balancerPort, closingInput(), toServer ? balancerHello : clientHello);
    inputs++;
  });
  // 3. Floods: thousands of per-request inputs on one connection each, answered without closing.
  for (
    const [port, hello, target, count] of [
      [balancerPort, clientHello, "balancer", 1750],
      [serverPort, balancerHello, "server", 1500],
    ] as const
  ) {
    const batch = Array.from(
      { length: count },
      (_, i) => encodeFrame(requestInput(i, target) as Message, MAX_FRAME),
    );
    const answered = await flood(port, hello, batch);
    assert.ok(answered > 0, `the ${target} answered the flood`);
    inputs += count;
  }
  await stalled;
  return inputs;
}

/**
 * A registered server that misbehaves: its data port answers every request correctly but surrounds the answers
 * with garbage (output for unknown ids, malformed stats, errors without ids, odd heartbeats), and its control
 * connection reports load figures of every wrong shape. Returns how many inputs it sent and a stop function.
 */
export async function rogueServer(
  balancerPort: number,
): Promise<{ sent: () => number; stop: () => Promise<void> }> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let sent = 0;
  const garbage = (i: number): Message =>
    pick([
      { type: "chunk", id: `ghost${i}`, text: "boo" },
      { type: "done", id: `ghost${i}`, stats: {} },
      { type: "error", code: "backend_error", message: "x".repeat(int(5000)) },
      { type: "error", id: `ghost${i}`, code: "nonsense", message: "?" },
      { type: "heartbeat_ack", seq: i, load: pick(ODD_VALUES) },
      { type: "status_result", id: "s", status: {} },
    ] as Message[]);
  const accepting = (async () => {
    for await (const conn of listener) {
      const data = new Connection(conn, { maxFrame: MAX_FRAME });
      (async () => {
        let i = 0;
        for await (const message of data) {
          if (message.type === "hello") {
            data.send({ type: "welcome", v: 1, id: "rogue", heartbeat_ms: 0 });
          } else if (message.type === "generate") {
            for (let k = 0; k < 20; k++, sent++) data.send(garbage(i++));
            for (let t = 0; t < 3; t++) {
              data.send({ type: "chunk", id: message.id, text: " word", tokens: 1 });
            }
            data.send({
              type: "done",
              id: message.id,
              stats: { tokens: 3, ttft_ms: 1, total_ms: 1, backend: "rogue", cached: false },
            });
          } else if (message.type === "heartbeat") {
            data.send({ type: "heartbeat_ack", seq: message.seq });
          }
        }
      })();
    }
  })();
  const control = await Connection.connect("127.0.0.1", balancerPort, { maxFrame: MAX_FRAME });
  const port = (listener.addr as Deno.NetAddr).port;
  control.send({
    type: "hello",
    v: 1,
    role: "server",
    port,
    host: "127.0.0.1",
    name: "rogue",
    model: "story",
  });
  const messages = control[Symbol.asyncIterator]();
  const welcome = await messages.next();
  assert.equal(welcome.value?.type, "welcome", JSON.stringify(welcome.value));
  const beating = (async () => {
    for (let seq = 1; !control.isClosed; seq++, sent++) {
      control.send(
        {
          type: "heartbeat",
          seq,
          load: pick([...ODD_VALUES, { in_flight: 0, queued: 0, tokens_per_s: 1 }]),
        } as Message,
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const reading = (async () => {
    for (let next = await messages.next(); !next.done; next = await messages.next());
  })();
  return {
    sent: () => sent,
    async stop() {
      control.close();
      listener.close();
      await Promise.all([beating, reading, accepting.catch(() => {})]);
    },
  };
}

/** Hostile messages over the web UI's WebSocket; the socket must stay open and still answer a real request. */
export async function fuzzWebSocket(httpPort: number, count: number): Promise<number> {
  const socket = new WebSocket(`ws://127.0.0.1:${httpPort}/ws`);
  const inbox: Record<string, unknown>[] = [];
  socket.onmessage = (event) => inbox.push(JSON.parse(event.data));
  const closed = new Promise<void>((resolve) => socket.onclose = () => resolve());
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error("WebSocket did not open"));
  });
  for (let i = 0; i < count; i++) {
    const kind = int(6);
    if (kind === 0) socket.send(bytes(1 + int(64)));
    else if (kind === 1) socket.send(new TextDecoder().decode(bytes(1 + int(64))));
    else if (kind === 2) socket.send(JSON.stringify(pick(ODD_VALUES)));
    else if (kind === 3) {
      socket.send(JSON.stringify({ type: "generate", id: "i".repeat(129 + int(5000)), prompt: "x" }));
    } else if (kind === 4) socket.send(JSON.stringify(requestInput(i, "balancer")));
    else socket.send(JSON.stringify({ type: pick(["hello", "chunk", "launch", "__proto__"]), id: "w" }));
  }
  socket.send(
    JSON.stringify({
      type: "generate",
      id: "real",
      prompt: "The harbour at dawn",
      params: { max_tokens: 2 },
    }),
  );
  const deadline = performance.now() + 20_000;
  while (!inbox.some((m) => m.id === "real" && (m.type === "done" || m.type === "error"))) {
    assert.ok(performance.now() < deadline, "the WebSocket answered the real request after the fuzz");
    assert.equal(socket.readyState, WebSocket.OPEN, "the WebSocket stayed open");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const end = inbox.find((m) => m.id === "real" && (m.type === "done" || m.type === "error"))!;
  assert.equal(end.type, "done", JSON.stringify(end));
  socket.close();
  await closed;
  return count;
}

/** Runs `count` async jobs, `width` at a time. */
async function pool(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await job(next++);
  }));
}
