/**
 * Who does what to whom, read from an analysed prompt without a parser: for each verb, the doer (agent) and the
 * thing it is done to (patient), with passive voice turned around ("the bridge was built by a giant" is
 * giant-build-bridge, as "a giant built the bridge"), and the noun phrases they are read from (heads,
 * relative pronouns, who a pronoun is). The verifier compares these instead of word positions, so a passive or
 * a moved clause is not a swap, and "the cat chased the dog" / "the dog chased the cat" still is. Who owns
 * what, what is what and where things are: lib/cache/readings.ts.
 *
 * Heuristics, deliberately conservative: a role the reader is unsure of is left out, and the verifier only
 * rejects on a role that both prompts state and that differs.
 */
import type { Analysis, Token } from "./analysis.ts";
import type { Lexicon } from "./lexicon.ts";
import { GENRES, TIME_NOUNS } from "./words.ts";
import {
  hangsOnNoun,
  phraseHeadAfter,
  phraseHeadBefore,
  phraseStart,
  pronounPerson,
  relativeHead,
  SOMEONE,
  TEXT_KINDS,
} from "./phrases.ts";
import {
  isAdverb,
  isAdverbial,
  isParticiple,
  OBJECT_RELATIVES,
  setOffPhrase,
  verbPositions,
} from "./verbs.ts";

/** A verb with its doer and the thing it is done to, as token indices (undefined when not stated). */
export interface Role {
  verb: number;
  agent?: number;
  patient?: number;
  passive: boolean;
}

// The determiners of a time said before a verb ("every night", "each morning").
const EVERY = new Set(["every", "each"]);

/** The doer before a verb: the noun just before it, or what a relative pronoun ("who", "that") refers to. */
export function subjectOf(
  tokens: Token[],
  verb: number,
  verbs: Set<number>,
  lexicon?: Lexicon,
): number | undefined {
  let j = verb - 1;
  let phrase = false;
  while (
    j >= 0 &&
    (["be", "get", "aux", "modal", "neg", "other"].includes(tokens[j].tag) ||
      (lexicon !== undefined && isAdverb(tokens[j], lexicon)))
  ) {
    // (only right before the verb: "insists the old man in the attic will come down" says what the man does)
    if (isAdverbial(tokens[j]) && j === verb - 1) phrase = true;
    j--;
  }
  // ("a ghost who every night sets the table": a time said before the verb)
  while (j > 0 && TIME_NOUNS.has(tokens[j].word) && EVERY.has(tokens[j - 1].word)) {
    j -= 2;
    while (j >= 0 && ["be", "get", "aux", "modal", "neg", "other"].includes(tokens[j].tag)) j--;
  }
  if (j < 0) return undefined;
  // ("Mr Pennyfeather, the retired headmaster, teaches…": past the phrase set off by commas, the one it names)
  const comma = tokens[j].tag === "boundary" && lexicon !== undefined
    ? setOffPhrase(tokens, j, verbs, lexicon)
    : undefined;
  if (comma !== undefined) return phraseHeadBefore(tokens, comma, verbs, true, lexicon);
  if (tokens[j].tag === "rel") return relativeHead(tokens, j, verbs, lexicon);
  if (tokens[j].tag === "pron" && (pronounPerson(tokens, j) !== undefined || SOMEONE.has(tokens[j].word))) {
    return j;
  }
  // ("a parrot who can speak every language on Earth helps…": past a place said in one phrase, as past "in the
  // world", the one the relative clause is about)
  const past = phrase || (isAdverbial(tokens[j]) && j === verb - 1)
    ? relativeClauseSubject(tokens, verb, verbs, lexicon)
    : undefined;
  if (past !== undefined) return past;
  const head = phraseHeadBefore(tokens, j + 1, verbs, true, lexicon);
  const start = phraseStart(tokens, j, verbs, ["content", "det", "num", "other", "poss"], true);
  const before = tokens[start - 1];
  // "a bean planted by a girl grows": the doer of a participle before the verb is not its subject; nor is an
  // object in a clause before the verb ("a girl who could talk to wolves saved…"); a phrase that hangs on
  // another noun is about that noun only when it opens the clause ("a team from a fishing village wins")
  if (before?.word === "by" || verbs.has(start - 1) || (before?.tag === "prep" && verbs.has(start - 2))) {
    return relativeClauseSubject(tokens, verb, verbs, lexicon);
  }
  // (a phrase read back through a verb, "finds a baby washed ashore", is not one the verb agrees with)
  let throughVerb = false;
  for (let k = start; k <= j; k++) throughVerb ||= verbs.has(k);
  // (nor a participle's: "a crew waiting on an island")
  const finite = !tokens[verb].raw.split(" ")[0].endsWith("ing");
  // "the ghost living in a house is terrified": the noun before a participle in -ing that opens the clause
  const participle = [...verbs].find((k) => k >= start && k <= j);
  if (
    finite && head !== undefined && participle !== undefined &&
    tokens[participle].raw.split(" ")[0].endsWith("ing") &&
    tokens[participle - 1]?.tag === "content"
  ) {
    const opening = tokens[phraseStart(tokens, participle - 1, verbs) - 1];
    if (opening === undefined || ["boundary", "conj"].includes(opening.tag)) {
      return phraseHeadBefore(tokens, participle, verbs, true, lexicon);
    }
  }
  const fallback = !hangsOnNoun(tokens, start, verbs)
    ? head
    : head === undefined || throughVerb || !finite
    ? undefined
    : hostAtClauseStart(tokens, start, verbs);
  // ("a fox who lives in the library is scared": past a whole relative clause that says where, the noun it
  // hangs on; not "a zookeeper who discovers the penguins have been…", where the penguins are the doer)
  const where = participle !== undefined &&
    (tokens[participle + 1]?.tag === "prep" || LOCATIVE.has(tokens[participle].word.split("_").at(-1)!));
  if (before?.tag === "prep" || before?.tag === "be" || (where && before?.tag === "rel")) {
    return relativeClauseSubject(tokens, verb, verbs, lexicon) ?? fallback;
  }
  return fallback;
}

