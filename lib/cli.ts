/**
 * Shared command-line plumbing: flag parsing with usage on error, durations,
 * host:port addresses, and the logging flags every subcommand accepts.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type Level, LEVELS, Logger } from "./log.ts";

/** Exit code for bad usage (unknown flag, bad value), as in BSD sysexits' spirit. */
export const USAGE_EXIT = 2;

/** Raised for a bad flag or argument; the command prints usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Options shared by every subcommand. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  "log-level": { type: "string" },
  "log-json": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/** Help text lines for {@link COMMON_OPTIONS} (aligned with the rest by {@link layoutUsage}). */
export const COMMON_HELP = `
Common options:
  --log-level LEVEL  debug | info | warn | error (default info)
  --log-json  one JSON object per log line, for every line ailb logs
  -h, --help  show this help`;

/** Column where option descriptions start in every `--help`. */
const HELP_COLUMN = 28;

/**
 * Aligns a usage text's option lines ("  --flag ARG  description") and their continuation lines on one
 * column, so every command's `--help` has the same layout whatever its own text's spacing.
 */
export function layoutUsage(usage: string): string {
  let inOption = false;
  return usage.split("\n").map((line) => {
    const option = /^ {2}(-\S.*?) {2,}(\S.*)$/.exec(line) ?? /^ {2}(-\S.*)$/.exec(line);
    if (option) {
      inOption = true;
      const flag = option[1];
      if (option[2] === undefined) return `  ${flag}`;
      return flag.length <= HELP_COLUMN - 4
        ? `  ${flag.padEnd(HELP_COLUMN - 2)}${option[2]}`
        : `  ${flag}  ${option[2]}`;
    }
    if (inOption && /^ {6,}\S/.test(line)) return " ".repeat(HELP_COLUMN) + line.trimStart();
    inOption = false;
    return line;
  }).join("\n");
}

/** "ailb serve" from "Usage: ailb serve <port> [options]". */
export function commandName(usage: string): string {
  const words = /^Usage: (.*)$/m.exec(usage)?.[1].split(" ") ?? ["ailb"];
  const name: string[] = [];
  for (const word of words) {
    if (!/^[a-z][a-z-]*$/.test(word)) break;
    name.push(word);
  }
  return name.join(" ");
}

/** Marks a negative number that stands alone (a positional, such as `serve -3`), so parseArgs keeps it. */
const NEGATIVE_POSITIONAL = "\u0000";

/**
 * node:util's parseArgs takes "-3" in `--max-tokens -3` for a flag and calls the value ambiguous; a
 * negative number right after a flag that takes a value is that flag's value (and then refused as
 * negative by the flag's own check, with a message that says so). One standing alone is a positional
 * (`serve -3` is a port, refused as negative by the command), not an unknown option "-3".
 */
function joinNegativeValues(args: string[], options: NonNullable<ParseArgsConfig["options"]>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") && !args[i].includes("=") ? args[i].slice(2) : undefined;
    if (name && options[name]?.type === "string" && /^-(\d|\.\d)/.test(args[i + 1] ?? "")) {
      out.push(`${args[i]}=${args[++i]}`);
    } else if (/^-(\d|\.\d)/.test(args[i])) {
      out.push(NEGATIVE_POSITIONAL + args[i]);
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

/** Parses `args` strictly; unknown flags and missing values become {@link UsageError}. */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
  allowPositionals = true,
) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    const parsed = parseArgs({
      args: joinNegativeValues(args, all),
      options: all,
      strict: true,
      allowPositionals,
    });
    parsed.positionals = parsed.positionals.map((arg) =>
      arg.startsWith(NEGATIVE_POSITIONAL) ? arg.slice(NEGATIVE_POSITIONAL.length) : arg
    );
    return parsed;
  } catch (error) {
    // node's messages go on with a paragraph of advice; the first sentence is the error.
    const message = (error as Error).message.split(/\.(?: |\n)|\n/)[0].replace(/\.$/, "");
    throw new UsageError(message);
  }
}

/** Refuses a negative number with a message that says so (rather than "must be from 0 to …"). */
function refuseNegative(text: string, flag: string): void {
  if (/^\s*-/.test(text)) throw new UsageError(`${flag} cannot be negative, got "${text}"`);
}

/** Builds the logger from `--log-level` / `--log-json`. */
export function loggerFromFlags(
  values: { "log-level"?: string; "log-json"?: boolean },
  component: string,
): Logger {
  const level = values["log-level"] ?? "info";
  if (!LEVELS.includes(level as Level)) {
    throw new UsageError(`--log-level must be one of ${LEVELS.join(", ")}, got "${level}"`);
  }
  return new Logger({ level: level as Level, json: values["log-json"] ?? false, component });
}

/** Parses a duration: "30s", "1500ms", "2m", or a bare number of seconds. Returns milliseconds. */
export function parseDuration(text: string, flag: string): number {
  refuseNegative(text, flag);
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a duration like 30s, 500ms or 2m, got "${text}"`);
  const value = Number(match[1]);
  const unit = match[2] ?? "s";
  return Math.round(value * (unit === "ms" ? 1 : unit === "s" ? 1000 : 60_000));
}

/** Parses an integer flag within bounds. */
export function parseInteger(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (min >= 0) refuseNegative(text, flag);
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Parses a number flag within bounds. */
export function parseNumber(text: string, flag: string, min: number, max: number): number {
  if (min >= 0) refuseNegative(text, flag);
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** A TCP address. */
export interface Address {
  host: string;
  port: number;
}

/** Parses "host:port", ":port" or "port" (host defaults to 127.0.0.1). */
export function parseAddress(text: string, flag: string): Address {
  const match = /^(?:(.*):)?(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must look like host:port, got "${text}"`);
  const port = parseInteger(match[2], flag, 1, 65535);
  return { host: match[1] || "127.0.0.1", port };
}

