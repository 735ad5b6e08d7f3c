/**
 * The setup shared by the OpenAI API tests (openai_*_test.ts): a balancer with its HTTP port and synthetic
 * servers for the length of a test, a JSON POST, the balancer's status, and the check of an error in OpenAI's
 * shape.
 */
import assert from "node:assert/strict";
import { freePort, startCluster } from "./helpers.ts";

type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** A balancer with HTTP and `servers` synthetic servers; `serveArgs` per server as in startCluster. */
export async function withCluster(
  options: Parameters<typeof startCluster>[0],
  body: (cluster: Cluster, base: string) => Promise<void>,
): Promise<void> {
  const httpPort = freePort();
  const cluster = await startCluster({ ...options, httpPort });
  try {
    await body(cluster, `http://127.0.0.1:${httpPort}/v1`);
  } finally {
    await cluster.stop();
  }
}

export function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function status(base: string) {
  const response = await fetch(base.replace(/\/v1$/, "/api/status"));
  return await response.json() as {
    backends: { id: string; in_flight: number; models: string[]; chat: boolean }[];
    counters: Record<string, number>;
  };
}

export async function expectError(response: Response, status: number, code: string | null, message: RegExp) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(typeof body.error.type, "string");
  assert.equal(body.error.code, code);
  assert.match(body.error.message, message);
}
