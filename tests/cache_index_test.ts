import assert from "node:assert/strict";
import { CLUSTERED, FLAT, normalizeInPlace, VectorIndex } from "../lib/cache/vector_index.ts";

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
