/**
 * Several `ailb balance` replicas sharing servers and cache through a real redis-server, every part a real
 * process on free loopback ports: registration through one replica and clients on the others, a paraphrase hit
 * across replicas, servers dying, a replica and the store killed under load, and the store password kept out of
 * every log.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import type { BalancerStatus } from "../lib/balancer/status.ts";
import { startHaproxy } from "../lib/haproxy.ts";
import { ailb, eventually, freePort, freeRun, Proc, RedisServer } from "./helpers.ts";

const PASSWORD = "s3cret-Pa55";
const HEARTBEAT = ["--heartbeat-interval", "250ms", "--heartbeat-timeout", "1500ms"];

interface Replica {
  name: string;
  port: number;
  /** Web port, for the replica started with one. */
  http?: number;
  proc: Proc;
}

/** Starts `names.length` replicas on one store; the first gets the password from the environment variable. */
async function startReplicas(
  redis: RedisServer,
  names: string[],
  extra: string[] = [],
  withHttp?: string,
): Promise<Replica[]> {
  const replicas = names.map((name, i) => {
    const port = freePort();
    const http = name === withHttp ? freePort() : undefined;
    const store = i === 0
      ? ["--store", `redis://127.0.0.1:${redis.port}`, "--store-password-env", "AILB_TEST_STORE_PASSWORD"]
      : ["--store", redis.url];
    const web = http === undefined ? ["--no-http"] : ["--http", String(http)];
    const args = ["balance", "--port", String(port), ...web, "--replica-name", name, ...store, ...HEARTBEAT];
    const env = { AILB_TEST_STORE_PASSWORD: PASSWORD };
    return { name, port, http, proc: new Proc([...args, ...extra], { env }) };
  });
  for (const r of replicas) await r.proc.waitFor(/Replica \S+ joined the cluster/, 60_000);
  return replicas;
}

function startServers(lbPort: number, count: number, extra: string[] = []): { port: number; proc: Proc }[] {
  return Array.from({ length: count }, () => {
    const port = freePort();
    const args = ["serve", String(port), "--lb", `127.0.0.1:${lbPort}`, "--engine", "synthetic", ...extra];
    return { port, proc: new Proc(args) };
  });
}

async function status(port: number): Promise<BalancerStatus> {
  const client = await AilbClient.connect({ port });
  try {
    return await client.status() as BalancerStatus;
  } finally {
    client.close();
  }
}

/** Up server ids a replica routes to. */
async function upServers(port: number): Promise<string[]> {
  return (await status(port)).backends.filter((b) => b.state === "up").map((b) => b.id).sort();
}

