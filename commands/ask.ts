/**
 * `ailb ask [prompt]`: send a story opening to the balancer and stream the
 * continuation; without a prompt, an interactive prompt.
 *
 * @module
 */
import {
  BALANCER_CLIENT_HELP,
  BALANCER_CLIENT_OPTIONS,
  balancerConnectOptions,
} from "../lib/balancer_flags.ts";
import { AilbClient, AilbError, type AskOptions } from "../lib/client.ts";
import { COMMON_HELP, parseInteger, parseNumber, runCommand, unreachable, UsageError } from "../lib/cli.ts";
import { LIMITS } from "../lib/params.ts";
import type { DoneStats } from "../lib/protocol.ts";

export const USAGE = `Usage: ailb ask [prompt] [options]

Streams the continuation of <prompt> to stdout. Without a prompt, reads
prompts interactively (" -> "; a line with "." or Ctrl-D quits).

Options:
  --lb HOST:PORT        balancer address (default 127.0.0.1:1234)
  --json                print one JSON object: text, finish_reason, backend, model, cached, similarity,
                        ttft_ms, total_ms, tokens, prompt_tokens, completion_tokens, server
                        (the server's own ttft_ms, total_ms, queue_ms), failovers (servers lost
                        mid-answer, when any); on failure text, finish_reason (cancelled|error) and error
  --max-tokens N        tokens to generate (default ${LIMITS.maxTokens.default}, at most ${LIMITS.maxTokens.max})
  --temperature T       sampling temperature, 0 = greedy (default ${LIMITS.temperature.default})
  --top-k K             sample among the K likeliest tokens, 0 = off (default ${LIMITS.topK.default})
  --top-p P             nucleus sampling mass (default ${LIMITS.topP.default})
  --seed N              seed for reproducible sampling
  --stop TEXT           end the answer before TEXT (repeatable, at most ${LIMITS.stop.count})
  --model NAME          only servers announcing model NAME may answer (default any)
  --no-cache            bypass the balancer's cache for this request
  --timeout SECONDS     give up after this many seconds (default 120)
${BALANCER_CLIENT_HELP}
${COMMON_HELP}`;

const OPTIONS = {
  ...BALANCER_CLIENT_OPTIONS,
  json: { type: "boolean" },
  "max-tokens": { type: "string" },
  temperature: { type: "string" },
  "top-k": { type: "string" },
  "top-p": { type: "string" },
  seed: { type: "string" },
  stop: { type: "string", multiple: true },
  model: { type: "string" },
  "no-cache": { type: "boolean" },
  timeout: { type: "string", default: "120" },
} as const;

const encoder = new TextEncoder();

/** Checks --stop values against the request bounds (the same ones the balancer applies). */
function parseStops(stops: string[]): string[] | undefined {
  if (stops.length === 0) return undefined;
  if (stops.length > LIMITS.stop.count) {
    throw new UsageError(`--stop may be given at most ${LIMITS.stop.count} times, got ${stops.length}`);
  }
  for (const stop of stops) {
    if (stop.length === 0 || stop.length > LIMITS.stop.chars) {
      throw new UsageError(`--stop takes 1 to ${LIMITS.stop.chars} characters, got ${stop.length}`);
    }
  }
  return stops;
}

