/**
 * The OpenAI-compatible API's bearer key on a real balancer's HTTP port: --api-key, AILB_API_KEY, and the
 * balancer's --token when no key is set, called by the official `openai` client and raw `fetch`.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { freePort, Proc } from "./helpers.ts";
import { expectError, post, withCluster } from "./openai_helpers.ts";

Deno.test("--api-key: missing or wrong bearer 401, right one accepted (also for /v1/models)", async () => {
  await withCluster({ servers: 1, balanceArgs: ["--api-key", "s3cret-key"] }, async (_cluster, base) => {
    const wrong = new OpenAI({ baseURL: base, apiKey: "wrong", maxRetries: 0 });
    await assert.rejects(
      wrong.models.list(),
      (e: unknown) => e instanceof OpenAI.AuthenticationError && e.status === 401,
    );
    await expectError(await fetch(`${base}/models`), 401, "invalid_api_key", /missing API key/);
    await expectError(
      await post(base, "/completions", { prompt: "hi" }, { authorization: "Basic abc" }),
      401,
      "invalid_api_key",
      /malformed/,
    );
    const right = new OpenAI({ baseURL: base, apiKey: "s3cret-key" });
    assert.ok((await right.models.list()).data.some((m) => m.id === "ailb"));
    const answer = await right.completions.create({ model: "ailb", prompt: "Hello", max_tokens: 2 });
    assert.equal(answer.usage?.completion_tokens, 2);
  });
});

Deno.test("AILB_API_KEY sets the key like --api-key", async () => {
  const port = freePort();
  const http = freePort();
  const balancer = new Proc(["balance", "--port", String(port), "--http", String(http), "--no-cache"], {
    env: { AILB_API_KEY: "from-env" },
  });
  try {
    await balancer.waitFor(/OpenAI API on http:/);
    const base = `http://127.0.0.1:${http}/v1`;
    await expectError(await fetch(`${base}/models`), 401, "invalid_api_key", /missing API key/);
    const ok = await fetch(`${base}/models`, { headers: { authorization: "Bearer from-env" } });
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).data.map((m: { id: string }) => m.id), ["ailb"]);
  } finally {
    await balancer.stop();
  }
});

Deno.test("without --api-key, /v1 takes the balancer's --token as its bearer key", async () => {
  await withCluster(
    { servers: 1, balanceArgs: ["--token", "tok-123"], serveArgs: ["--token", "tok-123"] },
    async (_cluster, base) => {
      await expectError(await fetch(`${base}/models`), 401, "invalid_api_key", /missing API key/);
      const client = new OpenAI({ baseURL: base, apiKey: "tok-123" });
      assert.equal(
        (await client.completions.create({ model: "ailb", prompt: "Hi", max_tokens: 3 })).usage
          ?.completion_tokens,
        3,
      );
    },
  );
});
