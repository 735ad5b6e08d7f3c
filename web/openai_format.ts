/**
 * The OpenAI wire format, both ways: request bodies of `/v1/completions` and `/v1/chat/completions` checked and
 * mapped onto ailb's request ({@link parseOpenAIRequest}), the chat template that flattens messages into a prompt
 * for story models ({@link chatPrompt}), and the response, chunk and error bodies.
 *
 * Parameter *bounds* are not checked here: the mapped wire parameters go through `lib/params.ts` in dispatch like
 * every other request, so the OpenAI API applies the same bounds as the TCP protocol. Here only the OpenAI
 * shapes are checked (types, `n`, prompt forms), and unknown fields are ignored as OpenAI does.
 *
 * @example
 * ```ts
 * const request = parseOpenAIRequest("chat", { model: "ailb", messages: [{ role: "user", content: "Hi" }] });
 * request.prompt; // "User: Hi\nAssistant:"
 * ```
 *
 * @module
 */
import type { ChatMessage, FinishReason, WireParams } from "../lib/params.ts";
import { LIMITS } from "../lib/params.ts";
import type { DoneStats, ErrorCode } from "../lib/protocol.ts";

/** Which endpoint a request came in on. */
export type OpenAIKind = "chat" | "text";

/** An OpenAI request mapped onto ailb's. */
export interface OpenAIRequest {
  kind: OpenAIKind;
  /** The model asked for ("ailb" means any). */
  model: string;
  /** The text to continue (chat: the messages through {@link chatPrompt}). */
  prompt: string;
  /** Chat only: the messages as sent, for servers that take chat natively. */
  messages?: ChatMessage[];
  params: WireParams;
  stream: boolean;
  includeUsage: boolean;
}

/** A request the OpenAI API refuses; `status` and the body follow OpenAI's error conventions. */
export class OpenAIError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429 | 500 | 502 | 503 | 504,
    message: string,
    readonly type: string = "invalid_request_error",
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = "OpenAIError";
  }

  /** The JSON body: `{"error": {"message", "type", "param", "code"}}`. */
  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** How each ailb error code is answered over HTTP. */
export function fromDispatchError(code: ErrorCode, message: string): OpenAIError {
  switch (code) {
    case "invalid_params":
      return new OpenAIError(400, message, "invalid_request_error", "invalid_params");
    case "unknown_model":
      return new OpenAIError(404, message, "invalid_request_error", "model_not_found", "model");
    case "unauthorized":
      return new OpenAIError(401, message, "authentication_error", "invalid_api_key");
    case "overloaded":
      return new OpenAIError(429, message, "rate_limit_error", "overloaded");
    case "no_backend":
    case "shutting_down":
      return new OpenAIError(503, message, "server_error", code);
    case "backend_lost":
    case "backend_error":
      return new OpenAIError(502, message, "server_error", code);
    case "timeout":
      return new OpenAIError(504, message, "server_error", "timeout");
    default:
      return new OpenAIError(500, message, "server_error", code);
  }
}

function bad(param: string, expected: string): OpenAIError {
  return new OpenAIError(
    400,
    `'${param}' must be ${expected}`,
    "invalid_request_error",
    "invalid_type",
    param,
  );
}

type Body = Record<string, unknown>;

function optional<T>(
  body: Body,
  key: string,
  check: (v: unknown) => boolean,
  expected: string,
): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!check(value)) throw bad(key, expected);
  return value as T;
}

const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);
const isInteger = (v: unknown) => Number.isInteger(v);
const isString = (v: unknown) => typeof v === "string";
const isBoolean = (v: unknown) => typeof v === "boolean";
const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/** The role names the chat template writes. */
const ROLE_LABELS: Record<string, string> = {
  system: "System",
  developer: "System",
  user: "User",
  assistant: "Assistant",
  tool: "Tool",
};

/**
 * The chat template for models that only continue text: one line per message, `Role: content` (`System`,
 * `User`, `Assistant`, `Tool`; `developer` counts as `System`), then `Assistant:` for the model to continue.
 * Requests flattened this way also stop before a line starting `User:` (added to their stop strings when there
 * is room), so a story model does not write the user's next turn.
 */
export function chatPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `${ROLE_LABELS[m.role]}: ${m.content}`).join("\n") + "\nAssistant:";
}

/** The stop string chat requests get, so the model does not go on to write the user's turn. */
export const CHAT_STOP = "\nUser:";

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw bad("messages", "a non-empty array of messages");
  return value.map((message, i) => {
    const where = `messages[${i}]`;
    if (!isObject(message)) throw bad(where, "an object with 'role' and 'content'");
    const { role, content } = message as Body;
    if (typeof role !== "string" || !(role in ROLE_LABELS)) {
      throw bad(`${where}.role`, `one of ${Object.keys(ROLE_LABELS).join(", ")}`);
    }
    if (content === null || content === undefined) return { role, content: "" };
    if (typeof content === "string") return { role, content };
    // Content parts: only text can reach a text model.
    if (!Array.isArray(content)) throw bad(`${where}.content`, "a string or an array of text parts");
    const texts = content.map((part, j) => {
      const p = part as Body;
      if (!isObject(part) || p.type !== "text" || typeof p.text !== "string") {
        throw bad(
          `${where}.content[${j}]`,
          `a text part ({"type": "text", "text": ...}); only text is supported`,
        );
      }
      return p.text as string;
    });
    return { role, content: texts.join("") };
  });
}

