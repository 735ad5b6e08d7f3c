/**
 * `ailb ask [prompt]`: send a story opening to the balancer and stream the
 * continuation; without a prompt, an interactive prompt.
 *
 * @module
 */
import { AilbClient, AilbError, type AskOptions } from "../lib/client.ts";
import {
  COMMON_HELP,
  parseAddress,
  parseInteger,
  parseNumber,
  runCommand,
  tokenFrom,
  unreachable,
} from "../lib/cli.ts";
import { LIMITS } from "../lib/params.ts";

export const USAGE = `Usage: ailb ask [prompt] [options]

Streams the continuation of <prompt> to stdout. Without a prompt, reads
prompts interactively (" -> "; a line with "." or Ctrl-D quits).

Options:
  --lb HOST:PORT        balancer address (default 127.0.0.1:1234)
  --json                print one JSON object: text, backend, cached, similarity, ttft_ms, total_ms, tokens
  --max-tokens N        tokens to generate (default 50, at most ${LIMITS.maxTokens.max})
  --temperature T       sampling temperature, 0 = greedy (default ${LIMITS.temperature.default})
  --top-k K             sample among the K likeliest tokens, 0 = off (default ${LIMITS.topK.default})
  --top-p P             nucleus sampling mass (default ${LIMITS.topP.default})
  --seed N              seed for reproducible sampling
  --no-cache            bypass the balancer's cache for this request
  --timeout DURATION_S  give up after this many seconds (default 120)
  --token TOKEN         shared secret (or AILB_TOKEN)
${COMMON_HELP}`;

const OPTIONS = {
  lb: { type: "string", default: "127.0.0.1:1234" },
  json: { type: "boolean" },
  "max-tokens": { type: "string" },
  temperature: { type: "string" },
  "top-k": { type: "string" },
  "top-p": { type: "string" },
  seed: { type: "string" },
  "no-cache": { type: "boolean" },
  timeout: { type: "string", default: "120" },
  token: { type: "string" },
} as const;

const encoder = new TextEncoder();

/** Runs `ailb ask`; resolves with the exit code. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values, positionals }) => {
    const lb = parseAddress(values.lb, "--lb");
    const options: AskOptions = {
      maxTokens: values["max-tokens"] === undefined
        ? undefined
        : parseInteger(values["max-tokens"], "--max-tokens", 1, LIMITS.maxTokens.max),
      temperature: values.temperature === undefined
        ? undefined
        : parseNumber(values.temperature, "--temperature", 0, LIMITS.temperature.max),
      topK: values["top-k"] === undefined ? undefined : parseInteger(values["top-k"], "--top-k", 0),
      topP: values["top-p"] === undefined ? undefined : parseNumber(values["top-p"], "--top-p", 0.001, 1),
      seed: values.seed === undefined ? undefined : parseInteger(values.seed, "--seed", 0, LIMITS.seed.max),
      cache: values["no-cache"] ? false : undefined,
    };
    const timeoutMs = parseNumber(values.timeout, "--timeout", 0.1, 86_400) * 1000;
    const prompt = positionals.join(" ");
    let client: AilbClient;
    try {
      client = await AilbClient.connect({ ...lb, token: tokenFrom(values.token) });
    } catch (error) {
      console.error(unreachable(error as Error, values.lb));
      return 1;
    }
    try {
      if (prompt.trim()) return await askOnce(client, prompt, options, values.json ?? false, timeoutMs);
      return await interactive(client, options, values.json ?? false, timeoutMs);
    } finally {
      client.close();
    }
  });
}

async function askOnce(
  client: AilbClient,
  prompt: string,
  options: AskOptions,
  json: boolean,
  timeoutMs: number,
): Promise<number> {
  const controller = new AbortController();
  let timedOut = false;
  const onInterrupt = () => controller.abort();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    const answer = client.ask(prompt, { ...options, signal: controller.signal });
    for await (const text of answer) if (!json) await Deno.stdout.write(encoder.encode(text));
    const { text, stats } = await answer.result;
    if (json) {
      console.log(JSON.stringify({
        text,
        backend: stats.backend,
        cached: stats.cached,
        ...(stats.similarity === undefined ? {} : { similarity: stats.similarity }),
        ttft_ms: stats.ttft_ms,
        total_ms: stats.total_ms,
        tokens: stats.tokens,
      }));
    } else {
      await Deno.stdout.write(encoder.encode("\n"));
    }
    return 0;
  } catch (error) {
    if (!json) await Deno.stdout.write(encoder.encode("\n"));
    const message = error instanceof AilbError ? `${error.code}: ${error.message}` : (error as Error).message;
    console.error(`error: ${timedOut ? `no complete answer within ${timeoutMs / 1000} s` : message}`);
    return 1;
  } finally {
    clearTimeout(timer);
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}

async function interactive(client: AilbClient, options: AskOptions, json: boolean, timeoutMs: number) {
  const { createInterface } = await import("node:readline");
  const { stdin } = await import("node:process");
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  // Created before any await: lines (or the end of input) arriving meanwhile are buffered, not lost.
  const input = lines[Symbol.asyncIterator]();
  const prompt = () => Deno.stdout.write(encoder.encode(" -> "));
  let failures = 0;
  await prompt();
  for (let next = await input.next(); !next.done; next = await input.next()) {
    const line: string = next.value;
    if (line.trim() === ".") break;
    if (line.trim() && await askOnce(client, line, options, json, timeoutMs) !== 0) failures++;
    await prompt();
  }
  lines.close();
  return failures ? 1 : 0;
}
