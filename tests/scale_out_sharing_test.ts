/**
 * Several `ailb balance` replicas sharing servers and cache through a real redis-server, every part a real
 * process on free loopback ports: registration through one replica and clients on the others, a paraphrase
 * hit across replicas, the store password kept out of every log, the --store flags and a store away at
 * start-up, and the shared token guarding registration on every replica.
 */
import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import type { BalancerStatus } from "../lib/balancer/status.ts";
import { ailb, eventually, freePort, Proc, RedisServer } from "./helpers.ts";
import {
  HEARTBEAT,
  PASSWORD,
  startReplicas,
  startServers,
  status,
  stopAll,
  upServers,
} from "./scale_out_helpers.ts";

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
