/** The real `ailb` entry point, run as a subprocess. */
import assert from "node:assert/strict";
import { VERSION } from "../lib/version.ts";
import { ailb, eventually, freePort, freeRun, Proc, startCluster } from "./helpers.ts";

Deno.test("every subcommand has --help in one layout and rejects unknown flags with one line and exit 2", async () => {
  for (const command of ["balance", "serve", "ask", "status", "drain", "demo", "cache"]) {
    const help = await ailb([command, "--help"]);
    assert.equal(help.code, 0, `${command} --help`);
    assert.match(help.stdout, new RegExp(`Usage: ailb ${command}`));
    // Every option's description starts in the same column, shared options included.
    const options = help.stdout.split("\n").filter((line) => /^ {2}-/.test(line));
    assert.ok(options.length >= 4, `${command} lists its options`);
    // No option is described twice (a merge once left two different `--token` lines in balance --help).
    const flags = options.map((line) => /^ {2}(?:-\w, )?(--[\w-]+)/.exec(line)?.[1]).filter((flag) => flag);
    assert.deepEqual(
      flags.filter((flag, i) => flags.indexOf(flag) !== i),
      [],
      `${command}: a flag listed twice`,
    );
    for (const line of options) {
      const flag = /^ {2}(-\S.*?)(?: {2,}|$)/.exec(line)![1];
      if (flag.length <= 24) {
        assert.match(line, /^ {2}\S.{24} \S/, `${command}: "${line}" is not aligned at column 28`);
      }
    }
    assert.match(help.stdout, /\nCommon options:\n {2}--log-level LEVEL {9}debug \| info \| warn \| error/);
    assert.match(help.stdout, /\n {2}--log-json {16}one JSON object per log line/);
    assert.match(help.stdout, /\n {2}-h, --help {16}show this help/);

    const bad = await ailb([command, "--definitely-not-a-flag"]);
    assert.equal(bad.code, 2, `${command} with an unknown flag`);
    assert.equal(
      bad.stderr,
      `error: Unknown option '--definitely-not-a-flag'\nsee \`ailb ${command}${
        command === "cache" ? " explain" : ""
      } --help\`\n`,
    );
  }
  const none = await ailb([]);
  assert.equal(none.code, 2);
  assert.match(none.stdout, /Commands:/);
  const unknown = await ailb(["frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'error: unknown command "frobnicate"\nsee `ailb --help`\n');
  for (const flag of ["--version", "-V"]) {
    const version = await ailb([flag]);
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `ailb ${VERSION}\n`);
  }
});

Deno.test("negative numbers are refused as negative, with the flag's name, however they are written", async () => {
  const cases: [string[], string][] = [
    [["ask", "hi", "--max-tokens", "-3"], `--max-tokens cannot be negative, got "-3"`],
    [["ask", "hi", "--max-tokens=-3"], `--max-tokens cannot be negative, got "-3"`],
    [["ask", "hi", "--seed", "-1"], `--seed cannot be negative, got "-1"`],
    [["ask", "hi", "--top-p", "-0.5"], `--top-p cannot be negative, got "-0.5"`],
    [["balance", "--queue-timeout", "-1s"], `--queue-timeout cannot be negative, got "-1s"`],
    [["balance", "--max-queue", "-5"], `--max-queue cannot be negative, got "-5"`],
    [["serve", "1235", "--concurrency", "-2"], `--concurrency cannot be negative, got "-2"`],
    [["status", "--watch", "--interval", "-2s"], `--interval cannot be negative, got "-2s"`],
    // A negative positional is that positional, not an unknown option "-3".
    [["serve", "-3"], `<port> cannot be negative, got "-3"`],
    [["serve", "-3", "--engine", "synthetic"], `<port> cannot be negative, got "-3"`],
  ];
  for (const [args, message] of cases) {
    const out = await ailb(args);
    assert.equal(out.code, 2, `ailb ${args.join(" ")}: ${out.stderr}`);
    const command = args[0];
    assert.equal(out.stderr, `error: ${message}\nsee \`ailb ${command} --help\`\n`);
  }
  // A negative similarity threshold is a real value (cosine ranges over -1..1), not refused as negative.
  const threshold = await ailb(["balance", "--cache-threshold", "-2"]);
  assert.match(threshold.stderr, /--cache-threshold must be a number from -1 to 1, got "-2"/);
});

Deno.test("bad flag values are usage errors, not crashes", async () => {
  const cases: [string[], RegExp][] = [
    [["balance", "--lc", "--rr"], /choose one strategy/],
    [["balance", "--strategy", "p2c", "--lc"], /choose one strategy, got least-connections and p2c/],
    [["balance", "--strategy", "fastest"], /--strategy must be one of round-robin, least-connections, p2c/],
    [["demo", "--strategy", "fastest"], /--strategy must be one of round-robin, least-connections, p2c/],
    [["serve", "1235", "--weight", "0"], /--weight must be greater than 0/],
    [["serve", "1235", "--weight", "1000.5"], /--weight must be a number from 0 to 1000/],
    [["balance", "--queue-timeout", "soon"], /--queue-timeout must be a duration/],
    [
      ["balance", "--heartbeat-interval", "2s", "--heartbeat-timeout", "1s"],
      /longer than --heartbeat-interval/,
    ],
    [["balance", "--log-level", "loud"], /--log-level must be one of/],
    [["balance", "--max-frame", "huge"], /--max-frame must be a size/],
    [["serve"], /exactly one <port>/],
    [["serve", "99999"], /<port> must be an integer from 1 to 65535/],
    [["serve", "1235", "--engine", "magic"], /--engine must be one of llm, synthetic/],
    [["ask", "hi", "--max-tokens", "0"], /--max-tokens must be an integer from 1/],
    [["ask", "hi", "--temperature", "hot"], /--temperature must be a number/],
    [["balance", "--api-key", "has space"], /--api-key may hold only letters, digits/],
    [["serve", "1235", "--chat"], /--chat applies to --engine synthetic only/],
    [["ask", "hi", "--lb", "nowhere"], /--lb must look like host:port/],
    [["balance", "--retries=-1"], /--retries cannot be negative/],
    [["balance", "--retries", "101"], /--retries must be an integer from 0 to 100/],
    [["balance", "--eject-after", "x"], /--eject-after must be an integer/],
    [["balance", "--eject-time", "5ms"], /--eject-time must be at least 10ms/],
    [["balance", "--first-token-timeout", "soon"], /--first-token-timeout must be a duration/],
    [["balance", "--drain-timeout=-1s"], /--drain-timeout cannot be negative/],
    [["serve", "1235", "--drain-timeout", "later"], /--drain-timeout must be a duration/],
    [["drain"], /exactly one SERVER/],
    [["drain", "a", "b"], /exactly one SERVER/],
  ];
  for (const [args, pattern] of cases) {
    const out = await ailb(args);
    assert.equal(out.code, 2, `ailb ${args.join(" ")}: ${out.stderr}`);
    assert.match(out.stderr, pattern);
  }
});

Deno.test("ask and status against an unreachable balancer print a clear error and exit 1", async () => {
  const lb = `127.0.0.1:${freePort()}`;
  for (
    const args of [["ask", "Once upon a time", "--lb", lb], ["status", "--lb", lb], [
      "drain",
      "x",
      "--lb",
      lb,
    ]]
  ) {
    const out = await ailb(args);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      new RegExp(`error: .*cannot reach the balancer at ${lb.replaceAll(".", "\\.")}`),
    );
    assert.doesNotMatch(out.stderr, /at .*\.ts:\d+/, "no stack trace");
    // ...and says how to start one, with the launcher this machine has.
    assert.match(out.stderr, /\nhint: start one with `(ailb|npx -y deno@2\.9\.6 task ailb) balance`/);
  }
});

