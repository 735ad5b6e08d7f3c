/**
 * The words and phrases the verifier reads prompts with (lib/cache/analysis.ts): function-word classes, request
 * framing, genre words, and the phrase variants read as one form. Word lists only; the reading is in
 * analysis.ts.
 */

/** A set of the space-separated words. */
export const wordSet = (words: string): Set<string> => new Set(words.split(" "));
const set = wordSet;

export const DETERMINERS = set(
  "a an the this these those every each some any all his her their its my your our another both either",
);
export const PREPOSITIONS = set(
  "in on at by with from to into onto for of over under through across during after before between about insteadof " +
    "around behind beneath below above near along against without up down out off away inside outside upon " +
    "within toward towards past beyond among like than via",
);
export const BE = set("is are was were be been being am");
export const GET = set("get gets got gotten getting");
/** The forms of "become". */
export const BECOME = set("become becomes became becoming");
export const AUX = set("has have had having do does did");
export const MODALS = set("can could may might shall should must would will");
/** Possessive determiners: whose a thing is ("his", "their"). */
export const OWNERS = set("his her its their my our your");
/** Personal pronouns that open a clause as its subject ("so that he can…", "since she is…"). */
export const SUBJECT_PRONOUNS = set("he she it they i we you");
export const RELATIVES = set("who whom which whose");
export const PRONOUNS = set(
  "i me you he him she they them it we us hers theirs ours mine yours himself herself itself themselves " +
    "someone somebody everyone everybody something anything everything one",
);
export const CONJUNCTIONS = set(
  "and but or while when as so then because if although though until where why how what",
);
// ("roughly 800 words" is "about 800 words", where "about" is a preposition)
export const OTHER = set(
  "there here very really just quite also too called named ever even still own roughly approximately kinda sorta " +
    // words of emphasis in chat, which say nothing of the story ("literally everything goes wrong")
    "actually literally totally completely utterly entirely absolutely basically honestly seriously truly whole entire " +
    "possibly total utter super anyway nonetheless nevertheless " +
    // how often a habit is said: "keeps complaining" / "is always complaining" / "constantly complains"
    "always constantly continually",
);
export const NEGATIONS = set("not no never nobody nothing none neither nor without nowhere");
// Greetings and thanks around a request; dropped wherever they appear.
/** The marker of a request that points back at the clauses before it. */
export const BACK_REFERENCE = "backreference";

export const CHAT = set(
  "hi hello hey yo thanks thank please kindly ok okay alright dear um lol cheers ty ugh oh wow aww yay omg hmm " +
    "yeah yep yup ooh oooh pls plz idk " +
    "haha hehe lmao hiya heya tysm thanx thnx xx xoxo backreference",
);
// Verbs that ask for the text; only framing at the start of a clause ("write me…", "tell a tale…").
export const REQUEST_VERBS = set(
  "write tell compose generate create narrate give make share craft produce describe retell recount invent " +
    "rewrite draft do spin pen read",
);
/** Genre words: what kind of text is asked for. "tale", "narrative", "myth" and "legend" are read as "story". */
export const GENRES = set(
  "story tale poem song joke riddle limerick haiku fable essay comedy lullaby article ballad sonnet " +
    "fairytale anecdote myth legend narrative",
);
/**
 * Everyday words of story requests that WordNet files apart although a request means the same with either:
 * read as one word. Only full synonyms in a story request, never near kinds ("sad" / "tragic").
 */
export const STORY_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    "scary frightening terrifying creepy spooky eerie chilling",
    "funny humorous hilarious comical",
    "lonely solitary lonesome",
    "hungry starving famished ravenous",
    "trapped stuck stranded",
    "vanish vanishes vanished vanishing disappear disappears disappeared disappearing",
  ].flatMap((line) => {
    const [first, ...rest] = line.split(" ");
    return rest.map((w) => [w, w.startsWith("vanish") ? w.replace("vanish", "disappear") : first]);
  }),
);

