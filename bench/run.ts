/**
 * Runs every benchmark module side by side in one process run and writes
 * BENCHMARKS.md. Usage: deno task bench [name ...]  (names: balancer, llm, cache)
 */
const MODULES = ["balancer", "llm", "cache"] as const;

const chosen = Deno.args.length ? Deno.args : [...MODULES];
const sections: string[] = [];
for (const name of chosen) {
  if (!(MODULES as readonly string[]).includes(name)) {
    console.error(`unknown benchmark "${name}"; choose from ${MODULES.join(", ")}`);
    Deno.exit(2);
  }
  console.error(`bench: running ${name}...`);
  const started = performance.now();
  const module = await import(`./${name}.ts`) as { run(): Promise<string> };
  sections.push(await module.run());
  console.error(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const cpu = Deno.build.os === "linux"
  ? (await Deno.readTextFile("/proc/cpuinfo")).match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown CPU"
  : Deno.build.arch;
const header =
  `# Benchmarks\n\nWritten by \`deno task bench\` on ${new Date().toISOString().slice(0, 10)}: ` +
  `${navigator.hardwareConcurrency} cores (${cpu}), Deno ${Deno.version.deno}. ` +
  `Each table is measured in one run, side by side; compare ratios, not absolute figures, across machines.\n`;
const text = `${header}\n${sections.join("\n")}`;
if (Deno.args.length) console.log(text);
else await Deno.writeTextFile(new URL("../BENCHMARKS.md", import.meta.url), text);
