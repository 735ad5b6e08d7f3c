/**
 * The ailb wire protocol: length-prefixed JSON frames over TCP.
 *
 * Every frame is a 4-byte big-endian unsigned length followed by that many
 * bytes of UTF-8 JSON holding one {@link Message}. The first message on a
 * connection is a `hello` carrying the protocol version and the peer's role.
 * See docs/protocol.md for the full description.
 *
 * @module
 */

/** Version spoken by this build; a hello with another major version is refused. */
export const PROTOCOL_VERSION = 1;

/** Default upper bound of one frame's body (1 MiB). */
export const DEFAULT_MAX_FRAME = 1024 * 1024;

/** Longest request id accepted (ids are echoed in answers and logs, so they must stay small). */
export const MAX_ID_CHARS = 128;

/** Longest `host`, `name`, `model` or `engine` a hello may carry. */
export const MAX_HELLO_FIELD_CHARS = 256;

/** Roles a peer can declare in its hello. */
export type Role = "client" | "server" | "balancer";

/** Stable error codes; the human text travels beside them. */
export type ErrorCode =
  | "bad_frame"
  | "frame_too_large"
  | "bad_message"
  | "unknown_type"
  | "unsupported_version"
  | "unauthorized"
  | "no_backend"
  | "backend_lost"
  | "backend_error"
  | "overloaded"
  | "invalid_params"
  | "unknown_model"
  | "cancelled"
  | "timeout"
  | "shutting_down"
  | "internal";

/** Every {@link ErrorCode}, for checking codes that arrive from peers. */
export const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>(
  [
    "bad_frame",
    "frame_too_large",
    "bad_message",
    "unknown_type",
    "unsupported_version",
    "unauthorized",
    "no_backend",
    "backend_lost",
    "backend_error",
    "overloaded",
    "invalid_params",
    "unknown_model",
    "cancelled",
    "timeout",
    "shutting_down",
    "internal",
  ] satisfies { [K in ErrorCode]: K }[ErrorCode][],
);

/**
 * Sampling parameters as they travel on the wire (snake_case, all optional). `lib/params.ts` is the only place
 * that converts them to and from the validated engine form.
 */
export interface WireParams {
  max_tokens?: number;
  temperature?: number;
  top_k?: number;
  top_p?: number;
  seed?: number;
  /** Up to 4 strings; generation ends before the first of them. */
  stop?: string[];
}

/** Why a generation ended (`done` carries `stop` or `length`; `cancelled` and `error` end without `done`). */
export type WireFinishReason = "stop" | "length" | "cancelled" | "error";

/** Load figures a server reports in its heartbeats. */
export interface Load {
  in_flight: number;
  queued: number;
  tokens_per_s: number;
  /** Requests the server has received since it started (its own count). */
  requests?: number;
  /** Set while the server cannot serve (its engine's upstream is failing): why. The balancer stops routing here. */
  unhealthy?: string;
}

/** A server's own timing of one generation, as measured inside `ailb serve`. */
export interface ServerStats {
  /** From the request's arrival at the server to its first chunk (includes waiting for a slot). */
  ttft_ms: number;
  total_ms: number;
  /** Time spent waiting for a generation slot. */
  queue_ms?: number;
}

/**
 * Statistics sent with the final message of a generation. A server sends its own figures; the balancer
 * sends its figures (measured from the client's request) and keeps the server's under `server`.
 */
export interface DoneStats {
  /** Completion tokens (same as `completion_tokens`; kept for older readers). */
  tokens: number;
  ttft_ms: number;
  total_ms: number;
  backend: string;
  cached: boolean;
  /** How a cached answer was found: `exact` or `semantic` cache hit, or `coalesced` (shared with an identical request in flight). */
  cache?: "exact" | "semantic" | "coalesced";
  similarity?: number;
  /** Exact and semantic hits: the earlier prompt whose answer this is. */
  matched_prompt?: string;
  /** Times the answer continued on another backend after its server failed mid-stream. */
  failovers?: number;
  /** `stop` (a stop string or the end of text) or `length` (max_tokens reached). */
  finish_reason?: WireFinishReason;
  /** Tokens of the prompt, counted by the engine's tokenizer. */
  prompt_tokens?: number;
  /** Tokens the engine generated (including those of a stop string that ended it, which is not sent). */
  completion_tokens?: number;
  /** The model that produced the answer. */
  model?: string;
  /** balancer → client: the serving server's own stats (absent on cache hits). */
  server?: ServerStats;
}

