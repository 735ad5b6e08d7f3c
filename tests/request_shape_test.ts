/**
 * One request shape end to end, through real processes: stop strings, finish reasons, token counts and the
 * server's own stats travel from the engine through the balancer (and its cache) to the client and `ailb ask`.
 */
import assert from "node:assert/strict";
import { AilbClient } from "../lib/client.ts";
import { ailb, startCluster } from "./helpers.ts";

Deno.test("done stats carry finish_reason, prompt and completion tokens, the model and the server's own stats", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const { text, stats } = await client.ask("Once upon a time", { maxTokens: 6, seed: 1 }).result;
    assert.equal(text.trim().split(/\s+/).length, 6);
    assert.equal(stats.finish_reason, "length");
    assert.equal(stats.prompt_tokens, 4, "the synthetic engine counts words");
    assert.equal(stats.completion_tokens, 6);
    assert.equal(stats.tokens, 6);
    assert.equal(stats.model, "synthetic");
    assert.ok(stats.server, "the server's stats are kept");
    assert.ok(stats.server.ttft_ms >= 0 && stats.server.total_ms >= stats.server.ttft_ms);
    assert.ok(typeof stats.server.queue_ms === "number");
    assert.ok(stats.total_ms >= stats.server.total_ms, "the balancer's span contains the server's");
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("a stop string ends generation before it; the cache keeps stopped answers apart", async () => {
  const cluster = await startCluster({ servers: 1 });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const prompt = "The dragon flew over the hills";
    const full = await client.ask(prompt, { maxTokens: 20, seed: 5, cache: false }).result;
    const words = full.text.split(" ").slice(1); // the synthetic engine writes " word" per token
    const stopWord = words[5];
    const stop = ` ${stopWord}`;
    const at = full.text.indexOf(stop);
    const expected = full.text.slice(0, at);
    const cut = await client.ask(prompt, { maxTokens: 20, seed: 5, stop: [stop, "never appears"] }).result;
    assert.equal(cut.text, expected);
    assert.ok(!cut.text.includes(stop));
    assert.equal(cut.stats.finish_reason, "stop");
    assert.equal(cut.stats.cached, false, "a stop list is a different cache partition");
    assert.equal(
      cut.stats.completion_tokens,
      expected.split(" ").length,
      "tokens up to and including the stop",
    );

    // Same request again: a cache hit that keeps how the answer ended and its counts.
    const again = await client.ask(prompt, { maxTokens: 20, seed: 5, stop: ["never appears", stop] }).result;
    assert.equal(again.stats.cached, true, "stop order does not matter to the cache");
    assert.equal(again.text, expected);
    assert.equal(again.stats.finish_reason, "stop");
    assert.equal(again.stats.prompt_tokens, 6);
    assert.equal(again.stats.server, undefined, "no server worked on a hit");

    // A stop string split over two tokens is cut too, and nothing of it leaks into the streamed text.
    const pair = ` ${words[2]} ${words[3]}`;
    const streamed: string[] = [];
    const split = client.ask(prompt, { maxTokens: 20, seed: 5, stop: [pair], cache: false });
    for await (const piece of split) streamed.push(piece);
    assert.equal(streamed.join(""), full.text.slice(0, full.text.indexOf(pair)));
    assert.equal((await split.result).stats.finish_reason, "stop");
  } finally {
    client.close();
    await cluster.stop();
  }
});

Deno.test("ask --stop and --json print finish_reason and token counts; too many --stop is a usage error", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  try {
    const base = [
      "ask",
      "Once upon a time",
      "--lb",
      cluster.lb,
      "--json",
      "--seed",
      "2",
      "--max-tokens",
      "12",
    ];
    const full = JSON.parse((await ailb(base)).stdout);
    assert.equal(full.finish_reason, "length");
    assert.equal(full.prompt_tokens, 4);
    assert.equal(full.completion_tokens, 12);
    assert.equal(full.model, "synthetic");
    for (const key of ["ttft_ms", "total_ms", "queue_ms"]) {
      assert.equal(typeof full.server[key], "number", key);
    }
    const stop = ` ${full.text.split(" ")[4]}`;
    const out = await ailb([...base, "--stop", stop]);
    assert.equal(out.code, 0, out.stderr);
    const cut = JSON.parse(out.stdout);
    assert.equal(cut.text, full.text.slice(0, full.text.indexOf(stop)));
    assert.equal(cut.finish_reason, "stop");

    const named = JSON.parse((await ailb([...base, "--model", "synthetic"])).stdout);
    assert.equal(named.text, full.text, "--model names the model the server announces");
    const unknown = await ailb([...base, "--model", "gpt-9"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown_model: no registered server announces model "gpt-9"/);
    assert.deepEqual(JSON.parse(unknown.stdout), {
      text: "",
      finish_reason: "error",
      error: 'unknown_model: no registered server announces model "gpt-9"',
    });

    const four = await ailb([...base, "--stop", "a", "--stop", "b", "--stop", "c", "--stop", "d"]);
    assert.equal(four.code, 0, four.stderr);
    const five = await ailb([
      ...base,
      "--stop",
      "a",
      "--stop",
      "b",
      "--stop",
      "c",
      "--stop",
      "d",
      "--stop",
      "e",
    ]);
    assert.equal(five.code, 2);
    assert.match(five.stderr, /--stop may be given at most 4 times, got 5/);
  } finally {
    await cluster.stop();
  }
});
