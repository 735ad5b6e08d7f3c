/**
 * Prometheus metrics for `/metrics`, named after Prometheus' own guidelines
 * (`ailb_` prefix, base units in the name, `_total` on counters, an `_info`
 * gauge for the build). Counters and histograms are fed from
 * {@link Balancer.subscribe} events; gauges that describe the present (servers
 * up, in flight, queues, cache size) are read from {@link Balancer.status} at
 * scrape time, so they can never drift from the real state.
 *
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Balancer, BalancerEvent } from "../lib/balancer/balancer.ts";
import type { BalancerStatus, ServerStatus } from "../lib/balancer/status.ts";
import { VERSION } from "../lib/version.ts";

/** Latency buckets in seconds: LLM answers range from a cached millisecond to a minute. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Queue waits: usually zero, seconds when no server is free, up to the queue timeout. */
const QUEUE_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Generation rates of one request, tokens per second. */
const RATE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];

type RequestEnd = BalancerEvent & { type: "request_end" };

/**
 * The `backend` label of a finished request: the server that generated it, `cache` for answers served
 * without generating, `none` when no server was reached.
 */
function backendLabel(event: RequestEnd): string {
  return event.cached ? "cache" : event.backend ?? "none";
}

/** Generation rate after the first token (tokens ÷ time from first to last), or undefined when unmeasurable. */
export function generationRate(event: RequestEnd): number | undefined {
  if (event.cached || event.outcome !== "ok" || event.ttftMs === undefined || event.tokens < 2) {
    return undefined;
  }
  const seconds = (event.totalMs - event.ttftMs) / 1000;
  return seconds > 0 ? (event.tokens - 1) / seconds : undefined;
}

/** The balancer's metrics in their own registry (never prom-client's global one). */
export class BalancerMetrics {
  /** Registry holding only ailb's series; render it with {@link BalancerMetrics.render}. */
  readonly registry: Registry = new Registry();
  readonly #unsubscribe: () => void;
  #snapshot: BalancerStatus | undefined;

