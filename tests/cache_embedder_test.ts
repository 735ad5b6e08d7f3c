import assert from "node:assert/strict";
import { createEmbedder } from "../lib/cache/embedder.ts";

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

Deno.test("the bundled static model runs through transformers.js and puts a paraphrase nearer than an unrelated prompt", async () => {
  const embedder = await createEmbedder();
  try {
    assert.equal(embedder.dim, 256);
    assert.match(embedder.fingerprint, /^embed-static@[0-9a-f]{16}$/);
    const [base, paraphrase, unrelated, typo] = await embedder.embed([
      "Once upon a time, a little girl found a dragon in the forest.",
      "Once upon a time, a small girl discovered a dragon in the woods.",
      "Explain how a diesel engine works.",
      "Once upon a time, a little girl found a dargon in the forest.",
    ]);
    assert.ok(Math.abs(cosine(base, base) - 1) < 1e-4, "vectors are unit length");
    assert.ok(cosine(base, paraphrase) > cosine(base, unrelated) + 0.2);
    assert.ok(cosine(base, typo) > cosine(base, unrelated) + 0.2);
    const [empty] = await embedder.embed(["?!"]);
    assert.ok(empty.every(Number.isFinite), "a prompt of punctuation still embeds to finite numbers");
  } finally {
    await embedder.dispose();
  }
});

Deno.test("a missing model folder is a clear error", async () => {
  await assert.rejects(
    () => createEmbedder({ model: "./no/such/model-folder" }),
    /embedding model folder not found/,
  );
});
