/**
 * The shared accept loop (lib/listen.ts) behind the balancer's and a server's
 * ports: recovery from file-descriptor exhaustion, --max-connections at its
 * boundary, the idle and slowloris timeouts, half-closed clients, and the
 * per-connection hook another protocol can use.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import { servePeers } from "../lib/listen.ts";
import { Logger } from "../lib/log.ts";
import { type Message, PROTOCOL_VERSION } from "../lib/protocol.ts";
import { eventually, freePort, Proc, startCluster } from "./helpers.ts";
import { RawPeer } from "./raw_peer.ts";

const quiet = new Logger({ level: "error", sink: () => {} });

/** Opens `count` raw connections (saying nothing) to use up the peer's descriptors. */
async function hog(port: number, count: number): Promise<Deno.TcpConn[]> {
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < count; i++) conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
  return conns;
}

Deno.test("fd exhaustion: the balancer stops accepting under ulimit -n 64, and accepts again once descriptors free up", async () => {
  const port = freePort();
  const balancer = new Proc(["balance", "--port", String(port), "--no-http", "--no-cache"], { maxFiles: 64 });
  try {
    await balancer.waitFor(/Balancer listening/);
    const conns = await hog(port, 100); // past the limit: the kernel queues what the process cannot accept
    await balancer.waitFor(/Accept failed: .*(Too many open files|os error 24)/);
    for (const conn of conns) conn.close();
    const client = await eventually(
      () => AilbClient.connect({ port, timeoutMs: 2000 }),
      20_000,
      "the balancer to accept a client again",
    );
    assert.equal(typeof (await client.status()).strategy, "string");
    client.close();
    await balancer.waitFor(/Accepting connections again after \d+ failed accepts/);
    // One line when a streak of failures starts and one when it ends, not one per retry.
    assert.equal(balancer.count(/Accept failed/), balancer.count(/Accepting connections again/));
  } finally {
    await balancer.stop();
  }
});

Deno.test("fd exhaustion: a server's port recovers the same way", async () => {
  const port = freePort();
  const server = new Proc(
    ["serve", String(port), "--lb", `127.0.0.1:${freePort()}`, "--engine", "synthetic"],
    { maxFiles: 64 },
  );
  try {
    await server.waitFor(/Server listening/);
    const conns = await hog(port, 100);
    await server.waitFor(/Accept failed: .*(Too many open files|os error 24)/);
    for (const conn of conns) conn.close();
    const { peer, answer } = await eventually(
      () => RawPeer.hello(port, "balancer"),
      20_000,
      "the server to welcome a balancer again",
    );
    assert.equal(answer.type, "welcome");
    peer.close();
  } finally {
    await server.stop();
  }
});

Deno.test("--max-connections: N connections are served, N+1 is refused with overloaded, and a freed slot is reused", async () => {
  const { port, balancer, stop } = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--max-connections", "3"],
  });
  try {
    const clients = [];
    for (let i = 0; i < 3; i++) clients.push(await AilbClient.connect({ port }));
    const extra = await RawPeer.connect(port);
    const refused = await extra.untilClosed();
    assert.equal(refused.length, 1);
    assert.equal(refused[0].type, "error");
    assert.equal((refused[0] as Message & { type: "error" }).code, "overloaded");
    assert.match((refused[0] as Message & { type: "error" }).message, /too many connections.*3/);
    extra.close();
    await balancer.waitFor(/Refused .*already 3 connections open/);
    clients.pop()!.close();
    const again = await eventually(() => AilbClient.connect({ port }), 10_000, "a freed connection slot");
    assert.equal(typeof (await again.status()).strategy, "string");
    for (const client of [...clients, again]) client.close();
  } finally {
    await stop();
  }
});

Deno.test("--max-connections on serve: the limit holds there too", async () => {
  const port = freePort();
  const server = new Proc([
    "serve",
    String(port),
    "--lb",
    `127.0.0.1:${freePort()}`,
    "--engine",
    "synthetic",
    "--max-connections",
    "2",
  ]);
  try {
    await server.waitFor(/Server listening/);
    const first = await RawPeer.hello(port, "balancer");
    const second = await RawPeer.hello(port, "balancer");
    assert.equal(first.answer.type, "welcome");
    assert.equal(second.answer.type, "welcome");
    const third = await RawPeer.connect(port);
    const refused = await third.untilClosed();
    assert.equal((refused[0] as Message & { type: "error" }).code, "overloaded");
    for (const peer of [first.peer, second.peer, third]) peer.close();
  } finally {
    await server.stop();
  }
});

