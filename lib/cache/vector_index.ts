/**
 * Nearest-neighbour search over unit-length embeddings (cosine = dot product).
 *
 * One implementation, two configurations, compared in bench/cache.ts:
 * - flat: all vectors in one contiguous Float32Array, every lookup scans them all (exact);
 * - clustered: an inverted-file index that grows by splitting. Vectors live in lists, each a contiguous block
 *   with a running centroid; a new vector joins the list with the nearest centroid, and a list that outgrows
 *   `maxListSize` is split in two by 2-means over its own members. A lookup scores the centroids and scans only
 *   the `probes` best lists. Splitting touches one list at a time, so there is never a global re-training pause
 *   in the balancer's event loop, unlike k-means IVF which must re-assign everything as the cache grows.
 */

import { Arena, dot } from "./dot_kernel.ts";

/** One search result: the stored id and its cosine similarity with the query. */
export interface Neighbour {
  id: number;
  score: number;
}

/** Tuning of {@link VectorIndex}; the defaults are the measured choice (see BENCHMARKS.md). */
export interface VectorIndexOptions {
  /** Lists are split when they grow past this many vectors (Infinity = one list = flat scan). */
  maxListSize: number;
  /** How many lists a lookup scans. */
  probes: number;
}

/**
 * Chosen by measurement (bench/cache.ts compares it with 512/12 and 1024/20 at 100k entries): lists of ≤ 256
 * vectors and 24 probes kept p50 under 2 ms with recall@5 ≈ 0.97 on paraphrase queries, where 512/12 lost recall
 * (0.94) and 1024/20 took ~6 ms.
 */
export const CLUSTERED: VectorIndexOptions = { maxListSize: 256, probes: 24 };
/** Exact search: one list, scanned whole. */
export const FLAT: VectorIndexOptions = { maxListSize: Infinity, probes: 1 };

/** A list's vectors: a block of the index's {@link Arena}, read through views. */
class VectorList {
  #offset: number;
  #capacity: number;
  #view: Float32Array;
  ids: Int32Array;
  size = 0;
  readonly sum: Float64Array;
  readonly centroid: Float32Array;
  centroidStale = true;

