/**
 * The OpenAI-compatible API on a real balancer's HTTP port with real synthetic servers serving named models:
 * a request naming a model reaches only its servers, chat servers get the messages, and the cache keeps each
 * model's answers apart.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { freePort, Proc } from "./helpers.ts";
import { post, status, withCluster } from "./openai_helpers.ts";

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
