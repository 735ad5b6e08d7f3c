/**
 * The flags every command that talks to a running balancer shares (`ask`,
 * `status`, `drain`): where the balancer is, TLS and the token, and how they
 * become `AilbClient.connect` options. One place, so the three commands
 * cannot drift apart.
 *
 * @module
 */
import type { ParseArgsConfig } from "node:util";
import type { ConnectOptions } from "./client.ts";
import { parseAddress, TOKEN_HELP, TOKEN_OPTIONS, tokenFrom } from "./cli.ts";
import { CLIENT_TLS_HELP, CLIENT_TLS_OPTIONS, clientTlsFromFlags } from "./tls.ts";

/** `--lb`, `--tls`, `--ca`, `--token`, `--token-file`. */
export const BALANCER_CLIENT_OPTIONS = {
  ...CLIENT_TLS_OPTIONS,
  lb: { type: "string", default: "127.0.0.1:1234" },
  ...TOKEN_OPTIONS,
} as const satisfies ParseArgsConfig["options"];

/** Help lines for the token and TLS flags (each command aligns its own `--lb` line with its options). */
export const BALANCER_CLIENT_HELP = `${TOKEN_HELP}\n${CLIENT_TLS_HELP}`;

/** Reads the balancer address, TLS and token flags; bad values throw `UsageError`. */
export async function balancerConnectOptions(
  values: { lb: string; tls?: boolean; ca?: string; token?: string; "token-file"?: string },
): Promise<ConnectOptions> {
  const lb = parseAddress(values.lb, "--lb");
  const tls = await clientTlsFromFlags(values);
  return { ...lb, token: tokenFrom(values), tls };
}
