/**
 * The web front of `ailb balance` against real processes: static assets,
 * `/api/status`, `/healthz`, `/metrics` (parsed with a Prometheus text-format
 * parser), the WebSocket's protocol handling and the HTTP server's lifecycle.
 */
import assert from "node:assert/strict";
import { ailb, eventually, freePort, startCluster } from "./helpers.ts";
import { scrape, total } from "./prometheus.ts";

/** A WebSocket to the balancer's `/ws` that queues incoming messages for `next()`. */
async function openSocket(port: number, token?: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws${token ? `?token=${token}` : ""}`);
  const inbox: Record<string, unknown>[] = [];
  let wake = () => {};
  socket.onmessage = (event) => {
    inbox.push(JSON.parse(event.data));
    wake();
  };
  const closed = new Promise<void>((resolve) => socket.onclose = () => resolve());
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error("WebSocket did not open"));
  });
  return {
    socket,
    closed,
    send: (message: unknown) => socket.send(typeof message === "string" ? message : JSON.stringify(message)),
    async next(timeoutMs = 5_000): Promise<Record<string, unknown>> {
      const deadline = performance.now() + timeoutMs;
      while (!inbox.length) {
        if (performance.now() > deadline) throw new Error("no WebSocket message in time");
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return inbox.shift()!;
    },
    /** Reads messages for request `id` until its done/error; returns them all. */
    async untilEnd(id: string): Promise<Record<string, unknown>[]> {
      const seen: Record<string, unknown>[] = [];
      while (true) {
        const message = await this.next(10_000);
        if (message.id !== id) continue;
        seen.push(message);
        if (message.type === "done" || message.type === "error") return seen;
      }
    },
    async close() {
      socket.close();
      await closed;
    },
  };
}

/**
 * Keys of a JSON value, recursively (array items by their first element): the "shape". Leaves
 * are not compared, since some (heartbeat ages, load figures) change between two reads.
 */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as never)[k])]));
  }
  return "leaf";
}

Deno.test("web: pages, status, health, metrics and WebSocket against a real cluster", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    httpPort,
    balanceArgs: ["--no-cache"],
    serveArgs: ["--tokens-per-s", "200"],
  });
  const base = `http://127.0.0.1:${httpPort}`;
  try {
    // Static assets come from the balancer itself, with a strict CSP (no CDN can load).
    for (
      const [path, type] of [["/", "text/html"], ["/app.js", "text/javascript"], ["/style.css", "text/css"], [
        "/dashboard.css",
        "text/css",
      ]]
    ) {
      const response = await fetch(base + path);
      assert.deepEqual(response.status, 200, path);
      assert.match(response.headers.get("content-type")!, new RegExp(`^${type}`));
      const body = await response.text();
      if (path === "/") {
        assert.match(response.headers.get("content-security-policy")!, /default-src 'self'/);
        assert(!/https?:\/\//.test(body.replace(/http:\/\/www\.w3\.org\/[^"]*/g, "")), "page links off-site");
      }
    }
    const missing = await fetch(`${base}/nope`);
    assert.deepEqual(missing.status, 404);
    await missing.body?.cancel();

    // /api/status has the same shape as `ailb status --json` over TCP.
    const web = await (await fetch(`${base}/api/status`)).json();
    const tcp = await ailb(["status", "--lb", cluster.lb, "--json"]);
    assert.deepEqual(tcp.code, 0, tcp.stderr);
    const fromTcp = JSON.parse(tcp.stdout);
    assert.deepEqual(shape(web), shape(fromTcp));
    assert.deepEqual(
      web.backends.map((b: { id: string }) => b.id),
      fromTcp.backends.map((b: { id: string }) => b.id),
    );
    assert.deepEqual(web.backends.length, 2);
    assert.deepEqual([web.strategy, web.counters, web.cache], [
      fromTcp.strategy,
      fromTcp.counters,
      fromTcp.cache,
    ]);

    const health = await fetch(`${base}/healthz`);
    assert.deepEqual(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok", backends_up: 2 });

    const before = await scrape(httpPort);
    assert.deepEqual(total(before, "ailb_backends_up"), 2);
    assert.deepEqual(total(before, "ailb_requests_total"), 0);
    for (const kind of ["exact", "semantic", "coalesced"]) {
      assert.deepEqual(total(before, "ailb_cache_hits_total", { kind }), 0);
    }
    assert.deepEqual(total(before, "ailb_cache_misses_total"), 0);
    assert.deepEqual(total(before, "ailb_cache_entries"), 0);
    assert.deepEqual(total(before, "ailb_heartbeat_misses_total"), 0);
    assert.deepEqual(before.get("ailb_time_to_first_token_seconds")?.type, "HISTOGRAM");
    assert.deepEqual(before.get("ailb_request_duration_seconds")?.type, "HISTOGRAM");

    // Requests over the WebSocket go through dispatch and move the metrics.
    const ws = await openSocket(httpPort);
    try {
      const backends = new Set<string>();
      for (let i = 0; i < 4; i++) {
        ws.send({ type: "generate", id: `g${i}`, prompt: `Story ${i} begins`, params: { max_tokens: 8 } });
        const messages = await ws.untilEnd(`g${i}`);
        const done = messages.at(-1)!;
        assert.deepEqual(done.type, "done", JSON.stringify(done));
        const stats = done.stats as { tokens: number; backend: string; cached: boolean };
        assert.deepEqual(stats.tokens, 8);
        assert.deepEqual(stats.cached, false);
        assert(messages.filter((m) => m.type === "chunk").length > 1, "streamed in one piece");
        backends.add(stats.backend);
      }
      assert.deepEqual(backends.size, 2, "round robin used both servers");

      // Bad input is answered, never fatal to the connection.
      ws.send("this is not json");
      assert.deepEqual((await ws.next()).code, "bad_frame");
      ws.send({ type: "launch_missiles" });
      assert.deepEqual((await ws.next()).code, "unknown_type");
      ws.send({ type: "generate", prompt: "no id" });
      assert.deepEqual((await ws.next()).code, "bad_message");
      ws.send({ type: "hello", v: 1, role: "server" });
      assert.deepEqual((await ws.next()).code, "bad_message");
      ws.socket.send(new Uint8Array([1, 2, 3]));
      assert.deepEqual((await ws.next()).code, "bad_message");
      ws.send({ type: "generate", id: "bad", prompt: "x", params: { max_tokens: 0 } });
      assert.deepEqual(await ws.next(), {
        type: "error",
        id: "bad",
        code: "invalid_params",
        message: "max_tokens must be between 1 and 2048, got 0",
      });
      ws.send({ type: "status", id: "s1" });
      const status = await ws.next();
      assert.deepEqual([status.type, status.id], ["status_result", "s1"]);
    } finally {
      await ws.close();
    }

    const after = await scrape(httpPort);
    assert.deepEqual(total(after, "ailb_requests_total", { outcome: "ok" }), 4);
    assert.deepEqual(
      total(after, "ailb_requests_total", { outcome: "invalid" }),
      1,
      "rejected requests count",
    );
    for (const port of cluster.serverPorts) {
      assert.deepEqual(
        total(after, "ailb_requests_total", { backend: `127.0.0.1:${port}`, outcome: "ok" }),
        2,
      );
    }
    assert.deepEqual(total(after, "ailb_tokens_streamed_total"), 32);
    assert.deepEqual(total(after, "ailb_time_to_first_token_seconds"), 4);
    assert.deepEqual(total(after, "ailb_request_duration_seconds"), 4);
    assert.deepEqual(total(after, "ailb_in_flight_requests"), 0);
    assert.deepEqual(total(after, "ailb_queued_requests"), 0);

    // A page from another site must not drive the balancer through a visitor's browser.
    const foreign = await fetch(`${base}/ws`, {
      headers: { upgrade: "websocket", connection: "Upgrade", origin: "http://evil.example" },
    });
    assert.deepEqual(foreign.status, 403);
    await foreign.body?.cancel();

    // The last server dying flips /healthz to 503 with the reason.
    await cluster.servers[0].stop("SIGKILL");
    await eventually(
      async () => total(await scrape(httpPort), "ailb_backends_up") === 1,
      5_000,
      "one backend",
    );
    assert.deepEqual((await fetch(`${base}/healthz`).then((r) => r.json())).backends_up, 1);
    await cluster.servers[1].stop("SIGKILL");
    const down = await eventually(
      async () => {
        const response = await fetch(`${base}/healthz`);
        const body = await response.json();
        return response.status === 503 ? body : undefined;
      },
      5_000,
      "/healthz to turn 503",
    );
    assert.deepEqual(down, { status: "unavailable", reason: "no server is registered" });
    // Both stay listed, down, with the reason.
    const listed = await (await fetch(`${base}/api/status`)).json();
    assert.deepEqual(listed.backends.map((b: { state: string }) => b.state), ["down", "down"]);
    const dead = await scrape(httpPort);
    assert.deepEqual(total(dead, "ailb_backends_up"), 0);
    assert.deepEqual(total(dead, "ailb_backend_down_total", { cause: "connection" }), 2);
  } finally {
    await cluster.stop();
  }
});

Deno.test("web: closing the WebSocket cancels its generation; shutdown ends live connections", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort,
    balanceArgs: ["--no-cache"],
    serveArgs: ["--tokens-per-s", "20", "--log-level", "debug"],
  });
  const base = `http://127.0.0.1:${httpPort}`;
  try {
    const ws = await openSocket(httpPort);
    ws.send({ type: "generate", id: "long", prompt: "A very long tale", params: { max_tokens: 400 } });
    assert.deepEqual((await ws.next()).type, "chunk");
    await ws.close();
    await cluster.servers[0].waitFor(/Request \S+ cancelled after \d+ tokens/, 5_000);
    const status = await eventually(
      async () => {
        const s = await (await fetch(`${base}/api/status`)).json();
        return s.counters.cancelled === 1 && s.backends[0].in_flight === 0 ? s : undefined;
      },
      5_000,
      "the cancel to reach the counters",
    );
    assert.deepEqual(status.counters.completed, 0);
    const metrics = await scrape(httpPort);
    assert.deepEqual(total(metrics, "ailb_requests_total", { outcome: "cancelled" }), 1);

    // A live feed and a WebSocket left open must not keep the balancer from exiting.
    const feed = await fetch(`${base}/api/events`);
    assert.deepEqual(feed.headers.get("content-type"), "text/event-stream");
    const reader = feed.body!.getReader();
    const first = await reader.read();
    assert.match(
      new TextDecoder().decode(first.value),
      /^event: status\ndata: \{"status":\{"version":"[\d.]+",.*"strategy":"round-robin"/,
    );
    const idle = await openSocket(httpPort);
    const started = performance.now();
    const exit = await cluster.balancer.stop("SIGTERM");
    assert.deepEqual(exit.code, 0, cluster.balancer.log);
    assert(performance.now() - started < 5_000, "shutdown waited on open connections");
    await idle.closed;
    await reader.cancel(); // the process is gone; only our end of the stream is left
  } finally {
    await cluster.stop();
  }
});

