/**
 * Clauses about the asker, dropped when another clause is the request ("My kids love those.", "I forgot how it
 * goes.", "if you can"), unless the request points back at them ("…, write a funny story about that"), names
 * what they told ("our cat Biscuit … a story where Biscuit…") or puts the asker in the story. One pass of
 * lib/cache/analysis.ts, after the function-word passes of lib/cache/passes.ts.
 */
import type { Lexicon } from "./lexicon.ts";
import { isNumberWord } from "./phrase_join.ts";
import { BOUNDARY } from "./normalize.ts";
import { isContentWord, tagOf } from "./tags.ts";
import {
  BACK_REFERENCE,
  BE,
  CHAT,
  DETERMINERS,
  FILLER_CLAUSE,
  FRAMES,
  GENRES,
  PERSONAL,
  PREPOSITIONS,
  REQUEST_VERBS,
  TELLS,
  THIRD_PERSON,
  TIME_NOUNS,
} from "./words.ts";

// The asker in the first person.
const ASKER = new Set(["i", "me", "my", "we", "us", "our"]);
// "a story about that", "a tale of this": the text asked for is about what was told
const ABOUT = new Set(["about", "of", "on"]);
// "does it", "did that": a deed told elsewhere
const DO_FORMS = new Set(["do", "does", "did", "doing", "done"]);
// "about what happened", "about why", "about how it went": the events told before
const EVENTS_TOLD = new Set(["what", "why", "how"]);

/**
 * Drops asides about the asker ("My kids love those.", "I forgot how it goes.", "if you can") when another
 * clause names the genre asked for: a clause with a first- or second-person word and no genre word.
 * Style instructions ("Make it funny.") are requests and stay.
 */
