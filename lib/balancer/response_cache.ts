/**
 * What the balancer needs from a response cache. `lib/cache/` implements it
 * with a semantic LRU cache; tests may pass a plain map.
 *
 * @module
 */

/** An answer worth keeping. */
export interface CachedAnswer {
  text: string;
  tokens: number;
  backend: string;
}

/** A cache hit. */
export interface CacheHit extends CachedAnswer {
  kind: "exact" | "semantic";
  similarity: number;
  matchedPrompt: string;
}

/** The cache as seen by dispatch. */
export interface ResponseCache {
  lookup(partition: string, prompt: string): Promise<CacheHit | undefined>;
  store(partition: string, prompt: string, answer: CachedAnswer): Promise<void>;
  stats(): object;
}
