/**
 * Profiles the balancer alone on the hop benchmark's setup: one zero-cost backend, one client, `inFlight`
 * requests of `tokens` tokens for `seconds`; writes the balancer's CPU profile to `dir` and prints its
 * self time per function.
 *
 *   deno run -A bench/hop_profile.ts [--in-flight 16] [--tokens 16] [--seconds 5] [--dir prof] [--cache]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { balancerWithZeroBackend, cpuMs } from "./hop.ts";
import { drive, HopClient } from "./hop_client.ts";
import { selfTimes } from "./profile.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "in-flight": { type: "string", default: "16" },
    tokens: { type: "string", default: "16" },
    seconds: { type: "string", default: "5" },
    dir: { type: "string", default: "prof" },
    cache: { type: "boolean", default: false },
  },
});
await Deno.mkdir(values.dir, { recursive: true });
const dir = await Deno.realPath(values.dir);
const before = new Set([...Deno.readDirSync(dir)].map((e) => e.name));
const setup = await balancerWithZeroBackend(values.cache, dir);
const client = await HopClient.connect(setup.port, "client");
let n = 0;
const options = {
  inFlight: Number(values["in-flight"]),
  maxTokens: Number(values.tokens),
  prompt: () => `Tale ${n++}: once upon a time a fox found a key`,
};
await drive(client, { ...options, seconds: 0.5 });
const cpu = await cpuMs(setup.pid);
const result = await drive(client, { ...options, seconds: Number(values.seconds) });
const used = await cpuMs(setup.pid) - cpu;
client.close();
await setup.stop();
console.log(
  `${result.requests} requests, ${(result.requests / result.seconds).toFixed(0)}/s, ${
    (result.chunks / result.seconds / 1000).toFixed(1)
  }k frames/s; balancer CPU ${(1000 * used / result.requests).toFixed(1)} µs per request`,
);
const file = [...Deno.readDirSync(dir)].map((e) => e.name).find((name) => !before.has(name))!;
const times = selfTimes(JSON.parse(await Deno.readTextFile(`${dir}/${file}`)));
times.delete("(idle) ");
const total = [...times.values()].reduce((a, b) => a + b, 0);
for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${(100 * ms / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
}