export function dropAsides(words: string[], lexicon: Lexicon): string[] {
  const clauses: string[][] = [[]];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === BOUNDARY || askerThenRequest(clauses.at(-1)!, words, i)) clauses.push([]);
    else clauses.at(-1)!.push(word);
  }
  // the request: a clause that names the genre, or starts (after a greeting) with a request verb
  // ("Can you draft it with a melancholy tone?": a request verb after a frame asks too)
  // (the clause past its greeting and its frame: "I want a story where he…" → "a story where he…")
  const body = (clause: string[]) => {
    const said = clause.filter((w) => !CHAT.has(w));
    return said.slice(FRAMES.find((f) => f.every((w, k) => said[k] === w))?.length ?? 0);
  };
  const isRequest = (clause: string[]) =>
    clause.some((w) => GENRES.has(w)) || REQUEST_VERBS.has(body(clause)[0] ?? "");
  // "Grandma here!", "DM here lol": who is asking, not what
  // (chat words aside: "DM here lol")
  const filler = (clause: string[]) => {
    const c = clause.filter((w) => !CHAT.has(w));
    return c.every((w) => FILLER_CLAUSE.has(w)) || (c.length <= 3 && c.at(-1) === "here");
  };
  // A request that tells the story itself ("a story about a ghost who haunts a library") makes the clauses
  // about the asker asides; a request that is only a header ("Story for a 6 year old:") does not: the story
  // follows it, even in a clause that says "our cat".
  const telling = (c: string[]) =>
    c.some((w) => TELLS.has(w)) ||
    c.filter((w) =>
        isContentWord(w) && !isNumberWord(w, lexicon) && !GENRES.has(w) && !REQUEST_VERBS.has(w) &&
        !CHAT.has(w)
      ).length >= 3;
  // "my dog Max ran away, write a story where he comes home": a pronoun before anything it could stand for
  // points back at the aside, which is then the story
  const pointsBack = (clause: string[]) => {
    const c = body(clause);
    // ("tell her a story": whom it is for)
    // ("…knocks on the windows every night. Write this as a horror story.": "this" after the request verb)
    const pronoun = c.findIndex((w, k) =>
      (THIRD_PERSON.has(w) && !REQUEST_VERBS.has(c[k - 1])) ||
      ((w === "this" || w === "that") && (REQUEST_VERBS.has(c[k - 1]) || c[k - 1] === "turn")) ||
      // ("…jealous of the new baby, can you make a story about that")
      ((w === "this" || w === "that") && ABOUT.has(c[k - 1]) && GENRES.has(c[k - 2]))
    );
    // (a time is nothing a pronoun stands for: "a story about the night his plane was hit"; nor is a word that
    // only describes: "a gentle story about her and the baby")
    const noun = c.findIndex((w) =>
      isContentWord(w) && !GENRES.has(w) && !REQUEST_VERBS.has(w) && !CHAT.has(w) &&
      !isNumberWord(w, lexicon) && !TIME_NOUNS.has(w) && (lexicon.canBe(w, "n") || !lexicon.isKnown(w))
    );
    // ("My cat knocks everything off the counter - write a story explaining why she does it": "does it" is the
    // deed the aside tells)
    const deed = c.some((w, k) => DO_FORMS.has(w) && ["it", "this", "that"].includes(c[k + 1]));
    // ("…, write a funny story about that", "write a short story about him": the text is about what was told,
    // whatever describing words come before the genre word)
    // ("…, can you make a funny story out of that": out of it, as of it)
    const about = c.some((w, k) =>
      (w === "this" || w === "that" || THIRD_PERSON.has(w)) && ABOUT.has(c[k - 1]) &&
      (GENRES.has(c[k - 2]) || (c[k - 2] === "out" && GENRES.has(c[k - 3]))) && k === c.length - 1
    );
    // ("I'm curious how black holes work. Write a story where a crew drifts too close to one": "one" after a
    // preposition at the end of the request is one of what the aside named)
    const one = (c.at(-1) === "one" || c.at(-1) === "ones") && PREPOSITIONS.has(c.at(-2) ?? "");
    // ("… peru. write a funny story about what actually happened", "about what i find inside", "…a dead mouse
    // every morning. write a funny story about why": a story about the events told, in a few words with no
    // article)
    const what = c.findIndex((w, k) => EVENTS_TOLD.has(w) && ABOUT.has(c[k - 1]));
    const events = what >= 0 && c.length - what <= 4 && !c.slice(what).some((w) => DETERMINERS.has(w));
    return deed || one || about || events || (pronoun >= 0 && (noun < 0 || pronoun < noun));
  };
  // "my girl is afraid of the monster in her closet, write a story where the monster turns out to be friendly":
  // "the monster" is the one the aside told of, so the aside is the story
  // (the words of the clauses that are no request: namesBack is asked of a request clause only)
  const told = new Set(clauses.filter((o) => !isRequest(o)).flat());
  // (or a name the aside gave: "Our golden retriever Max is the ring bearer… a story from Max's point of view";
  // said as a name, with no article or describing word before it: "a story about a porter" is no Porter)
  const asName = (c: string[], k: number) =>
    k === 0 || (!DETERMINERS.has(c[k - 1]) && tagOf(c[k - 1], undefined) !== "content");
  // (a name the aside gives after whose and what it is, even a word no list holds as a name: "our cat Biscuit
  // is terrified of the vacuum cleaner. … a story where Biscuit makes friends with it")
  const given = new Set(
    clauses.filter((o) => !isRequest(o)).flatMap((o) =>
      o.filter((w, k) =>
        ASKER.has(o[k - 2]) && isContentWord(o[k - 1]) && lexicon.canBe(o[k - 1], "n") && isContentWord(w) &&
        lexicon.canBe(w, "n") && !lexicon.canBe(w, "a") && !lexicon.isPluralNoun(w) &&
        lexicon.lemmasOf(w).includes(w)
      )
    ),
  );
  const namesBack = (c: string[]) => {
    return c.some((w, k) =>
      (c[k - 1] === "the" || ((lexicon.names.has(w) || given.has(w)) && asName(c, k))) && told.has(w) &&
      isContentWord(w) && !GENRES.has(w) && !CHAT.has(w) && !REQUEST_VERBS.has(w)
    );
  };
  // "I'm a vet in a small town. Write a story about a stray cat who brings me a gift…": the asker is in the story
  // the request tells, so what the aside says of the asker is the story's too
  const askerInStory = (c: string[]) => {
    const genre = c.findIndex((w) => GENRES.has(w));
    return genre >= 0 &&
      c.slice(genre + 1).some((w, k, told) => ASKER.has(w) && told[k - 1] !== "for" && told[k - 1] !== "to");
  };
  const request =
    clauses.some((c) => isRequest(c) && telling(c) && !pointsBack(c) && !namesBack(c) && !askerInStory(c)) &&
    !words.includes(BACK_REFERENCE);
  const said = clauses.filter((c) => c.length > 0 && !filler(c));
  if (said.length === 0) return words;
  // (an aside that gives a number — "my daughter is turning six" — may be what the story is about: kept; "my
  // little one", "this one" give none)
  // A clause that goes on from the one before ("…, and what happens when my brother winds it") or says what
  // there is ("There's a bookshop on my street that…, so write about the man who runs it") is the story.
  // (a clause that opens with an -ing verb goes on describing the one before: "a story about her as a young
  // girl, slipping out in her sister's red shoes to dance with the boy who became my grandpa")
  const story = (c: string[], i: number) =>
    (i > 0 && ["and", "but", "or"].includes(c[0]) && isRequest(said[i - 1])) ||
    (c[0] === "there" && BE.has(c[1] ?? "")) ||
    (i > 0 && isRequest(said[i - 1]) && c[0].endsWith("ing") && lexicon.canBe(c[0], "v"));
  const kept = said.filter((c, i) =>
    !request || isRequest(c) || !c.some((w) => PERSONAL.has(w)) || story(c, i) ||
    c.some((w, k) =>
      isNumberWord(w, lexicon) && !(w === "one" && tagOf(c[k + 1] ?? BOUNDARY, undefined) !== "content")
    )
  );
  return kept.flatMap((clause, i) => i === 0 ? clause : [BOUNDARY, ...clause]);
}

/**
 * True at an "and" that ends a clause about the asker and starts the request: "I'm getting married next month
 * and I'd love a story about…" is an aside and a request, two clauses.
 */
function askerThenRequest(clause: string[], words: string[], at: number): boolean {
  if (words[at] !== "and") return false;
  const first = clause.find((w) => !CHAT.has(w));
  if (first !== "i" && first !== "we") return false;
  const rest = words.slice(at + 1).filter((w) => !CHAT.has(w));
  return FRAMES.some((f) => f.length >= 2 && f.every((w, k) => rest[k] === w));
}
