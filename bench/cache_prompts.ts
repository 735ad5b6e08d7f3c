/**
 * Synthetic story prompts for the cache's index and latency measurements (bench/cache.ts): endless
 * deterministic prompts from slots, and paraphrases of them the verifier accepts.
 */

// Story prompts from slots, to fill the index with realistic, clustered vectors.
const SLOTS = [
  [
    "Once upon a time,",
    "Write a story where",
    "Tell me about how",
    "In a faraway land,",
    "One morning,",
    "Long ago,",
  ],
  [
    "a little",
    "a brave",
    "an old",
    "a young",
    "a clever",
    "a shy",
    "a kind",
    "a lonely",
    "a hungry",
    "a tiny",
  ],
  [
    "girl",
    "boy",
    "dragon",
    "knight",
    "fox",
    "rabbit",
    "wizard",
    "princess",
    "robot",
    "bear",
    "farmer",
    "owl",
  ],
  ["found", "lost", "built", "painted", "discovered", "stole", "carried", "hid", "followed", "fixed"],
  [
    "a golden",
    "a broken",
    "a secret",
    "a magic",
    "a red",
    "a wooden",
    "a silver",
    "a tiny",
    "a huge",
    "an old",
  ],
  ["key", "map", "boat", "egg", "door", "kite", "sword", "book", "ring", "lamp", "bell", "drum"],
  [
    "in the forest.",
    "by the sea.",
    "at school.",
    "in the castle.",
    "under the bridge.",
    "on the moon.",
    "at night.",
  ],
];

/** Endless deterministic story prompts built from SLOTS. */
export function* storyPrompts(seed: number): Generator<string> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n); // high bits: the low bits of an LCG repeat with short periods
  };
  while (true) yield SLOTS.map((options) => options[next(options.length)]).join(" ");
}

const SYNONYMS: Array<[string, string]> = [
  ["little", "small"],
  ["found", "discovered"],
  ["huge", "enormous"],
  ["clever", "smart"],
  ["Long ago,", "A long time ago,"],
  ["hid", "concealed"],
  ["brave", "courageous"],
  ["shy", "timid"],
  ["fixed", "repaired"],
];

/** Swaps every word that has a listed synonym (a paraphrase the verifier accepts). */
export function paraphrase(prompt: string): string {
  return SYNONYMS.reduce((text, [from, to]) => text.replace(from, to), prompt);
}
