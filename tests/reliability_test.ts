/**
 * Regression tests for the defects of issue 10 (each reproduced against a
 * real balancer before it was fixed): one frame that killed the balancer,
 * `params: null` answered as an internal error with a stack trace, a hello
 * that replaced a live server, registration retried in a tight loop, and
 * the token only on the command line.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient } from "../lib/client.ts";
import { MAX_ID_CHARS, type Message } from "../lib/protocol.ts";
import { sameSecret } from "../lib/secret.ts";
import { ailb, freePort, Proc, startCluster } from "./helpers.ts";
import { RawPeer } from "./raw_peer.ts";

type ErrorMessage = Message & { type: "error" };

Deno.test("a generate whose id nearly fills a frame is refused; the balancer stays up (it used to exit)", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache", "--max-frame", "4KiB"] });
  try {
    const { peer } = await RawPeer.hello(cluster.port);
    await peer.send({ type: "generate", id: "x".repeat(4096 - 60), prompt: "Once" });
    const answer = await peer.untilClosed();
    assert.equal((answer[0] as ErrorMessage).code, "bad_message");
    assert.match((answer[0] as ErrorMessage).message, /id is longer than 128 characters/);
    assert.ok(JSON.stringify(answer).length < 400, "the error does not echo the id");

    // The boundary: 128 characters are served (and echoed), 129 are not.
    const { peer: ok } = await RawPeer.hello(cluster.port);
    const id = "i".repeat(MAX_ID_CHARS);
    await ok.send({ type: "generate", id, prompt: "Once upon a time", params: { max_tokens: 2 } });
    let end: Message | undefined;
    while ((end = await ok.next())?.type === "chunk");
    assert.equal(end?.type, "done");
    assert.equal((end as Message & { type: "done" }).id, id);
    await ok.send({ type: "generate", id: id + "i", prompt: "Once upon a time" });
    const refused = await ok.untilClosed();
    assert.equal((refused[0] as ErrorMessage).code, "bad_message");

    const client = await AilbClient.connect({ port: cluster.port });
    assert.equal((await client.ask("Still there?", { maxTokens: 2 }).result).stats.tokens, 2);
    client.close();
  } finally {
    await cluster.stop();
  }
});

Deno.test("params that are not an object get invalid_params for that request, with no stack trace in the log", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  try {
    const { peer } = await RawPeer.hello(cluster.port);
    for (const [i, params] of [null, "fast", [1, 2], 7].entries()) {
      await peer.send({ type: "generate", id: `p${i}`, prompt: "Once upon a time", params });
      const answer = await peer.next();
      assert.equal(answer?.type, "error", `params ${JSON.stringify(params)}`);
      assert.equal((answer as ErrorMessage).code, "invalid_params");
      assert.equal((answer as ErrorMessage).id, `p${i}`);
    }
    // Same connection, still served.
    await peer.send({ type: "status", id: "s" });
    assert.equal((await peer.next())?.type, "status_result");
    peer.close();
    assert.doesNotMatch(cluster.balancer.log, /\n\s+at /, "no stack trace");
    assert.doesNotMatch(cluster.balancer.log, /internal/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a hello naming a live server's address does not replace it without a token", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  try {
    const { answer, peer } = await RawPeer.hello(cluster.port, "server", {
      port: cluster.serverPorts[0],
      host: "127.0.0.1",
    });
    assert.equal(answer.type, "error");
    assert.match((answer as ErrorMessage).message, /a live server is already registered at 127\.0\.0\.1:\d+/);
    peer.close();
    const client = await AilbClient.connect({ port: cluster.port });
    const status = await client.status() as { backends: { state: string }[] };
    assert.deepEqual(status.backends.map((b) => b.state), ["up"]);
    assert.equal((await client.ask("Once", { maxTokens: 2 }).result).stats.tokens, 2);
    client.close();
    assert.equal(cluster.balancer.count(/removed/), 0);
  } finally {
    await cluster.stop();
  }
});

Deno.test("with a token, a hello that proves it may take over a live server's address", async () => {
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: ["--no-cache", "--token", "s3cret"],
    serveArgs: ["--token", "s3cret"],
  });
  try {
    const { answer, peer } = await RawPeer.hello(cluster.port, "server", {
      port: cluster.serverPorts[0],
      host: "127.0.0.1",
      token: "s3cret",
    });
    assert.equal(answer.type, "welcome", JSON.stringify(answer));
    await cluster.balancer.waitFor(/removed: .*registered again|replaced/);
    peer.close();
  } finally {
    await cluster.stop();
  }
});

Deno.test("a server the balancer keeps refusing retries with backoff, not in a tight loop", async () => {
  // The only connection slot is taken, so each registration attempt is refused at once.
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache", "--max-connections", "1"] });
  const client = await AilbClient.connect({ port: cluster.port });
  const server = new Proc([
    "serve",
    String(freePort()),
    "--lb",
    cluster.lb,
    "--engine",
    "synthetic",
  ]);
  try {
    await server.waitFor(/retrying in \d+ ms/);
    await sleep(2000);
    const refusals = cluster.balancer.count(/Refused .*already 1 connections open/);
    assert.ok(
      refusals >= 2 && refusals <= 12,
      `${refusals} attempts in ~2 s (backoff 200 ms doubling to 3 s)`,
    );
  } finally {
    client.close();
    await server.stop();
    await cluster.stop();
  }
});

Deno.test("token comparison: equal only for the same secret, whatever the lengths", () => {
  assert.equal(sameSecret("s3cret", "s3cret"), true);
  assert.equal(sameSecret("s3creT", "s3cret"), false);
  assert.equal(sameSecret("s3cret-and-more", "s3cret"), false);
  assert.equal(sameSecret("", "s3cret"), false);
  assert.equal(sameSecret(undefined, "s3cret"), false);
});

Deno.test("--token-file: the token from a file; both flags, an empty file or a FIFO are clear usage errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/token`;
    await Deno.writeTextFile(file, "file-secret\n");
    const cluster = await startCluster({
      servers: 1,
      balanceArgs: ["--no-cache", "--token-file", file],
      serveArgs: ["--token-file", file],
    });
    try {
      const ok = await ailb(["ask", "--lb", cluster.lb, "--token-file", file, "--max-tokens", "2", "Once"]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(!cluster.balancer.args.includes("file-secret"), "the secret is not on the command line");
      const wrong = await ailb(["ask", "--lb", cluster.lb, "--token", "guess", "Once"]);
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /unauthorized/);
    } finally {
      await cluster.stop();
    }
    const both = await ailb(["status", "--token", "a", "--token-file", file]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--token or --token-file, not both/);
    await Deno.writeTextFile(`${dir}/empty`, "\n");
    const empty = await ailb(["status", "--token-file", `${dir}/empty`]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /the file is empty/);
    const fifo = `${dir}/fifo`;
    assert.equal((await new Deno.Command("mkfifo", { args: [fifo] }).output()).code, 0);
    const blocked = await ailb(["status", "--token-file", fifo], undefined, 15_000);
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /not a regular file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