export const GENRE_NAMES: Readonly<Record<string, string>> = {
  tale: "story",
  narrative: "story",
  myth: "story",
  legend: "story",
  // the kinds of story a request names as its frame ("Tell me a fable where…"); a fable is asked for as a story
  fable: "story",
  fairytale: "story",
  folktale: "story",
};
export const ORDINAL_DIGITS = /^(\d+)(st|nd|rd|th)$/;
export const DREAMS: Readonly<Record<string, string>> = {
  dream: "want",
  dreams: "wants",
  dreamed: "wanted",
  dreamt: "wanted",
  dreaming: "wanting",
};
// Words before "one day" that make it a length of time rather than "some day".
export const DURATION_BEFORE = set("in for within only just than per each every the a last first");
/** Words that start telling the story inside a request ("a story about…", "a story where…"). */
export const TELLS = set("about where which who whose of when");
/** Words that join clauses: "… king one day but …". */
export const CLAUSE_JOINS = set("and but or so when while because");
// Nouns followed by their number: "day one" is "day 1".
export const NUMBERED = set(
  "day chapter part book season episode level page act scene round week year step stage number room grade " +
    "lesson volume platform gate",
);
export const EXTRA_ORDINALS: Record<string, number> = { final: -1 };

// Tense and modality that change what is asked: "who will be king" / "who was king", "must choose" / "chose".
export const TIME_MARKERS: Record<string, string> = {
  will: "future",
  shall: "future",
  would: "future",
  used_to: "used to",
  must: "must",
  can: "can",
  could: "can",
  may: "may",
  might: "may",
  should: "should",
};
export const OPENING = "once-upon-a-time";
// "going to" + verb is the future; "going to the sea" is not.
export const GOING_TO = set("is are am was were");

// Openings of a request, skipped at the start of a clause (longest first).
export const FRAMES: ReadonlyArray<string[]> = [
  "i would be very grateful if you could",
  // ("I teach Year 9 and would be really grateful if you could write…")
  "would be really grateful if you could",
  "would be very grateful if you could",
  "would be so grateful if you could",
  "would be grateful if you could",
  "i would be really grateful if you could",
  "i would be so grateful if you could",
  "i would be so grateful if you would",
  "i would be grateful if you would",
  "i would really appreciate it if you could",
  "i would really appreciate it if you would",
  "i would appreciate it if you would",
  "i would really love it if you could",
  "i would love it if you would",
  "i wonder if you could",
  "i wonder if you would",
  "i was wondering if you would",
  "i would really love",
  "i would really like",
  "would love",
  "would like",
  "i would be grateful if you could",
  "i would love it if you could",
  "i would like it if you could",
  "i would appreciate it if you could",
  "i was wondering if you could",
  "i am wondering if you could",
  "could i get",
  "can i get",
  "may i have",
  "may i get",
  "might i have",
  // "i'd really appreciate a story…", "any chance of a story…?", "is it possible to get a story…?"
  "i would really appreciate",
  "i would appreciate",
  "we would appreciate",
  "any chance of",
  "any chance you could",
  "any chance i could get",
  "is it possible to get",
  "is it possible to have",
  "is it possible for you to",
  "would it be possible to get",
  "would it be possible to have",
  "would it be possible for you to",
  "do you think you could",
  "could you come up with",
  "can you come up with",
  // "i'd like to read a story…", "i wanna hear a story…": the asker reading or hearing what is asked for
  "i want to read",
  "i want to hear",
  "i would like to read",
  "i would like to hear",
  "i would love to read",
  "i would love to hear",
  // "can i request a story…", "requesting a story…", "let's have a story…", "i'd be grateful for a story…"
  "can i request",
  "could i request",
  "can i ask for",
  "could i ask for",
  "i would like to request",
  "i want to request",
  "i am requesting",
  "requesting",
  "let 's have",
  "let 's do",
  "let 's hear",
  "let us have",
  "let us hear",
  "i would be grateful for",
  "i would be so grateful for",
  "i would be happy with",
  "i would be so happy with",
  "i am craving",
  "i really want",
  "i really need",
  "i would just love",
  "i would just like",
  // "whip up a story…", "dream up a tale…", "i'm hoping for a story…", "you got a story…?"
  "whip up",
  "dream up",
  "cook up",
  "put together",
  "come up with",
  "i am hoping for",
  "hoping you can",
  "hoping you could",
  "i am after",
  "you got",
  "got",
  "maybe",
  "could i have",
  "can i have",
  "need",
  "would you be able to",
  "would you mind",
  "would you be so kind as to",
  "would you be kind enough to",
  "i would love you to",
  "i would like you to",
  "would like you to",
  "would love you to",
  "want you to",
  "i want you to",
  "i need you to",
  "can you",
  "could you",
  "would you",
  "will you",
  "i would love",
  "i would like",
  "i want",
  "i need",
  "i am looking for",
  // ("hi! looking for a thriller: …", "hey folks, looking for a story about…")
  "looking for",
  "just looking for",
  "we are looking for",
  "could you possibly",
  "could you also",
  "can you also",
  "can you possibly",
  "we would love",
  "we would like",
  "we want",
  "we need",
  "here is",
  "so",
  "just",
  "now",
].map((f) => f.split(" ")).sort((a, b) => b.length - a.length); // (longest first: "could you possibly")

