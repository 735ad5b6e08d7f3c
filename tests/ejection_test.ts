/**
 * Outlier ejection: a server whose requests fail --eject-after times in a row,
 * or that sends no first token within --first-token-timeout, is taken out of
 * rotation, probed after a growing back-off, and re-admitted when a probe
 * succeeds.
 */
import assert from "node:assert/strict";
import { AilbClient, AilbError } from "../lib/client.ts";
import { eventually, freePort, Proc, startCluster } from "./helpers.ts";
import { ScriptedServer } from "./scripted_server.ts";

Deno.test("--eject-after 3: two failures in a row keep a server, the third ejects it; a probe re-admits it", async () => {
  const port = freePort();
  const balancer = new Proc([
    "balance",
    "--port",
    String(port),
    "--no-http",
    "--no-cache",
    "--retries",
    "0",
    "--eject-after",
    "3",
    "--eject-time",
    "1s",
    "--queue-timeout",
    "300ms",
  ]);
  let failing = true;
  const flaky = new ScriptedServer(() =>
    failing
      ? { chunks: [], end: { code: "backend_error", message: "engine broke" } }
      : { chunks: [" fine"], end: "done" }
  );
  let client: AilbClient | undefined;
  try {
    await balancer.waitFor(/Balancer listening/);
    await flaky.register(port);
    await balancer.waitFor(/registered/);
    client = await AilbClient.connect({ port });
    const row = async () => (await client!.status()).backends[0];
    for (const i of [1, 2]) {
      await assert.rejects(client.ask(`Fail ${i}`).result, (e: AilbError) => e.code === "backend_error");
      const backend = await row();
      assert.equal(backend.state, "up", `still up after ${i} failures`);
      assert.equal(backend.consecutive_failures, i);
    }
    await assert.rejects(client.ask("Fail 3").result, (e: AilbError) => e.code === "backend_error");
    const ejected = await row();
    assert.equal(ejected.state, "ejected");
    assert.match(ejected.reason ?? "", /3 failed requests in a row \(last: server .*engine broke\)/);
    assert.ok(ejected.ejected_until && Date.parse(ejected.ejected_until) > Date.parse(ejected.since));
    assert.equal((await client.status()).counters.ejections, 1);
    // Out of rotation: the next request finds nobody and never reaches the server.
    await assert.rejects(client.ask("Not for you").result, (e: AilbError) => e.code === "no_backend");
    assert.ok(!flaky.received.some((g) => g.prompt === "Not for you"));
    // The probe still fails: ejected again, for twice as long.
    await balancer.waitFor(/ejected for 2\.0 s: probe failed: backend_error: engine broke/, 10_000);
    failing = false;
    await balancer.waitFor(/re-admitted: probe succeeded/, 10_000);
    const back = await row();
    assert.equal(back.state, "up");
    assert.equal(back.reason, "probe succeeded");
    assert.equal(back.consecutive_failures, 0);
    assert.equal((await client.ask("Healthy again").result).text, " fine");
    assert.equal(
      (await client.status()).counters.ejections,
      1,
      "re-ejection after a failed probe is one ejection",
    );
  } finally {
    client?.close();
    flaky.close();
    await balancer.stop();
  }
});

Deno.test("--first-token-timeout: a server too slow to start is ejected and its request re-sent elsewhere", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache", "--rr", "--first-token-timeout", "500ms", "--eject-time", "30s"],
    serveArgs: (i) => i === 0 ? ["--ttft-ms", "5000"] : [],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const slow = `127.0.0.1:${cluster.serverPorts[0]}`;
  const fast = `127.0.0.1:${cluster.serverPorts[1]}`;
  try {
    const answers = await Promise.all(
      [0, 1, 2, 3].map((i) => client.ask(`Quick ${i}`, { maxTokens: 3 }).result),
    );
    for (const { stats } of answers) {
      assert.equal(stats.backend, fast);
      assert.equal(stats.tokens, 3);
    }
    const status = await client.status();
    const row = status.backends.find((b) => b.id === slow)!;
    assert.equal(row.state, "ejected");
    assert.match(row.reason ?? "", /sent no first token within 0\.5 s/);
    assert.ok(status.counters.retried >= 1);
    assert.equal(status.counters.ejections, 1);
    await eventually(
      () => /Server 127\.0\.0\.1:\d+ ejected for 30\.0 s/.test(cluster.balancer.log),
      5000,
      "the ejection to be logged",
    );
  } finally {
    client.close();
    await cluster.stop();
  }
});
