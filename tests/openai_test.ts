/**
 * The OpenAI-compatible API on a real balancer's HTTP port, called by the official `openai` client, raw
 * `fetch` and `curl -N`, with real synthetic servers behind it.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { eventually, freePort, Proc, startCluster } from "./helpers.ts";

type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** A balancer with HTTP and `servers` synthetic servers; `serveArgs` per server as in startCluster. */
async function withCluster(
  options: Parameters<typeof startCluster>[0],
  body: (cluster: Cluster, base: string) => Promise<void>,
): Promise<void> {
  const httpPort = freePort();
  const cluster = await startCluster({ ...options, httpPort });
  try {
    await body(cluster, `http://127.0.0.1:${httpPort}/v1`);
  } finally {
    await cluster.stop();
  }
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function status(base: string) {
  const response = await fetch(base.replace(/\/v1$/, "/api/status"));
  return await response.json() as {
    backends: { id: string; in_flight: number; models: string[]; chat: boolean }[];
    counters: Record<string, number>;
  };
}

async function expectError(response: Response, status: number, code: string | null, message: RegExp) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(typeof body.error.type, "string");
  assert.equal(body.error.code, code);
  assert.match(body.error.message, message);
}

Deno.test("openai SDK: models list, streaming chat with usage, non-streaming completion, cache headers", async () => {
  await withCluster({ servers: 2 }, async (_cluster, base) => {
    const client = new OpenAI({ baseURL: base, apiKey: "unused" });
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id), ["ailb", "synthetic"]);

    const stream = await client.chat.completions.create({
      model: "ailb",
      messages: [{ role: "system", content: "You tell stories." }, { role: "user", content: "A dragon" }],
      max_tokens: 7,
      seed: 3,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    let roles = 0;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? "";
        if (choice.delta.role) roles++;
        finishes.push(choice.finish_reason);
      }
      assert.equal(chunk.object, "chat.completion.chunk");
      assert.equal(chunk.model, "synthetic", "the serving model is named");
    }
    assert.equal(text.trim().split(/\s+/).length, 7);
    assert.equal(roles, 1, "the role comes once, in the first delta");
    assert.equal(finishes.at(-1), "length");
    // "System: You tell stories.\nUser: A dragon\nAssistant:" has 8 words.
    assert.deepEqual(usage, { prompt_tokens: 8, completion_tokens: 7, total_tokens: 15 });

    const { data, response } = await client.completions.create({
      model: "synthetic",
      prompt: "Once upon a time",
      max_tokens: 5,
      temperature: 0,
    }).withResponse();
    assert.equal(data.object, "text_completion");
    assert.equal(data.choices.length, 1);
    assert.equal(data.choices[0].text.trim().split(/\s+/).length, 5);
    assert.equal(data.choices[0].finish_reason, "length");
    assert.deepEqual(data.usage, { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
    assert.equal(response.headers.get("x-ailb-cache"), "miss");
    const backend = response.headers.get("x-ailb-backend");
    assert.match(backend ?? "", /^127\.0\.0\.1:\d+$/);

    // The same request again is answered by the cache: the headers say so and name the original backend.
    const again = await client.completions.create({
      model: "ailb",
      prompt: "Once upon a time",
      max_tokens: 5,
      temperature: 0,
    }).withResponse();
    assert.equal(again.response.headers.get("x-ailb-cache"), "hit");
    assert.equal(again.response.headers.get("x-ailb-backend"), backend);
    assert.equal(again.data.choices[0].text, data.choices[0].text);
    assert.deepEqual(again.data.usage, data.usage);

    // A stop string from the answer ends it there, with finish_reason "stop".
    const words = data.choices[0].text.split(" ");
    const stopped = await client.completions.create({
      model: "ailb",
      prompt: "Once upon a time",
      max_tokens: 5,
      temperature: 0,
      stop: ` ${words[3]}`,
    });
    assert.equal(
      stopped.choices[0].text,
      data.choices[0].text.slice(0, data.choices[0].text.indexOf(` ${words[3]}`)),
    );
    assert.equal(stopped.choices[0].finish_reason, "stop");
    // Every request ran to its end inside the balancer too (none left half-consumed, holding a drain).
    const { counters } = await status(base);
    assert.equal(counters.requests, 4);
    assert.equal(counters.completed, 4);
  });
});