Deno.test("ask streams text, --json prints the documented fields, status shows both servers", async () => {
  const cluster = await startCluster({ balanceArgs: ["--no-cache"] });
  try {
    const plain = await ailb(["ask", "Once upon a time", "--lb", cluster.lb, "--max-tokens", "7"]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout.trim().split(/\s+/).length, 7);

    const json = await ailb([
      "ask",
      "Once upon a time",
      "--lb",
      cluster.lb,
      "--json",
      "--max-tokens",
      "4",
      "--seed",
      "3",
    ]);
    assert.equal(json.code, 0, json.stderr);
    const answer = JSON.parse(json.stdout);
    for (const key of ["text", "backend", "cached", "ttft_ms", "total_ms", "tokens"]) {
      assert.ok(key in answer, key);
    }
    assert.equal(answer.tokens, 4);
    assert.equal(answer.cached, false);
    assert.ok(!answer.text.includes("Once upon a time"), "text is the continuation only");
    assert.ok(cluster.serverPorts.map((p) => `127.0.0.1:${p}`).includes(answer.backend));

    const statusJson = JSON.parse((await ailb(["status", "--lb", cluster.lb, "--json"])).stdout);
    assert.equal(statusJson.strategy, "round-robin");
    assert.equal(statusJson.backends.length, 2);
    for (const backend of statusJson.backends) {
      for (
        const key of [
          "id",
          "name",
          "state",
          "since",
          "reason",
          "last_heartbeat",
          "silent_ms",
          "in_flight",
          "queued",
          "served",
          "failed",
          "tokens_per_s",
        ]
      ) {
        assert.ok(key in backend, key);
      }
      assert.equal(backend.state, "up");
      assert.equal(backend.reason, null);
    }
    assert.equal(statusJson.version, VERSION);
    assert.ok(Date.parse(statusJson.started_at) <= Date.now());
    assert.deepEqual(Object.keys(statusJson.queue).sort(), ["max", "timeout_ms", "waiting"]);
    assert.equal(statusJson.counters.completed, 2);
    const table = await ailb(["status", "--lb", cluster.lb]);
    assert.match(table.stdout, /strategy round-robin/);
    assert.match(
      table.stdout,
      /\nrequests 2: completed 2, failed 0, .*failovers 0, ejections 0, .*heartbeat misses \d+\n/,
    );
    assert.match(table.stdout, /\ncache: off$/m);
    assert.equal(table.stdout.split("\n").filter((l) => /^127\.0\.0\.1:\d+ +up /.test(l)).length, 2);
  } finally {
    await cluster.stop();
  }
});

