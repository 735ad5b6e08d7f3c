/**
 * Outlier ejection: a server whose requests fail --eject-after times in a row,
 * or that sends no first token within --first-token-timeout, is taken out of
 * rotation, probed after a growing back-off, and re-admitted when a probe
 * succeeds.
 */
import assert from "node:assert/strict";
import { AilbClient, AilbError } from "../lib/client.ts";
import { Connection } from "../lib/connection.ts";
import { type Message, PROTOCOL_VERSION } from "../lib/protocol.ts";
import { eventually, freePort, Proc, startCluster } from "./helpers.ts";

/**
 * A server written from docs/protocol.md whose engine can be switched between
 * failing every request (`backend_error`) and answering one word.
 */
class FlakyServer {
  failing = true;
  /** Prompts of the generate messages it received. */
  readonly prompts: string[] = [];
  readonly port: number;
  readonly #listener: Deno.TcpListener;
  readonly #connections: Connection[] = [];

  constructor() {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    this.#accept();
  }

  /** Registers with the balancer on a control connection that answers heartbeats. */
  async register(balancerPort: number): Promise<void> {
    const control = await Connection.connect("127.0.0.1", balancerPort);
    this.#connections.push(control);
    control.send({ type: "hello", v: PROTOCOL_VERSION, role: "server", port: this.port, engine: "flaky" });
    this.#serve(control);
  }

  close(): void {
    this.#listener.close();
    for (const connection of this.#connections) connection.close();
  }

  async #accept(): Promise<void> {
    for await (const conn of this.#listener) {
      const data = new Connection(conn);
      this.#connections.push(data);
      this.#serve(data);
    }
  }

  async #serve(connection: Connection): Promise<void> {
    for await (const message of connection as AsyncIterable<Message>) {
      if (message.type === "hello") {
        connection.send({ type: "welcome", v: PROTOCOL_VERSION, id: "flaky", heartbeat_ms: 0 });
      } else if (message.type === "heartbeat") {
        connection.send({ type: "heartbeat_ack", seq: message.seq });
      } else if (message.type === "generate") {
        this.prompts.push(message.prompt);
        if (this.failing) {
          connection.send({ type: "error", id: message.id, code: "backend_error", message: "engine broke" });
        } else {
          connection.send({ type: "chunk", id: message.id, text: " fine", tokens: 1 });
          const stats = {
            tokens: 1,
            ttft_ms: 1,
            total_ms: 1,
            backend: `127.0.0.1:${this.port}`,
            cached: false,
          };
          connection.send({ type: "done", id: message.id, stats });
        }
      }
    }
  }
}

Deno.test("--eject-after 3: two failures in a row keep a server, the third ejects it; a probe re-admits it", async () => {
  const port = freePort();
  const balancer = new Proc([
    "balance",
    "--port",
    String(port),
    "--no-http",
    "--no-cache",
    "--retries",
    "0",
    "--eject-after",
    "3",
    "--eject-time",
    "1s",
    "--queue-timeout",
    "300ms",
  ]);
  const flaky = new FlakyServer();
  let client: AilbClient | undefined;
  try {
    await balancer.waitFor(/Balancer listening/);
    await flaky.register(port);
    await balancer.waitFor(/registered/);
    client = await AilbClient.connect({ port });
    const row = async () => (await client!.status()).backends[0];
    for (const i of [1, 2]) {
      await assert.rejects(client.ask(`Fail ${i}`).result, (e: AilbError) => e.code === "backend_error");
      const backend = await row();
      assert.equal(backend.state, "up", `still up after ${i} failures`);
      assert.equal(backend.consecutive_failures, i);
    }
    await assert.rejects(client.ask("Fail 3").result, (e: AilbError) => e.code === "backend_error");
    const ejected = await row();
    assert.equal(ejected.state, "ejected");
    assert.match(ejected.reason ?? "", /3 failed requests in a row \(last: server .*engine broke\)/);
    assert.ok(ejected.ejected_until && Date.parse(ejected.ejected_until) > Date.parse(ejected.since));
    assert.equal((await client.status()).counters.ejections, 1);
    // Out of rotation: the next request finds nobody and never reaches the server.
    await assert.rejects(client.ask("Not for you").result, (e: AilbError) => e.code === "no_backend");
    assert.ok(!flaky.prompts.includes("Not for you"));
    // The probe still fails: ejected again, for twice as long.
    await balancer.waitFor(/ejected for 2\.0 s: probe failed: backend_error: engine broke/, 10_000);
    flaky.failing = false;
    await balancer.waitFor(/re-admitted: probe succeeded/, 10_000);
    const back = await row();
    assert.equal(back.state, "up");
    assert.equal(back.reason, "probe succeeded");
    assert.equal(back.consecutive_failures, 0);
    assert.equal((await client.ask("Healthy again").result).text, " fine");
    assert.equal(
      (await client.status()).counters.ejections,
      1,
      "re-ejection after a failed probe is one ejection",
    );
  } finally {
    client?.close();
    flaky.close();
    await balancer.stop();
  }
});

Deno.test("--first-token-timeout: a server too slow to start is ejected and its request re-sent elsewhere", async () => {
  const cluster = await startCluster({
    servers: 2,
    balanceArgs: ["--no-cache", "--rr", "--first-token-timeout", "500ms", "--eject-time", "30s"],
    serveArgs: (i) => i === 0 ? ["--ttft-ms", "5000"] : [],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  const slow = `127.0.0.1:${cluster.serverPorts[0]}`;
  const fast = `127.0.0.1:${cluster.serverPorts[1]}`;
  try {
    const answers = await Promise.all(
      [0, 1, 2, 3].map((i) => client.ask(`Quick ${i}`, { maxTokens: 3 }).result),
    );
    for (const { stats } of answers) {
      assert.equal(stats.backend, fast);
      assert.equal(stats.tokens, 3);
    }
    const status = await client.status();
    const row = status.backends.find((b) => b.id === slow)!;
    assert.equal(row.state, "ejected");
    assert.match(row.reason ?? "", /sent no first token within 0\.5 s/);
    assert.ok(status.counters.retried >= 1);
    assert.equal(status.counters.ejections, 1);
    await eventually(
      () => /Server 127\.0\.0\.1:\d+ ejected for 30\.0 s/.test(cluster.balancer.log),
      5000,
      "the ejection to be logged",
    );
  } finally {
    client.close();
    await cluster.stop();
  }
});