function parsePrompt(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") return value[0];
  if (Array.isArray(value) && value.every(isString)) {
    throw new OpenAIError(
      400,
      "only one prompt per request is supported",
      "invalid_request_error",
      null,
      "prompt",
    );
  }
  throw bad("prompt", "a string (token arrays are not supported)");
}

function parseStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every(isString)) return value as string[];
  throw bad("stop", "a string or an array of strings");
}

/** Checks an OpenAI request body and maps it onto ailb's request; throws {@link OpenAIError} (400). */
export function parseOpenAIRequest(kind: OpenAIKind, body: unknown): OpenAIRequest {
  if (!isObject(body)) throw new OpenAIError(400, "the request body must be a JSON object");
  const b = body as Body;
  const model = optional<string>(b, "model", isString, "a string") ?? "ailb";
  const n = optional<number>(b, "n", isInteger, "an integer");
  if (n !== undefined && n !== 1) {
    throw new OpenAIError(
      400,
      `only n=1 is supported, got n=${n}`,
      "invalid_request_error",
      "unsupported_value",
      "n",
    );
  }
  optional(b, "user", isString, "a string");
  const stream = optional<boolean>(b, "stream", isBoolean, "a boolean") ?? false;
  const options = optional<Body>(b, "stream_options", isObject, "an object");
  const includeUsage = options === undefined
    ? false
    : optional<boolean>(options, "include_usage", isBoolean, "a boolean") ?? false;
  const maxTokens = optional<number>(b, "max_completion_tokens", isInteger, "an integer") ??
    optional<number>(b, "max_tokens", isInteger, "an integer");
  const params: WireParams = {};
  if (maxTokens !== undefined) params.max_tokens = maxTokens;
  const temperature = optional<number>(b, "temperature", isNumber, "a number");
  if (temperature !== undefined) params.temperature = temperature;
  const topP = optional<number>(b, "top_p", isNumber, "a number");
  if (topP !== undefined) params.top_p = topP;
  const seed = optional<number>(b, "seed", isInteger, "an integer");
  if (seed !== undefined) params.seed = seed;
  const stop = parseStop(b.stop);
  if (stop !== undefined) params.stop = stop;
  if (kind === "text") {
    if (b.prompt === undefined) {
      throw new OpenAIError(400, "'prompt' is required", "invalid_request_error", null, "prompt");
    }
    return { kind, model, prompt: parsePrompt(b.prompt), params, stream, includeUsage };
  }
  const messages = parseMessages(b.messages);
  const stops = params.stop ?? [];
  if (stops.length < LIMITS.stop.count && !stops.includes(CHAT_STOP)) params.stop = [...stops, CHAT_STOP];
  return { kind, model, prompt: chatPrompt(messages), messages, params, stream, includeUsage };
}

/** Token counts in OpenAI's `usage` shape. */
export function usageOf(
  stats: DoneStats,
): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const prompt = stats.prompt_tokens ?? 0;
  const completion = stats.completion_tokens ?? stats.tokens;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Identity fields shared by every body of one response. */
export interface ResponseHead {
  id: string;
  created: number;
  model: string;
}

/** One streamed chunk: text so far, or the last one with the finish reason. */
export function chunkBody(
  kind: OpenAIKind,
  head: ResponseHead,
  text: string | undefined,
  finish: FinishReason | null,
  first = false,
): Record<string, unknown> {
  if (kind === "chat") {
    const delta = text === undefined ? {} : first ? { role: "assistant", content: text } : { content: text };
    return {
      ...head,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
  }
  return {
    ...head,
    object: "text_completion",
    choices: [{ index: 0, text: text ?? "", logprobs: null, finish_reason: finish }],
  };
}

/** The last chunk of a stream with `stream_options.include_usage`: no choices, only usage. */
export function usageChunk(kind: OpenAIKind, head: ResponseHead, stats: DoneStats): Record<string, unknown> {
  return {
    ...head,
    object: kind === "chat" ? "chat.completion.chunk" : "text_completion",
    choices: [],
    usage: usageOf(stats),
  };
}

/** The whole answer of a request with `stream: false`. */
export function completionBody(
  kind: OpenAIKind,
  head: ResponseHead,
  text: string,
  stats: DoneStats,
): Record<string, unknown> {
  const finish = stats.finish_reason ?? "length";
  const choice = kind === "chat"
    ? { index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: finish }
    : { index: 0, text, logprobs: null, finish_reason: finish };
  return {
    ...head,
    object: kind === "chat" ? "chat.completion" : "text_completion",
    choices: [choice],
    usage: usageOf(stats),
  };
}