/** What {@link parseFlags} returns for a given option table. */
export type ParsedFlags<O extends NonNullable<ParseArgsConfig["options"]>> = ReturnType<typeof parseFlags<O>>;

/**
 * Runs a subcommand: parses `args` against `options`, prints `usage` for
 * `--help`, and turns a {@link UsageError} thrown anywhere in `body` into a
 * one-line error plus where to read the usage, on stderr, with exit code 2,
 * so every command behaves the same.
 * With `positionals: false`, any positional argument is a usage error.
 */
export async function runCommand<O extends NonNullable<ParseArgsConfig["options"]>>(
  usage: string,
  args: string[],
  options: O,
  body: (parsed: ParsedFlags<O>) => Promise<number>,
  { positionals = true }: { positionals?: boolean } = {},
): Promise<number> {
  try {
    const parsed = parseFlags(args, options);
    if ((parsed.values as { help?: boolean }).help) {
      console.log(layoutUsage(usage));
      return 0;
    }
    if (!positionals && parsed.positionals.length) {
      throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    }
    return await body(parsed);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(usageError(error.message, commandName(usage)));
      return USAGE_EXIT;
    }
    throw error;
  }
}

/** Resolves with the signal's name on the first SIGINT or SIGTERM (Ctrl-C, kill). */
export function shutdownSignal(): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    const handlers = signals.map((signal) => {
      const handler = () => {
        signals.forEach((s, i) => Deno.removeSignalListener(s, handlers[i]));
        resolve(signal);
      };
      Deno.addSignalListener(signal, handler);
      return handler;
    });
  });
}

/** The flags that give the shared token, for a command's option table. */
export const TOKEN_OPTIONS = {
  token: { type: "string" },
  "token-file": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

/** Help text lines for {@link TOKEN_OPTIONS}. */
export const TOKEN_HELP =
  `  --token TOKEN             shared secret (shows in \`ps\`; prefer --token-file or AILB_TOKEN)
  --token-file PATH         read the shared secret from a file (its first line)`;

/**
 * The shared token: `--token`, else the first line of `--token-file`, else the
 * AILB_TOKEN environment variable. A token on the command line is visible in
 * the process list; the file and the variable are not.
 */
export function tokenFrom(values: { token?: string; "token-file"?: string }): string | undefined {
  const file = values["token-file"];
  if (values.token !== undefined && file !== undefined) {
    throw new UsageError("give the token with --token or --token-file, not both");
  }
  if (values.token !== undefined) {
    if (values.token === "") throw new UsageError("--token must not be empty");
    return values.token;
  }
  if (file !== undefined) {
    let text: string;
    try {
      // A FIFO or device would block the read (or never end): only a regular file is a token file.
      if (!Deno.statSync(file).isFile) throw new Error("not a regular file");
      text = Deno.readTextFileSync(file);
    } catch (error) {
      throw new UsageError(`--token-file ${file}: ${(error as Error).message}`);
    }
    const token = text.split(/\r?\n/)[0].trim();
    if (!token) throw new UsageError(`--token-file ${file}: the file is empty`);
    return token;
  }
  return Deno.env.get("AILB_TOKEN") || undefined;
}

/** Parses a byte size: "1MiB", "512KiB", "2GiB", "65536"; within `min`..`max` (default 64 B to 256 MiB). */
export function parseBytes(
  text: string,
  flag: string,
  { min = 64, max = 256 * 1024 * 1024 }: { min?: number; max?: number } = {},
): number {
  refuseNegative(text, flag);
  const match = /^(\d+)\s*(b|kib|kb|k|mib|mb|m|gib|gb|g)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a size like 1MiB or 65536, got "${text}"`);
  const unit = (match[2] ?? "b").toLowerCase();
  const factor = unit.startsWith("k")
    ? 1024
    : unit.startsWith("m")
    ? 1024 ** 2
    : unit.startsWith("g")
    ? 1024 ** 3
    : 1;
  const bytes = Number(match[1]) * factor;
  if (bytes < min || bytes > max) {
    throw new UsageError(
      `${flag} must be between ${formatBytes(min)} and ${formatBytes(max)}, got "${text}"`,
    );
  }
  return bytes;
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}

/**
 * How a person runs ailb here, for hints: the installed `ailb` when it is on PATH, else the launcher the
 * README's set-up uses.
 */
export function launcher(): string {
  const path = Deno.env.get("PATH") ?? "";
  for (const dir of path.split(":").filter(Boolean)) {
    try {
      if (Deno.statSync(`${dir}/ailb`).isFile) return "ailb";
    } catch {
      // not in this directory (or unreadable): look in the next one
    }
  }
  return "npx -y deno@2.9.6 task ailb";
}

/**
 * The error line for a failed connection to the balancer; when nothing answered at all, a second line says
 * how to start one.
 */
export function unreachable(error: Error & { code?: string }, lb: string): string {
  const line = `error: ${
    error.code && error.code !== "unreachable" ? `${error.code}: ` : ""
  }${error.message}`;
  if (error.code !== "unreachable") return line;
  return `${line}\nhint: start one with \`${launcher()} balance\` (or \`${launcher()} demo\`), ` +
    `or point --lb at a running one (now ${lb})`;
}

/** The two lines printed for a usage error: what is wrong, and where the usage is. */
export function usageError(message: string, command: string): string {
  return `error: ${message}\nsee \`${command} --help\``;
}