Deno.test("openai SDK errors: unknown model 404, n=2 400, wrong types and bounds 400, in OpenAI's shape", async () => {
  await withCluster({ servers: 1 }, async (_cluster, base) => {
    const client = new OpenAI({ baseURL: base, apiKey: "unused", maxRetries: 0 });
    await assert.rejects(
      client.completions.create({ model: "gpt-4o", prompt: "hi" }),
      (e: unknown) => e instanceof OpenAI.NotFoundError && e.status === 404 && e.code === "model_not_found",
    );
    await assert.rejects(
      client.chat.completions.create({ model: "ailb", messages: [{ role: "user", content: "hi" }], n: 2 }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && /only n=1/.test(e.message),
    );
    await expectError(
      await post(base, "/completions", { prompt: "hi", temperature: "hot" }),
      400,
      "invalid_type",
      /'temperature' must be a number/,
    );
    await expectError(
      await post(base, "/completions", { prompt: 7 }),
      400,
      "invalid_type",
      /'prompt' must be a string/,
    );
    await expectError(
      await post(base, "/completions", { prompt: ["a", "b"] }),
      400,
      null,
      /one prompt per request/,
    );
    await expectError(
      await post(base, "/chat/completions", { messages: [] }),
      400,
      "invalid_type",
      /'messages'/,
    );
    await expectError(
      await post(base, "/chat/completions", {
        messages: [{ role: "user", content: [{ type: "image_url" }] }],
      }),
      400,
      "invalid_type",
      /only text is supported/,
    );
    await expectError(await post(base, "/completions", "{not json"), 400, null, /not valid JSON/);
    await expectError(
      await post(base, "/completions", { prompt: "hi", stream: "yes" }),
      400,
      "invalid_type",
      /'stream'/,
    );
    // Bounds are the protocol's: the limit is accepted, one past it refused.
    const ok = await post(base, "/completions", {
      prompt: "hi",
      max_tokens: 2048,
      stop: ["a", "b", "c", "d"],
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    await expectError(
      await post(base, "/completions", { prompt: "hi", max_tokens: 2049 }),
      400,
      "invalid_params",
      /max_tokens/,
    );
    await expectError(
      await post(base, "/completions", { prompt: "hi", stop: ["a", "b", "c", "d", "e"] }),
      400,
      "invalid_params",
      /at most 4/,
    );
    // max_completion_tokens wins over max_tokens; unknown fields are ignored.
    const r = await post(base, "/completions", {
      prompt: "hi",
      max_tokens: 9,
      max_completion_tokens: 2,
      logit_bias: {},
    });
    assert.equal((await r.json()).usage.completion_tokens, 2);
    await expectError(await fetch(`${base}/nothing`), 404, null, /no route/);
  });
});

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

Deno.test("models route: requests naming a model reach only its servers; chat servers get the messages", async () => {
  await withCluster(
    {
      servers: 2,
      balanceArgs: ["--no-cache"],
      serveArgs: (i) => i === 0 ? ["--model", "alpha"] : ["--model", "beta", "--chat"],
    },
    async (cluster, base) => {
      const client = new OpenAI({ baseURL: base, apiKey: "unused" });
      assert.deepEqual((await client.models.list()).data.map((m) => m.id), ["ailb", "alpha", "beta"]);
      const [alpha, beta] = cluster.serverPorts.map((p) => `127.0.0.1:${p}`);
      for (let i = 0; i < 3; i++) {
        const a = await client.completions.create({ model: "alpha", prompt: `Tale ${i}`, max_tokens: 2 })
          .withResponse();
        assert.equal(a.response.headers.get("x-ailb-backend"), alpha);
        assert.equal(a.data.model, "alpha");
      }
      // beta takes chat natively: it continues the last message itself, so its answer equals a completion of
      // that message's text with the same seed, and differs from what the flattened prompt would give.
      const messages = [{ role: "system" as const, content: "Be brief." }, {
        role: "user" as const,
        content: "The fox",
      }];
      const chat = await client.chat.completions.create({ model: "beta", messages, max_tokens: 6, seed: 9 })
        .withResponse();
      assert.equal(chat.response.headers.get("x-ailb-backend"), beta);
      const direct = await client.completions.create({
        model: "beta",
        prompt: "The fox",
        max_tokens: 6,
        seed: 9,
      });
      assert.equal(chat.data.choices[0].message.content, direct.choices[0].text);
      const flattened = await client.chat.completions.create({
        model: "alpha",
        messages,
        max_tokens: 6,
        seed: 9,
      });
      assert.notEqual(flattened.choices[0].message.content, direct.choices[0].text);
      const s = await status(base);
      assert.deepEqual(s.backends.map((b) => [b.models, b.chat]).sort(), [[["alpha"], false], [
        ["beta"],
        true,
      ]]);
    },
  );
});

Deno.test("the cache keeps each model's answers apart; a request for any model takes any; new servers keep hits", async () => {
  await withCluster(
    { servers: 2, serveArgs: (i) => ["--model", i === 0 ? "alpha" : "beta"] },
    async (cluster, base) => {
      const [alpha, beta] = cluster.serverPorts.map((p) => `127.0.0.1:${p}`);
      const ask = async (model: string) => {
        const r = await post(base, "/completions", {
          model,
          prompt: "The lighthouse keeper",
          max_tokens: 4,
          seed: 1,
        });
        const body = await r.json();
        assert.equal(r.status, 200, JSON.stringify(body));
        return {
          cache: r.headers.get("x-ailb-cache"),
          backend: r.headers.get("x-ailb-backend"),
          text: body.choices[0].text,
        };
      };
      const pick = (r: { cache: string | null; backend: string | null }) => [r.cache, r.backend];
      assert.deepEqual(pick(await ask("alpha")), ["miss", alpha]);
      const fromBeta = await ask("beta");
      assert.deepEqual([fromBeta.cache, fromBeta.backend], ["miss", beta], "alpha's answer is not beta's");
      assert.deepEqual(pick(await ask("alpha")), ["hit", alpha]);
      assert.deepEqual(pick(await ask("beta")), ["hit", beta]);
      assert.equal((await ask("ailb")).cache, "hit", "any model's answer serves a request for any");
      // A server joining changes nothing about the keys: the same request is still a hit.
      const gammaPort = freePort();
      const gamma = new Proc([
        "serve",
        String(gammaPort),
        "--lb",
        cluster.lb,
        "--engine",
        "synthetic",
        "--model",
        "gamma",
      ]);
      try {
        await cluster.balancer.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${gammaPort} registered`));
        assert.equal((await ask("ailb")).cache, "hit");
        assert.deepEqual(pick(await ask("gamma")), [
          "miss",
          `127.0.0.1:${gammaPort}`,
        ]);
      } finally {
        await gamma.stop();
      }
    },
  );
});

Deno.test("curl -N streams raw SSE chunks ending with data: [DONE]", async () => {
  await withCluster({ servers: 1, serveArgs: ["--tokens-per-s", "50"] }, async (_cluster, base) => {
    const curl = await new Deno.Command("curl", {
      args: [
        "-sN",
        "--max-time",
        "30",
        "-D",
        "-",
        "-H",
        "content-type: application/json",
        "-d",
        JSON.stringify({ model: "ailb", prompt: "Once upon a time", max_tokens: 4, stream: true }),
        `${base}/completions`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(curl.code, 0, new TextDecoder().decode(curl.stderr));
    const out = new TextDecoder().decode(curl.stdout);
    const [headers, body] = out.split("\r\n\r\n");
    assert.match(headers, /^HTTP\/1\.1 200/);
    assert.match(headers, /content-type: text\/event-stream/i);
    assert.match(headers, /x-ailb-cache: miss/i);
    const events = body.split("\n\n").filter((e) => e.trim());
    assert.equal(events.at(-1), "data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => {
      assert.match(e, /^data: \{/);
      return JSON.parse(e.slice("data: ".length));
    });
    assert.equal(chunks.length, 5, "four text chunks and the finishing one");
    assert.equal(chunks.slice(0, 4).map((c) => c.choices[0].text).join("").trim().split(" ").length, 4);
    assert.equal(chunks.at(-1).choices[0].finish_reason, "length");
    assert.ok(chunks.every((c) => c.object === "text_completion" && c.id === chunks[0].id));
  });
});

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
