/** Renders a generated story scene as a prompt, in one of several surface forms. */
import { FRAMES, type Verb } from "./words.ts";

/** What the story is about. */
export interface Scene {
  genre: string;
  /** Index into FRAMES, or -1 for a bare sentence ("A knight finds a key."). */
  frame: number;
  adj?: string;
  character: string;
  /** The character's name ("a girl named Lucy"). */
  name?: string;
  verb: Verb;
  tense: "present" | "past" | "future";
  negated: boolean;
  /** How many objects; undefined for "a". */
  count?: number;
  objectAdj?: string;
  object: string;
  /** Whether the object is a creature (so that roles can be swapped). */
  animate: boolean;
  preposition: string;
  place?: string;
}

/** How it is written. */
export interface Style {
  passive: boolean;
  /** "a story where a knight finds…" instead of "a story about a knight who finds…". */
  where: boolean;
  placeFirst: boolean;
  lower: boolean;
  noPeriod: boolean;
  /** "called" instead of "named". */
  called?: boolean;
  chatBefore?: string;
  chatAfter?: string;
}

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven"];

const article = (word: string) => /^([aeio]|u[^n]|hon)/.test(word) ? "an" : "a";
const plural = (word: string) =>
  /(s|x|ch|sh)$/.test(word) ? `${word}es` : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
const capital = (text: string) => text[0].toUpperCase() + text.slice(1);

function phrase(adj: string | undefined, noun: string, count?: number): string {
  const words = [adj, count ? plural(noun) : noun].filter(Boolean).join(" ");
  return count ? `${NUMBER_WORDS[count]} ${words}` : `${article(words)} ${words}`;
}

function activeVerb(s: Scene): string {
  const [base, third, past] = s.verb;
  if (s.tense === "future") return s.negated ? `will not ${base}` : `will ${base}`;
  if (s.tense === "past") return s.negated ? `did not ${base}` : past;
  return s.negated ? `does not ${base}` : third;
}

function passiveVerb(s: Scene): string {
  const participle = s.verb[3];
  const not = s.negated ? " not" : "";
  if (s.tense === "future") return `will${not} be ${participle}`;
  const many = (s.count ?? 1) > 1;
  const aux = s.tense === "past" ? (many ? "were" : "was") : (many ? "are" : "is");
  return `${aux}${not} ${participle}`;
}

/** The prompt text of a scene in a style. */
export function render(s: Scene, st: Style): string {
  const doer = phrase(s.adj, s.character) + (s.name ? ` ${st.called ? "called" : "named"} ${s.name}` : "");
  const done = phrase(s.objectAdj, s.object, s.count);
  const place = s.place ? `${s.preposition} the ${s.place}` : "";
  // the clause: who does what ("a knight finds a key") or what is done by whom ("a key is found by a knight")
  const clause = (relative: boolean) => {
    const [subject, rest] = st.passive
      ? [done, `${passiveVerb(s)} by ${doer}`]
      : [doer, `${activeVerb(s)} ${done}`];
    const link = relative ? (st.passive ? " that " : " who ") : " ";
    const where = place && st.placeFirst ? (relative ? `, ${place},` : "") : "";
    const after = place && !st.placeFirst ? ` ${place}` : "";
    return relative
      ? `${subject}${link.trimEnd()}${where} ${rest}${after}`.replace(/ +/g, " ")
      : `${subject} ${rest}${after}`;
  };
  let text: string;
  if (s.frame < 0) {
    text = st.placeFirst && place ? `${capital(place)}, ${clause(false)}` : capital(clause(false));
  } else {
    const frame = FRAMES[s.frame].replace("{g}", s.genre);
    if (st.where) {
      text = st.placeFirst && place
        ? `${frame.replace(/ about$/, "")} where, ${place}, ${clause(false)}`
        : `${frame.replace(/ about$/, "")} where ${clause(false)}`;
    } else text = `${frame} ${clause(true)}`;
  }
  text += st.noPeriod ? "" : ".";
  if (st.lower) text = text.toLowerCase();
  if (st.chatBefore) text = `${st.chatBefore} ${text}`;
  if (st.chatAfter) text = `${text} ${st.chatAfter}`;
  return text;
}