  constructor(readonly dim: number, readonly arena: Arena, capacity = 16) {
    this.#capacity = Math.max(capacity, 1);
    this.#offset = arena.alloc(this.#capacity * dim * 4);
    this.#view = arena.f32(this.#offset, this.#capacity * dim);
    this.ids = new Int32Array(this.#capacity);
    this.sum = new Float64Array(dim);
    this.centroid = new Float32Array(dim);
  }

  /** The stored floats (capacity × dim); re-derived when the arena's memory has grown since. */
  get vectors(): Float32Array {
    if (this.#view.buffer !== this.arena.memory.buffer) {
      this.#view = this.arena.f32(this.#offset, this.#capacity * this.dim);
    }
    return this.#view;
  }

  /** Bytes of arena memory this list holds. */
  get bytes(): number {
    return this.#capacity * this.dim * 4;
  }

  /** Scores of the first `size` vectors against `query` (a view valid until the next scan or allocation). */
  scores(query: Float32Array): Float64Array {
    return this.arena.scan(this.#offset, this.size, query, this.dim);
  }

  /** Returns the block to the arena; the list must not be used afterwards. */
  release(): void {
    this.arena.free(this.#offset, this.bytes);
  }

  push(id: number, vector: Float32Array): number {
    if (this.size === this.#capacity) {
      const offset = this.arena.alloc(this.bytes * 2); // may detach views: take them after
      const grown = this.arena.f32(offset, this.#capacity * 2 * this.dim);
      grown.set(this.arena.f32(this.#offset, this.#capacity * this.dim));
      this.arena.free(this.#offset, this.bytes);
      [this.#offset, this.#capacity, this.#view] = [offset, this.#capacity * 2, grown];
      const ids = new Int32Array(this.#capacity);
      ids.set(this.ids);
      this.ids = ids;
    }
    const at = this.size++;
    this.vectors.set(vector, at * this.dim);
    this.ids[at] = id;
    for (let d = 0; d < this.dim; d++) this.sum[d] += vector[d];
    this.centroidStale = true;
    return at;
  }

  /** Removes position `at` by moving the last vector into it; returns the id that moved (or -1). */
  removeAt(at: number): number {
    const dim = this.dim;
    const vectors = this.vectors;
    for (let d = 0; d < dim; d++) this.sum[d] -= vectors[at * dim + d];
    const last = --this.size;
    this.centroidStale = true;
    if (at === last) return -1;
    vectors.copyWithin(at * dim, last * dim, last * dim + dim);
    this.ids[at] = this.ids[last];
    return this.ids[at];
  }

  refreshCentroid(): Float32Array {
    if (this.centroidStale) {
      let norm = 0;
      for (let d = 0; d < this.dim; d++) norm += this.sum[d] * this.sum[d];
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < this.dim; d++) this.centroid[d] = this.sum[d] * scale;
      this.centroidStale = false;
    }
    return this.centroid;
  }

  /** A view of the vector at `at`, valid until the next allocation in the arena. */
  vector(at: number): Float32Array {
    return this.vectors.subarray(at * this.dim, (at + 1) * this.dim);
  }
}

/** Inserts into a best-first list of at most k neighbours. */
function offer(best: Neighbour[], k: number, id: number, score: number): void {
  if (best.length === k && score <= best[k - 1].score) return;
  let i = best.length < k ? best.length : k - 1;
  if (best.length < k) best.push({ id, score });
  while (i > 0 && best[i - 1].score < score) {
    best[i] = best[i - 1];
    i--;
  }
  best[i] = { id, score };
}

/** A mutable nearest-neighbour index of unit vectors keyed by integer ids. */
export class VectorIndex {
  readonly #arena = new Arena();
  readonly #lists: VectorList[] = [];
  readonly #where = new Map<number, { list: VectorList; at: number }>();

  constructor(readonly dim: number, readonly options: VectorIndexOptions = CLUSTERED) {
    if (!(dim > 0)) throw new Error(`vector dimension must be positive, got ${dim}`);
  }

  /** Number of stored vectors. */
  get size(): number {
    return this.#where.size;
  }

  /** Number of lists (1 for a flat index). */
  get listCount(): number {
    return this.#lists.length;
  }

  /** Bytes held by vectors, ids and centroids (allocated capacity). */
  get bytes(): number {
    let total = 0;
    for (const list of this.#lists) total += list.bytes + list.ids.byteLength + this.dim * 12;
    return total;
  }

  /** Adds (or replaces) the vector for `id`. The vector must be unit length and `dim` long. */
  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dim) {
      throw new Error(`vector has ${vector.length} dims, index has ${this.dim}`);
    }
    this.remove(id);
    let target = this.#lists[0];
    if (!target) {
      target = new VectorList(this.dim, this.#arena);
      this.#lists.push(target);
    } else if (this.#lists.length > 1) {
      let bestScore = -Infinity;
      for (const list of this.#lists) {
        const score = dot(list.refreshCentroid(), 0, vector, this.dim);
        if (score > bestScore) [bestScore, target] = [score, list];
      }
    }
    this.#where.set(id, { list: target, at: target.push(id, vector) });
    if (target.size > this.options.maxListSize) this.#split(target);
  }

  /** Removes `id`; returns false when it was not stored. */
  remove(id: number): boolean {
    const place = this.#where.get(id);
    if (!place) return false;
    this.#where.delete(id);
    const moved = place.list.removeAt(place.at);
    if (moved >= 0) this.#where.set(moved, { list: place.list, at: place.at });
    if (place.list.size === 0 && this.#lists.length > 1) {
      this.#lists.splice(this.#lists.indexOf(place.list), 1);
      place.list.release();
    }
    return true;
  }

  /** A copy of the stored vector for `id`, or undefined. */
  get(id: number): Float32Array | undefined {
    const place = this.#where.get(id);
    return place ? place.list.vector(place.at).slice() : undefined;
  }

  /** The k most similar stored vectors, best first. */
  search(query: Float32Array, k: number): Neighbour[] {
    const best: Neighbour[] = [];
    if (k <= 0) return best;
    for (const list of this.#probedLists(query)) {
      const scores = list.scores(query);
      const { ids, size } = list;
      for (let at = 0; at < size; at++) offer(best, k, ids[at], scores[at]);
    }
    return best;
  }

  #probedLists(query: Float32Array): VectorList[] {
    if (this.#lists.length <= this.options.probes) return this.#lists;
    const ranked: Neighbour[] = [];
    this.#lists.forEach((list, i) =>
      offer(ranked, this.options.probes, i, dot(list.refreshCentroid(), 0, query, this.dim))
    );
    return ranked.map((r) => this.#lists[r.id]);
  }

  /** 2-means over one list's members: seeds are a member and the member least like it. */
  #split(list: VectorList): void {
    const dim = this.dim;
    const seedA = list.vector(0).slice();
    let seedB = list.vector(1).slice();
    let lowest = Infinity;
    const fromA = list.scores(seedA);
    for (let at = 0; at < list.size; at++) {
      if (fromA[at] < lowest) [lowest, seedB] = [fromA[at], list.vector(at).slice()];
    }
    let side = new Uint8Array(list.size);
    for (let iteration = 0; iteration < 4; iteration++) {
      side = new Uint8Array(list.size);
      const sumA = new Float32Array(dim), sumB = new Float32Array(dim);
      const toA = list.scores(seedA).slice(); // the next scan reuses the kernel's output block
      const toB = list.scores(seedB);
      const vectors = list.vectors; // no allocation in this loop, so the view stays valid
      for (let at = 0; at < list.size; at++) {
        const b = toB[at] > toA[at];
        side[at] = b ? 1 : 0;
        const sum = b ? sumB : sumA;
        for (let d = 0; d < dim; d++) sum[d] += vectors[at * dim + d];
      }
      normalizeInPlace(sumA);
      normalizeInPlace(sumB);
      seedA.set(sumA);
      seedB.set(sumB);
    }
    const halves = [new VectorList(dim, this.#arena, list.size), new VectorList(dim, this.#arena, list.size)];
    const counts = [0, 0];
    for (let at = 0; at < list.size; at++) counts[side[at]]++;
    // Identical vectors cannot be separated by 2-means; alternate them so the list still shrinks.
    const degenerate = counts[0] === 0 || counts[1] === 0;
    for (let at = 0; at < list.size; at++) {
      const half = halves[degenerate ? at % 2 : side[at]];
      const id = list.ids[at];
      this.#where.set(id, { list: half, at: half.push(id, list.vector(at)) });
    }
    this.#lists.splice(this.#lists.indexOf(list), 1, ...halves);
    list.release();
  }
}

/** Scales a vector to unit length in place (zero vectors stay zero). */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) norm += vector[d] * vector[d];
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < vector.length; d++) vector[d] *= scale;
  }
  return vector;
}
