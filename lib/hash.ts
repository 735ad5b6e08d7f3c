/**
 * A small, fast, well-mixed 32-bit string hash (FNV-1a followed by murmur3's
 * finaliser), for seeding and for placing keys on a hash ring. Not for
 * security.
 *
 * @module
 */

/**
 * Hashes `text` to an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * hash32("Once upon a time") === hash32("Once upon a time"); // true
 * ```
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // FNV-1a alone spreads similar short strings poorly over a ring; the finaliser avalanches every bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
