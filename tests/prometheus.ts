/**
 * Reads a balancer's `/metrics` with parse-prometheus-text-format. That parser
 * folds labelled histograms into one unlabelled sample, so histograms are read
 * a second time as plain `_count` / `_sum` series, which keeps their labels.
 */
import assert from "node:assert/strict";
import parsePrometheus from "parse-prometheus-text-format";

/** One metric family: its samples carry `value` (counters, gauges) or `count`/`sum` (histograms). */
export interface Family {
  name: string;
  help: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; count?: string; sum?: string }[];
}

/** Parses exposition text into families by name, with labelled histogram samples. */
export function parseMetrics(text: string): Map<string, Family> {
  const families = new Map((parsePrometheus(text) as Family[]).map((f) => [f.name, f]));
  const histograms = [...families.values()].filter((f) => f.type === "HISTOGRAM").map((f) => f.name);
  if (histograms.length) {
    // Without their TYPE/HELP lines, a histogram's _count and _sum lines parse as untyped families.
    const untyped = text.split("\n").filter((line) => {
      const declared = /^# (?:TYPE|HELP) (\S+)/.exec(line)?.[1];
      return !declared || !histograms.includes(declared);
    }).join("\n");
    // Each label set's lines come as their own run, so one name can appear as several families.
    const series = new Map<string, Family["metrics"]>();
    for (const f of parsePrometheus(untyped) as Family[]) {
      series.set(f.name, [...series.get(f.name) ?? [], ...f.metrics]);
    }
    for (const name of histograms) {
      const sums = series.get(`${name}_sum`) ?? [];
      families.get(name)!.metrics = (series.get(`${name}_count`) ?? []).map((m, i) => ({
        labels: m.labels,
        count: m.value,
        sum: sums[i]?.value,
      }));
    }
  }
  return families;
}

/** GETs `/metrics` (checking status and content type) and parses it. */
export async function scrape(port: number, headers: HeadersInit = {}): Promise<Map<string, Family>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

/** Sum of a family's values (counters, gauges) or counts (histograms) over samples whose labels include `labels`. */
export function total(
  metrics: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = metrics.get(name);
  assert(family, `metric ${name} is missing; have ${[...metrics.keys()].join(", ")}`);
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value ?? m.count), 0);
}
