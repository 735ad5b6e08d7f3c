/**
 * Word lists for the pair generator, written for this tool (not taken from the evaluation set). Each list is
 * split in two by position (even → training, odd → validation) so the validation pairs use words the training
 * pairs never saw.
 */

/** A verb's forms: base, third person, past, past participle. */
export type Verb = readonly [string, string, string, string];

/** Creatures and people that can do things. */
export const CHARACTERS = (
  "knight dragon wizard princess farmer sailor pirate robot unicorn giant mermaid fox rabbit owl bear wolf " +
  "turtle elephant tiger monkey penguin squirrel mouse frog goat horse baker doctor soldier teacher " +
  "king queen witch ghost child girl boy grandmother fisherman detective astronaut shepherd lion cat dog " +
  "crow donkey whale hunter nurse painter musician"
).split(" ");

/** First names, for characters with a name ("a girl named Lucy"). */
export const NAMES = (
  "Lucy Tom Maria Oliver Sophie Jack Nora Leo Clara Sam Ella Max Grace Ben Alice Hugo Ivy Felix Rosa Theo " +
  "Mila Omar Zoe Ravi Lena Finn Ada Kai Iris Noah"
).split(" ");

/** Things that are done to. */
export const OBJECTS = (
  "key map sword lamp book ring crown boat treasure letter apple cake kite bell mirror shoe coin egg " +
  "feather box basket clock hat drum flower seed stone rope candle blanket bottle necklace umbrella " +
  "violin compass ladder wagon pearl"
).split(" ");

/** Places. */
export const PLACES = (
  "forest castle village desert mountain ocean island garden river cave library city school meadow " +
  "swamp jungle palace farm harbor valley lake tower kitchen market attic"
).split(" ");

/** Describing words (many have WordNet antonyms). */
export const ADJECTIVES = (
  "brave old young happy sad clever lazy kind cruel tiny huge poor rich lonely shy angry quiet loud " +
  "strong weak hungry tired beautiful ugly wise foolish gentle fierce honest proud curious friendly " +
  "famous rude polite careful clumsy cheerful"
).split(" ");

/** Adjectives for things. */
export const OBJECT_ADJECTIVES = (
  "golden old new broken magic secret heavy light small big shiny dusty wooden silver red blue tiny " +
  "strange ancient empty"
).split(" ");

/** Transitive verbs. */
export const VERBS: readonly Verb[] = [
  ["find", "finds", "found", "found"],
  ["lose", "loses", "lost", "lost"],
  ["steal", "steals", "stole", "stolen"],
  ["build", "builds", "built", "built"],
  ["break", "breaks", "broke", "broken"],
  ["hide", "hides", "hid", "hidden"],
  ["carry", "carries", "carried", "carried"],
  ["fix", "fixes", "fixed", "fixed"],
  ["paint", "paints", "painted", "painted"],
  ["sell", "sells", "sold", "sold"],
  ["buy", "buys", "bought", "bought"],
  ["open", "opens", "opened", "opened"],
  ["guard", "guards", "guarded", "guarded"],
  ["chase", "chases", "chased", "chased"],
  ["help", "helps", "helped", "helped"],
  ["follow", "follows", "followed", "followed"],
  ["catch", "catches", "caught", "caught"],
  ["rescue", "rescues", "rescued", "rescued"],
  ["visit", "visits", "visited", "visited"],
  ["protect", "protects", "protected", "protected"],
  ["discover", "discovers", "discovered", "discovered"],
  ["bury", "buries", "buried", "buried"],
  ["throw", "throws", "threw", "thrown"],
  ["wash", "washes", "washed", "washed"],
  ["make", "makes", "made", "made"],
  ["keep", "keeps", "kept", "kept"],
  ["draw", "draws", "drew", "drawn"],
  ["trade", "trades", "traded", "traded"],
];

/** Request openings; "{g}" is the genre word. */
export const FRAMES = [
  "Write a {g} about",
  "Tell me a {g} about",
  "Can you write a {g} about",
  "I'd like a {g} about",
  "Please write me a {g} about",
  "Could you tell me a {g} about",
  "Give me a {g} about",
  "Write a short {g} about",
  "Narrate a {g} about",
  "I want a {g} about",
  "Would you write a {g} about",
  "Compose a {g} about",
];

/** Genres other than story, for genre negatives. */
export const OTHER_GENRES = ["poem", "song", "joke", "riddle", "limerick", "lullaby", "essay"];

/** Prepositions of place (the same group: paraphrase; another group: a different place). */
export const PLACE_PREPOSITIONS = ["in", "near", "under", "behind", "on"];

/** Chat around a request, before or after it. */
export const CHAT_BEFORE = ["Hi!", "Hello,", "Hey there!", "Please,", "Okay so,", "Hi, quick one:"];
/** After the request. */
export const CHAT_AFTER = [
  "Thanks!",
  "Thank you so much.",
  "Please.",
  "Thanks in advance!",
  "Make it fun.",
  "Keep it short.",
  "Make it funny.",
  "Keep it simple please.",
  "Make it exciting!",
  "Thanks a lot.",
];

/** Even-position words (training) or odd-position ones (validation). */
export function half<T>(list: readonly T[], part: "train" | "validation"): T[] {
  return list.filter((_, i) => (i % 2 === 0) === (part === "train"));
}