  constructor(balancer: Balancer) {
    const registers = [this.registry];
    // Every replica of a cluster (--store) exports its own figures; the label keeps them apart when Prometheus
    // sums them. A lone balancer's series keep their plain label sets.
    const shared = balancer.options.cluster && balancer.options.cluster.store !== "memory";
    if (shared && balancer.options.replica) {
      this.registry.setDefaultLabels({ replica: balancer.options.replica });
    }
    new Gauge({
      name: "ailb_build_info",
      help: "Always 1; the labels say which build is running.",
      labelNames: ["version"] as const,
      registers,
    }).set({ version: VERSION }, 1);
    new Gauge({
      name: "ailb_start_time_seconds",
      help: "When the balancer started, seconds since the Unix epoch.",
      registers,
    }).set(balancer.startedAt / 1000);

    const started = new Counter({
      name: "ailb_requests_received_total",
      help: "Requests that entered the balancer (finished or not).",
      registers,
    });
    const requests = new Counter({
      name: "ailb_requests_total",
      help: "Requests finished, by backend (cache: answered without generating; none: no server reached) " +
        "and outcome.",
      labelNames: ["backend", "outcome"] as const,
      registers,
    });
    const ttft = new Histogram({
      name: "ailb_time_to_first_token_seconds",
      help: "Time from a request's arrival to its first text, by backend and whether it came from the cache.",
      labelNames: ["backend", "cached"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const duration = new Histogram({
      name: "ailb_request_duration_seconds",
      help: "Time from a request's arrival to its end, whatever the outcome (invalid requests excluded).",
      labelNames: ["backend", "cached"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const queueWait = new Histogram({
      name: "ailb_queue_wait_seconds",
      help: "Time requests waited in the balancer for a server (0 when one was free at once).",
      buckets: QUEUE_BUCKETS,
      registers,
    });
    const rate = new Histogram({
      name: "ailb_generation_tokens_per_second",
      help: "Generation rate of each answered request after its first token, by backend.",
      labelNames: ["backend"] as const,
      buckets: RATE_BUCKETS,
      registers,
    });
    const tokens = new Counter({
      name: "ailb_tokens_streamed_total",
      help: "Tokens streamed back to clients, by backend (cache for cached answers).",
      labelNames: ["backend"] as const,
      registers,
    });
    const hits = new Counter({
      name: "ailb_cache_hits_total",
      help: "Requests answered from the response cache, by kind of match.",
      labelNames: ["kind"] as const,
      registers,
    });
    const coalesced = new Counter({
      name: "ailb_coalesced_requests_total",
      help: "Requests that shared the answer of an identical request in flight (not cache hits).",
      registers,
    });
    const heartbeatMisses = new Counter({
      name: "ailb_heartbeat_misses_total",
      help: "Heartbeat intervals that passed without hearing from a server, by backend.",
      labelNames: ["backend"] as const,
      registers,
    });
    const backendsDown = new Counter({
      name: "ailb_backend_down_total",
      help: "Servers taken down, by cause (heartbeat, connection, replaced, shutdown).",
      labelNames: ["cause"] as const,
      registers,
    });
    const retries = new Counter({
      name: "ailb_retries_total",
      help: "Re-sends of requests that had no output yet (server lost, failed, full or too slow to start).",
      registers,
    });
    const cluster = balancer.options.cluster;
    if (cluster && cluster.store !== "memory") {
      new Gauge({
        name: "ailb_store_connected",
        help: "1 while the shared store (--store) is reachable, 0 while this replica runs on local state.",
        registers,
        collect() {
          this.set(cluster.connected ? 1 : 0);
        },
      });
      new Gauge({
        name: "ailb_replicas_up",
        help: "Balancer replicas whose presence in the shared store is fresh, this one included.",
        registers,
        collect() {
          this.set(cluster.replicas().filter((r) => r.state === "up").length);
        },
      });
    }
    const failovers = new Counter({
      name: "ailb_failovers_total",
      help: "Requests that had streamed output and continued on another server after theirs failed.",
      registers,
    });
    const stateChanges = new Counter({
      name: "ailb_backend_state_changes_total",
      help: "Servers entering a live state other than up (ejected, draining) or back to up, by state.",
      labelNames: ["state"] as const,
      registers,
    });

    // Gauges of the present, all from one status snapshot per scrape (taken by render()).
    const now = () => this.#snapshot ??= balancer.status();
    new Gauge({
      name: "ailb_backends_up",
      help: "Servers registered and taking requests.",
      registers,
      collect() {
        this.set(now().backends.filter((b) => b.state === "up").length);
      },
    });
    new Gauge({
      name: "ailb_in_flight_requests",
      help: "Requests sent to servers and not yet ended.",
      registers,
      collect() {
        this.set(now().backends.reduce((sum, b) => sum + b.in_flight, 0));
      },
    });
    new Gauge({
      name: "ailb_queued_requests",
      help: "Requests waiting in the balancer for a server.",
      registers,
      collect() {
        this.set(now().queue.waiting);
      },
    });
    const perBackend = (
      name: string,
      help: string,
      value: (b: ServerStatus) => number,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: ["backend"] as const,
        registers,
        collect() {
          this.reset(); // servers no longer listed lose their series
          for (const b of now().backends) this.set({ backend: b.id }, value(b));
        },
      });
    perBackend(
      "ailb_backend_up",
      "1 while a server takes requests, 0 while it is down, draining or ejected (down ones are listed for 10 min).",
      (b) => b.state === "up" ? 1 : 0,
    );
    perBackend(
      "ailb_backend_in_flight_requests",
      "Requests the balancer sent to a server and has not seen end.",
      (b) => b.in_flight,
    );
    perBackend(
      "ailb_backend_queued_requests",
      "Requests waiting in a server's own queue, from its last heartbeat.",
      (b) => b.queued,
    );
    perBackend(
      "ailb_backend_last_heartbeat_seconds",
      "When a server was last heard from, seconds since the Unix epoch.",
      (b) => Date.parse(b.last_heartbeat) / 1000,
    );
    const cacheStats = () => now().cache;
    new Gauge({
      name: "ailb_cache_entries",
      help: "Answers held by the response cache (absent when the cache is off).",
      registers,
      collect() {
        const entries = cacheStats()?.entries;
        if (entries !== undefined) this.set(entries);
      },
    });
    new Gauge({
      name: "ailb_cache_bytes",
      help: "Approximate memory held by the response cache.",
      registers,
      collect() {
        const bytes = cacheStats()?.bytes;
        if (bytes !== undefined) this.set(bytes);
      },
    });
    // Misses are not visible in request_end (a bypassed cache looks the same): mirror the cache's own
    // monotonic counter at scrape time.
    let missesSeen = 0;
    new Counter({
      name: "ailb_cache_misses_total",
      help: "Cache lookups that found nothing similar enough.",
      registers,
      collect() {
        const misses = cacheStats()?.misses ?? 0;
        if (misses > missesSeen) this.inc(misses - missesSeen);
        missesSeen = misses;
      },
    });

    // Pre-create the always-expected series at 0 so dashboards and alerts see them before traffic.
    for (const kind of ["exact", "semantic"]) hits.inc({ kind }, 0);
    for (const cause of ["heartbeat", "connection"]) backendsDown.inc({ cause }, 0);
    started.inc(0);
    coalesced.inc(0);
    retries.inc(0);
    failovers.inc(0);
    for (const state of ["ejected", "draining", "unhealthy"]) stateChanges.inc({ state }, 0);

    this.#unsubscribe = balancer.subscribe((event) => {
      switch (event.type) {
        case "request_start":
          started.inc();
          break;
        case "request_end": {
          const backend = backendLabel(event);
          const cached = String(event.cached);
          requests.inc({ backend, outcome: event.outcome });
          // A rejected request did no work; its "latency" would only drag the histogram down.
          if (event.outcome !== "invalid") {
            duration.observe({ backend, cached }, event.totalMs / 1000);
            if (!event.cached) queueWait.observe(event.queueMs / 1000);
          }
          if (event.ttftMs !== undefined) ttft.observe({ backend, cached }, event.ttftMs / 1000);
          const perSecond = generationRate(event);
          if (perSecond !== undefined) rate.observe({ backend }, perSecond);
          if (event.tokens > 0) tokens.inc({ backend }, event.tokens);
          if (event.cacheKind === "coalesced") coalesced.inc();
          else if (event.cacheKind) hits.inc({ kind: event.cacheKind });
          break;
        }
        case "backend_down":
          backendsDown.inc({ cause: event.cause.kind });
          break;
        case "heartbeat_miss":
          heartbeatMisses.inc({ backend: event.backend }, event.count);
          break;
        case "retry":
          retries.inc();
          break;
        case "failover":
          failovers.inc();
          break;
        case "backend_state":
          stateChanges.inc({ state: event.state });
          break;
        case "backend_up":
          break;
      }
    });
  }

  /** Content type of {@link BalancerMetrics.render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text for `/metrics`. */
  async render(): Promise<string> {
    this.#snapshot = undefined; // the first gauge collected takes a fresh one for all
    try {
      return await this.registry.metrics();
    } finally {
      this.#snapshot = undefined;
    }
  }

  /** Stops listening to the balancer. */
  close(): void {
    this.#unsubscribe();
  }
}
