/**
 * Summarises `.cpuprofile` files (from `deno run --cpu-prof`): self time per function, highest first.
 *
 *   deno run -A bench/profile.ts prof/*.cpuprofile [--top N]
 *
 * @module
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function over the profile, by "name (file:line)". */
export function selfTimes(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(lib|bench|commands|ext|node_modules)\//, "$1/");
    const key = `${functionName || "(anonymous)"} ${file ? `(${file}:${lineNumber + 1})` : ""}`;
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return times;
}

if (import.meta.main) {
  const topIndex = Deno.args.indexOf("--top");
  const top = topIndex >= 0 ? Number(Deno.args[topIndex + 1]) : 30;
  const files = Deno.args.filter((a, i) => a !== "--top" && i !== topIndex + 1);
  for (const file of files) {
    const times = selfTimes(JSON.parse(await Deno.readTextFile(file)));
    const total = [...times.values()].reduce((a, b) => a + b, 0);
    console.log(`${file}: ${total.toFixed(0)} ms sampled`);
    for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(100 * ms / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
    }
  }
}
