/**
 * `ailb`: an LLM-aware load balancer. This file only dispatches subcommands.
 *
 * @module
 */
const COMMANDS: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  balance: () => import("./commands/balance.ts"),
  serve: () => import("./commands/serve.ts"),
  ask: () => import("./commands/ask.ts"),
  status: () => import("./commands/status.ts"),
  drain: () => import("./commands/drain.ts"),
  demo: () => import("./commands/demo.ts"),
  cache: () => import("./commands/cache.ts"),
};

const USAGE = `Usage: ailb <command> [options]

Commands:
  balance        run the load balancer (TCP for servers and clients, web UI over HTTP)
  serve <port>   run an LLM server that registers with the balancer
  ask [prompt]   send a prompt and stream the answer (interactive without a prompt)
  status         show the balancer's servers and counters
  drain SERVER   stop sending new work to one server (its requests in flight finish)
  demo           a balancer, two local servers and the web UI in one command
  cache explain  why the semantic cache would (not) answer one prompt with another's answer

Run "ailb <command> --help" for a command's options, "ailb --version" for the version.`;

if (import.meta.main) {
  const [name, ...args] = Deno.args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    Deno.exit(name === undefined ? 2 : 0);
  }
  if (name === "--version" || name === "-V" || name === "version") {
    const { VERSION } = await import("./lib/version.ts");
    console.log(`ailb ${VERSION}`);
    Deno.exit(0);
  }
  const load = COMMANDS[name];
  if (!load) {
    const { usageError } = await import("./lib/cli.ts");
    console.error(usageError(`unknown command "${name}"`, "ailb"));
    Deno.exit(2);
  }
  const command = await load();
  Deno.exit(await command.run(args));
}
