/**
 * `ailb serve --engine openai` in front of a real OpenAI-compatible server:
 * another `ailb balance` and its `/v1` (ailb in front of ailb), each a real
 * process on loopback ports. The chain is
 *
 *   client → balancer A → relay (serve --engine openai) → balancer B /v1 → synthetic server
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { AilbClient, AilbError } from "../lib/client.ts";
import { upstreamBase } from "../lib/engines/openai_upstream.ts";
import { ailb, eventually, freePort, Proc, startCluster } from "./helpers.ts";

type Row = {
  id: string;
  state: string;
  reason: string | null;
  model: string;
  engine: string;
  in_flight: number;
};

async function status(port: number) {
  const client = await AilbClient.connect({ port });
  try {
    return await client.status();
  } finally {
    client.close();
  }
}

async function row(port: number, id: string): Promise<Row | undefined> {
  return ((await status(port)).backends as Row[]).find((r) => r.id === id);
}

/** Balancer B (with /v1) and its synthetic server, balancer A, and the relay registered with A. */
async function startChain(options: {
  upstreamArgs?: string[];
  serveArgs?: string[];
  relayArgs?: string[];
  frontArgs?: string[];
  /** Serve balancer A's HTTP (and /v1) on this port. */
  frontHttp?: number;
} = {}) {
  const httpB = freePort();
  const upstream = await startCluster({
    servers: 1,
    httpPort: httpB,
    balanceArgs: ["--no-cache", ...(options.upstreamArgs ?? [])],
    serveArgs: options.serveArgs,
  });
  const portA = freePort();
  const http = options.frontHttp === undefined ? ["--no-http"] : ["--http", String(options.frontHttp)];
  const front = new Proc([
    "balance",
    "--port",
    String(portA),
    ...http,
    "--no-cache",
    ...(options.frontArgs ?? []),
  ]);
  await front.waitFor(/Balancer listening/);
  if (options.frontHttp !== undefined) await front.waitFor(/Web UI on http:/);
  const relayPort = freePort();
  const relayId = `127.0.0.1:${relayPort}`;
  const relay = new Proc([
    "serve",
    String(relayPort),
    "--lb",
    `127.0.0.1:${portA}`,
    "--engine",
    "openai",
    "--upstream",
    `http://127.0.0.1:${httpB}/v1`,
    "--upstream-probe",
    "300ms",
    ...(options.relayArgs ?? []),
  ]);
  await front.waitFor(new RegExp(`Server ${relayId.replaceAll(".", "\\.")} registered`), 30_000);
  return {
    httpB,
    upstream,
    portA,
    front,
    relay,
    relayId,
    async stop() {
      await Promise.all([relay.stop(), front.stop(), upstream.stop()]);
    },
  };
}

Deno.test("openai engine: ailb in front of ailb streams the upstream's answer, with its models and stop strings", async () => {
  const chain = await startChain();
  const client = await AilbClient.connect({ port: chain.portA });
  const direct = await AilbClient.connect({ port: chain.upstream.port });
  try {
    const relayed = await client.ask("Once upon a time", { maxTokens: 12, seed: 5, temperature: 0.7 }).result;
    const original = await direct.ask("Once upon a time", { maxTokens: 12, seed: 5, temperature: 0.7 })
      .result;
    // The synthetic engine is deterministic per prompt and seed: the relay passed everything on unchanged.
    assert.equal(relayed.text, original.text);
    assert.equal(relayed.stats.backend, chain.relayId);
    assert.equal(relayed.stats.finish_reason, "length");
    assert.equal(relayed.stats.completion_tokens, 12, "the upstream's usage is passed on");

    const word = original.text.trim().split(/\s+/)[3];
    const stopped = await client.ask("Once upon a time", {
      maxTokens: 12,
      seed: 5,
      temperature: 0.7,
      stop: [word],
    })
      .result;
    assert.ok(original.text.startsWith(stopped.text), `${stopped.text} is a prefix of ${original.text}`);
    assert.ok(!stopped.text.includes(word));
    assert.equal(stopped.stats.finish_reason, "stop");

    const relayRow = await row(chain.portA, chain.relayId);
    assert.equal(relayRow?.engine, "openai");
    assert.equal(relayRow?.state, "up");
    // The upstream lists "ailb" (any) first, then its servers' models; the relay announces them all.
    assert.match(chain.relay.log, /models=.*synthetic/);
  } finally {
    client.close();
    direct.close();
    await chain.stop();
  }
});

