/**
 * The semantic cache inside a real balancer: a miss, a paraphrase hit that never
 * reaches a server, --no-cache reaching a server again, and persistence.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ailb, eventually, Proc, startCluster } from "./helpers.ts";

interface Answer {
  text: string;
  backend: string;
  cached: boolean;
  similarity?: number;
  tokens: number;
}

async function ask(lb: string, prompt: string, ...flags: string[]): Promise<Answer> {
  const out = await ailb(["ask", prompt, "--lb", lb, "--json", "--max-tokens", "8", ...flags]);
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout);
}

/** Requests the servers themselves have received, as reported in their heartbeats. */
async function serverRequests(lb: string): Promise<number> {
  const status = JSON.parse((await ailb(["status", "--lb", lb, "--json"])).stdout);
  return status.backends.reduce((n: number, b: { server_requests: number }) => n + b.server_requests, 0);
}

const HEARTBEAT = ["--heartbeat-interval", "200ms", "--heartbeat-timeout", "2s"];

Deno.test("miss, then a paraphrase hit that never reaches a server, then --no-cache reaches one", async () => {
  const cluster = await startCluster({ balanceArgs: HEARTBEAT });
  try {
    const first = await ask(cluster.lb, "Once upon a time, a little girl found a dragon in the forest.");
    assert.equal(first.cached, false);
    await sleep(500); // let a heartbeat carry the servers' own counters
    const before = await serverRequests(cluster.lb);
    assert.equal(before, 1);

    const paraphrase = await ask(
      cluster.lb,
      "once upon a time a small girl discovered a dragon in the woods",
    );
    assert.equal(paraphrase.cached, true);
    assert.equal(paraphrase.text, first.text, "the cached continuation is served");
    assert.ok(
      paraphrase.similarity! > 0 && paraphrase.similarity! < 1,
      `similarity ${paraphrase.similarity}`,
    );

    const exact = await ask(cluster.lb, "ONCE upon a time,   a little girl found a dragon in the forest");
    assert.equal(exact.cached, true);
    assert.equal(exact.similarity, 1);

    const negative = await ask(cluster.lb, "Once upon a time, a little boy lost a dragon in the forest.");
    assert.equal(negative.cached, false, "a different story is not served from the cache");
    const longer = await ask(
      cluster.lb,
      "Once upon a time, a little girl found a dragon in the forest.",
      "--max-tokens",
      "9",
    );
    assert.equal(longer.cached, false, "an answer for 8 tokens does not serve a request for 9");
    assert.equal(longer.tokens, 9);

    await sleep(500);
    assert.equal(
      await serverRequests(cluster.lb),
      before + 2,
      "only the negative and the longer request reached servers",
    );

    const bypass = await ask(
      cluster.lb,
      "Once upon a time, a little girl found a dragon in the forest.",
      "--no-cache",
    );
    assert.equal(bypass.cached, false);
    await eventually(
      async () => await serverRequests(cluster.lb) === before + 3,
      3000,
      "the bypass to reach a server",
    );

    const status = JSON.parse((await ailb(["status", "--lb", cluster.lb, "--json"])).stdout);
    assert.equal(status.cache.exact_hits, 1);
    assert.equal(status.cache.semantic_hits, 1);
    assert.ok(status.cache.entries >= 3);
    assert.ok(status.cache.bytes > 0);
    assert.equal(status.cache.hits, 2);
  } finally {
    await cluster.stop();
  }
});

Deno.test("identical prompts in flight together share one generation", async () => {
  const cluster = await startCluster({
    servers: 1,
    balanceArgs: HEARTBEAT,
    serveArgs: ["--tokens-per-s", "20"],
  });
  try {
    const prompt = "Once upon a time a fox and a crow shared a secret.";
    const answers = await Promise.all([1, 2, 3].map(() => ask(cluster.lb, prompt)));
    assert.equal(new Set(answers.map((a) => a.text)).size, 1);
    assert.equal(answers.filter((a) => !a.cached).length, 1, "one generated, the others shared it");
    await sleep(500);
    assert.equal(await serverRequests(cluster.lb), 1);
  } finally {
    await cluster.stop();
  }
});

Deno.test("--cache-file keeps the cache across a clean restart", async () => {
  const file = await Deno.makeTempFile({ suffix: ".cache" });
  await Deno.remove(file);
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--cache-file", file] });
  let second: Proc | undefined;
  try {
    const prompt = "Once upon a time an old sailor told the sea a joke.";
    const first = await ask(cluster.lb, prompt);
    assert.equal(first.cached, false);
    assert.equal((await cluster.balancer.stop("SIGTERM")).code, 0, cluster.balancer.log);
    second = new Proc(["balance", "--port", String(cluster.port), "--no-http", "--cache-file", file]);
    await second.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${cluster.serverPorts[0]} registered`));
    const again = await ask(cluster.lb, prompt);
    assert.equal(again.cached, true);
    assert.equal(again.text, first.text);
  } finally {
    await second?.stop();
    await cluster.stop();
    await Deno.remove(file).catch(() => {});
  }
});

Deno.test("at --log-level debug the balancer logs why each semantic lookup hit or missed", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: [...HEARTBEAT, "--log-level", "debug"] });
  try {
    const first = await ask(cluster.lb, "A giant built the bridge over the river.");
    assert.equal(first.cached, false);
    const passive = await ask(cluster.lb, "The bridge over the river was built by a giant.");
    assert.equal(passive.cached, true, "a passive paraphrase is served from the cache");
    const swapped = await ask(cluster.lb, "The giant was built by the bridge over the river.");
    assert.equal(swapped.cached, false, "swapped roles are not");
    await eventually(
      () =>
        /semantic lookup "The giant was built by the bridge over the river\.": miss; .*rejected \(roles: /
          .test(cluster.balancer.log),
      5000,
      "the miss to be logged with its reason",
    );
    assert.match(
      cluster.balancer.log,
      /semantic lookup "The bridge over the river was built by a giant\.": hit "A giant built the bridge over the river\." 0\.\d{3} \(matched: /,
    );
  } finally {
    await cluster.stop();
  }
});
