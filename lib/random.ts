/**
 * A seeded random source, for everything that must give the same sequence for the same seed: the synthetic
 * engine's text, benchmark traces, tests.
 *
 * @module
 */

/** mulberry32: a tiny seeded PRNG; each call of the returned function gives the next number in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
