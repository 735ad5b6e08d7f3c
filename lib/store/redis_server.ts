/**
 * A `redis-server` child process on a loopback port: the store of `ailb demo --replicas N`, of the scale
 * benchmark and of the tests. It persists nothing (`--save "" --appendonly no`) and is stopped by its own pid.
 *
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";

/** A TCP port that was free a moment ago. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** True when `redis-server` can be run. */
export async function redisServerAvailable(): Promise<boolean> {
  try {
    return (await new Deno.Command("redis-server", { args: ["--version"], stdout: "null" }).output()).success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** A `redis-server` child on a loopback port, persisting nothing, stopped (or killed) by its own pid. */
export class RedisServer {
  child: Deno.ChildProcess;

  private constructor(readonly port: number, readonly password?: string) {
    this.child = RedisServer.#spawn(port, password);
  }

  static #spawn(port: number, password?: string): Deno.ChildProcess {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    if (password) args.push("--requirepass", password);
    try {
      return new Deno.Command("redis-server", { args, stdin: "null", stdout: "null", stderr: "null" })
        .spawn();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error("redis-server is not installed (Debian: apt install redis-server)");
      }
      throw error;
    }
  }

  /** Starts a server and waits (at most 10 s) until it answers PING. */
  static async start(options: { password?: string; port?: number } = {}): Promise<RedisServer> {
    // A free port is picked here rather than by redis-server, which cannot report the one it bound.
    const server = new RedisServer(options.port ?? freePort(), options.password);
    await server.#ready();
    return server;
  }

  /** `redis://[:password@]127.0.0.1:PORT`. */
  get url(): string {
    return `redis://${this.password ? `:${encodeURIComponent(this.password)}@` : ""}127.0.0.1:${this.port}`;
  }

  /** Sends one command (inline form) and returns the raw reply, e.g. `await redis.command("DBSIZE")`. */
  async command(line: string): Promise<string> {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: this.port });
    try {
      const auth = this.password ? `AUTH ${this.password}\r\n` : "";
      await conn.write(new TextEncoder().encode(`${auth}${line}\r\n`));
      const buffer = new Uint8Array(1 << 16);
      let text = "";
      const deadline = performance.now() + 5000;
      const wanted = this.password ? 2 : 1;
      while (text.split("\r\n").length - 1 < wanted && performance.now() < deadline) {
        const n = await conn.read(buffer);
        if (n === null) break;
        text += new TextDecoder().decode(buffer.subarray(0, n));
      }
      return this.password ? text.slice(text.indexOf("\r\n") + 2) : text;
    } finally {
      conn.close();
    }
  }

  async #ready(): Promise<void> {
    const deadline = performance.now() + 10_000;
    let last: unknown;
    while (performance.now() < deadline) {
      try {
        if ((await this.command("PING")).startsWith("+PONG")) return;
      } catch (error) {
        last = error; // not listening yet
      }
      await sleep(50);
    }
    await this.stop();
    throw new Error(`redis-server on port ${this.port} did not answer within 10 s (${last})`);
  }

  /** Kills the server (SIGKILL by default: a crash) and waits for it to exit. */
  async stop(signal: Deno.Signal = "SIGKILL"): Promise<void> {
    try {
      this.child.kill(signal);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // already exited
    }
    await this.child.status;
  }

  /** Starts the server again on the same port (empty: nothing was persisted). */
  async restart(): Promise<void> {
    this.child = RedisServer.#spawn(this.port, this.password);
    await this.#ready();
  }
}
