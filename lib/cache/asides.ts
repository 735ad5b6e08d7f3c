/**
 * What may be said around a request and set aside when the two prompts of a pair differ only there: the first
 * or the last sentence of a prompt (or the first or last that says something), then a clause after a comma —
 * only when it is short, names no kind of text, shapes nothing and does not go on with the story. The
 * verifier (lib/cache/verifier.ts) tries the pair again without each one.
 */
import { type Analysis, GENRES } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { TEXT_KINDS } from "./phrases.ts";
import { CHAT, PERSONAL, RELATIVES, THIRD_PERSON } from "./words.ts";

// Sentences and colon-separated headers: "Quick request: a story about…", "…a frog. My class is doing a fairy
// tale week."
const SENTENCE_END = /(?<=[.!?:;][)"'\]]*)\s+|\s+[-–—]\s+/;
// Sentences and the clauses of a sentence after a comma.
const CLAUSE_END = /(?<=[.!?:;,][)"'\]]*)\s+|\s+[-–—]\s+/;
/**
 * An instruction that shapes the text ("Make it scary.", "Keep it short.", "End it happily.", "Something gentle
 * please!") is part of the request.
 */
const SHAPES_THE_TEXT =
  /^\W*(?:(?:hi|hey|hello|ok|okay|oh|and|but|so|please|pls|also|just)\W+)*(?:make|keep|write|tell|set|end|start|begin|have|let|give|do|turn|put|add|include|use|narrate|avoid|don't|no|something|nothing)\b/i;
/**
 * How the one the story is for will take it ("She'll love it!", "my son will be thrilled"), or what it will do
 * for the asker ("It would really help!", "That would be amazing."): said about the asker's audience, never
 * part of the story, whatever its pronoun.
 */
const REACTION =
  /^\W*(?:(?:oh|i'm sure|i think|i know)\W+)*(?:she|he|they|we|you|i|my \w+|the kids?|the \w+ kids)(?:\s+will|'ll|\s+would|'d)?\s+(?:really\s+|absolutely\s+|totally\s+|just\s+)?(?:(?:love|like|enjoy|adore|appreciate|be\s+(?:so\s+|really\s+)?(?:thrilled|delighted|happy|excited|pleased|over the moon))(?:\s+(?:it|this|that|them))?|find\s+(?:it|this|that)\s+(?:so\s+|really\s+)?(?:hilarious|funny|adorable|cute|sweet))(?:\W+(?:lol|haha|ha|xx|x|tbh))*\W*$|^\W*(?:(?:it|this|that)(?:\s+will|'ll|\s+would|'d)|would)\s+(?:really\s+|so\s+|honestly\s+)?(?:mean\s+(?:a lot|so much|the world)|help(?:\s+(?:a lot|so much))?|be\s+(?:so\s+|really\s+)?(?:amazing|perfect|great|awesome|wonderful|lovely|brilliant|fantastic|much appreciated|epic|cool|fun|nice|sweet|incredible|ideal|fab|fabulous|excellent|hilarious|so helpful|a big help|a huge help))(?:\s+(?:to|for)\s+(?:him|her|them|me|us|(?:my|his|her|their|our) \w+))?\b[\W\sx]*$/i;
/**
 * What the text is for ("It's for a school project.", "this is for my class"), a cheer ("Have fun with it!") or
 * thanks and a plea ("would really appreciate it", "Could you help?"):
 * said around the request, though "it" or "have" would otherwise read as the story or an instruction.
 */
const PURPOSE_OR_CHEER =
  /^\W*(?:(?:i\s+|we\s+)?(?:would|'d)\s+(?:really\s+|so\s+)?appreciate\s+it|have\s+a\s+(?:nice|good|great|lovely)\s+(?:day|one|evening|night|weekend)|(?:i\s+)?can'?t\s+wait(?:\s+to\s+read\s+it)?|no\s+pressure(?:\s+at\s+all)?|(?:i\s+)?hope\s+(?:that|this)\s+makes\s+sense|(?:i\s+)?hope\s+(?:that'?s|this\s+is)\s+(?:ok|okay|alright|fine)|(?:can|could)\s+you\s+help(?:\s+(?:me|us))?|(?:it'?s|it is|this is|that'?s|that is)\s+for\s+(?:(?:my|our)\b[^.!?]*|(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:project|assignment|homework|class|lesson|club|presentation|contest|competition|newsletter|blog|essay)(?:\s+thing)?)|have fun(?:\s+with\s+it)?|enjoy(?:\s+writing\s+it)?)[\W\sx]*$/i;
/** Words that go on with the story: an aside does not start with them. */
const NARRATIVE_STARTS = new Set(["then", "and", "until", "later", "finally", "suddenly", "but", "so"]);
/** Words for a story that name no kind of story. */
const PLAIN_STORY = new Set(["story", "stories", "tale", "tales"]);
const PLAIN_BEFORE_STORY = new Set([
  "a",
  "an",
  "the",
  "this",
  "that",
  "one",
  "any",
  "some",
  "my",
  "your",
  "short",
]);
/** Longest sentence read as a header ("Horror:", "Romance pls:"). */
const MAX_HEADER_WORDS = 3;
/** Longest first or last sentence that may be set aside as said around the request. */
const MAX_ASIDE_WORDS = 15;

/** A part of a prompt that may be set aside, and the prompt without it. */
export interface Aside {
  aside: string;
  rest: string;
}

/** Whole sentences first, then a clause after a comma ("Bedtime story please, my twins are half asleep:"). */
export const CUTS: readonly RegExp[] = [SENTENCE_END, CLAUSE_END];

/**
 * The parts of `text`, cut at `end`, that may be set aside: only one that `holds` what made the pair differ
 * (the lookup's hot path tries nothing for the many candidates that differ elsewhere).
 */
export function asidesOf(
  text: string,
  end: RegExp,
  holds: (part: string) => boolean,
  read: (part: string) => Analysis,
  lexicon: Lexicon,
): Aside[] {
  const sentences = text.split(end).filter((s) => s.trim() !== "");
  if (sentences.length < 2) return [];
  // the first and the last sentence that say something ("Hey! Quick one for tonight please: …" — not "Hey!")
  // (the genre word a prompt without one is given has no text)
  // (only the sentences up to the first and back to the last that says something are read)
  const says = (k: number) => {
    const x = read(sentences[k]);
    return x.content.some((i) => x.tokens[i].raw !== "");
  };
  const first = sentences.findIndex((_, k) => says(k));
  const last = sentences.findLastIndex((_, k) => says(k));
  const ends = new Set([0, sentences.length - 1, Math.max(first, 0), Math.max(last, 0)]);
  return [...ends].flatMap((k) => {
    const aside = sentences[k];
    const words = aside.split(/\s+/);
    // (nor a header naming a kind of text: "Horror:" / "Romance:" heads the request; "a story" alone names
    // none: "I need a story for my writing group, here's the prompt:")
    const bare = words.map((w) => w.toLowerCase().replace(/[^a-z]/g, ""));
    const genre = bare.some((word, k) => {
      // ("A tragic tale:", "Bedtime story please,": a kind said before it)
      const plain = PLAIN_STORY.has(word) && words.length > MAX_HEADER_WORDS &&
        (k === 0 || PLAIN_BEFORE_STORY.has(bare[k - 1]));
      return (GENRES.has(word) && !plain) || (TEXT_KINDS.has(word) && words.length <= MAX_HEADER_WORDS);
    });
    // (a clause after a comma only when it speaks of the asker or as chat — "ok this is for a sleepover
    // tonight lol," — never one that goes on with the story: "…, and a princess who tames him")
    // (a sentence that goes on with the story — "A princess tames him.", "Then the dragon wakes." — neither,
    // unless it also speaks of the asker)
    const asker = bare.some((w) => PERSONAL.has(w) || CHAT.has(w) || w === "pls");
    const story = bare.some((w) => THIRD_PERSON.has(w)) || NARRATIVE_STARTS.has(bare[0]);
    const cheer = PURPOSE_OR_CHEER.test(aside);
    const chat = asker || cheer || REACTION.test(aside) || (end === SENTENCE_END && !story);
    // ("I'd love a warm, short story": a comma inside a noun phrase ends no clause)
    const last = bare.at(-1) ?? "";
    const open = ["a", "an", "the"].includes(bare.at(-2) ?? "") && lexicon.canBe(last, "a") &&
      !lexicon.canBe(last, "n");
    if (
      // (a relative clause goes on with the story: "…for his wife, who never thanks him.")
      words.length > MAX_ASIDE_WORDS || genre || !chat || open || RELATIVES.has(bare[0]) ||
      (SHAPES_THE_TEXT.test(aside) && !cheer) ||
      !holds(aside)
    ) {
      return [];
    }
    return [{ aside, rest: sentences.filter((_, i) => i !== k).join(" ") }];
  });
}

/** What {@link judgeSettingAside} needs of a verdict. */
export interface AsideVerdict {
  accepted: boolean;
  reason: string;
  rule: string;
  /** The first word found without a counterpart, when that decided. */
  unmatched?: string;
}

// What differs between the prompts, by rule, that a part said around the request may hold ("Thanks, he'll
// love it!" holds a tense).
const DIFFERS: Readonly<Record<string, (x: Analysis) => boolean>> = {
  time: (x) => x.time.length > 0,
  negation: (x) => x.negations > 0,
  numbers: (x) => x.numbers.length > 0,
};

/**
 * `judge` on the pair, and when it rejects, again without a part of either prompt that is said around the
 * request ({@link asidesOf}): only a part that holds the word without a counterpart, or the tense, negation or
 * number that differs (the lookup's hot path tries nothing for the many candidates that differ elsewhere). A
 * greeting before the request and a thank-you after it ("hi, sorry if this is a weird one. … it would mean a
 * lot"): a second part may be set aside, of the same prompt only (never one part of each: two differing
 * sentences are no asides).
 */
export function judgeSettingAside<V extends AsideVerdict>(
  prompt: string,
  cachedPrompt: string,
  judge: (prompt: string, cachedPrompt: string) => V,
  read: (text: string) => Analysis,
  lexicon: Lexicon,
  from: "either" | "prompt" | "cached" | "none" = "either",
): V {
  const verdict = judge(prompt, cachedPrompt);
  if (verdict.accepted || from === "none") return verdict;
  const word = verdict.unmatched;
  const marker = DIFFERS[verdict.rule];
  if (word === undefined && marker === undefined) return verdict;
  const holds = (sentence: string) => {
    const x = read(sentence);
    return word !== undefined ? x.tokens.some((t) => t.word === word) : marker!(x);
  };
  const next = from === "either" ? undefined : "none";
  for (const end of CUTS) {
    for (const { aside, rest } of from === "cached" ? [] : asidesOf(prompt, end, holds, read, lexicon)) {
      const e = judgeSettingAside(rest, cachedPrompt, judge, read, lexicon, next ?? "prompt");
      if (e.accepted) return { ...e, reason: `${e.reason}, with "${aside}" set aside` };
    }
    for (
      const { aside, rest } of from === "prompt" ? [] : asidesOf(cachedPrompt, end, holds, read, lexicon)
    ) {
      const e = judgeSettingAside(prompt, rest, judge, read, lexicon, next ?? "cached");
      if (e.accepted) return { ...e, reason: `${e.reason}, with "${aside}" set aside` };
    }
  }
  return verdict;
}
