/**
 * Text normalisation for the exact-match key and for the verifier's word lists.
 *
 * Two prompts that differ only in case, spacing, punctuation, accents, contractions or British/American
 * spelling get the same normalised text, so the cheapest lookup (a hash of it) answers them.
 */

/** British -> American spellings ("colour" -> "color"), from the bundled lexicon. */
export type SpellingVariants = Readonly<Record<string, string>>;

// Contractions are expanded before punctuation is dropped: otherwise "didn't" would become "didn t" and the
// negation would be lost to the verifier.
const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bwon't\b/g, "will not"],
  [/\bcan't\b/g, "can not"],
  [/\bshan't\b/g, "shall not"],
  [/\bain't\b/g, "is not"],
  [/\bcannot\b/g, "can not"],
  [/n't\b/g, " not"],
  [/'re\b/g, " are"],
  [/'ve\b/g, " have"],
  [/'ll\b/g, " will"],
  [/'m\b/g, " am"],
  [/'d\b/g, " would"],
];

// What people type in chat without apostrophes or in short: read as the full words, so "couldnt" keeps its
// negation and "abt a lil girl" its words. Only forms that are not also English words ("wont", "ill", "were",
// "its" are words and stay as they are).
// The tens of a decade written in words ("the sixties", "in her forties").
const DECADES: Readonly<Record<string, number>> = {
  twen: 20,
  thir: 30,
  for: 40,
  fif: 50,
  six: 60,
  seven: 70,
  eigh: 80,
  nine: 90,
};

const SHORT_FORMS: Readonly<Record<string, string>> = {
  dont: "do not",
  doesnt: "does not",
  didnt: "did not",
  isnt: "is not",
  arent: "are not",
  wasnt: "was not",
  werent: "were not",
  couldnt: "could not",
  wouldnt: "would not",
  shouldnt: "should not",
  cant: "can not",
  hasnt: "has not",
  havent: "have not",
  hadnt: "had not",
  whos: "who is",
  thats: "that is",
  theres: "there is",
  im: "i am",
  ive: "i have",
  youre: "you are",
  // ("a house that wont let them leave": typed without its apostrophe, "wont" is "won't" far more often than a
  // habit)
  wont: "will not",
  theyre: "they are",
  youll: "you will",
  theyll: "they will",
  itll: "it will",
  weve: "we have",
  youve: "you have",
  theyve: "they have",
  // months and places said short
  jan: "january",
  feb: "february",
  aug: "august",
  sept: "september",
  oct: "october",
  nov: "november",
  dec: "december",
  nyc: "new york",
  // misspellings that are words of their own but are almost always typed for these
  looses: "loses",
  loosing: "losing",
  alot: "a lot",
  untill: "until",
  thier: "their",
  abt: "about",
  bout: "about",
  lil: "little",
  pls: "please",
  plz: "please",
  thx: "thanks",
  u: "you",
  ur: "your",
  yrs: "years",
  yr: "year",
  thru: "through",
  tho: "though",
  hes: "he is",
  shes: "she is",
  w: "with",
  bc: "because",
  bcs: "because",
  cuz: "because",
  smth: "something",
  sth: "something",
  gonna: "going to",
  wanna: "want to",
  gotta: "have to",
  ppl: "people",
  b4: "before",
  msg: "message",
  n: "and",
  r: "are",
  pov: "point of view",
  cos: "because",
  coz: "because",
  nite: "night",
  bro: "brother",
  heyy: "hey",
  hii: "hi",
};

// "<3" is a heart, not a three.
const HEARTS = /<3+/g;
const AGE =
  "(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" +
  "sixteen|seventeen|eighteen|nineteen)";
const AGE_IN_PARENTHESES = new RegExp(
  `(\\p{L}) ?\\((?:age[sd]? )?${AGE}(?: ?(?:and|&|,) ?${AGE})?(?: ?(?:yo|y\\/o|yrs?|years?(?: old)?))?\\)`,
  "gu",
);

// ("my daughter, eleven, wants…", "my son Leo, 7, loves…": an age set off by commas after the asker's child)
const AGE_BETWEEN_COMMAS = new RegExp(
  `\\b((?:my|our) (?:son|daughter|kid|boy|girl|nephew|niece|grandson|granddaughter|child|twins|kids)(?: \\p{L}+)?), ${AGE}(?: ?(?:yo|y\\/o|yrs?|years?(?: old)?))?,`,
  "gu",
);

/** Lowercase, NFKC, accents removed, curly quotes straightened, contractions expanded. */
function canonicalCharacters(text: string): string {
  // (runs of spaces as one: "4  yo" is "4 yo", and patterns over the text see single spaces; an age in
  // parentheses after a word is said of the one the word names: "my daughter (10) wants…", "my kids (5 and 7)")
  let out = text.normalize("NFKC").toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "")
    .replace(/\s+/g, " ").trim().replace(AGE_IN_PARENTHESES, "$1").replace(AGE_BETWEEN_COMMAS, "$1")
    .replace(HEARTS, " ")
    // ("the 1970's" is the 1970s)
    .replace(/\b(\d{4})'s\b/g, "$1s");
  out = out.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u201c\u201d]/g, '"');
  // every contraction pattern needs an apostrophe, except "cannot": most prompts skip the eleven passes
  if (out.includes("'") || out.includes("cannot")) {
    for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  }
  return out;
}

const expandShortForms = (words: string[]) =>
  words.flatMap((w) => Object.hasOwn(SHORT_FORMS, w) ? SHORT_FORMS[w].split(" ") : [w]);

/**
 * Splits a prompt into normalised words: letters and digits only, possessive "'s" dropped, spelling variants
 * mapped to one form. Digits stay attached to their suffix ("3rd", "10th") so the verifier can read them.
 */
export function promptWords(text: string, spelling: SpellingVariants = {}): string[] {
  const cleaned = canonicalCharacters(text).replace(/'s\b/g, "").replace(/[^\p{L}\p{N}]+/gu, " ");
  const words = expandShortForms(cleaned.split(" ").filter((w) => w.length > 0));
  return words.map((w) => Object.hasOwn(spelling, w) ? spelling[w] : w);
}

/** Marks a clause boundary (sentence or clause punctuation) in {@link promptTokens}. */
export const BOUNDARY = "|";
/** Marks a possessive "'s" (or plural "s'") in {@link promptTokens}: "the king's crown" → king 's crown. */
export const POSSESSIVE = "'s";

const HAS_CONTRACTION =
  /\b(who|it|he|she|that|there|what)'s ((?:(?:never|not|just|already|ever|always|often) )*(?:been|got|gotten|(?:never|not|just|already|ever|always|often) (?:seen|done|had|made|known|met|heard|[a-z]+ed|[a-z]+en|[a-z]+wn)))\b/g;

const HAS_WITH_OBJECT =
  /\b(who|it|he|she|that|what)'s ((?:[a-z]+(?:ed|en|wn)|won|lost|made|had|told|sold|found|held|left|kept|built|sent|spent|met|led|fed|run|done|seen|brought|bought|caught|taught|fought|hit|put|set|cut|shot|become|struck|dug|sung|swum|begun) (?:(?:up|down|out|off|over|away|back) )?(?:(?:a|an|the|her|his|their|its|my|our|your|every|all|some|\d+)\b|[a-z]+s'))/g;

// Hours in words, for "three a.m." as for "3 a.m.".
const HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

/**
 * Like {@link promptWords}, but keeps what the verifier reads structure from: clause punctuation becomes
 * {@link BOUNDARY} and a possessive "'s" becomes {@link POSSESSIVE} ("who's", "it's", "here's" stay "is").
 */
export function promptTokens(text: string, spelling: SpellingVariants = {}): string[] {
  const marked = canonicalCharacters(text)
    // "who's been", "she's never seen": has; "who's lost", "it's never late": is
    .replace(HAS_CONTRACTION, "$1 has $2")
    // "she's failed her exams", "that's watched over the village": a participle with its object after it is "has"
    .replace(HAS_WITH_OBJECT, "$1 has $2")
    .replace(/\b(who|it|he|she|that|there|here|what|where|how|when|this)'s\b/g, "$1 is")
    // "Hannah's going to be a mom": a name's "'s" before "going" is "is"
    .replace(/\b(\p{L}+)'s (?=going\b)/gu, "$1 is ")
    // one spelling of what people write many ways: "sci-fi" / "science fiction", "D&D" / "DnD", "8yo" / "8 y/o"
    .replace(/\bsci[\s-]?fi\b|\bscience[\s-]fiction\b/g, "scifi")
    // "w/o dropping it" is without, "coffee w/ milk" with; "second-hand" is one word, no second of anything;
    // "formula one", "formula 1" is one racing series, no count
    .replace(/\bw\/o\b/g, "without")
    .replace(/\bw\/(?=\s)/g, "with")
    .replace(/\bsecond[\s-]hand\b/g, "secondhand")
    // ("a wind-up robot toy" is a windup toy, no "wind up" = become)
    .replace(/\bwind-up\b/g, "windup")
    .replace(/\bformula[\s-]?(?:one|1)\b|\bf1\b/g, "formula1")
    .replace(/\brom[\s-]?coms?\b/g, "romantic comedy")
    // a comedy is a funny story: "write a comedy about…" / "a funny story about…", "make it a comedy" / "make
    // it funny" (a "romantic comedy", a "heist comedy" stay what they are)
    .replace(/\bcomedic\b/g, "funny")
    .replace(/\bmake it a comedy\b/g, "make it funny")
    .replace(/\bcomedy (?=story\b|tale\b)/g, "funny ")
    .replace(/\b(a|as a|write a) comedy\b/g, "$1 funny story")
    .replace(/(^|[.!?:;,-]\s*)comedy(?= pls\b| please\b|\s*[,.:;!?-]|\s*$)/g, "$1funny story")
    // "an A.I." is an AI; "Elm St." is Elm Street ("St George", before a name, is a saint)
    .replace(/\ba\.i\.?(?=\s|$|[,;:!?])/g, "ai")
    .replace(
      /(?<=\p{L} )st\.?(?=\s*$|\s+(?:on|in|at|and|to|near|where|when|with|for|is|was|has|gets)\b|[,;:!?])/gu,
      "street",
    )
    .replace(/\bd\s?(?:&|and|n)\s?d\b/g, "dnd")
    // "World War 1", "WWI", "world war one": one war, one spelling (WordNet's)
    .replace(/\b(?:world war (?:one|1|i)|ww ?(?:1|i))\b/g, "world war i")
    .replace(/\b(?:world war (?:two|2|ii)|ww ?(?:2|ii))\b/g, "world war ii")
    // "a has-been boxer": one word, not "has been"
    .replace(/\bhas-beens?\b/g, "hasbeen")
    .replace(/\b(\d+)\s?y\/?o\b/g, "$1 year old")
    // "everyones hope": a possessive typed without its apostrophe
    .replace(/\b(every|some|any|no)(one|body)s\b/g, "$1$2's")
    // "1,000" is a thousand, not 1 and 0; "the 1850s" (or "1850's") is a decade; "&" is "and"
    .replace(/\s&\s/g, " and ")
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    // a year or decade in two digits is of the 1900s: "in '62" is 1962, "the 60s" the 1960s ("in her 60s" is
    // an age and stays)
    .replace(/(^|[^\p{L}\p{N}'])'(\d{2})\b(?!')/gu, "$119$2")
    // ("the sixties", "in her sixties": a decade in words is the same decade in digits)
    .replace(/\b(twen|thir|for|fif|six|seven|eigh|nine)ties\b/g, (_, tens: string) => `${DECADES[tens]}s`)
    .replace(/\bthe (\d0)'?s\b/g, "the 19$1s")
    .replace(/\b(\d{2,4})'?s\b/g, "$1 decade")
    .replace(/([\p{L}\p{N}])'s\b/gu, "$1 \uE000 ")
    .replace(/([\p{L}]s)'(?=\s|$)/gu, "$1 \uE000 ")
    // "3am", "3 a.m.", "3 am" are one time of day (and "am" is not the verb)
    .replace(new RegExp(`\\b(\\d{1,2}|${HOURS})\\s*a\\.?\\s?m\\b\\.?`, "g"), "$1 antemeridiem ")
    .replace(new RegExp(`\\b(\\d{1,2}|${HOURS})\\s*p\\.?\\s?m\\b\\.?`, "g"), "$1 postmeridiem ")
    // "the E.R.", "an I.C.U. nurse": an abbreviation written with full stops is the one written without
    .replace(
      /\b((?:[a-z]\.){1,3}[a-z])\.(?=\s|$|[,;:!?])/g,
      (_, letters: string) => letters.replaceAll(".", ""),
    )
    // an initial or a title is not the end of a clause: "T. rex", "J. K. Rowling", "Dr. Watson"
    .replace(/\b([a-z]|mr|mrs|ms|dr|st|jr|sr|prof|mt|vs)\.(?=\s+[a-z])/g, "$1 ")
    .replace(/[.,;:!?()[\]{}"\u2014\u2013]|\s-+\s/g, " \uE001 ")
    .replace(/[^\p{L}\p{N}\uE000\uE001]+/gu, " ");
  const words = expandShortForms(marked.split(" ").filter((w) => w.length > 0));
  const tokens = words.map((w) =>
    w === "\uE000" ? POSSESSIVE : w === "\uE001" ? BOUNDARY : Object.hasOwn(spelling, w) ? spelling[w] : w
  );
  // one boundary between clauses, none at the ends
  const out = tokens.filter((t, i) => t !== BOUNDARY || (i > 0 && tokens[i - 1] !== BOUNDARY));
  while (out.at(-1) === BOUNDARY) out.pop();
  return out;
}

/**
 * The normalised text used as the exact-match key: {@link promptWords} joined by single spaces.
 * "Once upon a time, a little girl found a DRAGON!" and "once upon a time a little girl found a dragon"
 * give the same key.
 */
export function normalizePrompt(text: string, spelling: SpellingVariants = {}): string {
  return promptWords(text, spelling).join(" ");
}
