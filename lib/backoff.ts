/**
 * Exponential backoff with jitter, shared by everything that retries
 * (registration with the balancer, re-sending a request to busy servers,
 * ejection periods of failing servers).
 *
 * @module
 */

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half
 * random, so retries of many peers spread out but never collapse to zero.
 * `attempt` counts from 1.
 *
 * @example
 * ```ts
 * backoffDelay(1, 100, 2000); // 50..100 ms
 * backoffDelay(3, 100, 2000); // 200..400 ms
 * ```
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return exp / 2 + random() * (exp / 2);
}
