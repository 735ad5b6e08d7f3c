/**
 * Host and Origin checks of the web front (web/guard.ts): DNS rebinding,
 * `Origin: null`, `--allowed-origin`, and a WebSocket upgrade without its key.
 */
import assert from "node:assert/strict";
import { HostGuard, parseOrigin } from "../web/guard.ts";
import { AilbClient } from "../lib/client.ts";
import { ailb, eventually, freePort, startCluster } from "./helpers.ts";

Deno.test("HostGuard: loopback names and the listen address with the right port; nothing else by default", () => {
  const guard = new HostGuard({ listenHost: "127.0.0.1", port: () => 8000, allowedOrigins: [] });
  for (const host of ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"]) {
    assert.equal(guard.hostAllowed(host), true, host);
  }
  for (
    const host of [
      undefined,
      "",
      "evil.example:8000",
      "127.0.0.1:8001",
      "localhost",
      "127.0.0.1.evil.example:8000",
      "user@127.0.0.1:8000",
      "10.1.2.3:8000",
    ]
  ) {
    assert.equal(guard.hostAllowed(host), false, String(host));
  }
  const specific = new HostGuard({ listenHost: "192.168.7.7", port: () => 80, allowedOrigins: [] });
  assert.equal(specific.hostAllowed("192.168.7.7"), true);
  assert.equal(specific.hostAllowed("192.168.7.8"), false);
  // On all interfaces any IP literal may address us, but never a domain name (that is what rebinding uses).
  const wildcard = new HostGuard({ listenHost: "0.0.0.0", port: () => 8000, allowedOrigins: [] });
  assert.equal(wildcard.hostAllowed("10.1.2.3:8000"), true);
  assert.equal(wildcard.hostAllowed("[fe80::1]:8000"), true);
  assert.equal(wildcard.hostAllowed("rebind.evil.example:8000"), false);
});

Deno.test("HostGuard: --allowed-origin adds a name; Origin null and foreign origins are refused", () => {
  const guard = new HostGuard({
    listenHost: "127.0.0.1",
    port: () => 8000,
    allowedOrigins: ["https://lb.example.com", "http://dash.example:9000"],
  });
  assert.equal(guard.hostAllowed("lb.example.com"), true);
  assert.equal(guard.hostAllowed("lb.example.com:443"), true);
  assert.equal(guard.hostAllowed("lb.example.com:8000"), false);
  assert.equal(guard.hostAllowed("dash.example:9000"), true);
  assert.equal(guard.hostAllowed("dash.example"), false);
  assert.equal(guard.originAllowed(undefined), true, "non-browser clients send no Origin");
  assert.equal(guard.originAllowed("null"), false);
  assert.equal(guard.originAllowed("http://localhost:8000"), true);
  assert.equal(guard.originAllowed("https://lb.example.com"), true);
  assert.equal(guard.originAllowed("http://evil.example:8000"), false);
  assert.equal(guard.originAllowed("file:///tmp/x.html"), false);
  assert.equal(parseOrigin("https://LB.example.com"), "https://lb.example.com");
  assert.throws(() => parseOrigin("lb.example.com"), /not an origin/);
  assert.throws(() => parseOrigin("https://lb.example.com/path"), /scheme and host only/);
  assert.throws(() => parseOrigin("ftp://lb.example.com"), /not an origin/);
});

