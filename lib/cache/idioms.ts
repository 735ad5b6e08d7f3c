/**
 * Everyday idioms read as the plainer words they mean, one at a position of the prompt's words, for the pass
 * that reads function phrases (lib/cache/passes.ts, canonicalPhrases): "since his cave is cold" (because), "once
 * camp is over" (when), "cause he…" (because), "turns to stone" (becomes stone), "a 500 dollar tip" (the sign
 * is gone), "using a rope" (with), "keeps them from escaping" (stops), "loses its way" (gets lost), "stops a
 * penalty" (saves).
 */
import { BOUNDARY } from "./normalize.ts";
import { BE, DETERMINERS, GENRES, OWNERS, SUBJECT_PRONOUNS } from "./words.ts";

/** The words an idiom starting at `i` reads as, and the last position it takes up; undefined for none. */
export function idiomAt(words: string[], i: number): { words: string[]; last: number } | undefined {
  // "can't sleep since his cave is cold" is "because"; "has been lonely since she was a child", "since his
  // wife died", "since 1923" say from when
  if (words[i] === "since" && CAUSE_SUBJECTS.has(words[i + 1] ?? "")) {
    const clause = words.slice(i + 1, i + 7);
    if (!clause.some((w) => SINCE_TIME.has(w) || /\d|ed$/.test(w))) {
      return { words: ["because"], last: i };
    }
  }
  // "a van that won't stop breaking down", "can't stop laughing" keeps doing it ("couldn't stop crying" kept)
  if (
    STOPPERS[words[i]] !== undefined && words[i + 1] === "not" && words[i + 2] === "stop" &&
    /ing$/.test(words[i + 3] ?? "")
  ) {
    return { words: [STOPPERS[words[i]]], last: i + 2 };
  }
  // ("is unable to stop sneezing")
  const unable = BE.has(words[i]) && words[i + 1] === "unable" ? 1 : 0;
  if (
    words[i + unable] === "unable" && words[i + unable + 1] === "to" && words[i + unable + 2] === "stop" &&
    /ing$/.test(words[i + unable + 3] ?? "")
  ) {
    return { words: [["was", "were"].includes(words[i]) ? "kept" : "keeps"], last: i + unable + 2 };
  }
  // "once camp is over", "once the old raven dies": when ("at once", "once more", "once upon a time" stay)
  if (
    words[i] === "once" && CAUSE_SUBJECTS.has(words[i + 1] ?? "") &&
    !["at", "more"].includes(words[i - 1] ?? "")
  ) {
    return { words: ["when"], last: i };
  }
  // "fire her son cause he keeps stealing": because (not "a cause", "the cause of")
  if (
    words[i] === "cause" && CAUSE_SUBJECTS.has(words[i + 1] ?? "") &&
    !DETERMINERS.has(words[i - 1] ?? "") &&
    words[i + 1] !== "the"
  ) {
    return { words: ["because"], last: i };
  }
  // "everything he touches would turn to gold" (or "into gold") becomes gold; not a passive ("was turned to
  // stone by a witch")
  if (
    asForm(words[i], "turn", "become") && (words[i + 1] === "to" || words[i + 1] === "into") &&
    MATERIALS.has(words[i + 2] ?? "") && !BE.has(words[i - 1] ?? "")
  ) {
    return { words: [asForm(words[i], "turn", "become")!], last: i + 1 };
  }
  // "a $500 tip" / "a 500 dollar tip": the sign is gone, and the word goes with it
  if (CURRENCY.has(words[i]) && /^\d/.test(words[i - 1] ?? "")) return { words: [], last: i };
  // "slows the sun using a rope" is "with a rope"
  if (words[i] === "using" && USED_WITH.has(words[i + 1] ?? "")) {
    return { words: ["with"], last: i };
  }
  // "keeps them from escaping" stops them; "loses its way" gets lost
  if (asForm(words[i], "keep", "stop")) {
    const from = words.slice(i + 1, i + 6).indexOf("from");
    if (
      from > 0 && /ing$/.test(words[i + from + 2] ?? "") &&
      !words.slice(i + 1, i + from + 1).includes(BOUNDARY)
    ) {
      return { words: [asForm(words[i], "keep", "stop")!], last: i };
    }
  }
  if (
    asForm(words[i], "lose", "get") && OWNERS.has(words[i + 1] ?? "") && words[i + 2] === "way"
  ) {
    return { words: [asForm(words[i], "lose", "get")!, "lost"], last: i + 2 };
  }
  // "a goalie stops a penalty" saves it
  if (
    asForm(words[i], "stop", "save") && PENALTY.test(words[i + 2] ?? "") && words[i + 1] !== BOUNDARY
  ) {
    return { words: [asForm(words[i], "stop", "save")!], last: i };
  }
  // "western idea: an old gunfighter…", "story request!! a nervous 17 year old…": a label, not a thing of the
  // story ("an idea for a new invention" stays)
  if (
    LABELS.has(words[i]) &&
    (i <= 1 || words[i - 1] === BOUNDARY || words[i - 2] === BOUNDARY || GENRES.has(words[i - 1])) &&
    (words[i + 1] === undefined || words[i + 1] === BOUNDARY || CHAT_AFTER.has(words[i + 1]))
  ) {
    return { words: [], last: i };
  }
  return undefined;
}

const LABELS = new Set(["idea", "request", "prompt"]);
const CHAT_AFTER = new Set(["pls", "please", "for", "here"]);

// What opens a clause of cause after "since", and the words that make it a clause of time instead.
const CAUSE_SUBJECTS = new Set([...SUBJECT_PRONOUNS, ...OWNERS, "the"]);
// (a past form, "since his wife passed away", "since she was born", says from when: any in -ed, or these)
const SINCE_TIME = new Set("was were been then left began went came lost met fell got".split(" "));
const CURRENCY = new Set(["dollar", "dollars", "bucks", "euro", "euros"]);
// (not "ice": "the water never turns to ice" freezes)
const MATERIALS = new Set([
  "gold",
  "stone",
  "dust",
  "ash",
  "ashes",
  "glass",
  "silver",
  "sand",
  "salt",
  "wood",
]);
const USED_WITH = new Set([...OWNERS, "a", "an", "the", "only", "just", "nothing"]);
// What a goalkeeper saves ("stops a penalty", "stopped two shots").
const PENALTY = /^(penalty|penalties|shot|shots|kick|kicks|spot-kick|spot-kicks)$/;

// Who cannot stop doing a thing keeps doing it: now ("won't", "can't", "doesn't") or then ("couldn't", "didn't").
const STOPPERS: Readonly<Record<string, string>> = {
  will: "keeps",
  can: "keeps",
  does: "keeps",
  do: "keep",
  could: "kept",
  would: "kept",
  did: "kept",
};

// The forms of the verbs an idiom reads as another verb: base, third person, past, -ing.
const FORMS: Readonly<Record<string, readonly string[]>> = {
  keep: ["keep", "keeps", "kept", "keeping"],
  stop: ["stop", "stops", "stopped", "stopping"],
  lose: ["lose", "loses", "lost", "losing"],
  get: ["get", "gets", "got", "getting"],
  turn: ["turn", "turns", "turned", "turning"],
  become: ["become", "becomes", "became", "becoming"],
  save: ["save", "saves", "saved", "saving"],
};

/** `word`, a form of the verb `from`, as the same form of `to` ("kept" as "stopped"); undefined for other words. */
function asForm(word: string, from: string, to: string): string | undefined {
  const k = FORMS[from].indexOf(word);
  return k < 0 ? undefined : FORMS[to][k];
}
