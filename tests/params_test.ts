/**
 * One request shape: parameter bounds (each limit accepted, limit + 1 refused), the wire round trip, and the
 * stop-string scanner engines use.
 */
import assert from "node:assert/strict";
import { StopScanner } from "../lib/engines/stop.ts";
import { LIMITS, toGenerationParams, toWireParams } from "../lib/params.ts";
import { ProtocolError } from "../lib/protocol.ts";

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof ProtocolError && e.code === "invalid_params" && pattern.test(e.message),
  );
}

Deno.test("params: defaults, and the wire form round-trips", () => {
  const params = toGenerationParams("Once upon a time");
  assert.deepEqual(params, {
    maxTokens: LIMITS.maxTokens.default,
    temperature: LIMITS.temperature.default,
    topK: LIMITS.topK.default,
    topP: LIMITS.topP.default,
    stop: [],
  });
  const full = toGenerationParams("x", {
    max_tokens: 9,
    temperature: 0,
    top_k: 3,
    top_p: 0.5,
    seed: 4,
    stop: ["."],
  });
  assert.deepEqual(toGenerationParams("x", toWireParams(full)), full);
  assert.deepEqual(toWireParams({ maxTokens: 5 }), { max_tokens: 5 }, "unset fields stay off the wire");
});

Deno.test("params: every bound accepts its limit and refuses one past it", () => {
  const { maxTokens, temperature, topK, seed, stop, promptChars } = LIMITS;
  assert.equal(toGenerationParams("x", { max_tokens: maxTokens.max }).maxTokens, maxTokens.max);
  refused(() => toGenerationParams("x", { max_tokens: maxTokens.max + 1 }), /max_tokens must be between/);
  refused(() => toGenerationParams("x", { max_tokens: 0 }), /max_tokens/);
  refused(() => toGenerationParams("x", { max_tokens: 1.5 }), /max_tokens must be an integer/);
  assert.equal(toGenerationParams("x", { temperature: temperature.max }).temperature, temperature.max);
  refused(() => toGenerationParams("x", { temperature: temperature.max + 0.01 }), /temperature/);
  assert.equal(toGenerationParams("x", { top_k: topK.max }).topK, topK.max);
  refused(() => toGenerationParams("x", { top_k: topK.max + 1 }), /top_k/);
  assert.equal(toGenerationParams("x", { top_p: 1 }).topP, 1);
  refused(() => toGenerationParams("x", { top_p: 0 }), /top_p must be greater than 0/);
  refused(() => toGenerationParams("x", { top_p: 1.01 }), /top_p/);
  assert.equal(toGenerationParams("x", { seed: seed.max }).seed, seed.max);
  refused(() => toGenerationParams("x", { seed: seed.max + 1 }), /seed/);
  assert.equal(toGenerationParams("a".repeat(promptChars)).maxTokens, LIMITS.maxTokens.default);
  refused(() => toGenerationParams("a".repeat(promptChars + 1)), /prompt is longer/);
  refused(() => toGenerationParams("   "), /prompt is empty/);

  const four = Array.from({ length: stop.count }, (_, i) => `s${i}`);
  assert.deepEqual(toGenerationParams("x", { stop: four }).stop, four);
  refused(() => toGenerationParams("x", { stop: [...four, "s9"] }), /stop takes at most 4 strings, got 5/);
  assert.equal(toGenerationParams("x", { stop: ["a".repeat(stop.chars)] }).stop[0].length, stop.chars);
  refused(() => toGenerationParams("x", { stop: ["a".repeat(stop.chars + 1)] }), /at most 256 characters/);
  refused(() => toGenerationParams("x", { stop: [""] }), /must not be empty/);
  refused(() => toGenerationParams("x", { stop: "." as unknown as string[] }), /list of strings/);
  refused(() => toGenerationParams("x", { stop: [1] as unknown as string[] }), /list of strings/);
  refused(
    () => toGenerationParams("x", { temperature: "hot" as unknown as number }),
    /temperature must be a number/,
  );
});

/** Feeds `pieces` through a scanner and returns what it released and whether it stopped. */
function scan(
  stops: string[],
  pieces: string[],
): { out: string; stopped: boolean; tokens: number; releases: string[] } {
  const scanner = new StopScanner(stops);
  const releases: string[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const r = scanner.push(piece, 1);
    releases.push(r.text);
    tokens += r.tokens;
    if (r.stopped) return { out: releases.join(""), stopped: true, tokens, releases };
  }
  const tail = scanner.flush();
  releases.push(tail.text);
  return { out: releases.join(""), stopped: false, tokens: tokens + tail.tokens, releases };
}

Deno.test("stop scanner: a stop string split across chunks is cut, and no prefix of it is ever released", () => {
  const r = scan(["THE END"], [" and so", " TH", "E E", "ND", " more"]);
  assert.equal(r.out, " and so ");
  assert.equal(r.stopped, true);
  // " TH" could start "THE END": held back, so the release after the first chunk is only " and so".
  assert.deepEqual(r.releases.slice(0, 2), [" and so", " "]);
  for (const piece of r.releases) assert.ok(!piece.includes("TH"), `released ${JSON.stringify(piece)}`);
});

Deno.test("stop scanner: a held-back tail that turns out not to be a stop string is released with its tokens", () => {
  const r = scan(["THE END"], ["the TH", "EN", " we go"]);
  assert.equal(r.out, "the THEN we go");
  assert.equal(r.stopped, false);
  assert.equal(r.tokens, 3, "every token is released once");
  const flushed = scan(["END"], ["the EN"]);
  assert.equal(flushed.out, "the EN", "the tail comes out at the end");
});

Deno.test("stop scanner: the earliest of several stop strings wins; a stop at the start releases nothing", () => {
  assert.equal(scan(["b", "a"], ["xxab"]).out, "xx");
  assert.equal(scan(["cd", "abcde"], ["ab", "cd"]).out, "ab", "a held prefix of one stop, cut by another");
  assert.equal(scan(["cd", "abcde"], ["ab", "cde"]).out, "", "the stop that starts first wins");
  const first = scan(["\n"], ["\nhello"]);
  assert.equal(first.out, "");
  assert.equal(first.stopped, true);
  assert.equal(scan([], ["a", "b"]).out, "ab", "no stop strings: everything passes");
});
