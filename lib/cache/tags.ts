/**
 * What each word of a prompt does in its sentence (lib/cache/analysis.ts tags every token with it): a clause
 * boundary, a possessive, a function word of some kind, or a content word the verifier compares.
 */
import { BOUNDARY, POSSESSIVE } from "./normalize.ts";
import {
  AUX,
  BE,
  CONJUNCTIONS,
  DETERMINERS,
  GET,
  MODALS,
  NEGATIONS,
  OTHER,
  PREPOSITIONS,
  PRONOUNS,
  RELATIVES,
} from "./words.ts";

/** What a token does in the prompt. */
export type Tag =
  | "boundary"
  | "det"
  | "prep"
  | "be"
  | "get"
  | "aux"
  | "modal"
  | "rel"
  | "pron"
  | "conj"
  | "neg"
  | "num"
  | "poss"
  | "other"
  | "content";

/** One token of an analysed prompt. */
export interface Token {
  /** Canonical form: lowercased, spelling-normalised, phrases joined with "_". */
  word: string;
  /** The words as typed (after normalisation), for joining compounds ("light house" / "lighthouse"). */
  raw: string;
  tag: Tag;
}

/** The tag of a word, given the token before it ("that" after a noun is a relative pronoun). */
export function tagOf(word: string, previous: Token | undefined): Tag {
  if (word === BOUNDARY) return "boundary";
  if (word === POSSESSIVE) return "poss";
  if (NEGATIONS.has(word)) return "neg";
  if (word === "that") return previous?.tag === "content" ? "rel" : "det";
  if (DETERMINERS.has(word)) return "det";
  // "who like her", "they like cats": "like" after a subject is the verb, not the preposition ("like a bird",
  // "just like a bird")
  const alike = ["just", "exactly", "very", "much", "more", "so", "quite", "nothing"].includes(
    previous?.word ?? "",
  );
  if (
    word === "like" && !alike && ["rel", "pron", "other", "neg", "aux", "modal"].includes(previous?.tag ?? "")
  ) {
    return "content";
  }
  if (PREPOSITIONS.has(word)) return "prep";
  if (BE.has(word)) return "be";
  if (GET.has(word)) return "get";
  if (AUX.has(word)) return "aux";
  // ("in her will", "the will": the document, not the future)
  if (word === "will" && previous?.tag === "det") return "content";
  if (MODALS.has(word) || word === "used_to") return "modal";
  if (RELATIVES.has(word)) return "rel";
  if (PRONOUNS.has(word)) return "pron";
  if (CONJUNCTIONS.has(word)) return "conj";
  if (OTHER.has(word)) return "other";
  return "content";
}

/** True for words the verifier compares (not function words, framing, negations or numbers). */
export function isContentWord(word: string): boolean {
  return tagOf(word, undefined) === "content";
}
