/**
 * The hostile inputs of the fuzz test (fuzz_test.ts), all drawn from one generator seeded with `SEED`, so a
 * run can be replayed: frames with true or lying lengths, JSON values of every wrong shape, and inputs that
 * break the opening of a connection, that a peer answers per request, or that end a connection after its
 * hello.
 */
import type { Message } from "../lib/protocol.ts";
import { mulberry32 } from "../lib/random.ts";

export const SEED = 20261130;
export const MAX_FRAME = 64 * 1024;

const rand = mulberry32(SEED);
export const int = (n: number) => Math.floor(rand() * n);
export const pick = <T>(items: readonly T[]): T => items[int(items.length)];
const encoder = new TextEncoder();

export function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(256);
  return out;
}

export function frame(body: Uint8Array, declared = body.length): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, declared >>> 0);
  out.set(body, 4);
  return out;
}

export const json = (value: unknown) => frame(encoder.encode(JSON.stringify(value)));

export const ODD_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -0.5,
  "",
  "x",
  "9".repeat(400),
  [],
  [1, "a"],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: {} } },
];

/** One input that breaks the opening of a connection (sent alone on a fresh connection). */
export function openingInput(role: "client" | "balancer"): Uint8Array {
  switch (int(9)) {
    case 0: // random bytes, any length
      return bytes(1 + int(64));
    case 1: // a length that promises more than ever comes
      return frame(bytes(int(16)), 17 + int(1000));
    case 2: // huge lengths
      return frame(new Uint8Array(0), pick([0xffffffff, 0x7fffffff, MAX_FRAME + 1, 0x10000000]));
    case 3: // empty frame
      return frame(new Uint8Array(0));
    case 4: // not JSON, or not UTF-8
      return frame(pick([bytes(1 + int(40)), encoder.encode('{"type":"hello"'), Uint8Array.of(0xc3, 0x28)]));
    case 5: // JSON that is not a message
      return json(pick(ODD_VALUES));
    case 6: // unknown or prototype-named types
      return json({
        type: pick(["launch", "__proto__", "constructor", "toString", "hasOwnProperty", "x".repeat(300)]),
      });
    case 7: // a hello with wrong field types or values
      return json({
        type: "hello",
        v: pick([1, "1", null, 2, 1e9, -1]),
        role: pick([role, "emperor", 5, null, "server"]),
        token: pick([undefined, 5, "x".repeat(5000)]),
        port: pick([0, 70000, "80", -1, 1.5]),
        name: pick([undefined, 7, "n".repeat(1000)]),
      });
    default: // the first message is not a hello
      return json({ type: pick(["generate", "status", "cancel", "heartbeat", "chunk"]), id: "x", seq: 1 });
  }
}

/** One input after a valid hello that the peer answers per request, without closing (sent in floods). */
export function requestInput(i: number, target: "balancer" | "server"): Message | Record<string, unknown> {
  const id = `f${i}`;
  switch (int(8)) {
    case 0:
      return { type: "generate", id, prompt: "Once", params: pick(ODD_VALUES) };
    case 1:
      return {
        type: "generate",
        id,
        prompt: "Once",
        params: { max_tokens: pick(ODD_VALUES), temperature: pick(ODD_VALUES), top_k: pick(ODD_VALUES) },
      };
    case 2:
      return { type: "generate", id, prompt: pick(["", "   ", "x".repeat(100_001 % MAX_FRAME)]) };
    case 3:
      return { type: "cancel", id: `nobody-${i}` };
    case 4:
      return { type: "heartbeat", seq: i, load: pick(ODD_VALUES) };
    case 5:
      return target === "balancer" ? { type: "status", id } : { type: "heartbeat_ack", seq: i };
    case 6:
      return { type: "generate", id, prompt: "Once", params: { max_tokens: 1, stop: pick(ODD_VALUES) } };
    default:
      return {
        type: "generate",
        id,
        prompt: "Once",
        params: { max_tokens: 1 },
        model: pick(["", "x", "nope"]),
      };
  }
}

/** One input after a valid hello that ends the connection (sent alone on a fresh connection after hello). */
export function closingInput(): Uint8Array {
  switch (int(5)) {
    case 0: // long ids
      return json({ type: "generate", id: "i".repeat(129 + int(MAX_FRAME - 200)), prompt: "Once" });
    case 1: // messages of the wrong shape
      return json({ type: "generate", id: pick(ODD_VALUES), prompt: pick(ODD_VALUES) });
    case 2:
      return json({ type: pick(["chunk", "done", "welcome", "status_result"]), id: "x", text: 5 });
    case 3:
      return frame(bytes(1 + int(100)));
    default:
      return frame(new Uint8Array(0), 0xfffffff0);
  }
}