/** Runs `ailb ask`; resolves with the exit code. */
export function run(args: string[]): Promise<number> {
  return runCommand(USAGE, args, OPTIONS, async ({ values, positionals }) => {
    const connectOptions = await balancerConnectOptions(values);
    const options: AskOptions = {
      maxTokens: values["max-tokens"] === undefined
        ? undefined
        : parseInteger(values["max-tokens"], "--max-tokens", 1, LIMITS.maxTokens.max),
      temperature: values.temperature === undefined
        ? undefined
        : parseNumber(values.temperature, "--temperature", 0, LIMITS.temperature.max),
      topK: values["top-k"] === undefined
        ? undefined
        : parseInteger(values["top-k"], "--top-k", LIMITS.topK.min, LIMITS.topK.max),
      topP: values["top-p"] === undefined ? undefined : parseNumber(values["top-p"], "--top-p", 0.001, 1),
      seed: values.seed === undefined ? undefined : parseInteger(values.seed, "--seed", 0, LIMITS.seed.max),
      stop: parseStops(values.stop ?? []),
      model: values.model,
      cache: values["no-cache"] ? false : undefined,
    };
    const timeoutMs = parseNumber(values.timeout, "--timeout", 0.1, 86_400) * 1000;
    const prompt = positionals.join(" ");
    let client: AilbClient;
    try {
      client = await AilbClient.connect(connectOptions);
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
  statusLine = false,
): Promise<number> {
  const controller = new AbortController();
  let timedOut = false;
  const onInterrupt = () => controller.abort();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  Deno.addSignalListener("SIGINT", onInterrupt);
  let partial = "";
  try {
    const answer = client.ask(prompt, { ...options, signal: controller.signal });
    for await (const text of answer) {
      partial += text;
      if (!json) await Deno.stdout.write(encoder.encode(text));
    }
    const { text, stats } = await answer.result;
    if (json) {
      console.log(JSON.stringify({
        text,
        finish_reason: stats.finish_reason,
        backend: stats.backend,
        ...(stats.model === undefined ? {} : { model: stats.model }),
        cached: stats.cached,
        ...(stats.similarity === undefined ? {} : { similarity: stats.similarity }),
        ttft_ms: stats.ttft_ms,
        total_ms: stats.total_ms,
        tokens: stats.tokens,
        ...(stats.prompt_tokens === undefined ? {} : { prompt_tokens: stats.prompt_tokens }),
        completion_tokens: stats.completion_tokens ?? stats.tokens,
        ...(stats.server === undefined ? {} : { server: stats.server }),
        // `backend` is the server that finished the answer; say when others started it.
        ...(stats.failovers ? { failovers: stats.failovers } : {}),
      }));
    } else {
      await Deno.stdout.write(encoder.encode("\n"));
      // Interactive: say where the answer came from and how fast (stderr, so stdout stays the story).
      if (statusLine) console.error(describeAnswer(stats));
    }
    return 0;
  } catch (error) {
    if (!json) await Deno.stdout.write(encoder.encode("\n"));
    const message = error instanceof AilbError ? `${error.code}: ${error.message}` : (error as Error).message;
    const why = timedOut ? `no complete answer within ${timeoutMs / 1000} s` : message;
    if (json) {
      const cancelled = !timedOut && error instanceof AilbError && error.code === "cancelled";
      console.log(
        JSON.stringify({ text: partial, finish_reason: cancelled ? "cancelled" : "error", error: why }),
      );
    }
    console.error(`error: ${why}`);
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
    if (line.trim() && await askOnce(client, line, options, json, timeoutMs, true) !== 0) failures++;
    await prompt();
  }
  lines.close();
  return failures ? 1 : 0;
}

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/**
 * The line shown after each interactive answer: who answered (a server, or the cache and what it
 * matched), time to first token, tokens, and the generation rate after the first token.
 */
export function describeAnswer(stats: DoneStats): string {
  const parts: string[] = [];
  if (stats.cache === "exact" || stats.cache === "semantic") {
    parts.push(
      `cache (${stats.cache}${stats.cache === "semantic" ? ` ${stats.similarity?.toFixed(3)}` : ""})`,
    );
    if (stats.matched_prompt !== undefined) parts.push(`matched "${stats.matched_prompt.slice(0, 40)}"`);
  } else if (stats.cached) {
    parts.push(`${stats.backend}, shared with an identical request`);
  } else {
    parts.push(stats.backend);
  }
  if (stats.failovers) parts.push(`after ${stats.failovers} failover${stats.failovers === 1 ? "" : "s"}`);
  parts.push(`first token ${ms(stats.ttft_ms)}`, `${stats.tokens} tokens`);
  if (!stats.cached && stats.tokens > 1 && stats.total_ms > stats.ttft_ms) {
    parts.push(`${((stats.tokens - 1) / ((stats.total_ms - stats.ttft_ms) / 1000)).toFixed(1)} tok/s`);
  }
  parts.push(`total ${ms(stats.total_ms)}`);
  return `   [${parts.join(" · ")}]`;
}