/**
 * The noun a phrase starting at `start` hangs on by a preposition, when that noun's phrase opens the clause:
 * "a merchant on the Silk Road is robbed", "a team from a fishing village wins" — the merchant, the team (the
 * verb agrees with the first noun; a place said first, "in the village a team wins", starts no such chain).
 */
function hostAtClauseStart(tokens: Token[], start: number, verbs: Set<number>): number | undefined {
  // ("so that the giant is…" reads "to the giant": "to" joins clauses more often than it hangs on a noun)
  if (tokens[start - 1]?.word === "to") return undefined;
  let host = start - 2;
  let hostStart = phraseStart(tokens, host, verbs, ["content", "det", "num", "poss"]);
  while (hangsOnNoun(tokens, hostStart, verbs)) {
    host = hostStart - 2;
    hostStart = phraseStart(tokens, host, verbs, ["content", "det", "num", "poss"]);
  }
  const before = tokens[hostStart - 1];
  // ("works as a night nurse in Osaka": "as" is a preposition there)
  const opens = before === undefined ||
    (before.word !== "as" &&
      (["boundary", "conj"].includes(before.tag) ||
        (SUBORDINATORS.has(before.word) && before.tag !== "prep")));
  // (a phrase with an article or an owner, not a label: "historical fiction about a crew waiting…", "worst
  // drought in 50 years, won't sell…")
  const phrase = tokens.slice(hostStart, host + 1);
  return opens && ["det", "poss"].includes(tokens[hostStart].tag) && tokens[host].tag === "content" &&
      !verbs.has(host) && !GENRES.has(tokens[host].word) && !TEXT_KINDS.has(tokens[host].word) &&
      !phrase.some((t) => isAdverbial(t))
    ? host
    : undefined;
}

// Prepositions of place that end a phrasal verb ("live_in", "work_at").
const LOCATIVE = new Set(["in", "on", "at", "near", "under", "inside", "behind", "beside", "above", "below"]);

