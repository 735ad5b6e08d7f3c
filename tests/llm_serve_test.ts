/** `ailb serve --engine llm` as a real process behind a real balancer. */
import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import { ailb, freePort, startCluster } from "./helpers.ts";

Deno.test("long generations on the story model never cost the server its registration", async () => {
  // Tight heartbeats: 700 ms interval, dropped after 2.5 s of silence by the balancer and 2.1 s (three
  // intervals) by the server. (200 ms / 800 ms flaked when eight test suites share two cores: a process can
  // wait that long for the CPU without its event loop ever blocking.)
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", "--heartbeat-interval", "700ms", "--heartbeat-timeout", "2500ms"],
    serveArgs: ["--engine", "llm", "--concurrency", "2"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const asks = [1, 2, 3].map((seed) => client.ask("Once upon a time", { maxTokens: 400, seed }).result);
    const answers = await Promise.all(asks);
    for (const { text, stats } of answers) {
      assert.equal(stats.tokens, 400);
      assert.ok(text.length > 400, "a long continuation");
      assert.equal(stats.backend, `127.0.0.1:${cluster.serverPorts[0]}`);
    }
    assert.doesNotMatch(cluster.balancer.log, /removed/, "the server was never dropped");
    // A heartbeat or two may come late while the model computes (heartbeat_misses counts those); what
    // matters is that the server never went silent long enough to be dropped.
    const status = await client.status();
    assert.deepEqual(status.backends.map((b) => b.state), ["up"]);
    // Seeds make sampling reproducible end to end.
    const again = await client.ask("Once upon a time", { maxTokens: 400, seed: 1 }).result;
    assert.equal(again.text, answers[0].text);
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("serve shows loading progress and a clear error for a model that is not there", async () => {
  const lb = `127.0.0.1:${freePort()}`;
  const missing = await ailb([
    "serve",
    String(freePort()),
    "--lb",
    lb,
    "--model",
    "/nonexistent/story-model",
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Cannot start the llm engine: cannot load model "\/nonexistent\/story-model"/);
  assert.doesNotMatch(missing.stderr, /^\s+at /m, "no stack trace");

  const loaded = await ailb([
    "serve",
    String(freePort()),
    "--lb",
    lb,
    "--register-attempts",
    "1",
    "--dtype",
    "q8",
  ]);
  // Loading lines are log lines tagged with the server, so several servers' lines can be told apart.
  assert.match(loaded.stderr, /INFO +\[server:\d+\] loaded onnx\/model_quantized\.onnx/);
  assert.match(loaded.stderr, /model loaded in \d+ ms/);
  assert.match(loaded.stderr, /could not register/);

  // Under --log-json every line, model loading included, is one JSON object.
  const port = freePort();
  const json = await ailb(["serve", String(port), "--lb", lb, "--register-attempts", "1", "--log-json"]);
  const records = json.stderr.trim().split("\n").map((line) => JSON.parse(line));
  assert.ok(records.some((r) => /^loaded onnx\/model\.onnx/.test(r.msg)), json.stderr);
  for (const record of records) assert.equal(record.component, `server:${port}`);
});
