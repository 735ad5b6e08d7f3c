/**
 * Runs benchmark modules side by side and writes BENCHMARKS.md.
 *
 *   deno task bench            every module, in one run; rewrites the whole file
 *   deno task bench NAME ...   only those modules; replaces just their sections
 *
 * Each module's section sits between `<!-- bench:NAME -->` markers, so a
 * partial run leaves the other modules' figures (and their dates) untouched.
 */
const MODULES = [
  "hop",
  "quality",
  "balancer",
  "llm",
  "cache",
  "pair_scorer",
  "soak",
  "openai",
  "interop",
  "scale",
] as const;

const FILE = new URL("../BENCHMARKS.md", import.meta.url);
const chosen = Deno.args.length ? Deno.args : [...MODULES];
for (const name of chosen) {
  if (!(MODULES as readonly string[]).includes(name)) {
    console.error(`unknown benchmark "${name}"; choose from ${MODULES.join(", ")}`);
    Deno.exit(2);
  }
}

const cpu = Deno.build.os === "linux"
  ? (await Deno.readTextFile("/proc/cpuinfo")).match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown CPU"
  : Deno.build.arch;
const machine = `${navigator.hardwareConcurrency} cores (${cpu}), Deno ${Deno.version.deno}`;
const today = new Date().toISOString().slice(0, 10);

/** The current file's sections by module name (empty when the file is new or has no markers). */
async function readSections(): Promise<Map<string, string>> {
  const sections = new Map<string, string>();
  let text = "";
  try {
    text = await Deno.readTextFile(FILE);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const match of text.matchAll(/<!-- bench:(\w+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) {
    sections.set(match[1], match[2]);
  }
  return sections;
}

const sections = await readSections();
for (const name of chosen) {
  console.error(`bench: running ${name}...`);
  const started = performance.now();
  const module = await import(`./${name}.ts`) as { run(): Promise<string> };
  const body = await module.run();
  sections.set(name, `_Measured on ${today}: ${machine}._\n\n${body.trimEnd()}\n`);
  console.error(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const header =
  "# Benchmarks\n\nWritten by `deno task bench` (or `deno task bench NAME` for one module's section). " +
  "Each table is measured in one run, side by side; compare ratios, not absolute figures, across machines.\n";
const ordered = [
  ...MODULES,
  ...[...sections.keys()].filter((n) => !(MODULES as readonly string[]).includes(n)),
]
  .filter((name) => sections.has(name));
const text = `${header}\n${
  ordered.map((name) => `<!-- bench:${name} -->\n${sections.get(name)}<!-- /bench:${name} -->\n`).join("\n")
}`;
await Deno.writeTextFile(FILE, text);
console.error(`bench: wrote ${FILE.pathname} (${chosen.join(", ")})`);