// Words that start a clause of their own inside a sentence ("after their rocket breaks").
const SUBORDINATORS = new Set([
  "after",
  "before",
  "when",
  "while",
  "until",
  "since",
  "because",
  "as",
  "if",
  "once",
]);

/**
 * The doer of a verb that follows a whole relative clause: "a hedgehog who is afraid of the dark finds…", "a
 * girl who could talk to wolves saved…" — the noun the clause hangs on. Undefined when no complete relative
 * clause (one with a verb of its own) stands right before the verb in the same clause.
 */
function relativeClauseSubject(
  tokens: Token[],
  verb: number,
  verbs: Set<number>,
  lexicon?: Lexicon,
): number | undefined {
  if (lexicon === undefined) return undefined;
  // the verb's own auxiliaries ("is scared of", "has never seen")
  let first = verb;
  while (
    first > 0 &&
    (["be", "get", "aux", "modal", "neg"].includes(tokens[first - 1].tag) ||
      isAdverb(tokens[first - 1], lexicon))
  ) first--;
  // (with no auxiliary, an inflected verb with its object after it — "finds a mushroom", "saved the village" —
  // not a noun read as one: "the World Cup final", "the back of patient charts in…")
  const form = tokens[verb].raw.split(" ")[0];
  const inflected = !form.endsWith("ing") && lexicon.lemmasOf(form).some((l) => l !== form);
  const objectNext = ["det", "num", "pron"].includes(tokens[verb + 1]?.tag ?? "");
  if (first === verb && !(inflected && objectNext)) return undefined;
  for (let k = first - 1; k >= 0; k--) {
    const tag = tokens[k].tag;
    if (tag === "boundary" || tag === "conj" || SUBORDINATORS.has(tokens[k].word)) return undefined;
    if (tag !== "rel") continue;
    let own = false;
    for (let m = k + 1; m < first; m++) own ||= verbs.has(m) || tokens[m].tag === "be";
    return own ? relativeHead(tokens, k, verbs, lexicon) : undefined;
  }
  return undefined;
}

/**
 * "is/was/gets + verb" (not -ing) is passive, whatever the verb's form ("is put to sleep"); without the
 * auxiliary a participle followed by "by" is ("a sword forged by a blacksmith").
 */
function isPassive(tokens: Token[], verb: number, lexicon: Lexicon): boolean {
  const form = tokens[verb].raw.split(" ")[0];
  if (form.endsWith("ing")) return false;
  let j = verb - 1;
  // ("is accidentally sent": an adverb between)
  while (j >= 0 && (tokens[j].tag === "neg" || tokens[j].tag === "other" || isAdverb(tokens[j], lexicon))) {
    j--;
  }
  if (j >= 0 && (tokens[j].tag === "be" || tokens[j].tag === "get")) return true;
  // "a sword forged by a blacksmith", "a kitten rescued from a burning bakery by a firefighter"; not "carried a
  // map by the sea" (the participle follows its noun, and "by" comes before the clause ends)
  if (!isParticiple(form, lexicon) || !(j < 0 || tokens[j].tag === "content")) return false;
  if (tokens[verb + 1]?.word === "by") return true;
  if (tokens[verb + 1]?.tag !== "prep") return false;
  // ("a cat is smuggled aboard a freighter bound for Mars by a pilot": the "by" is the earlier passive's)
  for (let k = verb - 1; k >= 0 && !["boundary", "conj", "rel"].includes(tokens[k].tag); k--) {
    if (tokens[k].tag === "be" || tokens[k].tag === "get") return false;
  }
  for (let k = verb + 2; k < tokens.length && k <= verb + 7; k++) {
    if (["boundary", "conj", "rel", "be", "get", "aux", "modal"].includes(tokens[k].tag)) return false;
    if (tokens[k].word === "by") return true;
  }
  return false;
}

/** The agent of a passive verb: the noun phrase after "by" in the same clause. */
function byAgent(tokens: Token[], verb: number, verbs: Set<number>, lexicon: Lexicon): number | undefined {
  for (let j = verb + 1; j < tokens.length; j++) {
    if (tokens[j].tag === "boundary" || tokens[j].tag === "conj" || tokens[j].tag === "rel") return undefined;
    if (tokens[j].word === "by") return phraseHeadAfter(tokens, j + 1, verbs, lexicon);
  }
  return undefined;
}

