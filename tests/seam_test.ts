/** SeamGuard: stop strings across a failover seam (pure unit tests). */
import assert from "node:assert/strict";
import { SeamGuard } from "../lib/balancer/seam.ts";

const chunk = (text: string) => ({ text, tokens: 1 });

Deno.test("a stop string straddling the seam is caught, however the continuation is split", () => {
  for (const parts of [["me there"], ["m", "e the", "re"], ["me", " ", "there", " was"]]) {
    const guard = new SeamGuard("once upon a ti", ["time there"]);
    const results = parts.map((p) => guard.push(chunk(p)));
    assert.ok(results.includes("stop"), `split ${JSON.stringify(parts)}`);
    assert.ok(results.slice(0, results.indexOf("stop")).every((r) => Array.isArray(r) && r.length === 0));
  }
});

Deno.test("text that cannot complete a straddling stop string is released as soon as that is certain", () => {
  const guard = new SeamGuard("once upon a ti", ["time there"]);
  assert.deepEqual(guard.push(chunk("me")), [], "'ti'+'me' could still become 'time there'");
  assert.deepEqual(guard.push(chunk(" to go home")), [chunk("me"), chunk(" to go home")]);
  assert.deepEqual(
    guard.push(chunk(" time there")),
    [chunk(" time there")],
    "after the seam: the server's job",
  );
  assert.deepEqual(guard.flush(), []);
});

Deno.test("a short continuation is decided when it ends; no stop strings or no sent text: pass-through", () => {
  const ending = new SeamGuard("a ti", ["time there"]);
  assert.deepEqual(ending.push(chunk("me")), []);
  assert.deepEqual(ending.flush(), [chunk("me")], "ended before completing the stop string");
  const straddled = new SeamGuard("the e", ["end"]);
  assert.deepEqual(straddled.push(chunk("n")), []);
  assert.equal(straddled.push(chunk("d!")), "stop");
  assert.deepEqual(new SeamGuard("abc", []).push(chunk("x")), [chunk("x")]);
  assert.deepEqual(new SeamGuard("", ["end"]).push(chunk("end")), [chunk("end")]);
  assert.deepEqual(
    new SeamGuard("abc", ["!"]).push(chunk("!")),
    [chunk("!")],
    "one character never straddles",
  );
  // A stop string wholly inside the continuation is the new server's to catch, not the seam's.
  assert.deepEqual(new SeamGuard("xy", ["end"]).push(chunk("end")), [chunk("end")]);
});
