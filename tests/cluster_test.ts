/**
 * End-to-end behaviour of a real balancer and real synthetic servers, each a
 * separate `ailb` process on random loopback ports.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient, AilbError } from "../lib/client.ts";
import type { BalancerStatus } from "../lib/balancer/status.ts";
import { eventually, freePort, Proc, startCluster } from "./helpers.ts";

function status(client: AilbClient): Promise<BalancerStatus> {
  return client.status();
}

/** Servers in state `up`. */
function upCount(s: BalancerStatus): number {
  return s.backends.filter((b) => b.state === "up").length;
}

Deno.test("round robin alternates between two servers", async () => {
  const cluster = await startCluster({ balanceArgs: ["--rr", "--no-cache", "--log-level", "debug"] });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const backends: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { text, stats } = await client.ask(`Once upon a time ${i}`, { maxTokens: 3 }).result;
      assert.ok(text.trim().split(/\s+/).length === 3, `three synthetic tokens, got "${text}"`);
      backends.push(stats.backend);
    }
    assert.equal(new Set(backends).size, 2);
    for (let i = 2; i < backends.length; i++) assert.equal(backends[i], backends[i - 2]);
    assert.notEqual(backends[0], backends[1]);
    assert.match(cluster.balancer.log, /Server 127\.0\.0\.1:\d+ selected for request/);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("least connections sends new work to the idle server and counts in-flight exactly", async () => {
  const cluster = await startCluster({
    balanceArgs: ["--lc", "--no-cache"],
    serveArgs: ["--tokens-per-s", "25"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const long = client.ask("A long tale", { maxTokens: 60 });
    const first = (await long[Symbol.asyncIterator]().next()).value;
    assert.ok(first, "the long request streams");
    const busy = (await status(client)).backends.find((b) => b.in_flight === 1)!.id;
    for (let i = 0; i < 3; i++) {
      const { stats } = await client.ask(`Short ${i}`, { maxTokens: 2 }).result;
      assert.notEqual(stats.backend, busy, "short requests avoid the busy server");
    }
    // Cancel the long one: the count drops to zero on cancel, not only on success.
    const controller = new AbortController();
    const cancelled = client.ask("Another long tale", { maxTokens: 200, signal: controller.signal });
    await cancelled[Symbol.asyncIterator]().next();
    controller.abort();
    await assert.rejects(cancelled.result, (e: AilbError) => e.code === "cancelled");
    await long.result;
    // An error (invalid params) must not leak a count either.
    await assert.rejects(
      client.ask("x", { maxTokens: 0 }).result,
      (e: AilbError) => e.code === "invalid_params",
    );
    const after = await status(client);
    assert.deepEqual(after.backends.map((b) => b.in_flight), [0, 0]);
    assert.equal(after.counters.cancelled, 1);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("kill -9 of a server: listed down with its reason within 3 s, every later ask succeeds on the other", async () => {
  const cluster = await startCluster({ balanceArgs: ["--no-cache"] });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const killedAt = performance.now();
    const killed = `127.0.0.1:${cluster.serverPorts[0]}`;
    await cluster.servers[0].stop("SIGKILL");
    const s = await eventually(
      async () => {
        const s = await status(client);
        return s.backends.find((b) => b.id === killed)?.state === "down" ? s : undefined;
      },
      3000,
      "the killed server to be down",
    ) as BalancerStatus;
    assert.ok(performance.now() - killedAt < 3000);
    assert.equal(upCount(s), 1);
    const row = s.backends.find((b) => b.id === killed)!;
    assert.equal(row.cause?.kind, "connection");
    assert.match(row.reason ?? "", /connection closed/);
    assert.equal(row.in_flight, 0);
    assert.ok(Date.parse(row.since) >= Date.parse(row.last_heartbeat), "down after the last heartbeat");
    assert.equal(s.backends.at(-1)!.id, killed, "down servers come after live ones");
    const survivor = `127.0.0.1:${cluster.serverPorts[1]}`;
    for (let i = 0; i < 5; i++) {
      const { stats } = await client.ask(`After the storm ${i}`, { maxTokens: 3 }).result;
      assert.equal(stats.backend, survivor);
    }
    assert.match(cluster.balancer.log, /removed: /);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("a silent (stopped) server is dropped after missed heartbeats; its unstarted request is re-sent", async () => {
  const cluster = await startCluster({
    balanceArgs: ["--no-cache", "--heartbeat-interval", "300ms", "--heartbeat-timeout", "1s"],
    serveArgs: ["--ttft-ms", "50"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const frozen = cluster.servers[0];
  try {
    Deno.kill(frozen.child.pid, "SIGSTOP");
    const answers = await Promise.all(
      [0, 1, 2].map((i) => client.ask(`Frozen ${i}`, { maxTokens: 3 }).result),
    );
    const survivor = `127.0.0.1:${cluster.serverPorts[1]}`;
    assert.ok(answers.every((a) => a.stats.backend === survivor));
    await cluster.balancer.waitFor(/removed: missed \d+ heartbeats, silent \d+\.\d s/);
    const s = await status(client);
    assert.ok(s.counters.retried >= 1, "the request sent to the frozen server was retried");
    // 1 s of silence at a 300 ms interval is 3 missed heartbeats before the server is dropped.
    assert.ok(s.counters.heartbeat_misses >= 3, `heartbeat_misses = ${s.counters.heartbeat_misses}`);
    const row = s.backends.find((b) => b.id === `127.0.0.1:${cluster.serverPorts[0]}`)!;
    assert.equal(row.state, "down");
    assert.equal(row.cause?.kind, "heartbeat");
    assert.ok(row.cause?.kind === "heartbeat" && row.cause.missed >= 3 && row.cause.silent_ms >= 1000);
    assert.match(row.reason ?? "", /^missed \d+ heartbeats, silent \d+\.\d s$/);
    assert.ok(row.silent_ms >= 1000, `silent_ms = ${row.silent_ms}`);
  } finally {
    Deno.kill(frozen.child.pid, "SIGCONT");
    client.close();
    await cluster.stop();
  }
});

Deno.test("a server lost mid-stream with no other to continue ends that request with backend_lost", async () => {
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", "--queue-timeout", "1s"],
    serveArgs: ["--tokens-per-s", "20"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const answer = client.ask("Midway", { maxTokens: 100 });
    await answer[Symbol.asyncIterator]().next();
    await cluster.servers[0].stop("SIGKILL");
    await assert.rejects(
      answer.result,
      (e: AilbError) => e.code === "backend_lost" && /no backend could continue/.test(e.message),
    );
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("a restarted balancer gets both servers back within 5 s without restarting them", async () => {
  const cluster = await startCluster({ balanceArgs: ["--no-cache"] });
  let second: Proc | undefined;
  try {
    await cluster.balancer.stop();
    second = new Proc(["balance", "--port", String(cluster.port), "--no-http", "--no-cache"]);
    await second.waitFor(/Balancer listening/);
    const restartedAt = performance.now();
    const client = await AilbClient.connect({ port: cluster.port });
    try {
      await eventually(async () => upCount(await status(client)) === 2, 5000, "both servers back");
      assert.ok(performance.now() - restartedAt < 5000);
      const { stats } = await client.ask("Back again", { maxTokens: 2 }).result;
      assert.ok(cluster.serverPorts.map((p) => `127.0.0.1:${p}`).includes(stats.backend));
    } finally {
      client.close();
    }
    for (const server of cluster.servers) assert.match(server.log, /Lost the balancer/);
  } finally {
    await second?.stop();
    await cluster.stop();
  }
});

Deno.test("a server started before the balancer registers once it appears", async () => {
  const port = freePort();
  const serverPort = freePort();
  const server = new Proc([
    "serve",
    String(serverPort),
    "--lb",
    `127.0.0.1:${port}`,
    "--engine",
    "synthetic",
  ]);
  let balancer: Proc | undefined;
  try {
    await server.waitFor(/not reachable/);
    await sleep(700);
    balancer = new Proc(["balance", "--port", String(port), "--no-http", "--no-cache"]);
    await balancer.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${serverPort} registered`), 8000);
  } finally {
    await balancer?.stop();
    await server.stop();
  }
});

Deno.test("with no healthy server a request fails with no_backend after the queue timeout", async () => {
  const { port, balancer } = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--queue-timeout", "1s"],
  });
  try {
    const client = await AilbClient.connect({ port });
    const started = performance.now();
    await assert.rejects(client.ask("Anyone?").result, (e: AilbError) => e.code === "no_backend");
    const waited = performance.now() - started;
    assert.ok(waited >= 900 && waited < 3000, `waited ${waited} ms`);
    client.close();
  } finally {
    await balancer.stop();
  }
});

Deno.test("a request waiting for a backend is served as soon as one registers", async () => {
  const port = freePort();
  const balancer = new Proc(["balance", "--port", String(port), "--no-http", "--no-cache"]);
  let server: Proc | undefined;
  try {
    await balancer.waitFor(/Balancer listening/);
    const client = await AilbClient.connect({ port });
    const answer = client.ask("Patience", { maxTokens: 2 });
    await sleep(300);
    server = new Proc(["serve", String(freePort()), "--lb", `127.0.0.1:${port}`, "--engine", "synthetic"]);
    const { stats } = await answer.result;
    assert.equal(stats.tokens, 2);
    client.close();
  } finally {
    await server?.stop();
    await balancer.stop();
  }
});

Deno.test("--concurrency bounds generation; the rest queue and show in heartbeats", async () => {
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", "--heartbeat-interval", "200ms", "--heartbeat-timeout", "2s"],
    serveArgs: ["--concurrency", "1", "--tokens-per-s", "0", "--ttft-ms", "600"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const started = performance.now();
    const answers = [0, 1, 2].map((i) => client.ask(`Queue ${i}`, { maxTokens: 1 }).result);
    const sawQueue = await eventually(
      async () => ((await client.status()).backends as { queued: number }[])[0].queued >= 1,
      1500,
      "a queued request in the heartbeat",
    );
    assert.ok(sawQueue);
    await Promise.all(answers);
    assert.ok(performance.now() - started >= 1700, "three 600 ms requests ran one at a time");
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("--register-attempts gives up with a clear message", async () => {
  const server = new Proc([
    "serve",
    String(freePort()),
    "--lb",
    `127.0.0.1:${freePort()}`,
    "--engine",
    "synthetic",
    "--register-attempts",
    "2",
  ]);
  const status = await server.done;
  assert.equal(status.code, 1);
  assert.match(server.log, /could not register with the balancer at 127\.0\.0\.1:\d+ after 2 attempts/);
});

Deno.test("admission control: beyond --max-queue waiting requests are refused at once with overloaded", async () => {
  const cluster = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--max-queue", "1", "--queue-timeout", "2s"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const waiting = client.ask("first in line").result;
    await sleep(200);
    const started = performance.now();
    await assert.rejects(client.ask("second").result, (e: AilbError) => e.code === "overloaded");
    assert.ok(performance.now() - started < 1000, "refused without waiting");
    await assert.rejects(waiting, (e: AilbError) => e.code === "no_backend");
    assert.equal((await status(client)).counters.overloaded, 1);
  } finally {
    client.close();
    await cluster.stop();
  }
});
