/**
 * The original Python AILoadBalancer's peers against a real `ailb balance`:
 * small Python programs (tests/legacy/) speak its plain-text protocol as
 * server and as client, next to native `ailb serve` and `ailb ask` processes.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AilbClient, AilbError } from "../lib/client.ts";
import { ailb, eventually, freePort, Proc, startCluster } from "./helpers.ts";

const LEGACY_DIR = new URL("./legacy/", import.meta.url).pathname;

/** A Python program from tests/legacy/ with its stdout collected line by line. */
class PyProc {
  readonly child: Deno.ChildProcess;
  out = "";
  readonly done: Promise<Deno.CommandStatus>;

  constructor(script: string, args: string[]) {
    this.child = new Deno.Command("python3", {
      args: ["-u", LEGACY_DIR + script, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const collect = async (stream: ReadableStream<Uint8Array>) => {
      for await (const text of stream.pipeThrough(new TextDecoderStream())) this.out += text;
    };
    this.done = Promise.all([collect(this.child.stdout), collect(this.child.stderr)]).then(() =>
      this.child.status
    );
  }

  /** Waits for `pattern` in the output, with a deadline. */
  waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return eventually(() => this.out.match(pattern)!, timeoutMs, `${pattern} in python output:\n${this.out}`);
  }

  async stop(): Promise<void> {
    try {
      this.child.kill("SIGKILL");
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // already exited
    }
    await this.done;
  }
}

/** Runs a Python program from tests/legacy/ to completion (killed after a deadline). */
async function python(script: string, args: string[], timeoutMs = 30_000): Promise<string> {
  const proc = new PyProc(script, args);
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), timeoutMs);
  const status = await proc.done.finally(() => clearTimeout(timer));
  assert.equal(status.code, 0, `python ${script} ${args.join(" ")} failed:\n${proc.out}`);
  return proc.out;
}

