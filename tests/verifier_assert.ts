/**
 * Assertions on the cache verifier shared by its rule tests: a pair it must accept (returned, to look at the
 * reason) and a pair it must reject by a given rule (and, optionally, a reason matching a pattern).
 */
import assert from "node:assert/strict";
import type { Lexicon } from "../lib/cache/lexicon.ts";
import { explainPair } from "../lib/cache/verifier.ts";

/** `accepts` and `rejects` bound to one lexicon. */
export function verifierAssertions(lexicon: Lexicon) {
  const accepts = (a: string, b: string) => {
    const e = explainPair(a, b, lexicon);
    assert.ok(e.accepted, `expected "${a}" ~ "${b}", rejected (${e.rule}): ${e.reason}`);
    return e;
  };
  const rejects = (a: string, b: string, rule: string, reason?: RegExp) => {
    const e = explainPair(a, b, lexicon);
    assert.ok(!e.accepted, `expected "${a}" !~ "${b}" to be rejected (${rule})`);
    assert.equal(e.rule, rule, `"${a}" / "${b}": ${e.reason}`);
    if (reason) assert.match(e.reason, reason);
  };
  return { accepts, rejects };
}
