/**
 * `ailb drain SERVER`: tell a running balancer to stop sending new work to one
 * server (its requests in flight finish), e.g. before maintenance; `--undo`
 * makes it routable again.
 *
 * @module
 */
import {
  BALANCER_CLIENT_HELP,
  BALANCER_CLIENT_OPTIONS,
  balancerConnectOptions,
} from "../lib/balancer_flags.ts";
import { AilbClient } from "../lib/client.ts";
import { COMMON_HELP, runCommand, unreachable, UsageError } from "../lib/cli.ts";

export const USAGE = `Usage: ailb drain SERVER [options]

Stops the balancer sending new requests to SERVER (its id host:port or its
--name); requests already running there finish. The server stays registered
and listed as "draining" until it leaves or --undo.

Options:
  --lb HOST:PORT   balancer address (default 127.0.0.1:1234)
  --undo           make the server routable again
${BALANCER_CLIENT_HELP}
${COMMON_HELP}`;

const OPTIONS = {
  ...BALANCER_CLIENT_OPTIONS,
  undo: { type: "boolean" },
} as const;

/** Runs `ailb drain`. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values, positionals }) => {
    if (positionals.length !== 1) throw new UsageError("drain needs exactly one SERVER (host:port or name)");
    const connectOptions = await balancerConnectOptions(values);
    try {
      const client = await AilbClient.connect(connectOptions);
      try {
        const { server, state } = await client.drain(positionals[0], values.undo === true);
        console.log(`${server}: ${state}`);
      } finally {
        client.close();
      }
    } catch (error) {
      console.error(unreachable(error as Error, values.lb));
      return 1;
    }
    return 0;
  });
}
