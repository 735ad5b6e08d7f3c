/**
 * The OpenAI-compatible API on a real balancer's HTTP port, with real synthetic servers behind it: answers
 * and errors through the official `openai` client and raw `fetch`, and the raw SSE stream through `curl -N`.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { expectError, post, status, withCluster } from "./openai_helpers.ts";

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