/** Asks continuously on each port until stopped; collects every failure. */
function load(ports: number[], prefix: string) {
  let running = true;
  const failures: string[] = [];
  let completed = 0;
  const loops = ports.map(async (port, n) => {
    const client = await AilbClient.connect({ port });
    try {
      for (let i = 0; running; i++) {
        try {
          // Distinct prompts and no cache: every request really travels to a server.
          await client.ask(`${prefix} ${n} ${i}`, { maxTokens: 4, cache: false }).result;
          completed++;
        } catch (error) {
          // Kept short and paced: a broken connection must fail the test, not flood its memory.
          if (failures.length < 20) {
            failures.push(`replica on ${port}, request ${i}: ${(error as Error).message}`);
          }
          await sleep(50);
        }
      }
    } finally {
      client.close();
    }
  });
  return {
    get completed() {
      return completed;
    },
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function stopAll(procs: Proc[], redis: RedisServer): Promise<void> {
  await Promise.all(procs.map((p) => p.stop()));
  await redis.stop();
}

Deno.test("3 replicas: servers registered through A serve clients on B and C; a paraphrase hit on C for A's answer", async () => {
  const redis = await RedisServer.start({ password: PASSWORD });
  const replicas = await startReplicas(redis, ["A", "B", "C"]);
  const [a, b, c] = replicas;
  const servers = startServers(a.port, 2);
  const procs = [...replicas.map((r) => r.proc), ...servers.map((s) => s.proc)];
  try {
    const ids = servers.map((s) => `127.0.0.1:${s.port}`).sort();
    await eventually(
      async () => (await upServers(a.port)).join() === ids.join(),
      30_000,
      "A to register both",
    );
    const registered = performance.now();
    for (const r of [b, c]) {
      await eventually(
        async () => (await upServers(r.port)).join() === ids.join(),
        5000,
        `${r.name} to adopt`,
      );
    }
    const adoptedWithinMs = performance.now() - registered;
    assert.ok(adoptedWithinMs < 2000, `adopted within ${adoptedWithinMs} ms`);

    // Clients on B and C: round robin over both servers, each replica over its own data connections.
    for (const r of [b, c]) {
      const client = await AilbClient.connect({ port: r.port });
      try {
        const used = new Set<string>();
        for (let i = 0; i < 4; i++) {
          used.add(
            (await client.ask(`Tale ${r.name} ${i}`, { maxTokens: 3, cache: false }).result).stats.backend,
          );
        }
        assert.deepEqual([...used].sort(), ids, `${r.name} uses both servers`);
      } finally {
        client.close();
      }
    }

    // An answer generated through A is a paraphrase hit on C.
    const first = JSON.parse(
      (await ailb([
        "ask",
        "Once upon a time, a little girl found a dragon in the forest.",
        "--lb",
        `127.0.0.1:${a.port}`,
        "--json",
        "--max-tokens",
        "8",
      ])).stdout,
    );
    assert.equal(first.cached, false);
    const hit = await eventually(
      async () => {
        const out = await ailb([
          "ask",
          "once upon a time a small girl discovered a dragon in the woods",
          "--lb",
          `127.0.0.1:${c.port}`,
          "--json",
          "--max-tokens",
          "8",
        ]);
        const answer = JSON.parse(out.stdout);
        return answer.cached ? answer : undefined;
      },
      5000,
      "a paraphrase hit on C",
    );
    assert.equal(hit.text, first.text);
    assert.ok(hit.similarity > 0 && hit.similarity < 1, `similarity ${hit.similarity}`);

    // Status on C: three replicas up, the servers registered via A, the store's address without its password.
    const seen = await status(c.port);
    assert.deepEqual(seen.replicas?.map((r) => [r.id, r.state, r.self]), [["A", "up", false], [
      "B",
      "up",
      false,
    ], ["C", "up", true]]);
    assert.equal(seen.replicas?.find((r) => r.id === "A")?.servers, 2);
    assert.deepEqual(seen.backends.map((s) => [s.via, s.adopted]), [["A", true], ["A", true]]);
    assert.equal(seen.store?.address, `redis://:***@127.0.0.1:${redis.port}`);
    assert.equal(seen.store?.connected, true);
    const text = (await ailb(["status", "--lb", `127.0.0.1:${c.port}`])).stdout;
    assert.match(text, /A\s+up\s+127\.0\.0\.1:\d+\s+2\s+2/);
    assert.ok(!JSON.stringify(seen).includes(PASSWORD) && !text.includes(PASSWORD));
    for (const r of replicas) assert.ok(!r.proc.log.includes(PASSWORD), `${r.name}'s log holds the password`);
  } finally {
    await stopAll(procs, redis);
  }
});

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

Deno.test("--store flags: bad values exit 2 without echoing a password; a store away at start-up is joined later", async () => {
  const bad = [
    [["--store", "http://127.0.0.1:1"], /redis:\/\/ URL/],
    [["--store", "redis://:hunter2@127.0.0.1:6379/16"], /database must be a number 0-15/],
    [["--store", "redis://:hunter2@127.0.0.1:99999"], /--store must look like/],
    [["--store-password-env", "X"], /--store-password-env needs --store/],
    [["--store", "redis://127.0.0.1:1", "--store-password-env", "AILB_UNSET_VARIABLE"], /is not set/],
    [["--store", "redis://127.0.0.1:1", "--replica-name", "x".repeat(65)], /--replica-name must be 1-64/],
    [["--store", "redis://127.0.0.1:1", "--replica-name", "a b"], /--replica-name must be/],
  ] as const;
  for (const [flags, message] of bad) {
    const out = await ailb(["balance", "--no-http", "--no-cache", "--port", "0", ...flags]);
    assert.equal(out.code, 2, `${flags.join(" ")}: ${out.stderr}`);
    assert.match(out.stderr, message);
    assert.match(out.stderr, /^error: .*\nsee `ailb balance --help`\n$/);
    assert.ok(!out.stderr.includes("hunter2"), out.stderr);
  }
  // The store is not there yet: the replica starts alone, says so once, and joins when it appears.
  const storePort = freePort();
  const name = "r".repeat(64); // the longest name accepted
  const replica = new Proc([
    "balance",
    "--no-http",
    "--no-cache",
    "--port",
    String(freePort()),
    "--store",
    `redis://127.0.0.1:${storePort}`,
    "--replica-name",
    name,
    ...HEARTBEAT,
  ]);
  let redis: RedisServer | undefined;
  try {
    await replica.waitFor(/Balancer listening/, 30_000);
    await replica.waitFor(/unreachable/);
    redis = await RedisServer.start({ port: storePort });
    await replica.waitFor(/connected; sharing servers and cache/, 15_000);
    await eventually(
      async () => (await redis!.command("ZRANGE ailb:replicas 0 -1")).includes(name),
      5000,
      "presence",
    );
    assert.equal(replica.count(/unreachable/), 1);
  } finally {
    await replica.stop();
    await redis?.stop();
  }
});

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

Deno.test("the shared token still guards registration on every replica; adopted connections present it", async () => {
  const redis = await RedisServer.start();
  const token = ["--token", "cluster-secret"];
  const replicas = await startReplicas(redis, ["A", "B"], ["--no-cache", ...token]);
  const [a, b] = replicas;
  const good = startServers(a.port, 1, token);
  const bad = [
    ...startServers(a.port, 1, ["--token", "wrong", "--register-attempts", "1"]),
    ...startServers(b.port, 1, ["--register-attempts", "1"]),
  ];
  const procs = [...replicas.map((r) => r.proc), ...good.map((s) => s.proc), ...bad.map((s) => s.proc)];
  const statusWith = async (port: number) => {
    const client = await AilbClient.connect({ port, token: "cluster-secret" });
    try {
      return await client.status() as BalancerStatus;
    } finally {
      client.close();
    }
  };
  try {
    // Refused by the replica they tried, so never shared: each exits with a clear refusal.
    for (const s of bad) {
      const exit = await s.proc.done;
      assert.notEqual(exit.code, 0);
      assert.match(s.proc.log, /refused registration: unauthorized/);
    }
    const id = `127.0.0.1:${good[0].port}`;
    for (const r of replicas) {
      await eventually(
        async () =>
          (await statusWith(r.port)).backends.filter((s) => s.state === "up").map((s) => s.id).join() === id,
        10_000,
        `${r.name} to route to the one server with the token, and only to it`,
      );
    }
    // B's own data connection was accepted by the server because B presented the token.
    const client = await AilbClient.connect({ port: b.port, token: "cluster-secret" });
    try {
      assert.equal((await client.ask("Token tale", { maxTokens: 3, cache: false }).result).stats.backend, id);
    } finally {
      client.close();
    }
  } finally {
    await stopAll(procs, redis);
  }
});
