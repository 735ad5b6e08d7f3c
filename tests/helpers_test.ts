/** The test helpers themselves: a port handed out is never handed out again in the same run. */
import assert from "node:assert/strict";
import { freePort } from "./helpers.ts";

Deno.test("freePort never hands out the same port twice, though the kernel may offer it again", () => {
  // (300 draws from the ephemeral range repeat a port more often than not when nothing prevents it)
  const ports = Array.from({ length: 300 }, () => freePort());
  assert.equal(new Set(ports).size, ports.length);
});