Deno.test("interactive ask answers each line and stops at a lone dot", async () => {
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  try {
    const out = await ailb(
      ["ask", "--lb", cluster.lb, "--max-tokens", "3"],
      "Once upon a time\nThe end\n.\nnever sent\n",
    );
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.match(/ -> /g)?.length, 3, out.stdout);
    // After each answer, a status line on stderr: the server, first token, tokens, rate and total.
    const lines = out.stderr.split("\n").filter((line) => line.includes("["));
    assert.equal(lines.length, 2, out.stderr);
    for (const line of lines) {
      assert.match(
        line,
        /^ {3}\[127\.0\.0\.1:\d+ · first token [\d.]+ m?s · 3 tokens · [\d.]+ tok\/s · total [\d.]+ m?s\]$/,
      );
    }
    const status = JSON.parse((await ailb(["status", "--lb", cluster.lb, "--json"])).stdout);
    assert.equal(status.counters.completed, 2, "two prompts before the dot, none after");
    // Ctrl-D (end of input) also quits cleanly.
    const eof = await ailb(["ask", "--lb", cluster.lb, "--max-tokens", "2"], "One more\n");
    assert.equal(eof.code, 0);
  } finally {
    await cluster.stop();
  }
});

Deno.test("an error from the balancer is printed on stderr with its code and exits 1", async () => {
  const cluster = await startCluster({ servers: 0, balanceArgs: ["--no-cache", "--queue-timeout", "300ms"] });
  try {
    const out = await ailb(["ask", "Nobody home", "--lb", cluster.lb]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /error: no_backend: no healthy backend within 0\.3 s/);
  } finally {
    await cluster.stop();
  }
});

Deno.test("demo starts a balancer and two servers, answers, and stops everything on Ctrl-C", async () => {
  // The balancer and its servers take port, port + 1 and port + 2: a run of free ports, and HTTP off it.
  const port = freeRun(3);
  let http = freePort();
  while (http >= port && http <= port + 2) http = freePort();
  const demo = new Proc([
    "demo",
    "--engine",
    "synthetic",
    "--port",
    String(port),
    "--http",
    String(http),
  ]);
  try {
    // Ready, or a child's exit (which ends the demo) at once rather than after the deadline.
    await demo.waitFor(/ailb demo: ready|a child process exited/, 60_000);
    assert.match(demo.log, /ailb demo: ready/);
    // The URL comes once the page is served and both servers are registered, with launcher hints.
    const url = demo.log.search(/web UI: +http:\/\/127\.0\.0\.1:\d+\//);
    for (const server of [port + 1, port + 2]) {
      const registered = demo.log.search(new RegExp(`Server 127\\.0\\.0\\.1:${server} registered`));
      assert.ok(
        registered >= 0 && registered < url,
        `server ${server} registered before the URL was printed`,
      );
    }
    assert.match(demo.log, /ask: +(ailb|npx -y deno@2\.9\.6 task ailb) ask "Once upon a time"/);
    const page = await fetch(demo.log.match(/web UI: +(http:\S+)/)![1]);
    assert.equal(page.status, 200);
    await page.body?.cancel();
    const base = demo.log.match(/OpenAI: +(http:\/\/127\.0\.0\.1:\d+\/v1)\b/)?.[1];
    assert.ok(base, demo.log);
    const models = await (await fetch(`${base}/models`)).json();
    assert.deepEqual(models.data.map((m: { id: string }) => m.id), ["ailb", "synthetic"]);
    const out = await ailb(["ask", "Once upon a time", "--lb", `127.0.0.1:${port}`, "--json"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(JSON.parse(out.stdout).tokens, 50);
  } finally {
    const status = await demo.stop("SIGINT");
    assert.equal(status.code, 0, demo.log);
  }
  // Nothing is left listening: the children went down with the demo.
  for (const p of [port, port + 1, port + 2]) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: p });
    listener.close();
  }
});

