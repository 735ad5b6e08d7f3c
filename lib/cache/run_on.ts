/**
 * A request typed straight after what it is about, with no punctuation between ("…knocks on the windows every
 * night write this as a horror story", "…my kid's goldfish died yesterday can you write a gentle story…"): a
 * clause boundary is put where the request starts, so that the framing, the asides and the genre are read as
 * they are when the asker types a full stop. One pass of lib/cache/analysis.ts, before the asides are dropped.
 */
import { BOUNDARY } from "./normalize.ts";
import { TEXT_KINDS } from "./phrases.ts";
import { CHAT, GENRES, REQUEST_VERBS } from "./words.ts";

// Verbs that start a request when they follow the story ("… write it as a story", "… tell it as a fable").
const ASKING_VERBS = new Set(["write", "tell", "narrate", "describe"]);
// Words before such a verb that make it the story's verb instead ("learns to write a poem", "they write a song").
const VERB_BEFORE = new Set([
  "to",
  "can",
  "could",
  "will",
  "would",
  "must",
  "should",
  "might",
  "may",
  "i",
  "we",
  "you",
  "they",
  "not",
  "who",
  "that",
  "which",
  "let",
  "help",
  "helps",
  "helped",
]);
// What a request verb asks for straight away: "write it", "tell this", "write what happens next".
const ASKED_FOR = new Set(["it", "this", "that", "what", "me", "us", "something", "one"]);
// The modals of "can you write…".
const ASKING_MODALS = new Set(["can", "could", "would", "will"]);
// How far after the verb the kind of text may be named ("write a short funny story").
const KIND_WITHIN = 5;

const namesKind = (word: string) => GENRES.has(word) || TEXT_KINDS.has(word);

/** `words` with a boundary before each request that runs on from the clause before it. */
export function splitRunOnRequests(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const previous = out.at(-1);
    if (previous !== undefined && previous !== BOUNDARY && startsRequest(words, i)) {
      out.push(BOUNDARY);
      // ("… and want a story": the asker's "i" said again, so the frame "i want" reads as it does)
      if (ASKER_WANTS.has(words[i])) out.push("i");
    }
    out.push(words[i]);
  }
  return out;
}

// "I teach Spanish to 4th graders and want a gentle story…": the asker's wish after "and" asks too.
const ASKER_WANTS = new Set(["want", "need"]);

function startsRequest(words: string[], at: number): boolean {
  const word = words[at];
  if (ASKER_WANTS.has(word) && words[at - 1] === "and" && ["a", "an", "some"].includes(words[at + 1] ?? "")) {
    const ahead = words.slice(at + 1, at + 1 + KIND_WITHIN);
    return ahead.some(namesKind);
  }
  if (ASKING_MODALS.has(word) && words[at + 1] === "you") {
    let k = at + 2;
    while (CHAT.has(words[k] ?? "")) k++;
    return REQUEST_VERBS.has(words[k] ?? "") || words[k] === "turn";
  }
  if (!ASKING_VERBS.has(word) || VERB_BEFORE.has(words[at - 1] ?? "")) return false;
  const next = words[at + 1] ?? "";
  if (ASKED_FOR.has(next)) return true;
  const ahead = words.slice(at + 1, at + 1 + KIND_WITHIN);
  const end = ahead.indexOf(BOUNDARY);
  return (end < 0 ? ahead : ahead.slice(0, end)).some(namesKind);
}
