/**
 * The cache stage of dispatch, between the balancer and the strategy: a request is answered from the
 * response cache (exact or semantic hit), shares the answer of an identical request in flight, or — on a
 * miss — goes on to a backend as the leader its identical followers wait for; its answer is then stored.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { GenerationParams } from "../params.ts";
import { Coalescer, type Leader } from "./coalescer.ts";
import type { CachedAnswer, ResponseCache } from "./response_cache.ts";
import type { Counters } from "./status.ts";
import { type DispatchRequest, wantedModel } from "./types.ts";

/** How the cache stage answered a request. */
export interface FromCache {
  answer: CachedAnswer;
  kind: "exact" | "semantic" | "coalesced";
  similarity: number;
  /** The earlier prompt whose answer this is (exact and semantic hits). */
  matchedPrompt?: string;
}

/**
 * The cache partition: everything besides the prompt and the model that changes the answer. It depends on
 * the request alone, never on which backends this balancer has seen, so every replica computes the same
 * key; the model is recorded in each entry and matched at lookup instead.
 */
export function partitionOf(params: GenerationParams): string {
  const sampling = params.temperature === 0
    ? "greedy"
    : `t=${params.temperature},k=${params.topK},p=${params.topP},seed=${params.seed ?? "any"}`;
  const stop = params.stop.length ? `|stop=${JSON.stringify([...params.stop].sort())}` : "";
  return `max=${params.maxTokens}|${sampling}${stop}`;
}

/** The response cache plus request coalescing, as dispatch uses them. */
export class CacheStage {
  readonly #coalescer = new Coalescer();

  constructor(
    readonly cache: ResponseCache,
    readonly host: { readonly counters: Counters; readonly log: Logger },
  ) {}

  /**
   * A stored answer (exact or semantic hit), the answer of an identical request already in flight, or — on
   * a miss — leadership of this prompt so identical requests arriving meanwhile wait for ours.
   */
  async lookup(partition: string, request: DispatchRequest): Promise<FromCache | { lead?: Leader }> {
    const { log, counters } = this.host;
    const model = wantedModel(request);
    const hit = await this.cache.lookup(partition, request.prompt, model).catch((error) => {
      log.warn(`Cache lookup failed for request ${request.id}: ${(error as Error).message}`);
      return undefined;
    });
    if (hit) {
      log.debug(`Cache ${hit.kind} hit for request ${request.id}`, {
        similarity: Number(hit.similarity.toFixed(3)),
        matched: hit.matchedPrompt.slice(0, 60),
      });
      return { answer: hit, kind: hit.kind, similarity: hit.similarity, matchedPrompt: hit.matchedPrompt };
    }
    // A request for any model may share a specific model's answer, but not the other way round.
    const joined = await this.#coalescer.join(
      `${model ?? "*"}\n${partition}\n${request.prompt}`,
      request.signal,
    );
    if ("shared" in joined) {
      counters.coalesced++;
      log.debug(`Request ${request.id} shares the answer of an identical request in flight`);
      return { answer: joined.shared, kind: "coalesced", similarity: 1 };
    }
    return { lead: "leader" in joined ? joined.leader : undefined };
  }

  /** Keeps a backend's answer to be served again (in the background; a failure is logged, not thrown). */
  store(partition: string, request: DispatchRequest, answer: CachedAnswer): void {
    this.cache.store(partition, request.prompt, answer).catch((error) =>
      this.host.log.warn(`Could not store request ${request.id} in the cache: ${(error as Error).message}`)
    );
  }
}
