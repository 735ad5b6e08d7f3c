import assert from "node:assert/strict";
import { CLUSTERED, FLAT, normalizeInPlace, VectorIndex } from "../lib/cache/vector_index.ts";
import { Arena, dot } from "../lib/cache/dot_kernel.ts";
import { DOT_KERNEL_WASM } from "../lib/cache/dot_kernel_wasm.ts";
import { assembleDotKernel } from "../tools/dot-kernel/assemble.ts";

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

function clusteredVectors(count: number, dim: number, seed = 1): Float32Array[] {
  const next = random(seed);
  const centres = Array.from(
    { length: 40 },
    () => normalizeInPlace(Float32Array.from({ length: dim }, next)),
  );
  return Array.from(
    { length: count },
    (_, i) => normalizeInPlace(Float32Array.from(centres[i % centres.length], (x) => x + next() * 0.2)),
  );
}

Deno.test("flat index returns exact nearest neighbours, best first", () => {
  const index = new VectorIndex(4, FLAT);
  index.add(1, normalizeInPlace(new Float32Array([1, 0, 0, 0])));
  index.add(2, normalizeInPlace(new Float32Array([1, 1, 0, 0])));
  index.add(3, normalizeInPlace(new Float32Array([0, 0, 1, 0])));
  const result = index.search(normalizeInPlace(new Float32Array([1, 0.1, 0, 0])), 2);
  assert.deepEqual(result.map((r) => r.id), [1, 2]);
  assert.ok(result[0].score > result[1].score && result[0].score <= 1.000001);
});

Deno.test("remove and replace keep ids consistent", () => {
  const index = new VectorIndex(4, FLAT);
  for (let id = 0; id < 10; id++) index.add(id, normalizeInPlace(new Float32Array([1, id, 0, 0])));
  assert.equal(index.remove(3), true);
  assert.equal(index.remove(3), false);
  assert.equal(index.size, 9);
  index.add(5, normalizeInPlace(new Float32Array([0, 0, 0, 1])));
  assert.equal(index.size, 9);
  assert.equal(index.search(normalizeInPlace(new Float32Array([0, 0, 0, 1])), 1)[0].id, 5);
  assert.equal(index.get(3), undefined);
  assert.throws(() => index.add(11, new Float32Array(3)), /dims/);
});

Deno.test("clustered index splits lists and finds what the flat scan finds", () => {
  const dim = 32;
  const vectors = clusteredVectors(5000, dim);
  const flat = new VectorIndex(dim, FLAT);
  const clustered = new VectorIndex(dim, CLUSTERED);
  vectors.forEach((v, id) => {
    flat.add(id, v);
    clustered.add(id, v);
  });
  assert.ok(clustered.listCount > 5, `expected lists to split, got ${clustered.listCount}`);
  const next = random(9);
  let agree = 0;
  for (let q = 0; q < 200; q++) {
    const target = Math.floor((next() + 0.5) * vectors.length);
    const query = normalizeInPlace(Float32Array.from(vectors[target], (x) => x + next() * 0.02));
    if (clustered.search(query, 1)[0].id === flat.search(query, 1)[0].id) agree++;
  }
  assert.ok(agree >= 196, `recall@1 on near duplicates ${agree}/200`);
  for (let id = 0; id < 5000; id += 2) clustered.remove(id);
  assert.equal(clustered.size, 2500);
  assert.equal(clustered.search(vectors[7], 1)[0].id, 7);
});

Deno.test("the SIMD kernel's scores are bit-identical to the JS dot, and the committed bytes are the .wat", async () => {
  for (const dim of [256, 12, 10, 1]) { // multiples of 4 run in WebAssembly, others in JS
    const arena = new Arena();
    const vectors = clusteredVectors(300, dim, dim);
    const offset = arena.alloc(300 * dim * 4);
    vectors.forEach((v, i) => arena.f32(offset + i * dim * 4, dim).set(v));
    const query = clusteredVectors(1, dim, 99)[0];
    const scores = arena.scan(offset, 300, query, dim);
    const all = arena.f32(offset, 300 * dim);
    for (let i = 0; i < 300; i++) {
      assert.equal(scores[i], dot(all, i * dim, query, dim), `dim ${dim} row ${i}`);
    }
  }
  const committed = Uint8Array.from(atob(DOT_KERNEL_WASM), (c) => c.charCodeAt(0));
  assert.deepEqual(committed, await assembleDotKernel(), "run deno run -A tools/dot-kernel/build.ts");
});

Deno.test("vectors stay right while the arena's memory grows and blocks are reused", () => {
  const dim = 256;
  const vectors = clusteredVectors(3000, dim, 7); // ~3 MB: the memory (64 KiB at first) grows many times
  const flat = new VectorIndex(dim, FLAT);
  const clustered = new VectorIndex(dim, { maxListSize: 64, probes: 1000 }); // splits, frees, reuses blocks
  const early = vectors[0].slice();
  vectors.forEach((v, i) => {
    flat.add(i, v);
    clustered.add(i, v);
  });
  for (let i = 0; i < 3000; i += 3) clustered.remove(i); // empty lists are released
  for (let i = 0; i < 3000; i += 3) clustered.add(i, vectors[i]);
  assert.deepEqual(flat.get(0), early);
  assert.deepEqual(clustered.get(0), early);
  assert.deepEqual(clustered.get(2999), vectors[2999]);
  for (const q of [5, 700, 2998]) {
    const exact = vectors.map((v, id) => ({ id, score: dot(v, 0, vectors[q], dim) }))
      .sort((a, b) => b.score - a.score).slice(0, 5);
    assert.deepEqual(flat.search(vectors[q], 5), exact);
    assert.deepEqual(clustered.search(vectors[q], 5), exact); // every list probed: exact too
  }
});
