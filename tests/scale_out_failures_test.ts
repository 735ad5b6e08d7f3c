/**
 * Several `ailb balance` replicas sharing servers and cache through a real redis-server, every part a real
 * process on free loopback ports, while parts die: a server killed or frozen, seen by every replica; a
 * replica and the store killed under load, with no request failing.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ailb, eventually, RedisServer } from "./helpers.ts";
import { load, startReplicas, startServers, status, stopAll, upServers } from "./scale_out_helpers.ts";

Deno.test("a server dying is seen by every replica: killed at once, frozen within the heartbeat timeout", async () => {
  const redis = await RedisServer.start();
  const replicas = await startReplicas(redis, ["A", "B", "C"], ["--no-cache"]);
  const servers = startServers(replicas[0].port, 2);
  const procs = [...replicas.map((r) => r.proc), ...servers.map((s) => s.proc)];
  try {
    for (const r of replicas) {
      await eventually(async () => (await upServers(r.port)).length === 2, 30_000, `${r.name} sees 2`);
    }
    const [killed, frozen] = servers;
    await killed.proc.stop("SIGKILL");
    for (const r of replicas) {
      await eventually(
        async () => !(await upServers(r.port)).includes(`127.0.0.1:${killed.port}`),
        2000,
        `${r.name} to drop the killed server`,
      );
    }
    frozen.proc.child.kill("SIGSTOP");
    const stopped = performance.now();
    for (const r of replicas) {
      await eventually(
        async () => (await upServers(r.port)).length === 0,
        4000,
        `${r.name} to drop the frozen server`,
      );
    }
    // Timeout 1.5 s plus one 250 ms check tick and the status round trip.
    assert.ok(performance.now() - stopped < 4000);
    for (const r of replicas) {
      assert.match(r.proc.log, /Server 127\.0\.0\.1:\d+ removed: missed \d+ heartbeats/);
    }
    frozen.proc.child.kill("SIGCONT");
  } finally {
    await stopAll(procs, redis);
  }
});

Deno.test("kill -9 of the replica servers registered through: the others keep serving, its servers stay", async () => {
  const redis = await RedisServer.start();
  const replicas = await startReplicas(redis, ["A", "B", "C"], ["--no-cache"]);
  const [a, b, c] = replicas;
  const servers = startServers(a.port, 2);
  const procs = [...replicas.map((r) => r.proc), ...servers.map((s) => s.proc)];
  try {
    for (const r of replicas) {
      await eventually(async () => (await upServers(r.port)).length === 2, 30_000, `${r.name} sees 2`);
    }
    const traffic = load([b.port, c.port], "replica-kill");
    await eventually(() => traffic.completed >= 20, 10_000, "traffic to flow");
    await a.proc.stop("SIGKILL");
    const before = traffic.completed;
    // Past A's records' time to live: B or C keep the servers known in the store.
    await sleep(2500);
    await eventually(() => traffic.completed >= before + 40, 10_000, "traffic to go on");
    await traffic.stop();
    assert.deepEqual(traffic.failures, []);
    for (const r of [b, c]) {
      assert.equal((await upServers(r.port)).length, 2, `${r.name} still routes to both`);
    }
    const seen = await status(b.port);
    await eventually(
      async () => (await status(b.port)).replicas?.find((r) => r.id === "A")?.state === "down",
      5000,
      "A listed down",
    );
    assert.equal(seen.replicas?.find((r) => r.id === "B")?.state, "up");
    // The records outlived A: the server index in the store lists both servers.
    assert.equal(await redis.command("ZCARD ailb:servers"), ":2\r\n");
    for (const s of servers) {
      assert.notEqual(await redis.command(`EXISTS ailb:server:127.0.0.1:${s.port}`), ":0\r\n");
    }
  } finally {
    await stopAll(procs, redis);
  }
});

Deno.test("kill -9 of the store under load: no request fails, one log line per replica, resync after restart", async () => {
  const redis = await RedisServer.start();
  const replicas = await startReplicas(redis, ["A", "B"], [], "A");
  const [a, b] = replicas;
  const metrics = async () => await (await fetch(`http://127.0.0.1:${a.http}/metrics`)).text();
  const servers = startServers(a.port, 2);
  const procs = [...replicas.map((r) => r.proc), ...servers.map((s) => s.proc)];
  try {
    for (const r of replicas) {
      await eventually(async () => (await upServers(r.port)).length === 2, 30_000, `${r.name} sees 2`);
    }
    const traffic = load([a.port, b.port], "store-kill");
    await eventually(() => traffic.completed >= 20, 10_000, "traffic to flow");
    await redis.stop("SIGKILL");
    const before = traffic.completed;
    // Cached answers too: stored through A during the outage, asked on A.
    await ailb(["ask", "During the outage a fox", "--lb", `127.0.0.1:${a.port}`, "--max-tokens", "4"]);
    await sleep(1500);
    await eventually(() => traffic.completed >= before + 40, 10_000, "traffic to go on without the store");
    assert.match(await metrics(), /^ailb_store_connected\{replica="A"\} 0$/m);
    await redis.restart();
    await eventually(
      async () => (await redis.command("ZCARD ailb:servers")) === ":2\r\n",
      10_000,
      "servers back in the store",
    );
    await eventually(
      async () => (await redis.command("ZCARD ailb:replicas")) === ":2\r\n",
      10_000,
      "replicas back",
    );
    // The cache the store lost comes back from the replicas, including the entry stored during the outage.
    await eventually(
      async () => Number((await redis.command("ZCARD ailb:cache:lru")).slice(1)) >= 1,
      10_000,
      "cache resynced",
    );
    await traffic.stop();
    assert.deepEqual(traffic.failures, []);
    // A's view of the others is refreshed every heartbeat interval.
    const after = await eventually(
      async () => {
        const text = await metrics();
        return /^ailb_replicas_up\{replica="A"\} 2$/m.test(text) ? text : "";
      },
      5000,
      "A to list both replicas again",
    );
    assert.match(after, /^ailb_store_connected\{replica="A"\} 1$/m);
    assert.match(after, /^ailb_requests_total\{backend="127\.0\.0\.1:\d+",outcome="ok",replica="A"\} \d+$/m);
    for (const r of replicas) {
      assert.equal(r.proc.count(/unreachable/), 1, `${r.name} logs the outage once:\n${r.proc.log}`);
      assert.equal(r.proc.count(/is back after/), 1);
    }
    // B serves the entry stored through A while the store was away, now that both are in step again.
    const hit = await eventually(
      async () => {
        const out = await ailb([
          "ask",
          "During the outage a fox",
          "--lb",
          `127.0.0.1:${b.port}`,
          "--json",
          "--max-tokens",
          "4",
        ]);
        return JSON.parse(out.stdout).cached === true;
      },
      10_000,
      "B to be served the entry A stored during the outage",
    );
    assert.ok(hit);
  } finally {
    await stopAll(procs, redis);
  }
});