/** Whom a greeting calls ("hello friend", "hi there"): dropped with it. */
export const VOCATIVES = set("friend friends there buddy pal mate guys folks everyone all");

export const PERSONAL = set("i me my mine we us our you your");
/** Nouns of a time said after a determiner ("every morning", "next week"): never a verb's object. */
export const TIME_NOUNS = set(
  "morning mornings night nights day days evening evenings week weeks weekend month year summer winter " +
    "spring autumn time",
);
/** Pronouns that stand for someone or something named elsewhere (in the story). */
export const THIRD_PERSON = set("he him his she her hers it its they them their");

// A clause of these words only ("Quick one please -", "ok, random one:") says nothing about the story.
export const FILLER_CLAUSE = set(
  "favour favor " +
    "quick random one ok okay please thanks thank hi hello hey another here so just a an for you tonight like " +
    // ("go!", "go wild :)" after the request)
    "go wild",
);

// Genre and number words are read before framing, "short story" and counts are: their misspellings ("stroy",
// "fianl", "thrid") are corrected first.
export const NUMBER_WORDS = set(
  "three four five seven eight nine eleven twelve twenty thirty forty fifty hundred thousand " +
    "first second third fourth fifth sixth seventh eighth ninth tenth last final",
);

/** The auxiliary of a perfect ("has not spoken", "have played"). */
export const HAVE: ReadonlySet<string> = new Set(["has", "have", "had"]);

/** The unit of an age said as one word before its noun ("a 12-year-old girl", "my class of 8 year olds"). */
export const AGE_UNITS: ReadonlySet<string> = new Set(["year_old", "years_old", "year_olds"]);

/** He or she in any form, possessives included ("his brother" / "her brother"). */
export const PRONOUN_GENDER: Readonly<Record<string, "he" | "she">> = {
  he: "he",
  him: "he",
  his: "he",
  himself: "he",
  she: "she",
  her: "she",
  hers: "she",
  herself: "she",
};

// Verbs of wishing before "to" + verb ("wants to", "dreams of becoming" is read as "wants to be").
export const WISHES = new Set(
  ("want wants wanted wanting wish wishes wished wishing hope hopes hoped hoping long longs longed longing yearn " +
    "yearns yearned yearning desire desires desired aspire aspires aspired prefer prefers preferred")
    .split(" "),
);
// Nouns of wishing that say a wish with "is to" ("whose dream is to become a chef").
export const WISH_NOUNS = new Set(["dream", "wish", "hope", "goal", "ambition"]);
// Verbs whose object is a wish, not a wisher: "grants wishes to whoever frees him".
export const GRANTS = new Set(
  "grant grants granted granting fulfil fulfils fulfill fulfills fulfilled make makes made".split(" "),
);

/** Verbs whose object may be a genre word inside the story: "tells a joke", "sings a song". */
export const PERFORMS = new Set([
  "tell",
  "sing",
  "play",
  "recite",
  "hum",
  "whistle",
  "perform",
  "know",
  "hear",
  "learn",
]);

/** Brothers and sisters, whose "big" and "little" are their age. */
export const SIBLINGS = new Set([
  "brother",
  "brothers",
  "sister",
  "sisters",
  "sibling",
  "siblings",
  "bro",
  "sis",
]);
export const SIBLING_AGE: Readonly<Record<string, string>> = {
  big: "older",
  elder: "older",
  little: "younger",
  kid: "younger",
};

/** Words for written stories after "a piece of". */
export const PROSE = new Set(["fiction", "writing", "prose", "story", "storytelling"]);

/** "keep (on)" in the present, before an -ing verb: it goes on ("keeps reliving the day"). */
export const KEEP_GOING = new Set([
  "keep",
  "keeps",
  "keep_on",
  "keeps_on",
  "continue",
  "continues",
  "carry_on",
  "carries_on",
  "go_on",
  "goes_on",
]);

/** Words of a time to come ("tomorrow", "next week"). */
export const FUTURE_TIMES = new Set(["tomorrow", "tonight", "soon"]);