Deno.test("--log-json writes one JSON object per line; --log-level warn hides info lines", async () => {
  const json = await startCluster({ servers: 1, balanceArgs: ["--no-cache", "--log-json"] });
  try {
    const lines = json.balancer.log.trim().split("\n");
    const records = lines.map((line) => JSON.parse(line));
    assert.ok(records.some((r) => r.level === "info" && /Balancer listening/.test(r.msg)));
    assert.ok(
      records.some((r) => /Server 127\.0\.0\.1:\d+ registered/.test(r.msg) && r.model === "synthetic"),
    );
    for (const record of records) assert.ok(record.time && record.component === "balancer");
  } finally {
    await json.stop();
  }
  const quiet = await ailb(["ask", "x", "--lb", `127.0.0.1:${freePort()}`, "--log-level", "warn"]);
  assert.equal(quiet.code, 1);
  const port = freePort();
  const warnOnly = new Proc([
    "balance",
    "--port",
    String(port),
    "--no-http",
    "--no-cache",
    "--log-level",
    "warn",
  ]);
  try {
    const server = new Proc([
      "serve",
      String(freePort()),
      "--lb",
      `127.0.0.1:${port}`,
      "--engine",
      "synthetic",
    ]);
    await server.waitFor(/Registered with the balancer/);
    await server.stop("SIGKILL");
    await warnOnly.waitFor(/WARN .*removed/);
    assert.doesNotMatch(warnOnly.log, /INFO/);
  } finally {
    await warnOnly.stop();
  }
});

/** Longer than the prefix strategy's 64 characters, so only the question after it differs. */
const SHARED_PREFIX = "You are a storyteller. Tell a short tale for children about the sea and the moon.";

Deno.test("--strategy prefix from the command line keeps one prompt on one server; --weight is announced", async () => {
  const cluster = await startCluster({
    servers: 3,
    balanceArgs: ["--strategy", "prefix", "--no-cache"],
    // The largest weight a server may announce is accepted (1000.5 is refused above); equal weights
    // leave the prefix alone to decide.
    serveArgs: ["--weight", "1000"],
  });
  try {
    // One after another: at once, the load bound would rightly spill some of them to other servers.
    const backends = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const out = await ailb(["ask", `${SHARED_PREFIX} question ${i}`, "--lb", cluster.lb, "--json"]);
      assert.equal(out.code, 0, out.stderr);
      backends.add(JSON.parse(out.stdout).backend);
    }
    assert.equal(backends.size, 1, `one prefix, one server: ${[...backends].join(", ")}`);
    const status = JSON.parse((await ailb(["status", "--lb", cluster.lb, "--json"])).stdout);
    assert.equal(status.strategy, "prefix");
    const weights = status.backends.map((b: { weight: number }) => b.weight).sort((a: number, b: number) =>
      a - b
    );
    assert.deepEqual(weights, [1000, 1000, 1000]);
  } finally {
    await cluster.stop();
  }
});

Deno.test("status --watch prints every --interval, survives the balancer going away, stops on Ctrl-C", async () => {
  const refused = await ailb(["status", "--watch", "--interval", "99ms"]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--interval must be at least 100ms, got "99ms"/);
  const cluster = await startCluster({ servers: 1, balanceArgs: ["--no-cache"] });
  const watch = new Proc(["status", "--lb", cluster.lb, "--watch", "--interval", "100ms", "--json"]);
  try {
    // One JSON object per line, again and again.
    await eventually(() => watch.count(/^\{"version"/m) >= 3, 10_000, "three status lines");
    const lines = watch.log.split("\n").filter((line) => line.startsWith("{"));
    for (const line of lines) assert.equal(JSON.parse(line).backends.length, 1);
    await cluster.balancer.stop();
    await watch.waitFor(/error: .*cannot reach the balancer/, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(
      watch.count(/cannot reach the balancer/),
      1,
      "the same error is printed once, not every interval",
    );
    const status = await watch.stop("SIGINT");
    assert.equal(status.code, 0, watch.log);
  } finally {
    await watch.stop();
    await cluster.stop();
  }
});
