/**
 * Vector storage in WebAssembly memory, scored by a SIMD kernel (tools/dot-kernel/dot.wat).
 *
 * The vector index's scan was most of a cache miss's CPU (a dot product of 256 floats per stored prompt in the
 * probed lists). The kernel multiplies four floats per instruction and sums in f64 lanes exactly as the JS dot
 * does, so scores are bit-identical and the cache's decisions do not change; it is ~3× faster. Vectors must live
 * in the kernel's memory to be scanned without a copy, so each index owns an {@link Arena}: blocks are handed
 * out by size (freed blocks reused, the memory grown in pages when none fits) and freed when a list grows or is
 * split. Growing the memory detaches every view of it, so holders keep offsets and re-derive views.
 */
import { DOT_KERNEL_WASM } from "./dot_kernel_wasm.ts";

const kernelModule = new WebAssembly.Module(Uint8Array.from(atob(DOT_KERNEL_WASM), (c) => c.charCodeAt(0)));
const PAGE = 65536;

type ScanFunction = (vectors: number, n: number, query: number, dim: number, out: number) => void;

/** A WebAssembly memory of f32 vector blocks with the scoring kernel bound to it. */
export class Arena {
  readonly memory = new WebAssembly.Memory({ initial: 1 });
  readonly #scan: ScanFunction;
  #top = 0;
  readonly #free = new Map<number, number[]>();
  #scratch = { offset: 0, bytes: 0 };

  constructor() {
    const instance = new WebAssembly.Instance(kernelModule, { env: { memory: this.memory } });
    this.#scan = instance.exports.scan as ScanFunction;
  }

  /** Reserves `bytes` (rounded up to 16) and returns the block's offset; may grow (and so detach) the memory. */
  alloc(bytes: number): number {
    const size = Math.ceil(bytes / 16) * 16;
    const reused = this.#free.get(size)?.pop();
    if (reused !== undefined) return reused;
    const offset = this.#top;
    this.#top += size;
    const missing = this.#top - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE));
    return offset;
  }

  /** Returns a block of `bytes` (as passed to {@link alloc}) for reuse. */
  free(offset: number, bytes: number): void {
    const size = Math.ceil(bytes / 16) * 16;
    const list = this.#free.get(size);
    if (list) list.push(offset);
    else this.#free.set(size, [offset]);
  }

  /** A view of `length` floats at `offset`, valid until the next {@link alloc}. */
  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /**
   * Scores `n` vectors of `dim` floats stored from `offset` against `query`: a view of n f64 scores, valid until
   * the next scan or allocation.
   */
  scan(offset: number, n: number, query: Float32Array, dim: number): Float64Array {
    const bytes = dim * 4 + n * 8;
    if (this.#scratch.bytes < bytes) {
      if (this.#scratch.bytes > 0) this.free(this.#scratch.offset, this.#scratch.bytes);
      this.#scratch = { offset: this.alloc(bytes * 2), bytes: bytes * 2 };
    }
    const at = this.#scratch.offset;
    this.f32(at, dim).set(query);
    const out = at + Math.ceil(dim * 4 / 8) * 8;
    if (dim % 4 === 0) this.#scan(offset, n, at, dim, out);
    else {
      const vectors = this.f32(offset, n * dim),
        q = this.f32(at, dim),
        scores = new Float64Array(this.memory.buffer, out, n);
      for (let i = 0; i < n; i++) scores[i] = dot(vectors, i * dim, q, dim);
    }
    return new Float64Array(this.memory.buffer, out, n);
  }
}

/**
 * Cosine of unit vectors `a[aOffset…]` and `b`: four accumulators let V8 keep the loop in registers, and the
 * kernel sums the same way, lane by lane.
 */
export function dot(a: Float32Array, aOffset: number, b: Float32Array, dim: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += a[aOffset + d] * b[d];
    s1 += a[aOffset + d + 1] * b[d + 1];
    s2 += a[aOffset + d + 2] * b[d + 2];
    s3 += a[aOffset + d + 3] * b[d + 3];
  }
  for (; d < dim; d++) s0 += a[aOffset + d] * b[d];
  return s0 + s1 + s2 + s3;
}
