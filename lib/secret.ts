/**
 * Comparing shared secrets (the `--token`) without leaking, through timing,
 * how much of a guess was right. Used by the TCP handshake and the web routes.
 *
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * True when `given` equals `expected`. Both are hashed first so the
 * comparison takes the same time whatever their lengths and wherever they
 * differ (`timingSafeEqual` alone needs equal lengths).
 *
 * @example
 * ```ts
 * sameSecret(hello.token, options.token); // false for undefined or a wrong token
 * ```
 */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
