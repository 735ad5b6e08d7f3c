/** The original tool's text protocol: sniffing, parsing and prompt stripping. */
import assert from "node:assert/strict";
import {
  LEGACY_MAX_PROMPT_BYTES,
  parseAnswer,
  parseHeartbeats,
  parseRegister,
  sniffProtocol,
  stripPrompt,
} from "../lib/legacy/protocol.ts";
import { encodeFrame } from "../lib/protocol.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("sniffing: REGI and CLIE are legacy, a frame of the largest allowed size is not", () => {
  assert.equal(sniffProtocol(bytes("REGISTER|h|1")), "register");
  assert.equal(sniffProtocol(bytes("CLIENT|ADD")), "client");
  assert.equal(sniffProtocol(bytes("CLI")), "framed", "fewer than four bytes decide nothing");
  assert.equal(sniffProtocol(encodeFrame({ type: "hello", v: 1, role: "client" })), "framed");
  // Read as a frame length, "REGI" and "CLIE" are over 1 GiB; --max-frame allows at most 256 MiB.
  const view = (text: string) => new DataView(bytes(text).buffer).getUint32(0);
  assert.ok(view("REGI") > 256 * 1024 * 1024 && view("CLIE") > 256 * 1024 * 1024);
  const largest = new Uint8Array(4);
  new DataView(largest.buffer).setUint32(0, 256 * 1024 * 1024);
  assert.equal(sniffProtocol(largest), "framed");
});

Deno.test("REGISTER|host|port parsing, ports at their bounds", () => {
  assert.deepEqual(parseRegister("REGISTER|localhost|1235"), { host: "localhost", port: 1235 });
  assert.deepEqual(parseRegister("REGISTER|127.0.0.1|1\n"), { host: "127.0.0.1", port: 1 });
  assert.deepEqual(parseRegister("REGISTER|::1|65535"), { host: "::1", port: 65535 });
  assert.deepEqual(parseRegister("REGISTER|h|65535"), { host: "h", port: 65535 });
  for (
    const bad of [
      "REGISTER|h|0",
      "REGISTER|h|65536",
      "REGISTER|h",
      "REGISTER|h|1|2",
      "REGISTER||1",
      "REGISTER|h|-1",
    ]
  ) {
    assert.equal(parseRegister(bad), undefined, bad);
  }
});

Deno.test("heartbeats: any number per read", () => {
  assert.deepEqual(parseHeartbeats("HEARTBEAT 0"), [0]);
  assert.deepEqual(parseHeartbeats("HEARTBEAT 7HEARTBEAT 8"), [7, 8]);
  assert.deepEqual(parseHeartbeats("hello"), []);
});

Deno.test("answers: request id checked, prompt stripped, nothing dropped", () => {
  assert.equal(parseAnswer("abc", "abc|Once upon a time, a fox"), "Once upon a time, a fox");
  assert.equal(parseAnswer("abc", "abd|text"), undefined);
  assert.deepEqual(stripPrompt("Once upon a time", "Once upon a time, a fox"), {
    text: ", a fox",
    stripped: true,
  });
  // The original server strips what it receives, so a trailing space of the prompt is gone in the answer.
  assert.deepEqual(stripPrompt("Once upon a time ", "Once upon a time, a fox"), {
    text: ", a fox",
    stripped: true,
  });
  assert.deepEqual(stripPrompt("Once", "A fox"), { text: "A fox", stripped: false });
  assert.equal(LEGACY_MAX_PROMPT_BYTES, 1024 - 37);
});
