/**
 * Hostile input against a live balancer and a live server: over 10,000 inputs from clients (random bytes, bad
 * and huge lengths, bad JSON and UTF-8, wrong types, unknown types, long ids, floods of requests with bad
 * parameters, messages a peer must not send, connections stalled mid-frame), 1,000 over the web UI's
 * WebSocket, and a registered rogue server surrounding correct answers with garbage, while a well-behaved
 * client keeps asking. Both processes must stay up, keep answering that client during and after, log no
 * internal error, stack trace or unbounded line, and stay within a memory bound. The inputs come from a seeded
 * generator, so a failure can be replayed (the seed is in the test name).
 */
import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import { Connection } from "../lib/connection.ts";
import { encodeFrame, type Message } from "../lib/protocol.ts";
import { mulberry32 } from "../lib/random.ts";
import { freePort, startCluster } from "./helpers.ts";

const SEED = 20261130;
const MAX_FRAME = 64 * 1024;

const rand = mulberry32(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];
const encoder = new TextEncoder();

function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(256);
  return out;
}

function frame(body: Uint8Array, declared = body.length): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, declared >>> 0);
  out.set(body, 4);
  return out;
}

const json = (value: unknown) => frame(encoder.encode(JSON.stringify(value)));

const ODD_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -0.5,
  "",
  "x",
  "9".repeat(400),
  [],
  [1, "a"],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: {} } },
];

/** One input that breaks the opening of a connection (sent alone on a fresh connection). */
function openingInput(role: "client" | "balancer"): Uint8Array {
  switch (int(9)) {
    case 0: // random bytes, any length
      return bytes(1 + int(64));
    case 1: // a length that promises more than ever comes
      return frame(bytes(int(16)), 17 + int(1000));
    case 2: // huge lengths
      return frame(new Uint8Array(0), pick([0xffffffff, 0x7fffffff, MAX_FRAME + 1, 0x10000000]));
    case 3: // empty frame
      return frame(new Uint8Array(0));
    case 4: // not JSON, or not UTF-8
      return frame(pick([bytes(1 + int(40)), encoder.encode('{"type":"hello"'), Uint8Array.of(0xc3, 0x28)]));
    case 5: // JSON that is not a message
      return json(pick(ODD_VALUES));
    case 6: // unknown or prototype-named types
      return json({
        type: pick(["launch", "__proto__", "constructor", "toString", "hasOwnProperty", "x".repeat(300)]),
      });
    case 7: // a hello with wrong field types or values
      return json({
        type: "hello",
        v: pick([1, "1", null, 2, 1e9, -1]),
        role: pick([role, "emperor", 5, null, "server"]),
        token: pick([undefined, 5, "x".repeat(5000)]),
        port: pick([0, 70000, "80", -1, 1.5]),
        name: pick([undefined, 7, "n".repeat(1000)]),
      });
    default: // the first message is not a hello
      return json({ type: pick(["generate", "status", "cancel", "heartbeat", "chunk"]), id: "x", seq: 1 });
  }
}

/** One input after a valid hello that the peer answers per request, without closing (sent in floods). */
function requestInput(i: number, target: "balancer" | "server"): Message | Record<string, unknown> {
  const id = `f${i}`;
  switch (int(8)) {
    case 0:
      return { type: "generate", id, prompt: "Once", params: pick(ODD_VALUES) };
    case 1:
      return {
        type: "generate",
        id,
        prompt: "Once",
        params: { max_tokens: pick(ODD_VALUES), temperature: pick(ODD_VALUES), top_k: pick(ODD_VALUES) },
      };
    case 2:
      return { type: "generate", id, prompt: pick(["", "   ", "x".repeat(100_001 % MAX_FRAME)]) };
    case 3:
      return { type: "cancel", id: `nobody-${i}` };
    case 4:
      return { type: "heartbeat", seq: i, load: pick(ODD_VALUES) };
    case 5:
      return target === "balancer" ? { type: "status", id } : { type: "heartbeat_ack", seq: i };
    case 6:
      return { type: "generate", id, prompt: "Once", params: { max_tokens: 1, stop: pick(ODD_VALUES) } };
    default:
      return {
        type: "generate",
        id,
        prompt: "Once",
        params: { max_tokens: 1 },
        model: pick(["", "x", "nope"]),
      };
  }
}

