import type { BackendView, Strategy } from "./strategy.ts";

/**
 * Power of two choices over reported load: samples two backends and keeps the
 * one with less work (in flight + server-side queue), breaking ties by recent
 * throughput. It reacts to servers that are slow rather than merely busy,
 * which plain connection counts cannot see, and avoids herding onto a single
 * "best" server between heartbeats.
 */
export class LeastLoad implements Strategy {
  readonly name = "least_load";
  constructor(readonly random: () => number = Math.random) {}

  select(candidates: readonly BackendView[]): BackendView | undefined {
    if (candidates.length <= 1) return candidates[0];
    const first = Math.floor(this.random() * candidates.length);
    let second = Math.floor(this.random() * (candidates.length - 1));
    if (second >= first) second++; // two distinct indices, each pair equally likely
    const a = candidates[first];
    const b = candidates[second];
    const work = (x: BackendView) => Math.max(x.inFlight, x.load.in_flight) + x.load.queued;
    if (work(a) !== work(b)) return work(a) < work(b) ? a : b;
    return a.load.tokens_per_s >= b.load.tokens_per_s ? a : b;
  }
}