Deno.test("--idle-timeout: silent peers and slowloris writers are closed; heartbeating, busy and library clients are not", async () => {
  const idle = ["--idle-timeout", "500ms"];
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", ...idle],
    serveArgs: ["--tokens-per-s", "5", ...idle],
  });
  try {
    // Said hello, then nothing: told why, then closed.
    const silent = await RawPeer.hello(cluster.port);
    assert.equal(silent.answer.type, "welcome");
    assert.equal(
      (silent.answer as Message & { type: "welcome" }).heartbeat_ms,
      166,
      "welcome says how often to speak",
    );
    const silentEnd = await silent.peer.untilClosed(5000);
    assert.equal((silentEnd[0] as Message & { type: "error" }).code, "timeout");
    assert.match((silentEnd[0] as Message & { type: "error" }).message, /idle for 0\.5 s/);

    // Slowloris: a frame that trickles in a byte at a time never completes; closed all the same, even while
    // the peer has a request in flight (which otherwise keeps a connection from counting as idle).
    const slow = await RawPeer.hello(cluster.port);
    await slow.peer.send({
      type: "generate",
      id: "g",
      prompt: "Once upon a time",
      params: { max_tokens: 20 },
    });
    const started = performance.now();
    let closed = false;
    const watcher = slow.peer.untilClosed(5000).then((messages) => (closed = true, messages));
    for (const byte of [0, 0, 1, 0, 123, 34, 116, 121, 112, 101]) {
      if (closed) break;
      await slow.peer.write(Uint8Array.of(byte)).catch(() => {});
      await sleep(150);
    }
    const slowEnd = (await watcher).filter((m) => m.type === "error");
    assert.ok(performance.now() - started < 3000, "closed while still trickling, before the request ended");
    assert.match((slowEnd[0] as Message & { type: "error" }).message, /frame stayed incomplete for 0\.5 s/);

    // A peer that heartbeats stays for several idle periods.
    const beating = await RawPeer.hello(cluster.port);
    for (let seq = 1; seq <= 10; seq++) {
      await beating.peer.send({ type: "heartbeat", seq });
      const ack = await beating.peer.next(2000);
      assert.equal(ack?.type, "heartbeat_ack");
      await sleep(150);
    }
    await beating.peer.send({ type: "status", id: "s" });
    assert.equal((await beating.peer.next(2000))?.type, "status_result");
    beating.peer.close();

    // A request that takes longer than the idle timeout, with no heartbeats: not idle while in flight.
    const busy = await RawPeer.hello(cluster.port);
    await busy.peer.send({
      type: "generate",
      id: "long",
      prompt: "Once upon a time",
      params: { max_tokens: 8 },
    });
    const busyStarted = performance.now();
    let end: Message | undefined;
    while ((end = await busy.peer.next(10_000))?.type === "chunk");
    assert.equal(end?.type, "done", JSON.stringify(end));
    assert.ok(performance.now() - busyStarted > 1000, "the request outlived the idle timeout");
    busy.peer.close();

    // The library client heartbeats by itself, and the balancer keeps its data connection to the server alive.
    const client = await AilbClient.connect({ port: cluster.port });
    await sleep(1500);
    const answer = client.ask("The dragon", { maxTokens: 2 });
    assert.equal((await answer.result).stats.tokens, 2);
    client.close();
    assert.equal(cluster.balancer.count(/data connection closed/), 0, cluster.balancer.log);
    assert.equal(cluster.balancer.count(/removed/), 0, cluster.balancer.log);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a client that half-closes after sending still gets its whole answer", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  try {
    const { peer } = await RawPeer.hello(cluster.port);
    await peer.send({ type: "generate", id: "a", prompt: "Once upon a time", params: { max_tokens: 5 } });
    await peer.conn.closeWrite();
    const messages = await peer.untilClosed(10_000);
    const done = messages.at(-1) as Message & { type: "done" };
    assert.equal(done.type, "done", JSON.stringify(messages));
    assert.equal(done.stats.tokens, 5);
    assert.equal(messages.filter((m) => m.type === "chunk").length, 5);
  } finally {
    await cluster.stop();
  }
});

Deno.test("intercept: a per-connection hook sees raw bytes first and can hand back to the framed protocol", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const greeted: string[] = [];
  const loop = servePeers(listener, {
    log: quiet,
    roles: ["client"],
    maxFrame: 1 << 20,
    maxConnections: 10,
    idleTimeoutMs: 0,
    intercept: async (conn, framed) => {
      const head = new Uint8Array(4);
      let got = 0;
      while (got < 4) {
        const n = await conn.read(head.subarray(got));
        if (n === null) return;
        got += n;
      }
      if (new TextDecoder().decode(head) === "PING") {
        await conn.write(new TextEncoder().encode("PONG"));
        return;
      }
      await framed(head); // not ours: the ailb protocol reads these 4 bytes first
    },
    onPeer: async ({ connection, hello }) => {
      greeted.push(hello.role);
      connection.send({ type: "welcome", v: PROTOCOL_VERSION, id: "x", heartbeat_ms: 0 });
      await connection.flush();
    },
  });
  try {
    const ping = await Deno.connect({ hostname: "127.0.0.1", port: loop.addr.port });
    await ping.write(new TextEncoder().encode("PING"));
    const reply = new Uint8Array(4);
    assert.equal(await ping.read(reply), 4);
    assert.equal(new TextDecoder().decode(reply), "PONG");
    ping.close();
    const { peer, answer } = await RawPeer.hello(loop.addr.port);
    assert.equal(answer.type, "welcome");
    assert.deepEqual(greeted, ["client"]);
    peer.close();
  } finally {
    loop.close();
    await loop.finished;
  }
});
