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
export const AUX = set("has have had having do does did");
export const MODALS = set("can could may might shall should must would will");
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
    "actually literally totally absolutely basically honestly seriously truly whole entire possibly total utter super",
);
export const NEGATIONS = set("not no never nobody nothing none neither nor without nowhere");
// Greetings and thanks around a request; dropped wherever they appear.
/** The marker of a request that points back at the clauses before it. */
export const BACK_REFERENCE = "backreference";

export const CHAT = set(
  "hi hello hey yo thanks thank please kindly ok okay alright dear um lol cheers ty ugh oh wow aww yay omg hmm " +
    "haha hehe lmao hiya heya tysm thanx thnx xx xoxo backreference",
);
// Verbs that ask for the text; only framing at the start of a clause ("write me…", "tell a tale…").
export const REQUEST_VERBS = set(
  "write tell compose generate create narrate give make share craft produce describe retell recount invent " +
    "rewrite draft do",
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

// Function-word variants read as one form, longest first per first word. Applied before WordNet phrases.
const FUNCTION_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["in which", "where"],
  ["on which", "where"],
  ["at which", "where"],
  ["nothing but", ""],
  // "the grandmother is the only one who knows" is "only the grandmother knows" ("only" as an adverb is dropped)
  ["is the only one who", ""],
  ["is the only one that", ""],
  // "this time Eurydice is the one who goes down" is "Eurydice goes down"
  ["is the one who", ""],
  ["is the one that", ""],
  ["are the ones who", ""],
  ["are the only ones who", ""],
  ["are the only ones that", ""],
  ["every single", "every"],
  // "for one more week" is "for another week"
  ["one more", "another"],
  ["1 more", "another"],
  // "once she is grown up" is "when she is grown up"
  ["once she", "when she"],
  ["once he", "when he"],
  ["once they", "when they"],
  ["once i", "when i"],
  ["once we", "when we"],
  ["once you", "when you"],
  // "what's left of humanity" is what remains of it, not what went away
  ["what is left of", "what remains of"],
  ["wind up", "become"],
  ["winds up", "becomes"],
  ["wound up", "became"],
  ["a bit", "a little"],
  ["end up as", "become"],
  ["ends up as", "becomes"],
  ["ended up as", "became"],
  ["end up", "become"],
  ["ends up", "becomes"],
  ["ended up", "became"],
  ["a single", "one"],
  ["together with", "with"],
  ["along with", "with"],
  ["anyone who", "whoever"],
  ["anybody who", "whoever"],
  ["those who", "people who"],
  ["none but", ""],
  // "Retell Jack and the Beanstalk, but this time the giant is kind": the retelling's difference is what follows
  ["but this time", "but"],
  ["this time", ""],
  ["will have to", "must"],
  ["has to", "must"],
  ["have to", "must"],
  ["had to", "must"],
  ["needs to", "must"],
  ["need to", "must"],
  ["is able to", "can"],
  ["are able to", "can"],
  ["am able to", "can"],
  ["be able to", "can"],
  ["was able to", "could"],
  ["were able to", "could"],
  // "a clock able to stop time" is one that can
  ["able to", "can"],
  ["is not able to", "can not"],
  ["are not able to", "can not"],
  ["am not able to", "can not"],
  ["was not able to", "could not"],
  ["were not able to", "could not"],
  ["can not stand", "hate"],
  ["could not stand", "hated"],
  ["unless", "if not"],
  ["would really like", "want"],
  ["would really love", "want"],
  ["to become", "to be"],
  ["would like to", "want to"],
  ["would like", "want"],
  ["would love to", "want to"],
  ["no one", "nobody"],
  ["not anyone", "nobody"],
  ["not ever", "never"],
  // "no longer" is "not anymore": a thing stopped, not one that has not begun ("not yet")
  ["no longer", "not anymore"],
  ["any longer", "anymore"],
  ["any more", "anymore"],
  ["both of", "two of"],
  ["a lot of", "many"],
  ["lots of", "many"],
  ["just about to", "will"],
  ["is about to", "will"],
  ["are about to", "will"],
  ["was about to", "will"],
  ["were about to", "will"],
  ["is destined to", "will"],
  ["was destined to", "will"],
  ["is unable to", "can not"],
  ["are unable to", "can not"],
  ["was unable to", "could not"],
  ["were unable to", "could not"],
  ["unable to", "can not"],
  ["would rather", "prefer to"],
  ["so that it can", "to"],
  ["so that he can", "to"],
  ["so that she can", "to"],
  ["so that they can", "to"],
  ["so that", "to"],
  ["so it can", "to"],
  ["so he can", "to"],
  ["so she can", "to"],
  ["so they can", "to"],
  ["ought to", "should"],
  ["it should be", ""],
  ["make it", ""],
  ["with neither", "without"],
  ["due to", "because of"],
  // "story idea: a nurse…": the story asked for
  ["story idea", "story"],
  ["an idea for a story", "a story"],
  ["keep it", ""],
  ["one by one", ""],
  // thanks and apologies around the request
  ["thanks in advance", "thanks"],
  ["whenever you have a moment", "thanks"],
  ["please help", "please"],
  ["random request", ""],
  ["random idea", ""],
  ["quick one", ""],
  ["when you have a moment", "thanks"],
  // the occasion, not the story: "need a story for tonight"
  ["story for tonight", "story"],
  ["one for tonight", "one"],
  ["something for tonight", "something"],
  ["thank you in advance", "thanks"],
  ["many thanks in advance", "thanks"],
  ["many thanks", "thanks"],
  ["thanks so much", "thanks"],
  ["thank you so much", "thanks"],
  ["thank you very much", "thanks"],
  ["thanks very much", "thanks"],
  ["thanks a lot", "thanks"],
  ["thanks a million", "thanks"],
  ["thank you ever so much", "thanks"],
  ["sorry for mistakes", "thanks"],
  ["sorry for my mistakes", "thanks"],
  ["sorry for my english", "thanks"],
  ["sorry for my bad english", "thanks"],
  ["everything but", "everything except"],
  ["till", "until"],
  ["there was once", "once-upon-a-time there was"],
  ["there once was", "once-upon-a-time there was"],
  ["there once lived", "once-upon-a-time there lived"],
  ["about the way", "about how"],
  ["the way in which", "how"],
  ["thanks a bunch", "thanks"],
  ["thank you so much in advance", "thanks"],
  ["in advance", ""],
  ["much appreciated", "thanks"],
  ["and the way", "and how"],
  ["whether or not", "whether"],
  ["nobody but", ""],
  ["no one but", ""],
  ["in order to", "to"],
  ["in secret", "secretly"],
  ["next to", "beside"],
  ["close to", "near"],
  ["set on fire", "burned"],
  // a request that points back at what was said ("…at midnight. Turn that into a ghost story"): what was said
  // is the story, whoever's it is (BACK_REFERENCE keeps those clauses; framing then drops the marker)
  ["turn that into", "backreference"],
  ["turn this into", "backreference"],
  ["turn it into", "backreference"],
  ["write about it", "backreference"],
  ["write about this", "backreference"],
  ["write about that", "backreference"],
  ["tell that story", "backreference story"],
  ["set fire to", "burned"],
  ["stuck on", "trapped on"],
  ["stuck in", "trapped in"],
  ["good evening", "hi"],
  ["good morning", "hi"],
  ["good afternoon", "hi"],
  ["set it in", "in"],
  ["set in", "in"],
  ["set on", "on"],
  ["set at", "at"],
  ["set during", "during"],
  ["all over", "across"],
  ["any help is appreciated", "thanks"],
  ["i hope you are well", "thanks"],
  ["hope you are well", "thanks"],
  ["i hope you are doing well", "thanks"],
  ["hope you are doing well", "thanks"],
  ["whenever you are ready", "thanks"],
  ["any help appreciated", "thanks"],
  ["point of view", "perspective"],
  ["is no longer able to", "can not anymore"],
  ["are no longer able to", "can not anymore"],
  ["was no longer able to", "could not anymore"],
  // refusing to do a thing is not doing it: "a mouse who refuses to help" / "who does not help"
  // ("the goat won't eat grass": not a future, a refusal)
  ["will not", "not"],
  ["refuses to", "not"],
  ["refused to", "not"],
  ["refuse to", "not"],
  ["refusing to", "not"],
  ["declines to", "not"],
  ["declined to", "not"],
  ["decline to", "not"],
  ["a pair of", "two"],
  // what is put aside is a thing of its own: "books instead of gold" is not "gold instead of books"
  ["instead of", "insteadof"],
  ["rather than", "insteadof"],
  ["love story", "romance"],
  // "can't remember" is "forget"; "the first chapter" is the opening one
  ["can not remember", "forget"],
  ["could not remember", "forgot"],
  ["can never remember", "always forget"],
  ["first chapter", "opening chapter"],
  ["first scene", "opening scene"],
  ["first paragraph", "opening paragraph"],
  ["first line", "opening line"],
  ["first lines", "opening lines"],
  // "right before", "all the way to", "the place where": emphasis and wording around a preposition
  ["right before", "before"],
  ["right after", "after"],
  ["right behind", "behind"],
  ["right next to", "next to"],
  ["right in front of", "in front of"],
  ["all the way to", "to"],
  ["all the way across", "across"],
  ["all the way through", "through"],
  ["the place where", "where"],
  // "wishes she could fly" is "wants to fly"
  ...["it", "he", "she", "they"].flatMap((who) =>
    ["could", "was able to", "were able to"].flatMap((can) => [
      [`wishes ${who} ${can}`, "wants to"],
      [`wish ${who} ${can}`, "want to"],
      [`wished ${who} ${can}`, "wanted to"],
    ])
  ),
  // a bad dream is a nightmare (WordNet files "nightmare" as the opposite of "dream")
  ["bad dream", "nightmare"],
  ["bad dreams", "nightmares"],
  // "a retelling of Jack and the Beanstalk where…", "a version of Little Red Riding Hood where…": "retell"
  ["a retelling of", ""],
  ["the retelling of", ""],
  ["a version of", ""],
  ["a new version of", ""],
  ["fairy tale", "fairytale"],
  ["fairy story", "fairytale"],
  ["folk tale", "folktale"],
  ["folk story", "folktale"],
  ["there were once", "once-upon-a-time there were"],
  ["there lived once", "once-upon-a-time there lived"],
  ["once upon a time", "once-upon-a-time"],
  ["a long time ago", "once-upon-a-time"],
  ["long long ago", "once-upon-a-time"],
  ["long ago", "once-upon-a-time"],
].map(([from, to]) => [from, to] as const);
/** FUNCTION_PHRASES as word lists, by first word (longest first). */
export const PHRASES_BY_FIRST = new Map<string, Array<readonly [string[], string[]]>>();
for (const [from, to] of FUNCTION_PHRASES) {
  const words = from.split(" ");
  const list = PHRASES_BY_FIRST.get(words[0]) ?? [];
  list.push([words, to ? to.split(" ") : []]);
  list.sort((a, b) => b[0].length - a[0].length);
  PHRASES_BY_FIRST.set(words[0], list);
}

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
  "i would be grateful if you could",
  "i would love it if you could",
  "i would like it if you could",
  "i would appreciate it if you could",
  "i was wondering if you could",
  "i am wondering if you could",
  "could i get",
  "can i get",
  "could i have",
  "can i have",
  "need",
  "would you be able to",
  "would you mind",
  "would you be so kind as to",
  "would you be kind enough to",
  "i would love you to",
  "i would like you to",
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
  "could you possibly",
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
    "quick random one ok okay please thanks thank hi hello hey another here so just a an for you " +
    // ("go!", "go wild :)" after the request)
    "go wild",
);

// Genre and number words are read before framing, "short story" and counts are: their misspellings ("stroy",
// "fianl", "thrid") are corrected first.
export const NUMBER_WORDS = set(
  "three four five seven eight nine eleven twelve twenty thirty forty fifty hundred thousand " +
    "first second third fourth fifth sixth seventh eighth ninth tenth last final",
);
