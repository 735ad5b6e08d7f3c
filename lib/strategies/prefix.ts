import { hash32 } from "../hash.ts";
import { type BackendView, type RequestView, type Strategy, weightedInFlight } from "./strategy.ts";

/** Options of {@link PrefixAffinity}. */
export interface PrefixOptions {
  /** How much of the prompt is its prefix (characters). */
  prefixChars?: number;
  /** Points on the ring per unit of weight. */
  virtualNodes?: number;
  /** c in consistent hashing with bounded loads: no backend takes more than c × its fair share. */
  loadFactor?: number;
  /**
   * Requests in flight (per unit of weight) the home may run ahead of the least loaded backend whatever
   * the relative bound says: at low load a fair share is one or two requests, and spilling a prefix that
   * early throws its cache away for nothing (SGLang's router has the same absolute threshold).
   */
  slack?: number;
}

/**
 * Prefix affinity, as in SGLang's cache-aware routing: requests whose prompts
 * share a prefix go to the same backend, so its KV cache (or prompt cache)
 * is reused. Prefixes are placed on a consistent-hash ring (virtual nodes in
 * proportion to weight), so a backend joining or leaving moves only its own
 * share of prefixes.
 *
 * Loads are bounded (Mirrokni, Thorup and Zadimoghaddam's consistent hashing
 * with bounded loads): the prefix's home backend is used while its requests in
 * flight, with this one, stay within `loadFactor` × its weighted share of all
 * requests in flight (plus this one), or within `slack` requests of the least
 * loaded backend; otherwise the request goes to the least loaded backend. A hot
 * prefix therefore spills over instead of queueing behind itself.
 */
export class PrefixAffinity implements Strategy {
  readonly name = "prefix";
  readonly prefixChars: number;
  readonly #virtualNodes: number;
  readonly #loadFactor: number;
  readonly #slack: number;
  /** Ring points sorted by hash. */
  #ring: { point: number; id: string }[] = [];
  readonly #members = new Map<string, number>();
  #tieBreak = 0;

  constructor(options: PrefixOptions = {}) {
    this.prefixChars = options.prefixChars ?? 64;
    this.#virtualNodes = options.virtualNodes ?? 64;
    this.#loadFactor = options.loadFactor ?? 1.25;
    this.#slack = options.slack ?? 4;
  }

  /** The backend (among `candidates`) that owns `prompt`'s prefix on the ring, load aside. */
  home(candidates: readonly BackendView[], prompt: string): BackendView | undefined {
    for (const backend of candidates) {
      if (this.#members.get(backend.id) !== backend.weight) this.onBackendAdded(backend);
    }
    if (this.#ring.length === 0) return undefined;
    const byId = new Map(candidates.map((b) => [b.id, b]));
    const key = hash32(prompt.slice(0, this.prefixChars));
    // First ring point at or after the key (binary search), then clockwise to a candidate.
    let lo = 0;
    let hi = this.#ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#ring[mid].point < key) lo = mid + 1;
      else hi = mid;
    }
    for (let i = 0; i < this.#ring.length; i++) {
      const found = byId.get(this.#ring[(lo + i) % this.#ring.length].id);
      if (found) return found;
    }
    return undefined;
  }

  select(candidates: readonly BackendView[], request: RequestView): BackendView | undefined {
    if (candidates.length <= 1) return candidates[0];
    const home = this.home(candidates, request.prompt);
    let total = 0;
    let weights = 0;
    for (const backend of candidates) {
      total += backend.inFlight;
      weights += backend.weight;
    }
    const bound = Math.ceil(this.#loadFactor * (total + 1) * home!.weight / weights);
    if (home!.inFlight + 1 <= bound) return home;
    let fewest = Infinity;
    for (const backend of candidates) fewest = Math.min(fewest, weightedInFlight(backend));
    if (weightedInFlight(home!) - fewest < this.#slack) return home;
    const tied = candidates.filter((b) => weightedInFlight(b) === fewest);
    return tied[this.#tieBreak++ % tied.length];
  }

  onBackendAdded(backend: BackendView): void {
    this.#members.set(backend.id, backend.weight);
    this.#rebuild();
  }

  onBackendRemoved(backend: BackendView): void {
    if (this.#members.delete(backend.id)) this.#rebuild();
  }

  #rebuild(): void {
    const ring: { point: number; id: string }[] = [];
    for (const [id, weight] of this.#members) {
      const points = Math.max(1, Math.round(this.#virtualNodes * weight));
      for (let i = 0; i < points; i++) ring.push({ point: hash32(`${id}#${i}`), id });
    }
    this.#ring = ring.sort((a, b) => a.point - b.point || (a.id < b.id ? -1 : 1));
  }
}
