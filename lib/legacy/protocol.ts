/**
 * The original Python AILoadBalancer's plain-text protocol (no framing; every
 * message is whatever one `read(1024)` returns):
 *
 * - server → balancer: `REGISTER|<host>|<port>`, answered `REGISTERED` or
 *   `INVALID REGISTER MESSAGE`; then `HEARTBEAT <n>` every 5 s on the same
 *   connection; 10 s of silence or a close means the server is gone;
 * - balancer → server, one TCP connection per request: `<uuid>|<prompt>`,
 *   answered `<uuid>|<full text>` (the prompt included) in one write;
 * - client → balancer: `CLIENT|ADD`, then each prompt as raw text; the raw
 *   answer text comes back.
 *
 * ailb recognises these peers by their first four bytes on its normal TCP
 * port: read as a frame length, `REGI` or `CLIE` is over 1 GiB, far beyond
 * any frame limit, so the two protocols cannot be confused.
 *
 * @module
 */

/** The original tool's read size: each message it sends or expects fits in it. */
export const LEGACY_READ_SIZE = 1024;

/** The original's heartbeat period and the silence after which it dropped a server. */
export const LEGACY_HEARTBEAT_MS = 5000;
/** Default of `--legacy-heartbeat-timeout`. */
export const LEGACY_HEARTBEAT_TIMEOUT_MS = 10_000;

/** What a legacy server must send first. */
export const REGISTER_PREFIX = "REGISTER|";
/** What a legacy client sends first. */
export const CLIENT_HELLO = "CLIENT|ADD";
/** The balancer's answer to a good registration. */
export const REGISTERED = "REGISTERED";
/** The balancer's answer to a bad one (the connection is then closed). */
export const INVALID_REGISTER = "INVALID REGISTER MESSAGE";

/** Bytes of `<uuid>|` in front of every prompt sent to a legacy server. */
const REQUEST_ID_BYTES = 36 + 1;
/** The longest prompt (UTF-8 bytes) a legacy server can receive in its one 1024-byte read. */
export const LEGACY_MAX_PROMPT_BYTES = LEGACY_READ_SIZE - REQUEST_ID_BYTES;

const encoder = new TextEncoder();
const SNIFF = { register: encoder.encode("REGI"), client: encoder.encode("CLIE") };

/**
 * Which protocol a connection speaks, from its first four bytes:
 * `"register"` / `"client"` for the legacy text protocol, `"framed"` otherwise.
 */
export function sniffProtocol(first: Uint8Array): "register" | "client" | "framed" {
  const starts = (prefix: Uint8Array) => first.length >= 4 && prefix.every((byte, i) => first[i] === byte);
  if (starts(SNIFF.register)) return "register";
  if (starts(SNIFF.client)) return "client";
  return "framed";
}

/** A legacy server's address from its `REGISTER|host|port` message, or undefined when malformed. */
export function parseRegister(text: string): { host: string; port: number } | undefined {
  const message = text.trim();
  if (!message.startsWith(REGISTER_PREFIX)) return undefined;
  const parts = message.split("|");
  if (parts.length !== 3) return undefined;
  const [, host, portText] = parts;
  if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(host) || !/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  return { host, port };
}

/** The heartbeat numbers in a read (several may arrive in one read; none is fine too). */
export function parseHeartbeats(text: string): number[] {
  return [...text.matchAll(/HEARTBEAT\s+(\d+)/g)].map((match) => Number(match[1]));
}

/** The request a legacy server receives. */
export function formatRequest(requestId: string, prompt: string): string {
  return `${requestId}|${prompt}`;
}

/**
 * The text of a legacy server's answer `<uuid>|<text>`, or undefined when it
 * does not carry `requestId` (an answer to something else).
 */
export function parseAnswer(requestId: string, answer: string): string | undefined {
  const prefix = `${requestId}|`;
  return answer.startsWith(prefix) ? answer.slice(prefix.length) : undefined;
}

/**
 * The continuation in a legacy server's full text: GPT-2 pipelines return the
 * prompt followed by the new text, and the original server strips whitespace
 * around what it received. Returns the text after the prompt, or the whole
 * text when it does not start with the prompt (nothing is dropped).
 */
export function stripPrompt(prompt: string, fullText: string): { text: string; stripped: boolean } {
  for (const candidate of [prompt, prompt.trimEnd(), prompt.trim()]) {
    if (candidate && fullText.startsWith(candidate)) {
      return { text: fullText.slice(candidate.length), stripped: true };
    }
  }
  return { text: fullText, stripped: false };
}

/** A rough token count for text from a server that reports none: its whitespace-separated words. */
export function estimateTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** UTF-8 size of a string. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}
