/**
 * HAProxy in front of several balancer replicas (`ailb demo --replicas N`, bench/scale.ts): one TCP frontend
 * for servers and clients (the ailb protocol), optionally one HTTP frontend for the web UI, each spreading
 * connections over the replicas and skipping dead ones. The configuration is generated into a temporary
 * directory that {@link Front.stop} removes.
 *
 * @module
 */

/** What the front listens on and where it forwards. */
export interface FrontOptions {
  host: string;
  /** TCP port of the ailb protocol front. */
  port: number;
  /** Replicas' TCP addresses (host:port). */
  replicas: string[];
  /** HTTP port of the web front, and the replicas' web addresses; omitted = no HTTP front. */
  http?: { port: number; replicas: string[] };
  /** Health-check period: a dead replica is skipped after two failed checks. Default 500 ms; 0 = no checks. */
  checkMs?: number;
}

/** A running HAProxy. */
export interface Front {
  config: string;
  /** HAProxy's process id (benchmarks read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * The configuration text. TCP connections are long-lived (a client or a server's control connection), so
 * `leastconn` spreads them; `redispatch` with retries sends a connection whose replica just died to another,
 * which is how a server re-registers "through the front" when its replica goes away.
 */
export function haproxyConfig(options: FrontOptions): string {
  const checkMs = options.checkMs ?? 500;
  const check = checkMs ? ` check inter ${checkMs}ms fall 2 rise 1` : "";
  const lines = [
    "global",
    // More fails on small machines ("Cannot raise FD limit"); plenty for a demo or a benchmark.
    "  maxconn 4000",
    "defaults",
    "  timeout connect 2s",
    // Connections idle between heartbeats or requests must stay open: ailb's own heartbeats police them.
    "  timeout client 1h",
    "  timeout server 1h",
    "  retries 3",
    "  option redispatch",
    "frontend ailb",
    "  mode tcp",
    `  bind ${options.host}:${options.port}`,
    "  default_backend replicas",
    "backend replicas",
    "  mode tcp",
    "  balance leastconn",
    ...options.replicas.map((address, i) => `  server r${i + 1} ${address}${check}`),
  ];
  if (options.http) {
    lines.push(
      "frontend web",
      "  mode http",
      `  bind ${options.host}:${options.http.port}`,
      // WebSocket chats and the dashboard's event stream are long-lived tunnels.
      "  timeout client 1h",
      "  default_backend web_replicas",
      "backend web_replicas",
      "  mode http",
      "  timeout tunnel 1h",
      "  balance roundrobin",
      ...options.http.replicas.map((address, i) => `  server w${i + 1} ${address}${check}`),
    );
  }
  return lines.join("\n") + "\n";
}

/** True when `haproxy` can be run. */
export async function haproxyAvailable(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("haproxy", { args: ["-v"], stdout: "null", stderr: "null" })
      .output();
    return success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Writes the configuration to a temporary directory and starts HAProxy in the foreground (`-db`) as a child;
 * it stops with {@link Front.stop}. Throws when haproxy refuses the configuration or exits at once.
 */
export async function startHaproxy(options: FrontOptions): Promise<Front> {
  const dir = await Deno.makeTempDir({ prefix: "ailb-haproxy-" });
  const config = `${dir}/haproxy.cfg`;
  await Deno.writeTextFile(config, haproxyConfig(options));
  const child = new Deno.Command("haproxy", { args: ["-f", config, "-db"], stdout: "null", stderr: "piped" })
    .spawn();
  const errors = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  const reading = (async () => {
    for (let next = await errors.read(); !next.done; next = await errors.read()) stderr += next.value;
  })();
  const exitedEarly = await Promise.race([
    child.status.then((status) => status),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 300)),
  ]);
  if (exitedEarly) {
    await reading;
    await Deno.remove(dir, { recursive: true });
    throw new Error(`haproxy exited at start (code ${exitedEarly.code}): ${stderr.trim().slice(0, 500)}`);
  }
  return {
    config,
    pid: child.pid,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // already exited
      }
      await child.status;
      await reading;
      await Deno.remove(dir, { recursive: true });
    },
  };
}
