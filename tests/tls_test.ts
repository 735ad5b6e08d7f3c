/**
 * Optional TLS: a test CA and certificate made with openssl at test time; a
 * balancer serving TLS on its TCP port and HTTPS, a server registering over
 * TLS with a TLS data port, clients with --tls --ca; and the mismatches
 * (plain ↔ TLS) giving clear errors without hurting the balancer.
 */
import assert from "node:assert/strict";
import { ailb, freePort, Proc } from "./helpers.ts";

/** A CA and a certificate for localhost / 127.0.0.1 signed by it, in a fresh temp dir. */
async function makeCertificates(): Promise<{ dir: string; ca: string; cert: string; key: string }> {
  const dir = await Deno.makeTempDir({ prefix: "ailb-tls-" });
  const run = async (args: string[]) => {
    const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "piped", stderr: "piped" })
      .output();
    if (!out.success) throw new Error(`openssl ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=ailb test CA",
  ]);
  await run(["req", ...ec, "-keyout", "key.pem", "-out", "req.csr", "-subj", "/CN=localhost"]);
  await Deno.writeTextFile(
    `${dir}/ext.cnf`,
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
  );
  await run([
    "x509",
    "-req",
    "-in",
    "req.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "cert.pem",
    "-days",
    "1",
    "-extfile",
    "ext.cnf",
  ]);
  return { dir, ca: `${dir}/ca.pem`, cert: `${dir}/cert.pem`, key: `${dir}/key.pem` };
}

Deno.test("TLS round trip: balancer TCP + HTTPS, a server over TLS both ways, clients with --tls --ca", async () => {
  const { dir, ca, cert, key } = await makeCertificates();
  const port = freePort();
  const http = freePort();
  const serverPort = freePort();
  const lb = `127.0.0.1:${port}`;
  const tlsFiles = ["--tls-cert", cert, "--tls-key", key];
  const balancer = new Proc([
    "balance",
    "--port",
    String(port),
    "--http",
    String(http),
    "--no-cache",
    ...tlsFiles,
    "--ca",
    ca,
  ]);
  let server: Proc | undefined;
  const client = Deno.createHttpClient({ caCerts: [await Deno.readTextFile(ca)] });
  try {
    await balancer.waitFor(/Balancer listening on 127\.0\.0\.1:\d+ .*tls=true/);
    await balancer.waitFor(/Web UI on https:\/\/127\.0\.0\.1:\d+\//);
    server = new Proc([
      "serve",
      String(serverPort),
      "--lb",
      lb,
      "--engine",
      "synthetic",
      "--tls",
      "--ca",
      ca,
      ...tlsFiles,
    ]);
    await balancer.waitFor(new RegExp(`Server 127\\.0\\.0\\.1:${serverPort} registered`));
    const asked = await ailb([
      "ask",
      "Once upon a time",
      "--lb",
      lb,
      "--max-tokens",
      "5",
      "--tls",
      "--ca",
      ca,
      "--json",
    ]);
    assert.equal(asked.code, 0, asked.stderr);
    const answer = JSON.parse(asked.stdout);
    assert.equal(answer.text.trim().split(/\s+/).length, 5);
    assert.equal(answer.backend, `127.0.0.1:${serverPort}`);
    const status = await ailb(["status", "--lb", lb, "--ca", ca, "--json"]);
    assert.equal(JSON.parse(status.stdout).backends[0].state, "up");
    const health = await fetch(`https://127.0.0.1:${http}/healthz`, { client });
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, "ok");
    // Over TLS, fetch (like browsers and curl) speaks HTTP/2, which names the host in :authority, not in a
    // Host header: the Host check must read it there, or every guarded route answers 403.
    for (const path of ["/api/status", "/v1/models", "/metrics"]) {
      const guarded = await fetch(`https://127.0.0.1:${http}${path}`, { client });
      assert.equal(guarded.status, 200, `${path}: ${await guarded.text()}`);
    }
    const models = await fetch(`https://localhost:${http}/v1/models`, { client });
    assert.equal(models.status, 200);
    assert.ok((await models.json()).data.some((model: { id: string }) => model.id === "synthetic"));
  } finally {
    client.close();
    await server?.stop();
    await balancer.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TLS mismatches fail with a clear error and the balancer keeps serving", async () => {
  const { dir, ca, cert, key } = await makeCertificates();
  const tlsPort = freePort();
  const plainPort = freePort();
  const tlsBalancer = new Proc([
    "balance",
    "--port",
    String(tlsPort),
    "--no-http",
    "--no-cache",
    "--tls-cert",
    cert,
    "--tls-key",
    key,
  ]);
  const plainBalancer = new Proc(["balance", "--port", String(plainPort), "--no-http", "--no-cache"]);
  try {
    await tlsBalancer.waitFor(/Balancer listening/);
    await plainBalancer.waitFor(/Balancer listening/);
    // A plain client at a TLS port.
    const plain = await ailb(["status", "--lb", `127.0.0.1:${tlsPort}`]);
    assert.equal(plain.code, 1);
    assert.match(
      plain.stderr,
      /closed the connection before welcoming us \(if it serves TLS, connect with --tls\)/,
    );
    // A TLS client at a plain port.
    const secure = await ailb(["status", "--lb", `127.0.0.1:${plainPort}`, "--ca", ca]);
    assert.equal(secure.code, 1);
    assert.match(secure.stderr, /TLS handshake with 127\.0\.0\.1:\d+ failed .*is that port serving TLS/);
    // A TLS client that does not trust the certificate.
    const untrusted = await ailb(["status", "--lb", `127.0.0.1:${tlsPort}`, "--tls"]);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /TLS handshake .* failed .*certificate/i);
    for (const out of [plain, secure, untrusted]) {
      assert.doesNotMatch(out.stderr, /at .*\.ts:\d+/, "no stack trace");
    }
    // The failed handshake is one warning line in the balancer's log: peers cannot fill it with stack traces.
    await tlsBalancer.waitFor(/WARN .*Connection from 127\.0\.0\.1:\d+ failed: received fatal alert/);
    assert.doesNotMatch(tlsBalancer.log, /\n\s+at /, "no stack trace in the balancer's log");
    assert.doesNotMatch(tlsBalancer.log, /ERROR/);
    // Both balancers still serve well-configured clients.
    assert.equal((await ailb(["status", "--lb", `127.0.0.1:${tlsPort}`, "--ca", ca])).code, 0);
    assert.equal((await ailb(["status", "--lb", `127.0.0.1:${plainPort}`])).code, 0);
  } finally {
    await tlsBalancer.stop();
    await plainBalancer.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TLS flags: a certificate without its key, or a file that is not PEM, is a usage error", async () => {
  const { dir, cert, key } = await makeCertificates();
  try {
    const cases: [string[], RegExp][] = [
      [["balance", "--tls-cert", cert], /--tls-cert and --tls-key go together/],
      [["balance", "--tls-cert", cert, "--tls-key", `${dir}/missing.pem`], /--tls-key: cannot read/],
      [["balance", "--tls-cert", key, "--tls-key", key], /--tls-cert: .* holds no PEM CERTIFICATE/],
      [["ask", "hi", "--ca", `${dir}/missing.pem`], /--ca: cannot read/],
      [["serve", "1235", "--tls-key", key], /--tls-cert and --tls-key go together/],
    ];
    for (const [args, pattern] of cases) {
      const out = await ailb(args);
      assert.equal(out.code, 2, `ailb ${args.join(" ")}: ${out.stderr}`);
      assert.match(out.stderr, pattern);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
