/**
 * What the balancer needs from a response cache. `lib/cache/` implements it
 * with a semantic LRU cache; dispatch only depends on this narrow view.
 *
 * @module
 */
import type { CachedAnswer, CacheHit, CacheStats } from "../cache/types.ts";

export type { CachedAnswer, CacheHit, CacheStats };

/** The cache as seen by dispatch. */
export interface ResponseCache {
  /** An answer for `prompt` in `partition`; with `model`, only one that model produced. */
  lookup(partition: string, prompt: string, model?: string): Promise<CacheHit | undefined>;
  store(partition: string, prompt: string, answer: CachedAnswer): Promise<void>;
  stats(): CacheStats;
  /** Settings reported by status. */
  readonly options: { readonly capacity: number; readonly ttlMs: number; readonly threshold: number };
}
