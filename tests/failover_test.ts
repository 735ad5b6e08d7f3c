/**
 * Failover that loses nothing: streams on a server that dies (kill -9) or
 * freezes (SIGSTOP) continue on another server; the client sees one unbroken
 * stream of the full requested length.
 */
import assert from "node:assert/strict";
import { AilbClient, type AskResult } from "../lib/client.ts";
import { ailb, eventually, freePort, Proc, startCluster } from "./helpers.ts";
import { ScriptedServer } from "./scripted_server.ts";

const words = (text: string) => text.trim().split(/\s+/).length;

/** Starts `count` streams and resolves once every one has produced its first chunk. */
async function startStreams(client: AilbClient, count: number, maxTokens: number, prefix: string) {
  const answers = Array.from({ length: count }, (_, i) => client.ask(`${prefix} ${i}`, { maxTokens }));
  const seen: string[][] = answers.map(() => []);
  const reading = answers.map(async (answer, i) => {
    for await (const text of answer) seen[i].push(text);
  });
  await eventually(() => seen.every((chunks) => chunks.length > 0), 20_000, "every stream to start");
  return { answers, seen, reading };
}

Deno.test("kill -9 of one of three servers under 60 streams: 60/60 complete with full text", async () => {
  const maxTokens = 80;
  const cluster = await startCluster({
    servers: 3,
    balanceArgs: ["--no-cache"],
    // 20 streams per server, all generating at once, ~3 s each.
    serveArgs: ["--concurrency", "32", "--tokens-per-s", "25"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const { answers, seen, reading } = await startStreams(client, 60, maxTokens, "A long story");
    const victim = `127.0.0.1:${cluster.serverPorts[0]}`;
    await cluster.servers[0].stop("SIGKILL");
    const results: AskResult[] = await Promise.all(answers.map((a) => a.result));
    await Promise.all(reading);
    assert.equal(results.length, 60);
    for (const [i, { text, stats }] of results.entries()) {
      assert.equal(stats.tokens, maxTokens, `stream ${i}: the full requested token count`);
      assert.equal(words(text), maxTokens, `stream ${i}: ${maxTokens} words of text`);
      assert.equal(seen[i].join(""), text, `stream ${i}: the client saw exactly the final text`);
      assert.notEqual(stats.backend, victim, "each ended on a surviving server");
    }
    const failedOver = results.filter((r) => r.stats.failovers === 1);
    assert.equal(failedOver.length, 20, "the victim's 20 streams each failed over once");
    assert.ok(results.every((r) => r.stats.failovers === 0 || r.stats.failovers === 1));
    const { counters } = await client.status();
    assert.equal(counters.failovers, 20);
    assert.equal(counters.failed, 0);
    assert.match(cluster.balancer.log, /fails over after \d+ tokens/);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("SIGSTOP: the frozen server is taken out within the heartbeat timeout, its streams continue elsewhere; SIGCONT: back", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache", "--heartbeat-interval", "300ms", "--heartbeat-timeout", "1s"],
    serveArgs: ["--concurrency", "16", "--tokens-per-s", "20"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const frozen = cluster.servers[0];
  const frozenId = `127.0.0.1:${cluster.serverPorts[0]}`;
  try {
    const { answers } = await startStreams(client, 6, 40, "Frozen tale");
    Deno.kill(frozen.child.pid, "SIGSTOP");
    // Gone from the routable set within the heartbeat timeout (plus one check tick and some slack).
    await eventually(
      async () => {
        const rows = (await client.status()).backends;
        return !rows.some((r) => r.id === frozenId && r.state === "up");
      },
      1000 + 1500,
      "the frozen server to leave rotation",
    );
    const results = await Promise.all(answers.map((a) => a.result));
    for (const { text, stats } of results) {
      assert.equal(stats.tokens, 40);
      assert.equal(words(text), 40);
    }
    assert.equal(results.filter((r) => (r.stats.failovers ?? 0) > 0).length, 3, "its 3 streams failed over");
    assert.match(cluster.balancer.log, /removed: missed \d+ heartbeats/);
    Deno.kill(frozen.child.pid, "SIGCONT");
    await eventually(
      async () => {
        const rows = (await client.status()).backends;
        return rows.some((r) => r.id === frozenId && r.state === "up");
      },
      10_000,
      "the thawed server to register again",
    );
    const backends = new Set<string>();
    for (let i = 0; i < 4; i++) {
      backends.add((await client.ask(`Thawed ${i}`, { maxTokens: 2 }).result).stats.backend);
    }
    assert.ok(backends.has(frozenId), "the thawed server takes work again");
  } finally {
    Deno.kill(frozen.child.pid, "SIGCONT");
    client.close();
    await cluster.stop();
  }
});

Deno.test("a failover continues prompt + sent text for the missing tokens; a stop string across the seam ends it", async () => {
  const port = freePort();
  const balancer = new Proc(["balance", "--port", String(port), "--no-http", "--no-cache"]);
  // The first server sends part of a story and dies; the second continues it.
  const first = new ScriptedServer(() => ({ chunks: [" once", " upon a ti"], end: "hang" }));
  const second = new ScriptedServer(() => ({ chunks: ["me there", " was", " more"], end: "done" }));
  let client: AilbClient | undefined;
  try {
    await balancer.waitFor(/Balancer listening/);
    await first.register(port);
    await balancer.waitFor(new RegExp(`Server ${first.id} registered`));
    client = await AilbClient.connect({ port });
    const answer = client.ask("Seam story", { maxTokens: 10, stop: ["time there"] });
    let seen = "";
    const reading = (async () => {
      for await (const text of answer) seen += text;
    })();
    await eventually(() => seen === " once upon a ti", 10_000, "the first server's text");
    first.close();
    await balancer.waitFor(new RegExp(`Server ${first.id} removed`));
    await second.register(port);
    const { text, stats } = await answer.result;
    await reading;
    assert.equal(text, " once upon a ti", "nothing after the stop string that straddles the seam");
    assert.equal(stats.finish_reason, "stop");
    assert.equal(stats.failovers, 1);
    assert.equal(stats.backend, second.id);
    const [continuation] = second.received;
    assert.equal(continuation.prompt, "Seam story once upon a ti", "prompt + the text already sent");
    assert.equal(continuation.params?.max_tokens, 8, "only the tokens still missing");
    assert.deepEqual(continuation.params?.stop, ["time there"]);

    // Without a stop string the same seam passes straight through.
    const third = new ScriptedServer(() => ({ chunks: [" and", " on"], end: "done" }));
    second.script = () => ({ chunks: [" far", " away"], end: "hang" });
    const another = client.ask("Another", { maxTokens: 4 });
    const start = another[Symbol.asyncIterator]();
    assert.equal((await start.next()).value, " far");
    assert.equal((await start.next()).value, " away");
    second.close();
    await third.register(port);
    for (let next = await start.next(); !next.done; next = await start.next()) { /* the rest, into result */ }
    const whole = await another.result;
    assert.equal(whole.text, " far away and on");
    assert.equal(whole.stats.tokens, 4);
    assert.equal(whole.stats.failovers, 1);
    third.close();
  } finally {
    client?.close();
    first.close();
    second.close();
    await balancer.stop();
  }
});

Deno.test("ailb ask --json says how many failovers an answer took", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache"],
    serveArgs: ["--tokens-per-s", "20"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    // 100 tokens at 20/s: about 5 s, ample time to find its server and kill it mid-stream.
    const asked = ailb([
      "ask",
      "A story that moves",
      "--lb",
      `127.0.0.1:${cluster.port}`,
      "--max-tokens",
      "100",
      "--json",
    ]);
    const busy = await eventually(
      async () => {
        const { backends } = await client.status();
        return backends.find((backend) => backend.in_flight > 0)?.id;
      },
      20_000,
      "the request to reach a server",
    );
    const victim = cluster.serverPorts.findIndex((port) => busy === `127.0.0.1:${port}`);
    // Kill it once text has streamed (first token after 20 ms; the stream lasts 5 s): a failover, not a re-send.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await cluster.servers[victim].stop("SIGKILL");
    const out = await asked;
    assert.equal(out.code, 0, out.stderr);
    const answer = JSON.parse(out.stdout);
    assert.equal(answer.failovers, 1, out.stdout);
    assert.equal(words(answer.text), 100);
    assert.notEqual(answer.backend, busy, "the server that finished it is named");
  } finally {
    client.close();
    await cluster.stop();
  }
});
