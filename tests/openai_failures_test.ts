/**
 * The OpenAI-compatible API on a real balancer's HTTP port when a request cannot be answered in full, with
 * real synthetic servers (or none) behind it: a client disconnecting mid-stream, 413, 429 and 503, and a
 * backend lost mid-answer.
 */
import assert from "node:assert/strict";
import { eventually, freePort, Proc } from "./helpers.ts";
import { expectError, post, status, withCluster } from "./openai_helpers.ts";

Deno.test("a client that disconnects mid-stream cancels the generation: in-flight drops at once", async () => {
  await withCluster(
    { servers: 1, balanceArgs: ["--no-cache"], serveArgs: ["--tokens-per-s", "20"] },
    async (_cluster, base) => {
      const response = await post(base, "/chat/completions", {
        messages: [{ role: "user", content: "A very long story" }],
        max_tokens: 2000,
        stream: true,
      });
      assert.equal(response.status, 200);
      const reader = response.body!.getReader();
      const first = await reader.read();
      assert.match(new TextDecoder().decode(first.value), /^data: \{/);
      assert.equal((await status(base)).backends[0].in_flight, 1);
      await reader.cancel();
      // 2000 tokens at 20/s would hold the server for 100 s; the cancel frees it now.
      await eventually(
        async () => (await status(base)).backends[0].in_flight === 0,
        3000,
        "in_flight back to 0",
      );
      await eventually(
        async () => (await status(base)).counters.cancelled === 1,
        3000,
        "the request counted as cancelled",
      );
    },
  );
});

Deno.test("HTTP statuses: 413 past the body limit, 429 with Retry-After, 503 without servers", async () => {
  // No servers: one waiting request fills --max-queue 1, the next is refused at once.
  const port = freePort();
  const http = freePort();
  const balancer = new Proc([
    "balance",
    "--port",
    String(port),
    "--http",
    String(http),
    "--no-cache",
    "--max-frame",
    "64KiB",
    "--max-queue",
    "1",
    "--queue-timeout",
    "1500ms",
  ]);
  try {
    await balancer.waitFor(/OpenAI API on http:/);
    const base = `http://127.0.0.1:${http}/v1`;
    // Body exactly 64 KiB: accepted by the limit (then no server → 503); one byte more → 413.
    const fill = (size: number) => {
      const skeleton = JSON.stringify({ prompt: "" });
      return JSON.stringify({ prompt: "a".repeat(size - skeleton.length) });
    };
    assert.equal(new TextEncoder().encode(fill(65536)).length, 65536);
    const waiting = post(base, "/completions", fill(65536));
    await eventually(
      async () => (await status(base)).counters.requests === 1,
      3000,
      "the first request waits",
    );
    const refused = await post(base, "/completions", { prompt: "hi" });
    assert.equal(refused.headers.get("retry-after"), "1");
    await expectError(refused, 429, "overloaded", /already wait/);
    await expectError(await waiting, 503, "no_backend", /no healthy backend/);
    await expectError(await post(base, "/completions", fill(65537)), 413, null, /exceeds 65536 bytes/);
  } finally {
    await balancer.stop();
  }
});

Deno.test("a backend lost mid-answer: 502 for a non-streaming request, an error event for a streaming one", async () => {
  await withCluster(
    { servers: 1, balanceArgs: ["--no-cache", "--queue-timeout", "1s"], serveArgs: ["--tokens-per-s", "10"] },
    async (cluster, base) => {
      const whole = post(base, "/completions", { prompt: "A long tale", max_tokens: 200 });
      await eventually(
        async () => (await status(base)).backends[0]?.in_flight === 1,
        5000,
        "the request running",
      );
      const streamed = await post(base, "/completions", {
        prompt: "Another tale",
        max_tokens: 200,
        stream: true,
      });
      const reader = streamed.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = (await reader.read()).value ?? "";
      // Both requests share the server's one data connection, and the first was started first: once the second
      // has output, so has the first. Now the server dies, and with no other server to continue them (failover)
      // both end with backend_lost after the queue timeout.
      await cluster.servers[0].stop("SIGKILL");
      await expectError(await whole, 502, "backend_lost", /no backend could continue the answer/);
      for (let next = await reader.read(); !next.done; next = await reader.read()) text += next.value;
      const events = text.split("\n\n").filter((e) => e.trim());
      assert.equal(events.at(-1), "data: [DONE]");
      const error = JSON.parse(events.at(-2)!.slice("data: ".length));
      assert.equal(error.error.code, "backend_lost");
    },
  );
});