Deno.test("openai engine: chat requests reach the upstream as chat messages; its models are announced", async () => {
  // B's server takes chat natively and continues the last message, so the answer shows the messages arrived.
  const httpA = freePort();
  const chain = await startChain({ serveArgs: ["--chat"], frontHttp: httpA });
  const viaA = new OpenAI({ baseURL: `http://127.0.0.1:${httpA}/v1`, apiKey: "unused", maxRetries: 0 });
  const direct = new OpenAI({
    baseURL: `http://127.0.0.1:${chain.httpB}/v1`,
    apiKey: "unused",
    maxRetries: 0,
  });
  try {
    const models = (await viaA.models.list()).data.map((m) => m.id);
    assert.ok(models.includes("synthetic"), `A lists the upstream's models: ${models}`);
    const messages = [
      { role: "system" as const, content: "You tell stories." },
      { role: "user" as const, content: "Tell me about a dragon" },
    ];
    const ask = (client: OpenAI) =>
      client.chat.completions.create({ model: "synthetic", messages, max_tokens: 8, seed: 4, stream: true });
    let relayed = "";
    for await (const chunk of await ask(viaA)) relayed += chunk.choices[0]?.delta?.content ?? "";
    let original = "";
    for await (const chunk of await ask(direct)) original += chunk.choices[0]?.delta?.content ?? "";
    assert.equal(relayed, original);
    assert.equal(relayed.trim().split(/\s+/).length, 8);
  } finally {
    await chain.stop();
  }
});

Deno.test("openai engine: cancelling a request aborts the upstream generation at once", async () => {
  const chain = await startChain({ serveArgs: ["--tokens-per-s", "5"] });
  const client = await AilbClient.connect({ port: chain.portA });
  try {
    const abort = new AbortController();
    const answer = client.ask("Once upon a time", { maxTokens: 200, signal: abort.signal });
    const chunks = answer[Symbol.asyncIterator]();
    await chunks.next(); // the first chunk came through the whole chain
    const upstreamServer = `127.0.0.1:${chain.upstream.serverPorts[0]}`;
    assert.equal((await row(chain.upstream.port, upstreamServer))?.in_flight, 1);
    abort.abort();
    await assert.rejects(answer.result, (error: AilbError) => error.code === "cancelled");
    // 200 tokens at 5/s would take 40 s: the upstream's slot must free within moments.
    await eventually(
      async () => (await row(chain.upstream.port, upstreamServer))?.in_flight === 0,
      5000,
      "the upstream server's request to end",
    );
    const counters = (await status(chain.upstream.port)).counters as { cancelled: number };
    assert.equal(counters.cancelled, 1);
  } finally {
    client.close();
    await chain.stop();
  }
});

Deno.test("openai engine: a dead upstream makes the server unhealthy (not routable) until it is back", async () => {
  const chain = await startChain({ frontArgs: ["--queue-timeout", "500ms"] });
  const client = await AilbClient.connect({ port: chain.portA });
  let revived: Awaited<ReturnType<typeof startCluster>> | undefined;
  try {
    await client.ask("Once upon a time", { maxTokens: 3 }).result;
    await chain.upstream.balancer.stop();
    await eventually(
      async () => (await row(chain.portA, chain.relayId))?.state === "unhealthy",
      5000,
      "the relay to report its upstream down",
    );
    const sick = await row(chain.portA, chain.relayId);
    assert.match(
      sick!.reason!,
      /upstream http:\/\/127\.0\.0\.1:\d+\/v1\/models is not reachable: connection refused/,
    );
    // Not routable: the request waits for a healthy server and gives up, instead of failing on the relay.
    await assert.rejects(
      client.ask("Once upon a time", { maxTokens: 3 }).result,
      (error: AilbError) => error.code === "no_backend",
    );
    // The same upstream port comes back: the next probe clears it.
    revived = await startCluster({ servers: 1, httpPort: chain.httpB, balanceArgs: ["--no-cache"] });
    await eventually(
      async () => (await row(chain.portA, chain.relayId))?.state === "up",
      10_000,
      "the relay to report its upstream healthy again",
    );
    const { text } = await client.ask("Once upon a time", { maxTokens: 3 }).result;
    assert.equal(text.trim().split(/\s+/).length, 3);
  } finally {
    client.close();
    await revived?.stop();
    await chain.stop();
  }
});

