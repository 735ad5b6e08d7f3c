/**
 * `ailb balance` replicas behind HAProxy, every part a real process on free loopback ports: a server whose
 * front accepts but has no replica behind it, `ailb demo --replicas 2` answering through its front, and a
 * replica killed under load behind the front while its servers register again.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { BalancerStatus } from "../lib/balancer/status.ts";
import { startHaproxy } from "../lib/haproxy.ts";
import { ailb, eventually, freePort, freeRun, Proc, RedisServer } from "./helpers.ts";
import { load, startReplicas, startServers, status, stopAll, upServers } from "./scale_out_helpers.ts";

Deno.test("a server whose front accepts but has no replica behind it backs off instead of spinning", async () => {
  // What HAProxy does while every replica is down: accept the connection, then close it.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  let accepted = 0;
  const accepting = (async () => {
    for await (const conn of listener) {
      accepted++;
      conn.close();
    }
  })().catch(() => {});
  const server = new Proc([
    "serve",
    String(freePort()),
    "--lb",
    `127.0.0.1:${port}`,
    "--engine",
    "synthetic",
  ]);
  try {
    await server.waitFor(/closed the connection before welcome/, 30_000);
    const first = accepted;
    await sleep(2000);
    // Backoff from 200 ms doubling to 3 s: a handful of attempts in 2 s (a spin made thousands).
    assert.ok(accepted - first <= 10, `${accepted - first} attempts in 2 s`);
    assert.equal(server.count(/closed the connection before welcome/), 1, "warned once, then quietly");
  } finally {
    await server.stop();
    listener.close();
    await accepting;
  }
});

Deno.test("demo --replicas 2: a store, two replicas behind HAProxy, servers; answers through the front", async () => {
  // The demo numbers its ports from --port and --http: find runs of free ones.
  const port = freeRun(5);
  const http = freeRun(3);
  const demo = new Proc([
    "demo",
    "--replicas",
    "2",
    "--engine",
    "synthetic",
    "--port",
    String(port),
    "--http",
    String(http),
  ]);
  try {
    await demo.waitFor(/front: +HAProxy on 127\.0\.0\.1:\d+/, 30_000);
    // Both servers registered through the front and known to both replicas.
    for (const replicaPort of [port + 1, port + 2]) {
      await eventually(
        async () => (await upServers(replicaPort)).length === 2,
        30_000,
        "servers on each replica",
      );
    }
    const out = await ailb([
      "ask",
      "Once upon a time",
      "--lb",
      `127.0.0.1:${port}`,
      "--json",
      "--max-tokens",
      "5",
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(JSON.parse(out.stdout).tokens, 5);
    // A replica's heartbeat in the store may lag its start on a loaded machine: wait until each replica sees
    // both (the web front below may route to either), then compare.
    const want = JSON.stringify([["replica-1", "up"], ["replica-2", "up"]]);
    const replicasOf = async (p: number) => (await status(p)).replicas?.map((r) => [r.id, r.state]);
    for (const replicaPort of [port + 1, port + 2]) {
      await eventually(
        async () => JSON.stringify(await replicasOf(replicaPort)) === want,
        15_000,
        `both replicas up, as seen on ${replicaPort}`,
      );
      assert.deepEqual(await replicasOf(replicaPort), [["replica-1", "up"], ["replica-2", "up"]]);
    }
    // The web UI answers through HAProxy's HTTP front.
    const page = await fetch(`http://127.0.0.1:${http}/api/status`);
    assert.equal(page.status, 200);
    assert.ok(((await page.json()) as BalancerStatus).replicas?.length === 2);
  } finally {
    const exit = await demo.stop("SIGINT");
    assert.equal(exit.code, 0, demo.log);
  }
  // Nothing is left listening: front, replicas and servers went down with the demo.
  for (const p of [port, port + 1, port + 2, port + 3, port + 4, http]) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: p });
    listener.close();
  }
});

Deno.test("behind HAProxy: a replica killed under load; its servers register again through the front, nothing fails", async () => {
  const redis = await RedisServer.start();
  const replicas = await startReplicas(redis, ["A", "B"], ["--no-cache"]);
  const frontPort = freePort();
  const front = await startHaproxy({
    host: "127.0.0.1",
    port: frontPort,
    replicas: replicas.map((r) => `127.0.0.1:${r.port}`),
    checkMs: 200,
  });
  const servers = startServers(frontPort, 2);
  const procs = [...replicas.map((r) => r.proc), ...servers.map((s) => s.proc)];
  try {
    for (const r of replicas) {
      await eventually(async () => (await upServers(r.port)).length === 2, 30_000, `${r.name} sees 2`);
    }
    // The replica the servers registered through (leastconn may have split them: take the one with more).
    const own = await Promise.all(
      replicas.map(async (r) => (await status(r.port)).backends.filter((b) => !b.adopted).length),
    );
    const victim = replicas[own[0] >= own[1] ? 0 : 1];
    const survivor = replicas[own[0] >= own[1] ? 1 : 0];
    const traffic = load([survivor.port], "front-kill");
    await eventually(() => traffic.completed >= 20, 10_000, "traffic to flow");
    await victim.proc.stop("SIGKILL");
    // Every server ends up registered through the survivor (its adopted connections swapped for registrations).
    await eventually(
      async () => {
        const seen = await status(survivor.port);
        return seen.backends.filter((b) => b.state === "up" && !b.adopted).length === 2;
      },
      15_000,
      "the servers to register again through the front",
    ).catch((error) => {
      console.log("SURVIVOR", survivor.proc.log.slice(-3000));
      for (const s of servers) console.log("SERVER", s.proc.log.slice(-1500));
      throw error;
    });
    const before = traffic.completed;
    await eventually(() => traffic.completed >= before + 20, 10_000, "traffic to go on");
    await traffic.stop();
    assert.deepEqual(traffic.failures, []);
    assert.deepEqual(
      (await status(survivor.port)).backends.filter((b) => b.state === "up").map((b) => b.via),
      [survivor.name, survivor.name],
    );
  } finally {
    await stopAll(procs, redis);
    await front.stop();
  }
});
