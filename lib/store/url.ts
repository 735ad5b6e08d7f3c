/**
 * The `--store redis://[[user]:password@]host:port[/db]` address of the shared store, and keeping its password
 * out of every log line, error and status report.
 *
 * @module
 */

/** A parsed store address. */
export interface StoreAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** The address with any password replaced by `***`: the only form that may be printed. */
  display: string;
}

/** Databases Redis offers by default (`databases 16`). */
const MAX_DB = 15;

/**
 * Parses a store URL. `passwordFromEnv` (from `--store-password-env VAR`) supplies the password instead of the
 * URL; giving both is refused so there is never doubt which one is used. Throws an Error with a message fit for
 * a usage line (and free of the password).
 *
 * @example
 * parseStoreUrl("redis://:s3cret@127.0.0.1:6379/2").display // "redis://:***@127.0.0.1:6379/2"
 */
export function parseStoreUrl(text: string, passwordFromEnv?: string): StoreAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--store must look like redis://HOST:PORT[/DB], got "${redactUrl(text)}"`);
  }
  if (url.protocol !== "redis:") {
    throw new Error(
      `--store must be a redis:// URL (TLS and other stores are not supported), got ${url.protocol}`,
    );
  }
  if (!url.hostname) throw new Error("--store needs a host, e.g. redis://127.0.0.1:6379");
  const port = url.port === "" ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, "");
  if (!/^\d*$/.test(path) || (path !== "" && Number(path) > MAX_DB)) {
    throw new Error(`--store database must be a number 0-${MAX_DB}, got "/${path}"`);
  }
  if (url.search || url.hash) throw new Error("--store takes no query or fragment");
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  let password = url.password ? decodeURIComponent(url.password) : undefined;
  if (passwordFromEnv !== undefined) {
    if (password !== undefined) {
      throw new Error(
        "give the store password either in the --store URL or with --store-password-env, not both",
      );
    }
    password = passwordFromEnv;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const auth = username || password ? `${username ?? ""}${password ? ":***" : ""}@` : "";
  return {
    host,
    port,
    db: path === "" ? 0 : Number(path),
    username,
    password: password || undefined,
    display: `redis://${auth}${url.host}${path === "" ? "" : `/${path}`}`,
  };
}

/** Replaces a URL's password (`scheme://user:PASSWORD@`) with `***`, for messages about unparsable input. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^/@:]*:)[^@/]*@/, "$1***@");
}

/**
 * Returns a function that replaces every occurrence of the given secrets (raw and URL-encoded) with `***`.
 * Used as the logger's last step, so neither our messages nor a client library's errors can leak them.
 */
export function redactor(secrets: (string | undefined)[]): (line: string) => string {
  const forms = [
    ...new Set(secrets.filter((s): s is string => !!s).flatMap((s) => [s, encodeURIComponent(s)])),
  ]
    .sort((a, b) => b.length - a.length); // longest first, so a secret containing another is fully hidden
  if (forms.length === 0) return (line) => line;
  return (line) => {
    for (const form of forms) line = line.replaceAll(form, "***");
    return line;
  };
}
