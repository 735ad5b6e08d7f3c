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

Deno.test("the JS pooling of the static model gives the transformers.js pipeline's vectors (to 1e-5)", async () => {
  const dev = await Deno.readTextFile(new URL("./data/cache_eval_dev.txt", import.meta.url));
  const prompts = [
    ...dev.split("\n").filter((line) => /^[@+-] /.test(line)).map((line) =>
      line.replace(/^[@+-] (\w+: )?/, "")
    ),
    "",
    "?!",
    "Ünïcödé façade — naïve café, 東京 and emoji 🦊🔑",
    "Tale 12345: once upon a time a fox found a key",
    "word ".repeat(5000), // past the tokenizer's 4096 tokens: truncated the same way
  ];
  const fast = await createEmbedder();
  const reference = await createEmbedder({ reference: true });
  try {
    assert.equal(fast.jsPooling, true);
    assert.equal(reference.jsPooling, false);
    // The reference one prompt at a time (a batch would pad every prompt to the 4096-token one).
    const expected = [];
    for (const prompt of prompts) expected.push(...await reference.embed([prompt]));
    const vectors = await fast.embed(prompts);
    let worst = 0;
    for (const [i, vector] of vectors.entries()) {
      assert.equal(vector.length, 256);
      for (let d = 0; d < 256; d++) worst = Math.max(worst, Math.abs(vector[d] - expected[i][d]));
    }
    assert.ok(prompts.length > 400, `${prompts.length} prompts compared`);
    assert.ok(worst <= 1e-5, `largest difference ${worst}`);
  } finally {
    await fast.dispose();
    await reference.dispose();
  }
});
