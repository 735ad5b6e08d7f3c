/**
 * Hostile input against a live balancer and a live server: over 10,000 inputs from clients (random bytes, bad
 * and huge lengths, bad JSON and UTF-8, wrong types, unknown types, long ids, floods of requests with bad
 * parameters, messages a peer must not send, connections stalled mid-frame), 1,000 over the web UI's
 * WebSocket, and a registered rogue server surrounding correct answers with garbage, while a well-behaved
 * client keeps asking. Both processes must stay up, keep answering that client during and after, log no
 * internal error, stack trace or unbounded line, and stay within a memory bound. The inputs come from a seeded
 * generator, so a failure can be replayed (the seed is in the test name). The inputs are made in fuzz_inputs.ts
 * and sent by fuzz_attacks.ts.
 */
import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import { fuzzRound, fuzzWebSocket, rogueServer } from "./fuzz_attacks.ts";
import { json, MAX_FRAME, SEED } from "./fuzz_inputs.ts";
import { freePort, startCluster } from "./helpers.ts";

function rssOf(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
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
