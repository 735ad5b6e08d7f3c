/**
 * Which Host and Origin headers the web front answers. A page on another site
 * can make a visitor's browser talk to a balancer on localhost; with DNS
 * rebinding it can even do so "same-origin" under its own domain name. So:
 * - the `Host` of every state or prompt route must name this server: a
 *   loopback name (127.0.0.1, localhost, [::1]) or the listen address with the
 *   HTTP port, an IP literal with that port when listening on all interfaces
 *   (rebinding needs a domain name), or the host of an `--allowed-origin`;
 * - a WebSocket's `Origin`, when a browser sends one, must be such a host too
 *   (or exactly an `--allowed-origin`); `Origin: null` (sandboxed frames,
 *   file: pages) is refused.
 *
 * @example
 * ```ts
 * const guard = new HostGuard({ listenHost: "127.0.0.1", port: () => 8000, allowedOrigins: [] });
 * guard.hostAllowed("localhost:8000"); // true
 * guard.hostAllowed("evil.example:8000"); // false
 * ```
 *
 * @module
 */
import { isIP } from "node:net";

/** Settings of {@link HostGuard}. */
export interface HostGuardOptions {
  /** The `--host` the HTTP server listens on. */
  listenHost: string;
  /** The bound HTTP port (known only once listening, hence a function). */
  port: () => number;
  /** `--allowed-origin` values, e.g. `https://lb.example.com`. */
  allowedOrigins: readonly string[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
const WILDCARD = new Set(["0.0.0.0", "::", ""]);

/**
 * Parses an `--allowed-origin` value; throws with a clear message when it is
 * not an http(s) origin (scheme, host, optional port, nothing else).
 */
export function parseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not an origin like https://lb.example.com`);
  }
  if (!["http:", "https:"].includes(url.protocol) || url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`"${text}" is not an origin like https://lb.example.com (scheme and host only)`);
  }
  return url.origin;
}

/** Decides whether a Host or Origin names this server. */
export class HostGuard {
  readonly #allowedOrigins: Set<string>;
  /** host:port pairs (lower case, IPv6 in brackets) of the allowed origins. */
  readonly #originHosts: Set<string>;

  constructor(readonly options: HostGuardOptions) {
    this.#allowedOrigins = new Set(options.allowedOrigins.map(parseOrigin));
    // Browsers leave the scheme's default port out of Host; keys are normalised as `new URL("http://" + host).host`.
    this.#originHosts = new Set();
    for (const origin of this.#allowedOrigins) {
      const url = new URL(origin);
      const port = url.port || (url.protocol === "https:" ? "443" : "80");
      this.#originHosts.add(new URL(`http://${url.hostname}:${port}`).host);
      if (!url.port) this.#originHosts.add(url.hostname);
    }
  }

  /** True when a request's `Host` header names this server. */
  hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    let url: URL;
    try {
      url = new URL(`http://${host}`);
    } catch {
      return false;
    }
    if (url.username || url.password || url.pathname !== "/" || `${url.host}` === "") return false;
    if (this.#originHosts.has(url.host)) return true;
    const port = Number(url.port || 80);
    if (port !== this.options.port()) return false;
    const name = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
    if (LOOPBACK.has(name)) return true;
    const listen = this.options.listenHost.replace(/^\[(.*)\]$/, "$1").toLowerCase();
    if (WILDCARD.has(listen)) return isIP(name) !== 0;
    return name === listen;
  }

  /** True when a browser's `Origin` header is acceptable for a WebSocket (absent = not a browser). */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.#allowedOrigins.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // includes "null"
    }
    if (!["http:", "https:"].includes(url.protocol)) return false;
    return this.hostAllowed(url.host);
  }
}
