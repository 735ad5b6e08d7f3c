/**
 * Optional TLS for ailb's TCP ports and the web UI: the listening side loads a
 * certificate and key (`--tls-cert`, `--tls-key`); the connecting side turns
 * TLS on with `--tls` and may trust an extra certificate authority
 * (`--ca FILE`, for self-signed set-ups). Deno's own TLS (rustls) does the
 * work: {@link Deno.listenTls} and {@link Deno.startTls}.
 *
 * @example
 * ```ts
 * const tls = await serverTlsFromFlags({ "tls-cert": "cert.pem", "tls-key": "key.pem" });
 * const listener = listenTcp("127.0.0.1", 1234, tls);
 * ```
 *
 * @module
 */
import { UsageError } from "./cli.ts";

/** What a listening side needs: PEM certificate chain and private key. */
export interface ServerTls {
  cert: string;
  key: string;
}

/** What a connecting side needs: extra trusted roots (PEM); the system's are trusted too. */
export interface ClientTls {
  caCerts?: string[];
}

/** Help lines for the listening side's flags. */
export const SERVER_TLS_HELP =
  `  --tls-cert FILE           serve TLS with this PEM certificate (chain); needs --tls-key
  --tls-key FILE            the certificate's PEM private key`;

/** Help lines for the connecting side's flags. */
export const CLIENT_TLS_HELP = `  --tls                     connect with TLS
  --ca FILE                 also trust this PEM certificate authority (implies --tls)`;

/** parseArgs options of the listening side. */
export const SERVER_TLS_OPTIONS = {
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
} as const;

/** parseArgs options of the connecting side. */
export const CLIENT_TLS_OPTIONS = {
  tls: { type: "boolean" },
  ca: { type: "string" },
} as const;

async function readPem(path: string, flag: string, label: "CERTIFICATE" | "PRIVATE KEY"): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read "${path}": ${(error as Error).message}`);
  }
  // "PRIVATE KEY" also matches "EC PRIVATE KEY" and "RSA PRIVATE KEY".
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    throw new UsageError(`${flag}: "${path}" holds no PEM ${label}`);
  }
  return text;
}

/** Loads `--tls-cert` and `--tls-key`; undefined when neither is given. Bad or missing files are usage errors. */
export async function serverTlsFromFlags(
  values: { "tls-cert"?: string; "tls-key"?: string },
): Promise<ServerTls | undefined> {
  const certFile = values["tls-cert"];
  const keyFile = values["tls-key"];
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  return {
    cert: await readPem(certFile, "--tls-cert", "CERTIFICATE"),
    key: await readPem(keyFile, "--tls-key", "PRIVATE KEY"),
  };
}

/** Reads `--tls` / `--ca`; undefined for plain TCP. */
export async function clientTlsFromFlags(
  values: { tls?: boolean; ca?: string },
): Promise<ClientTls | undefined> {
  if (values.ca !== undefined) {
    return { caCerts: [await readPem(values.ca, "--ca", "CERTIFICATE")] };
  }
  return values.tls ? {} : undefined;
}

/** Listens on host:port, with TLS when `tls` is given. */
export function listenTcp(host: string, port: number, tls?: ServerTls): Deno.Listener {
  return tls
    ? Deno.listenTls({ hostname: host, port, transport: "tcp", cert: tls.cert, key: tls.key })
    : Deno.listen({ hostname: host, port, transport: "tcp" });
}