/** Starts a legacy server registered with the balancer on `lbPort`. */
async function legacyServer(lbPort: number, balancer: Proc, extra: string[] = []) {
  const port = freePort();
  const server = new PyProc("legacy_server.py", [
    "--lb",
    `127.0.0.1:${lbPort}`,
    "--port",
    String(port),
    ...extra,
  ]);
  await server.waitFor(/REGISTERED/);
  await balancer.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${port} registered kind=legacy`));
  return { port, server };
}

type StatusRow = {
  id: string;
  kind: string;
  engine: string;
  state: string;
  served: number;
  in_flight: number;
};

/** The servers in rotation (down ones stay listed in status for a while). */
async function backends(port: number): Promise<StatusRow[]> {
  const client = await AilbClient.connect({ port });
  try {
    return ((await client.status()).backends as StatusRow[]).filter((row) => row.state !== "down");
  } finally {
    client.close();
  }
}

Deno.test("a legacy server joins the rotation and serves a native `ailb ask` (prompt stripped)", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache", "--rr"] });
  const { port, server } = await legacyServer(cluster.port, cluster.balancer);
  try {
    const rows = await backends(cluster.port);
    assert.deepEqual(rows.map((r) => r.kind).sort(), ["legacy", "native"]);
    const legacyRow = rows.find((r) => r.kind === "legacy")!;
    assert.equal(legacyRow.id, `127.0.0.1:${port}`);
    assert.equal(legacyRow.engine, "legacy");

    // Round robin over one native and one legacy server: two asks reach both.
    const answers = [];
    for (const i of [1, 2]) {
      const out = await ailb(["ask", "--lb", cluster.lb, "--json", `Once upon a time ${i}`]);
      assert.equal(out.code, 0, out.stderr);
      answers.push(JSON.parse(out.stdout) as { text: string; backend: string; tokens: number });
    }
    const fromLegacy = answers.find((a) => a.backend === `127.0.0.1:${port}`);
    assert.ok(fromLegacy, `one answer from the legacy server: ${JSON.stringify(answers)}`);
    // The legacy server repeats the prompt; ask gets only the continuation, as one chunk.
    assert.equal(fromLegacy.text, ` and the legacy server on port ${port} told the rest.`);
    assert.equal(fromLegacy.tokens, 10, "estimated from words");
    await server.waitFor(/REQUEST Once upon a time \d/);
    assert.equal((await backends(cluster.port)).find((r) => r.kind === "legacy")!.served, 1);
  } finally {
    await server.stop();
    await cluster.stop();
  }
});

Deno.test("a legacy server's answer without the prompt is passed on whole", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache"] });
  const { port, server } = await legacyServer(cluster.port, cluster.balancer, ["--no-echo"]);
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const { text } = await client.ask("Once upon a time").result;
    assert.equal(text, ` and the legacy server on port ${port} told the rest.`);
    // Stop strings cannot be sent to a legacy server; the balancer applies them to its answer.
    const stopped = await client.ask("Once upon a time", { stop: ["server"] }).result;
    assert.equal(stopped.text, " and the legacy ");
    assert.equal(stopped.stats.finish_reason, "stop");
    // The original server reads one 1024-byte message: longer prompts are refused, not cut.
    const long = "Once upon a time " + "x".repeat(1000);
    await assert.rejects(
      client.ask(long).result,
      (error: AilbError) =>
        error.code === "invalid_params" && /too long for a legacy server/.test(error.message),
    );
  } finally {
    client.close();
    await server.stop();
    await cluster.stop();
  }
});

Deno.test("a legacy client is answered by a native server: prompt plus continuation", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  try {
    const out = await python("legacy_client.py", [cluster.lb, "Once upon a time", "The dragon slept"]);
    const answers = out.trim().split("\n").map((line) => JSON.parse(line) as string);
    // The synthetic engine is deterministic per prompt: the same continuation a native client gets.
    const native = await ailb(["ask", "--lb", cluster.lb, "--json", "--no-cache", "Once upon a time"]);
    const { text } = JSON.parse(native.stdout) as { text: string };
    assert.equal(answers[0], "Once upon a time" + text);
    assert.ok(answers[1].startsWith("The dragon slept "), answers[1]);
    assert.equal(answers[1].split(/\s+/).length, 3 + 50, "the default 50 tokens follow the prompt");
    await cluster.balancer.waitFor(/Legacy client 127\.0\.0\.1:\d+ disconnected/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a legacy client gets an ERROR line when no backend answers", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache", "--queue-timeout", "200ms"] });
  try {
    const out = await python("legacy_client.py", [cluster.lb, "Once upon a time"]);
    assert.match(JSON.parse(out.trim()), /^ERROR no_backend: no healthy backend within 0\.2 s$/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a legacy client's repeated prompt is a cache hit", async () => {
  const cluster = await startCluster({ servers: 1 });
  try {
    const out = await python("legacy_client.py", [cluster.lb, "Once upon a time", "Once upon a time"]);
    const [first, second] = out.trim().split("\n").map((line) => JSON.parse(line) as string);
    assert.ok(first.startsWith("Once upon a time "), first);
    assert.equal(second, first);
    const client = await AilbClient.connect({ port: cluster.port });
    try {
      const status = await client.status();
      assert.equal(status.cache?.exact_hits, 1);
      assert.equal(status.cache?.misses, 1);
      assert.equal(status.backends[0].served, 1, "the server generated once");
    } finally {
      client.close();
    }
  } finally {
    await cluster.stop();
  }
});

Deno.test("legacy heartbeats: a silent server is dropped after the timeout, a beating one stays", async () => {
  // Timeout 1.5 s: one server beats every 1 s (inside the limit), the other stops after two beats.
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--legacy-heartbeat-timeout", "1500ms"] });
  const steady = await legacyServer(cluster.port, cluster.balancer, ["--heartbeat-interval", "1"]);
  const silent = await legacyServer(cluster.port, cluster.balancer, [
    "--heartbeat-interval",
    "0.2",
    "--heartbeats",
    "2",
  ]);
  try {
    await silent.server.waitFor(/SILENT/);
    const removed = await cluster.balancer.waitFor(
      new RegExp(
        `Server 127\\.0\\.0\\.1:${silent.port} removed: missed \\d+ heartbeats, silent (\\d+\\.\\d) s`,
      ),
      10_000,
    );
    assert.ok(Number(removed[1]) >= 1.5 && Number(removed[1]) < 3, `dropped after ${removed[1]} s`);
    await sleep(2000); // the steady server outlives the silent one's timeout by a margin
    const rows = await backends(cluster.port);
    assert.deepEqual(rows.map((r) => r.id), [`127.0.0.1:${steady.port}`]);
    // A legacy server that closes its connection is gone at once.
    await steady.server.stop();
    await cluster.balancer.waitFor(
      new RegExp(`Server 127\\.0\\.0\\.1:${steady.port} removed: registration connection closed`),
    );
  } finally {
    await Promise.all([steady.server.stop(), silent.server.stop()]);
    await cluster.stop();
  }
});

Deno.test("bad legacy registrations get INVALID REGISTER MESSAGE and are disconnected", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache"] });
  try {
    for (
      const message of [
        "REGISTER|127.0.0.1",
        "REGISTER|127.0.0.1|1235|extra",
        "REGISTER|127.0.0.1|port",
        "REGISTER|127.0.0.1|0",
        "REGISTER|127.0.0.1|65536",
        "REGISTER||1235",
        "REGISTRATION PLEASE",
      ]
    ) {
      const out = await python("legacy_server.py", [
        "--lb",
        cluster.lb,
        "--port",
        "1",
        "--register-message",
        message,
      ]);
      assert.equal(out, "ANSWER INVALID REGISTER MESSAGE\nCLOSED\n", `for ${JSON.stringify(message)}`);
    }
    // The boundary: port 65535 is accepted.
    const out = await python("legacy_server.py", [
      "--lb",
      cluster.lb,
      "--port",
      "1",
      "--register-message",
      "REGISTER|127.0.0.1|65535",
    ]);
    assert.equal(out, "ANSWER REGISTERED\n");
    await cluster.balancer.waitFor(/Server 127\.0\.0\.1:65535 removed: registration connection closed/);
    assert.deepEqual(await backends(cluster.port), []);
  } finally {
    await cluster.stop();
  }
});

Deno.test("with --token, legacy peers are refused (the old protocol cannot carry one)", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache", "--token", "s3cret"] });
  try {
    const out = await python("legacy_server.py", [
      "--lb",
      cluster.lb,
      "--port",
      "1",
      "--register-message",
      "REGISTER|127.0.0.1|1235",
    ]);
    assert.equal(out, "ANSWER INVALID REGISTER MESSAGE\nCLOSED\n");
    await cluster.balancer.waitFor(/Refused legacy register .* requires a token/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("legacy connections obey --idle-timeout (clients) and --max-connections (all)", async () => {
  const cluster = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--idle-timeout", "1s", "--max-connections", "2"],
  });
  // Connection 1: a legacy server heartbeating every 5 s; heartbeats govern it, not the idle timeout.
  const { port, server } = await legacyServer(cluster.port, cluster.balancer);
  // Connection 2: a legacy client that stays silent after its answer.
  const client = new PyProc("legacy_client.py", [cluster.lb, "--hold", "10", "Once upon a time"]);
  try {
    await client.waitFor(/HOLDING/);
    // A third connection is one over the limit of 2.
    const refused = await ailb(["ask", "--lb", cluster.lb, "Once upon a time"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /overloaded: too many connections: this port allows 2 at once/);
    await client.waitFor(/CLOSED BY BALANCER/, 10_000);
    await cluster.balancer.waitFor(/Closing legacy client 127\.0\.0\.1:\d+: idle for 1 s \(--idle-timeout\)/);
    // Silent for over a second, the legacy server is still in rotation, and serves (2 connections again).
    const rows = await backends(cluster.port);
    assert.deepEqual(rows.map((r) => r.id), [`127.0.0.1:${port}`]);
  } finally {
    await client.stop();
    await server.stop();
    await cluster.stop();
  }
});

Deno.test("--legacy-answer-timeout: an answer inside it is served, a later one is a backend error", async () => {
  const cluster = await startCluster({
    servers: 0,
    balanceArgs: ["--no-cache", "--legacy-answer-timeout", "1500ms"],
  });
  const slow = await legacyServer(cluster.port, cluster.balancer, ["--delay", "0.5"]);
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const { text } = await client.ask("Once upon a time").result;
    assert.equal(text, ` and the legacy server on port ${slow.port} told the rest.`);
    await slow.server.stop();
    await cluster.balancer.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${slow.port} removed`));
    const late = await legacyServer(cluster.port, cluster.balancer, ["--delay", "3"]);
    try {
      await assert.rejects(
        client.ask("Once upon a time").result,
        (error: AilbError) =>
          error.code === "backend_error" && /did not answer within 1\.5 s/.test(error.message),
      );
    } finally {
      await late.server.stop();
    }
  } finally {
    client.close();
    await slow.server.stop();
    await cluster.stop();
  }
});