/**
 * What a verb with nothing after it is done to when its doer follows a relative pronoun: "the dragon that the
 * knight fears" → the dragon.
 */
function objectRelative(tokens: Token[], subject: number, verbs: Set<number>): number | undefined {
  let start = subject;
  while (start > 0 && ["content", "det", "num"].includes(tokens[start - 1].tag) && !verbs.has(start - 1)) {
    start--;
  }
  const relative = tokens[start - 1];
  // ("the bootlegger whose brother she shot": what is owned is what is done to)
  if (relative?.word === "whose" && start < subject) return phraseHeadAfter(tokens, start, verbs);
  if (start === subject || relative?.tag !== "rel" || !OBJECT_RELATIVES.has(relative.word)) return undefined;
  return relativeHead(tokens, start - 1, verbs);
}

/**
 * The grammatical subject a verb shares with the verb before it when the two are joined by "and", "but" or
 * "then" ("a student who is bullied by the captain and later saves him": the student saves).
 */
function coordinatedSubject(
  tokens: Token[],
  verb: number,
  roles: Role[],
  lexicon: Lexicon,
): number | undefined {
  let j = verb - 1;
  while (
    j >= 0 &&
    (["be", "get", "aux", "modal", "neg", "other"].includes(tokens[j].tag) || isAdverb(tokens[j], lexicon))
  ) {
    j--;
  }
  if (j < 0 || !COORDINATORS.has(tokens[j].word)) return undefined;
  const earlier = roles.findLast((r) => r.verb < j);
  if (!earlier) return undefined;
  // (", and later uses it": a comma right before the coordinator still joins the two verbs)
  for (let k = earlier.verb + 1; k < j; k++) {
    if (tokens[k].tag === "boundary" && k !== j - 1) return undefined;
  }
  return earlier.passive ? earlier.patient : earlier.agent;
}

const COORDINATORS = new Set(["and", "but", "then"]);

/**
 * The doer of an infinitive right after a verb and "to" is that verb's doer ("a supermarket tries to close it
 * down", "she wants to become a pilot"), or what the verb is done to when it has one ("the king is forced to
 * leave", "a blacksmith whom a king forces to forge a sword").
 */
function controller(
  tokens: Token[],
  verb: number,
  verbs: Set<number>,
  roles: Role[],
  lexicon: Lexicon,
): number | undefined {
  let j = verb - 1;
  while (j >= 0 && isAdverb(tokens[j], lexicon)) j--;
  if (tokens[j]?.word !== "to") return undefined;
  let k = j - 1;
  while (k >= 0 && isAdverb(tokens[k], lexicon)) k--;
  const before = roles.find((r) => r.verb === k);
  // ("teaches her grandfather to play", "asks the smith to forge": the one told, taught or asked does it)
  // (someone, not "gets the courage to sing")
  const someone = (w: string) => !lexicon.isKnown(w) || lexicon.isAnimate(w);
  const told = roles.find((r) =>
    r.patient === k && !r.passive && (tokens[k].tag === "pron" || someone(tokens[k].word)) &&
    lexicon.lemmasOf(tokens[r.verb].word).some((l) => OBJECT_CONTROL.has(l))
  );
  if (!before) return told?.patient;
  if (before.passive || before.patient !== undefined) return before.patient;
  // ("a blacksmith whom a king forces to forge…": the one forced forges, and with no one named it is not guessed)
  if (lexicon.lemmasOf(tokens[k].word).some((l) => OBJECT_CONTROL.has(l))) {
    return before.agent === undefined ? undefined : objectRelative(tokens, before.agent, verbs);
  }
  return before.agent;
}

// Verbs whose object does the verb after "to" ("forces the smith to forge", "asks her to stay").
const OBJECT_CONTROL = new Set(
  "force ask tell order persuade convince beg allow invite teach train encourage command urge trick dare challenge hire pay send warn remind compel require get help let make"
    .split(" "),
);

