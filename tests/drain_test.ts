/**
 * Graceful drain with real processes: `ailb drain SERVER`, a server's
 * SIGTERM (deregisters first, finishes in-flight), and the balancer's SIGTERM
 * (refuses new work, lets in-flight finish). Streams in flight complete in
 * full on the server they started on; new requests go elsewhere.
 */
import assert from "node:assert/strict";
import { AilbClient, AilbError, type AskStream } from "../lib/client.ts";
import { ailb, eventually, startCluster } from "./helpers.ts";

const words = (text: string) => text.trim().split(/\s+/).length;

/** Starts `count` streams and waits until each has produced text. */
async function streaming(client: AilbClient, count: number, maxTokens: number): Promise<AskStream[]> {
  const answers = Array.from({ length: count }, (_, i) => client.ask(`Drain story ${i}`, { maxTokens }));
  const started = answers.map(() => false);
  answers.forEach(async (answer, i) => {
    try {
      for await (const _ of answer) started[i] = true;
    } catch (error) {
      // The same error rejects `answer.result`, which every test awaits and checks.
      if (!(error instanceof AilbError)) throw error;
    }
  });
  await eventually(() => started.every(Boolean), 15_000, "every stream to start");
  return answers;
}

Deno.test("ailb drain SERVER: no new work for it, its streams finish there; --undo brings it back", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache", "--rr"],
    serveArgs: ["--concurrency", "16", "--tokens-per-s", "20"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const drained = `127.0.0.1:${cluster.serverPorts[0]}`;
  const other = `127.0.0.1:${cluster.serverPorts[1]}`;
  try {
    const running = await streaming(client, 4, 30);
    const out = await ailb(["drain", drained, "--lb", cluster.lb]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), `${drained}: draining`);
    const row = (await client.status()).backends.find((b) => b.id === drained)!;
    assert.equal(row.state, "draining");
    assert.equal(row.reason, "drained by an operator");
    assert.equal(row.in_flight, 2, "its two streams are still running there");
    for (let i = 0; i < 4; i++) {
      assert.equal((await client.ask(`New ${i}`, { maxTokens: 2 }).result).stats.backend, other);
    }
    const results = await Promise.all(running.map((a) => a.result));
    assert.equal(results.filter((r) => r.stats.backend === drained).length, 2, "finished where they started");
    for (const { text, stats } of results) {
      assert.equal(words(text), 30);
      assert.equal(stats.failovers, 0);
    }
    const undo = await ailb(["drain", drained, "--undo", "--lb", cluster.lb]);
    assert.equal(undo.stdout.trim(), `${drained}: up`);
    const backends = new Set<string>();
    for (let i = 0; i < 4; i++) {
      backends.add((await client.ask(`Again ${i}`, { maxTokens: 2 }).result).stats.backend);
    }
    assert.ok(backends.has(drained), "routable again after --undo");
    const unknown = await ailb(["drain", "127.0.0.1:1", "--lb", cluster.lb]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /error: bad_message: no registered server "127\.0\.0\.1:1"/);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("serve on SIGTERM: deregisters first, finishes its streams, then exits 0", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache", "--rr"],
    serveArgs: ["--concurrency", "16", "--tokens-per-s", "20", "--drain-timeout", "20s"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const leaving = `127.0.0.1:${cluster.serverPorts[0]}`;
  const staying = `127.0.0.1:${cluster.serverPorts[1]}`;
  try {
    const running = await streaming(client, 4, 30);
    cluster.servers[0].child.kill("SIGTERM");
    await cluster.balancer.waitFor(
      new RegExp(`Server ${leaving.replaceAll(".", "\\.")} is draining: the server is shutting down`),
    );
    for (let i = 0; i < 4; i++) {
      assert.equal((await client.ask(`Meanwhile ${i}`, { maxTokens: 2 }).result).stats.backend, staying);
    }
    const results = await Promise.all(running.map((a) => a.result));
    assert.equal(results.filter((r) => r.stats.backend === leaving).length, 2);
    for (const { text, stats } of results) {
      assert.equal(words(text), 30);
      assert.equal(stats.failovers, 0, "nothing had to fail over");
    }
    const status = await cluster.servers[0].done;
    assert.equal(status.code, 0);
    assert.match(cluster.servers[0].log, /SIGTERM received; draining/);
    assert.doesNotMatch(cluster.servers[0].log, /unfinished/);
    assert.equal((await client.status()).counters.retried, 0);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("serve: a drain longer than --drain-timeout stops anyway and the balancer moves the streams on", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache", "--rr"],
    serveArgs: ["--concurrency", "16", "--tokens-per-s", "10", "--drain-timeout", "500ms"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const running = await streaming(client, 2, 40);
    cluster.servers[0].child.kill("SIGTERM");
    assert.equal((await cluster.servers[0].done).code, 0);
    assert.match(cluster.servers[0].log, /Stopping with 1 requests unfinished/);
    const results = await Promise.all(running.map((a) => a.result));
    for (const { text } of results) assert.equal(words(text), 40);
    assert.equal(results.filter((r) => r.stats.failovers === 1).length, 1);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("balance on SIGTERM: refuses new requests with shutting_down, lets streams finish, exits 0", async () => {
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", "--drain-timeout", "20s"],
    serveArgs: ["--concurrency", "16", "--tokens-per-s", "20"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const running = await streaming(client, 3, 30);
    cluster.balancer.child.kill("SIGTERM");
    await cluster.balancer.waitFor(/draining: new requests are refused, 3 in progress may finish/);
    await assert.rejects(
      client.ask("Too late").result,
      (e: AilbError) => e.code === "shutting_down",
    );
    for (const { text } of await Promise.all(running.map((a) => a.result))) assert.equal(words(text), 30);
    assert.equal((await cluster.balancer.done).code, 0);
    assert.doesNotMatch(cluster.balancer.log, /unfinished/);
  } finally {
    client.close();
    await cluster.stop();
  }
});