Deno.test("a native client cancelling a request on a legacy server frees it at once", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache"] });
  const { port, server } = await legacyServer(cluster.port, cluster.balancer, ["--delay", "5"]);
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const abort = new AbortController();
    const answer = client.ask("Once upon a time", { signal: abort.signal });
    await server.waitFor(/REQUEST Once upon a time/);
    assert.equal((await backends(cluster.port)).find((r) => r.id === `127.0.0.1:${port}`)?.in_flight, 1);
    abort.abort();
    await assert.rejects(answer.result, (error: AilbError) => error.code === "cancelled");
    await eventually(
      async () => (await backends(cluster.port))[0]?.in_flight === 0,
      2000,
      "the legacy server's in-flight count to drop",
    );
  } finally {
    client.close();
    await server.stop();
    await cluster.stop();
  }
});

Deno.test("legacy flags are checked", async () => {
  for (
    const [args, pattern] of [
      [["--legacy-heartbeat-timeout", "50ms"], /--legacy-heartbeat-timeout must be at least 100ms/],
      [["--legacy-heartbeat-timeout", "soon"], /--legacy-heartbeat-timeout must be a duration/],
      [["--legacy-answer-timeout", "0"], /--legacy-answer-timeout must be more than 0/],
    ] as const
  ) {
    const out = await ailb(["balance", "--no-http", "--port", String(freePort()), ...args]);
    assert.equal(out.code, 2, out.stderr);
    assert.match(out.stderr, pattern);
  }
});

Deno.test("a legacy answer over 1024 bytes that arrives in two pieces is read whole", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache"] });
  const { port, server } = await legacyServer(cluster.port, cluster.balancer, ["--pad", "300", "--split"]);
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    const { text } = await client.ask("Once upon a time").result;
    assert.equal(text, ` and the legacy server on port ${port} told the rest.` + " more".repeat(300));
  } finally {
    client.close();
    await server.stop();
    await cluster.stop();
  }
});