Deno.test("openai engine: upstream errors and timeouts are clear backend errors", async () => {
  // The upstream's only server takes 3 s to its first token; the relay waits at most 1 s.
  const chain = await startChain({
    serveArgs: ["--ttft-ms", "3000"],
    relayArgs: ["--upstream-timeout", "1s"],
  });
  const client = await AilbClient.connect({ port: chain.portA });
  try {
    await assert.rejects(
      client.ask("Once upon a time", { maxTokens: 3 }).result,
      (error: AilbError) =>
        error.code === "backend_error" &&
        /upstream http:\/\/127\.0\.0\.1:\d+\/v1\/completions did not answer within 1\.0 s/.test(
          error.message,
        ),
    );
  } finally {
    client.close();
    await chain.stop();
  }
});

Deno.test("openai engine: the upstream's API key comes from --upstream-key-env; a wrong one is a clear 401", async () => {
  const key = "relay-key-123";
  const chain = await startChain({
    upstreamArgs: ["--api-key", key],
    relayArgs: ["--upstream-model", "synthetic"],
  });
  const client = await AilbClient.connect({ port: chain.portA });
  try {
    // Without the key the relay cannot list models, so it started on --upstream-model and reports unhealthy.
    await eventually(
      async () => (await row(chain.portA, chain.relayId))?.state === "unhealthy",
      5000,
      "unhealthy",
    );
    assert.match((await row(chain.portA, chain.relayId))!.reason!, /answered 401/);
  } finally {
    client.close();
    await chain.relay.stop();
  }
  const relayPort = freePort();
  const withKey = new Proc([
    "serve",
    String(relayPort),
    "--lb",
    `127.0.0.1:${chain.portA}`,
    "--engine",
    "openai",
    "--upstream",
    `http://127.0.0.1:${chain.httpB}/v1`,
    "--upstream-key-env",
    "RELAY_TEST_KEY",
  ], { env: { RELAY_TEST_KEY: key } });
  const keyed = await AilbClient.connect({ port: chain.portA });
  try {
    await chain.front.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${relayPort} registered`), 30_000);
    const { text, stats } = await keyed.ask("Once upon a time", { maxTokens: 3, model: "synthetic" }).result;
    assert.equal(text.trim().split(/\s+/).length, 3);
    assert.equal(stats.backend, `127.0.0.1:${relayPort}`);
  } finally {
    keyed.close();
    await withKey.stop();
    await chain.stop();
  }
});

Deno.test("openai engine: bad flags and an unreachable upstream at start", async () => {
  const port = String(freePort());
  for (
    const [args, pattern] of [
      [["--upstream", "http://127.0.0.1:1/v1"], /--upstream and --upstream-model need --engine openai/],
      [["--engine", "openai"], /--engine openai needs --upstream URL/],
      [["--engine", "openai", "--upstream", "ftp://x"], /--upstream must be an http\(s\) URL/],
      [["--engine", "openai", "--upstream", "not a url"], /--upstream must be an http\(s\) URL/],
      [
        [
          "--engine",
          "openai",
          "--upstream",
          "http://127.0.0.1:1",
          "--upstream-key-env",
          "AILB_NO_SUCH_VAR_X",
        ],
        /AILB_NO_SUCH_VAR_X: that environment variable is not set/,
      ],
      [
        ["--engine", "openai", "--upstream", "http://127.0.0.1:1", "--upstream-timeout", "50ms"],
        /at least 100ms/,
      ],
    ] as const
  ) {
    const out = await ailb(["serve", port, ...args]);
    assert.equal(out.code, 2, `${args.join(" ")}: ${out.stderr}`);
    assert.match(out.stderr, pattern);
  }
  const closed = freePort();
  const out = await ailb(["serve", port, "--engine", "openai", "--upstream", `http://127.0.0.1:${closed}`]);
  assert.equal(out.code, 1);
  assert.match(
    out.stderr,
    new RegExp(
      `upstream http://127\\.0\\.0\\.1:${closed}/v1/models is not reachable: connection refused ` +
        `\\(pass --upstream-model NAME to start anyway\\)`,
    ),
  );
});

Deno.test("openai engine: --upstream URLs are normalised to their /v1 base", () => {
  for (
    const [given, base] of [
      ["http://127.0.0.1:8000", "http://127.0.0.1:8000/v1"],
      ["http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1"],
      ["http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"],
      ["http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1"],
      ["https://gw.example/openai", "https://gw.example/openai/v1"],
      ["http://localhost:11434/v1?x=1#y", "http://localhost:11434/v1"],
    ]
  ) {
    assert.equal(upstreamBase(given).href, base, given);
  }
  assert.throws(() => upstreamBase("ftp://host/v1"), /http\(s\) URL/);
  assert.throws(() => upstreamBase("127.0.0.1:8000"), /http\(s\) URL/);
});