/**
 * The roles of one prompt as they are compared with the other's: "learn" told as "teach" where the other says
 * "teach" at that verb ("a girl learns the violin from her grandfather" is her grandfather teaching her: the
 * noun phrase after "from" in the verb's clause), and without the verbs whose doer and done-to may trade places
 * ("a robot makes friends with a fisherman" / "a fisherman makes friends with a robot"). `toOther` maps a
 * position to its aligned position on the other side.
 */
export function comparedRoles(
  analysis: Analysis,
  roles: Role[],
  other: Analysis,
  toOther: (at: number) => number | undefined,
  lexicon: Lexicon,
): Role[] {
  const { tokens } = analysis;
  const verbs = verbPositions(analysis, lexicon);
  const lemmas = (word: string) => lexicon.lemmasOf(word);
  const taughtThere = (verb: number) => {
    const at = toOther(verb);
    return at !== undefined && lemmas(other.tokens[at].word).includes("teach");
  };
  return roles.filter((r) => !lemmas(tokens[r.verb].word).some((l) => SYMMETRIC.has(l))).map((role) => {
    const { verb, agent } = role;
    if (role.passive || agent === undefined || !taughtThere(verb)) return role;
    if (!lemmas(tokens[verb].word).includes("learn")) return role;
    for (let j = verb + 1; j < tokens.length; j++) {
      if (["boundary", "conj", "rel"].includes(tokens[j].tag)) return role;
      if (tokens[j].word !== "from") continue;
      const teacher = phraseHeadAfter(tokens, j + 1, verbs, lexicon);
      return teacher === undefined ? role : { verb, agent: teacher, patient: agent, passive: false };
    }
    return role;
  });
}

// Verbs whose doer and done-to may trade places and tell the same story (not "falls in love with": it may not
// be returned).
const SYMMETRIC = new Set(["make_friends_with", "marry", "meet", "team_up_with"]);

/** Verbs with their agents and patients. */
export function readRoles(analysis: Analysis, lexicon: Lexicon): Role[] {
  const { tokens } = analysis;
  const verbs = verbPositions(analysis, lexicon);
  const roles: Role[] = [];
  for (const verb of [...verbs].sort((x, y) => x - y)) {
    // "a baker from a little town winning a contest": who is winning is not the noun just before
    const reduced = tokens[verb].raw.endsWith("ing") && tokens[verb - 1]?.tag === "content";
    const subject = reduced
      ? undefined
      : subjectOf(tokens, verb, verbs, lexicon) ?? coordinatedSubject(tokens, verb, roles, lexicon) ??
        controller(tokens, verb, verbs, roles, lexicon);
    if (isPassive(tokens, verb, lexicon)) {
      roles.push({ verb, agent: byAgent(tokens, verb, verbs, lexicon), patient: subject, passive: true });
    } else {
      // ("a unicorn who throws me a surprise party": the thing given, not the asker it is for; "gives him a
      // nightlight" keeps "him", who may trade places with the giver)
      const recipient = (tokens[verb + 1]?.word === "me" || tokens[verb + 1]?.word === "us") &&
        ["det", "num"].includes(tokens[verb + 2]?.tag ?? "");
      // ("gets hurt a week before the games": a time is no thing done to)
      const time = tokens[verb + 1]?.tag === "det" && TIME_NOUNS.has(tokens[verb + 2]?.word ?? "") &&
        tokens[verb + 3]?.tag !== "num";
      const object =
        !time && tokens[verb + 1] && ["det", "num", "content", "pron"].includes(tokens[verb + 1].tag)
          ? phraseHeadAfter(tokens, recipient ? verb + 2 : verb + 1, verbs, lexicon)
          : undefined;
      const ends = !tokens[verb + 1] || ["boundary", "conj"].includes(tokens[verb + 1].tag);
      const fronted = object === undefined && subject !== undefined && ends
        ? objectRelative(tokens, subject, verbs)
        : undefined;
      roles.push({ verb, agent: subject, patient: object ?? fronted, passive: false });
    }
  }
  return roles;
}