/** Every message of the protocol, discriminated by `type`. */
export type Message =
  | {
    type: "hello";
    v: number;
    role: Role;
    token?: string;
    /** servers: the port (and host) the balancer should connect back to */
    port?: number;
    host?: string;
    engine?: string;
    model?: string;
    /** servers: every model name they answer to (default `[model]`); requests naming a model route by it */
    models?: string[];
    /** servers: true when they take chat messages natively (`generate.messages`) */
    chat?: boolean;
    concurrency?: number;
    /** servers: relative capacity (`serve --weight`, 0 < w ≤ 1000, default 1); strategies scale shares by it */
    weight?: number;
    /** servers: their port speaks TLS (`serve --tls-cert`); the balancer connects back with TLS */
    tls?: boolean;
    /** servers: a stable name for logs; defaults to host:port */
    name?: string;
  }
  | { type: "welcome"; v: number; id: string; heartbeat_ms: number }
  | {
    type: "generate";
    id: string;
    prompt: string;
    params?: WireParams;
    /** false bypasses the balancer's cache for this request */
    cache?: boolean;
    /** only servers announcing this model may answer; absent (or "ailb") means any */
    model?: string;
    /** balancer → server: the chat messages, sent only to servers whose hello said `chat: true` */
    messages?: { role: string; content: string }[];
  }
  | { type: "chunk"; id: string; text: string; tokens?: number }
  | { type: "done"; id: string; stats: DoneStats }
  | { type: "error"; id?: string; code: ErrorCode; message: string }
  | { type: "cancel"; id: string }
  | { type: "heartbeat"; seq: number; load?: Load }
  | { type: "heartbeat_ack"; seq: number; load?: Load }
  | { type: "status"; id: string }
  | { type: "status_result"; id: string; status: unknown }
  /**
   * Stop sending new work to a server; its requests in flight finish.
   * client → balancer: `server` names it (id or name), `undo` makes it routable again.
   * server → balancer on its control connection: about itself (fields ignored), before it shuts down.
   */
  | { type: "drain"; id?: string; server?: string; undo?: boolean }
  /** The answer to `drain`: the server's id and its state now. */
  | { type: "drain_result"; id?: string; server: string; state: string };

/** The `type` strings of {@link Message}. */
export type MessageType = Message["type"];

/** A message of one given type. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** Raised for input that breaks the protocol; carries the code to report. */
export class ProtocolError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

/**
 * Shortens text that came from a peer before it goes into a log line or an
 * error frame, so no input is echoed unbounded.
 */
export function clip(text: string, max = 64): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Encodes one message as a frame (length prefix + JSON body). */
export function encodeFrame(message: Message, maxFrame = DEFAULT_MAX_FRAME): Uint8Array {
  const body = encoder.encode(JSON.stringify(message));
  if (body.length > maxFrame) {
    throw new ProtocolError(
      "frame_too_large",
      `frame of ${body.length} bytes exceeds the limit of ${maxFrame}`,
    );
  }
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length);
  frame.set(body, 4);
  return frame;
}

/**
 * Reassembles frames from arbitrary TCP reads: a read may hold part of a
 * frame, exactly one, or several. The declared length is checked against the
 * limit before any buffer for the body is allocated.
 */
export class FrameDecoder {
  #buffer: Uint8Array = new Uint8Array(0);

  constructor(readonly maxFrame = DEFAULT_MAX_FRAME) {}