Deno.test("web: with --token, state and prompts need the token; /healthz stays open", async () => {
  const httpPort = freePort();
  const cluster = await startCluster({
    servers: 1,
    httpPort,
    balanceArgs: ["--no-cache", "--token", "s3cret"],
    serveArgs: ["--token", "s3cret"],
  });
  const base = `http://127.0.0.1:${httpPort}`;
  try {
    for (const path of ["/api/status", "/metrics", "/api/events", "/ws"]) {
      const response = await fetch(base + path);
      assert.equal(response.status, 401, path);
      assert.deepEqual(await response.json(), { error: "unauthorized", message: "missing or wrong token" });
    }
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const scraped = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer s3cret" } });
    assert.equal(scraped.status, 200);
    await scraped.body?.cancel();
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    await page.body?.cancel();

    const refused = new WebSocket(`ws://127.0.0.1:${httpPort}/ws?token=nope`);
    await new Promise((resolve) => refused.onclose = resolve);
    const ws = await openSocket(httpPort, "s3cret");
    try {
      ws.send({ type: "generate", id: "t", prompt: "With a token", params: { max_tokens: 3 } });
      assert.equal((await ws.untilEnd("t")).at(-1)!.type, "done");
    } finally {
      await ws.close();
    }
  } finally {
    await cluster.stop();
  }
});

Deno.test("web: a busy HTTP port is a clear error and exit code 1", async () => {
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (busy.addr as Deno.NetAddr).port;
    const result = await ailb([
      "balance",
      "--port",
      String(freePort()),
      "--http",
      String(port),
      "--no-cache",
    ]);
    assert.deepEqual(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`Cannot serve HTTP on 127\\.0\\.0\\.1:${port}: .*(in use|Address)`, "i"),
    );
  } finally {
    busy.close();
  }
});