/** One raw HTTP/1.1 request (fetch will not let us choose the Host header); returns the whole answer. */
async function rawAnswer(port: number, path: string, headers: Record<string, string>): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true; // a hung answer ends the read; the check below then fails
    conn.close();
  }, 10_000);
  try {
    const lines = [`GET ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    await conn.write(new TextEncoder().encode(`${lines.join("\r\n")}\r\nconnection: close\r\n\r\n`));
    const buffer = new Uint8Array(4096);
    let answer = "";
    while (true) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      answer += new TextDecoder().decode(buffer.subarray(0, n));
      if (/^HTTP\/1\.1 101 /.test(answer)) break; // a WebSocket: the connection stays open
    }
    if (!/^HTTP\/1\.1 \d{3}/.test(answer)) {
      throw new Error(`no HTTP answer for ${path}: ${answer.slice(0, 80)}`);
    }
    return answer;
  } finally {
    clearTimeout(timer);
    if (!timedOut) conn.close();
  }
}

/** The status code of {@link rawAnswer}. */
async function rawStatus(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(await rawAnswer(port, path, headers))![1]);
}

Deno.test("web: Host and Origin checks on a real balancer (DNS rebinding, Origin null, missing WebSocket key)", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort,
    balanceArgs: ["--no-cache", "--allowed-origin", "https://lb.example.com"],
  });
  try {
    const local = `127.0.0.1:${httpPort}`;
    const upgrade = { upgrade: "websocket", connection: "Upgrade", "sec-websocket-version": "13" };
    const key = { "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" };
    assert.equal(await rawStatus(httpPort, "/api/status", { host: local }), 200);
    assert.equal(await rawStatus(httpPort, "/api/status", { host: `localhost:${httpPort}` }), 200);
    assert.equal(await rawStatus(httpPort, "/api/status", { host: `rebind.evil.example:${httpPort}` }), 403);
    assert.equal(await rawStatus(httpPort, "/metrics", { host: `rebind.evil.example:${httpPort}` }), 403);
    assert.equal(await rawStatus(httpPort, "/metrics", { host: local }), 200);
    // The OpenAI API refuses in OpenAI's error shape, which its SDKs read.
    const refused = await rawAnswer(httpPort, "/v1/models", { host: `rebind.evil.example:${httpPort}` });
    assert.match(refused, /^HTTP\/1\.1 403 /);
    const body = JSON.parse(refused.slice(refused.indexOf("\r\n\r\n") + 4));
    assert.equal(body.error.type, "permission_error");
    assert.match(body.error.message, /Host is not allowed/);
    assert.equal(await rawStatus(httpPort, "/v1/models", { host: local }), 200);
    assert.equal(await rawStatus(httpPort, "/api/status", { host: "lb.example.com" }), 200);
    // Probes may use any name; the page itself holds no state.
    assert.equal(await rawStatus(httpPort, "/healthz", { host: "probe.internal" }), 200);
    // WebSocket: Origin null and rebinding are refused; a missing key is a bad request, not a crash.
    assert.equal(await rawStatus(httpPort, "/ws", { host: local, origin: "null", ...upgrade, ...key }), 403);
    assert.equal(
      await rawStatus(httpPort, "/ws", {
        host: `rebind.evil.example:${httpPort}`,
        origin: `http://rebind.evil.example:${httpPort}`,
        ...upgrade,
        ...key,
      }),
      403,
    );
    assert.equal(await rawStatus(httpPort, "/ws", { host: local, ...upgrade }), 400);
    assert.equal(
      await rawStatus(httpPort, "/ws", { host: local, origin: `http://${local}`, ...upgrade, ...key }),
      101,
    );
    assert.equal(
      await rawStatus(httpPort, "/ws", {
        host: "lb.example.com",
        origin: "https://lb.example.com",
        ...upgrade,
        ...key,
      }),
      101,
    );
    assert.doesNotMatch(cluster.balancer.log, /\n\s+at /, "no stack trace in the log");
  } finally {
    await cluster.stop();
  }
});

Deno.test("web: a bad --allowed-origin is a usage error", async () => {
  const out = await ailb(["balance", "--no-cache", "--allowed-origin", "lb.example.com"]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /--allowed-origin: "lb\.example\.com" is not an origin/);
});

Deno.test("web: a WebSocket peer vanishing mid-stream (no close frame) cancels its request and logs no warning", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort,
    balanceArgs: ["--no-cache"],
    serveArgs: ["--tokens-per-s", "50"],
  });
  const client = await AilbClient.connect({ port: cluster.port });
  try {
    for (let round = 0; round < 3; round++) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: httpPort });
      const encoder = new TextEncoder();
      await conn.write(encoder.encode(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${httpPort}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      ));
      const buffer = new Uint8Array(4096);
      assert.match(new TextDecoder().decode(buffer.subarray(0, (await conn.read(buffer)) ?? 0)), / 101 /);
      // One masked text frame (clients must mask), then read the first chunk and vanish without a close frame.
      const payload = encoder.encode(JSON.stringify({
        type: "generate",
        id: `vanish-${round}`,
        prompt: `A story cut short ${round}`,
        params: { max_tokens: 200 },
      }));
      assert.ok(payload.length < 126);
      const mask = [1, 2, 3, 4];
      const frame = new Uint8Array([
        0x81,
        0x80 | payload.length,
        ...mask,
        ...payload.map((b, i) => b ^ mask[i % 4]),
      ]);
      await conn.write(frame);
      assert.ok((await conn.read(buffer)) !== null, "a first chunk arrives");
      conn.close();
    }
    // Each vanished peer's generation is cancelled at the server.
    await eventually(
      async () => {
        const { backends } = await client.status();
        return backends[0].in_flight === 0;
      },
      20_000,
      "the vanished peers' requests to be cancelled",
    );
    assert.equal((await client.status()).counters.cancelled, 3);
    assert.doesNotMatch(cluster.balancer.log, /WARN|ERROR/);
  } finally {
    client.close();
    await cluster.stop();
  }
});