  /** Bytes received but not yet forming a whole frame. */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Feeds bytes and returns the complete frame bodies they finish. */
  push(bytes: Uint8Array): Uint8Array[] {
    this.#buffer = this.#buffer.length === 0 ? bytes : concat(this.#buffer, bytes);
    const bodies: Uint8Array[] = [];
    let offset = 0;
    const buffer = this.#buffer;
    while (buffer.length - offset >= 4) {
      const length = (buffer[offset] << 24 | buffer[offset + 1] << 16 | buffer[offset + 2] << 8 |
        buffer[offset + 3]) >>> 0;
      if (length > this.maxFrame) {
        throw new ProtocolError(
          "frame_too_large",
          `frame of ${length} bytes exceeds the limit of ${this.maxFrame}`,
        );
      }
      if (this.#buffer.length - offset - 4 < length) break;
      bodies.push(this.#buffer.slice(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    this.#buffer = offset === this.#buffer.length ? new Uint8Array(0) : this.#buffer.slice(offset);
    return bodies;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const FIELD_TYPES: Record<MessageType, Record<string, "string" | "number" | "object" | "boolean">> = {
  hello: { v: "number", role: "string" },
  welcome: { v: "number", id: "string", heartbeat_ms: "number" },
  generate: { id: "string", prompt: "string" },
  chunk: { id: "string", text: "string" },
  done: { id: "string", stats: "object" },
  error: { code: "string", message: "string" },
  cancel: { id: "string" },
  heartbeat: { seq: "number" },
  heartbeat_ack: { seq: "number" },
  status: { id: "string" },
  status_result: { id: "string", status: "object" },
  drain: {},
  drain_result: { server: "string", state: "string" },
};

const ROLES: readonly string[] = ["client", "server", "balancer"];

/** {@link FIELD_TYPES} as arrays, built once: every frame is checked against them (no per-frame allocation). */
const FIELD_LISTS = new Map(
  Object.entries(FIELD_TYPES).map(([type, fields]) => [type, Object.entries(fields)] as const),
);

/** Parses and validates one frame body; throws {@link ProtocolError} on bad input. */
export function decodeMessage(body: Uint8Array): Message {
  if (body.length === 0) throw new ProtocolError("bad_frame", "empty frame");
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch (error) {
    throw new ProtocolError("bad_frame", `frame is not UTF-8 JSON: ${clip((error as Error).message, 120)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtocolError("bad_message", "a message must be a JSON object");
  }
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== "string") throw new ProtocolError("bad_message", "message has no string `type`");
  const fields = FIELD_LISTS.get(type);
  if (!fields) throw new ProtocolError("unknown_type", `unknown message type "${type.slice(0, 40)}"`);
  for (const [field, kind] of fields) {
    const actual = record[field];
    const actualKind = actual === null ? "null" : typeof actual;
    const ok = kind === "number" ? Number.isFinite(actual) : actualKind === kind;
    if (!ok) throw new ProtocolError("bad_message", `"${type}" message needs ${kind} field "${field}"`);
  }
  if (type === "hello") {
    if (!ROLES.includes(record.role as string)) {
      throw new ProtocolError("bad_message", `unknown role "${clip(String(record.role), 40)}"`);
    }
    for (const field of ["host", "name", "model", "engine", "token"]) {
      const value = record[field];
      if (value === undefined) continue;
      if (typeof value !== "string") {
        throw new ProtocolError("bad_message", `hello field "${field}" must be a string`);
      }
      if (field !== "token" && value.length > MAX_HELLO_FIELD_CHARS) {
        throw new ProtocolError(
          "bad_message",
          `hello field "${field}" is longer than ${MAX_HELLO_FIELD_CHARS} characters`,
        );
      }
    }
  }
  if (type !== "welcome" && typeof record.id === "string" && record.id.length > MAX_ID_CHARS) {
    throw new ProtocolError(
      "bad_message",
      `id is longer than ${MAX_ID_CHARS} characters (${record.id.length})`,
    );
  }
  if (type === "error" && record.id !== undefined && typeof record.id !== "string") {
    throw new ProtocolError("bad_message", `"error" field "id" must be a string`);
  }
  if (type === "generate") checkGenerate(record);
  if (type === "hello") checkHelloFields(record);
  return record as unknown as Message;
}

/** The optional fields of `generate` that are not parameters (those are checked by `lib/params.ts`). */
function checkGenerate(record: Record<string, unknown>): void {
  // `params` of any shape passes: lib/params.ts answers a bad one with `invalid_params` for that request alone,
  // without closing the connection.
  const bad = (message: string) => new ProtocolError("bad_message", `"generate" ${message}`);
  if (record.model !== undefined && typeof record.model !== "string") {
    throw bad(`field "model" must be a string`);
  }
  const messages = record.messages;
  if (
    messages !== undefined &&
    (!Array.isArray(messages) ||
      !messages.every((m) =>
        typeof m === "object" && m !== null && typeof m.role === "string" && typeof m.content === "string"
      ))
  ) {
    throw bad(`field "messages" must be a list of {role, content} strings`);
  }
}

/** The optional capability fields of a server's `hello`. */
function checkHelloFields(record: Record<string, unknown>): void {
  const { models, chat } = record;
  if (models !== undefined && (!Array.isArray(models) || !models.every((m) => typeof m === "string" && m))) {
    throw new ProtocolError("bad_message", `"hello" field "models" must be a list of model names`);
  }
  if (chat !== undefined && typeof chat !== "boolean") {
    throw new ProtocolError("bad_message", `"hello" field "chat" must be a boolean`);
  }
}