/** One input after a valid hello that ends the connection (sent alone on a fresh connection after hello). */
function closingInput(): Uint8Array {
  switch (int(5)) {
    case 0: // long ids
      return json({ type: "generate", id: "i".repeat(129 + int(MAX_FRAME - 200)), prompt: "Once" });
    case 1: // messages of the wrong shape
      return json({ type: "generate", id: pick(ODD_VALUES), prompt: pick(ODD_VALUES) });
    case 2:
      return json({ type: pick(["chunk", "done", "welcome", "status_result"]), id: "x", text: 5 });
    case 3:
      return frame(bytes(1 + int(100)));
    default:
      return frame(new Uint8Array(0), 0xfffffff0);
  }
}

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
async function fuzzRound(
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
async function rogueServer(balancerPort: number): Promise<{ sent: () => number; stop: () => Promise<void> }> {
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
async function fuzzWebSocket(httpPort: number, count: number): Promise<number> {
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

function rssOf(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Runs `count` async jobs, `width` at a time. */
async function pool(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await job(next++);
  }));
}

Deno.test(`fuzz (seed ${SEED}): 10,000+ hostile inputs; balancer and server stay up and keep serving`, async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort,
    balanceArgs: ["--no-cache", "--max-frame", String(MAX_FRAME)],
    serveArgs: ["--max-frame", String(MAX_FRAME), "--tokens-per-s", "0", "--ttft-ms", "0"],
  });
  const serverPort = cluster.serverPorts[0];
  const pids = { balancer: cluster.balancer.child.pid, server: cluster.servers[0].child.pid };
  const client = await AilbClient.connect({ port: cluster.port });
  let served = 0;
  let failed = 0;
  let fuzzing = true;
  // The well-behaved client: one request after another while the fuzz runs.
  const steady = (async () => {
    while (fuzzing) {
      try {
        const { stats } = await client.ask("The lighthouse keeper", { maxTokens: 3 }).result;
        if (stats.tokens === 3) served++;
        else failed++;
      } catch (error) {
        failed++;
        console.error(`steady client: ${(error as Error).message}`);
      }
    }
  })();
  try {
    await client.ask("warm up", { maxTokens: 1 }).result;
    const clientHello = json({ type: "hello", v: 1, role: "client" });
    const balancerHello = json({ type: "hello", v: 1, role: "balancer" });
    let inputs = 0;
    const rss = () => ({ balancer: rssOf(pids.balancer), server: rssOf(pids.server) });
    const rssBefore = rss();
    // Two rounds of everything, RSS read after each.
    const rssAfterRound: ReturnType<typeof rss>[] = [];
    // A misbehaving server registers too; it answers correctly, so the steady client is still served.
    const rogue = await rogueServer(cluster.port);
    for (let round = 0; round < 2; round++) {
      inputs += await fuzzRound(cluster.port, serverPort, clientHello, balancerHello);
      rssAfterRound.push(rss());
    }
    inputs += await fuzzWebSocket(httpPort, 1000);
    await rogue.stop();
    assert.ok(rogue.sent() > 500, `the rogue server sent ${rogue.sent()} bad inputs`);
    assert.ok(inputs >= 10_000, `${inputs} inputs`);
    fuzzing = false;
    await steady;
    // Still serving after the fuzz, through a fresh connection too.
    const after = await AilbClient.connect({ port: cluster.port });
    assert.equal((await after.ask("After the storm", { maxTokens: 4 }).result).stats.tokens, 4);
    after.close();

    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    const [first, second] = rssAfterRound;
    console.log(
      `${inputs} inputs from clients, ${rogue.sent()} from a rogue server; steady client: ${served} answers, ${failed} failures; RSS growth (round 1, round 2): ` +
        `balancer ${mib(first.balancer - rssBefore.balancer)}, ${
          mib(second.balancer - first.balancer)
        } MiB; ` +
        `server ${mib(first.server - rssBefore.server)}, ${mib(second.server - first.server)} MiB`,
    );
    assert.equal(failed, 0, "the well-behaved client never failed");
    assert.ok(served >= 5, `the well-behaved client was served during the fuzz (${served})`);
    for (const peer of ["balancer", "server"] as const) {
      // Bounded, not flat: V8 collects lazily, so RSS rises and falls between rounds (measured over five
      // rounds: balancer +61, +73, +114, +158, +107 MiB; server +23 … +46 MiB), it does not climb per input.
      assert.ok(second[peer] - rssBefore[peer] < 192 * 2 ** 20, `${peer} RSS grew too much`);
    }
    for (const proc of [cluster.balancer, ...cluster.servers]) {
      assert.doesNotMatch(proc.log, /\n\s+at /, "no stack trace in the log");
      assert.doesNotMatch(proc.log, /\binternal\b|Uncaught|unhandled/i, "no internal error");
      // Peer input is never echoed unbounded: no log line longer than a few hundred characters.
      const longest = Math.max(...proc.log.split("\n").map((line) => line.length));
      assert.ok(longest < 1000, `longest log line ${longest} characters`);
    }
  } finally {
    fuzzing = false;
    await steady;
    client.close();
    await cluster.stop();
  }
});
