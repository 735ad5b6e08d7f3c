/**
 * Phrasings the verifier reads through, found on the hold-outs after their one evaluation: "keeps + -ing",
 * "a piece of … fiction", "story idea", and an adverb right after a verb. Each with a paraphrase it accepts
 * and a different request it must still reject.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("'keeps (on) writing' is 'writes'; 'kept writing' and 'stops writing' are other requests", () => {
  const base = "a story about a girl who writes anonymous letters to her crush";
  accepts(base, "a story about a girl who keeps writing anonymous letters to her crush");
  accepts(base, "a story about a girl who keeps on writing anonymous letters to her crush");
  // a slip in the -ing verb does not leave "keeps" behind as a word of its own
  accepts(
    "a clumsy waiter who keeps spilling soup on the same customer",
    "a clumsy waiter who keeps spiling soup on the same customer",
  );
  rejects(base, "a story about a girl who stops writing anonymous letters to her crush", "unmatched");
  rejects(base, "a story about a girl who kept writing anonymous letters to her crush", "unmatched");
  // "keeps" still carries who does it
  rejects(
    "the superhero who keeps beating his boss",
    "the superhero whom his boss keeps beating",
    "roles",
  );
  // "keep" with a thing after it is the verb
  rejects("a boy who keeps a secret diary", "a boy who writes a secret diary", "unmatched");
});

Deno.test("'a piece of historical fiction about' is 'historical fiction about'; a piece of a thing is not the thing", () => {
  accepts(
    "Historical fiction: Shackleton's crew waiting on Elephant Island, told through the diary of the ship's cook.",
    "Write a piece of historical fiction about Shackleton's crew waiting on Elephant Island, told through the diary of the ship's cook.",
  );
  rejects("a pirate who finds a piece of the map", "a pirate who finds the map", "unmatched");
});

Deno.test("'story idea:' frames the request", () => {
  const base = "A night-shift nurse notices that the oldest patient never sleeps.";
  accepts(base, "story idea: a night-shift nurse notices that the oldest patient never sleeps");
  rejects(base, "story idea: a night-shift nurse notices that the oldest patient never eats", "unmatched");
});

Deno.test("an adverb right after a verb leaves it a verb: 'a public defender discovers halfway through'", () => {
  const base = "a public defender realizes halfway through the trial that her client is innocent";
  accepts(base, "a public defender discovers halfway through the trial that her client is innocent");
  rejects(base, "a public defender realizes halfway through the trial that her client is guilty", "antonym");
});

Deno.test("'I'm getting married next month and I'd love a story about…': the asker's clause is an aside", () => {
  const base =
    "Hello! I'm getting married next month and I'd love a sweet short story about a groom who forgets the rings.";
  accepts(base, "I'd love a sweet short story about a groom who forgets the rings.");
  rejects(base, "I'd love a sweet short story about a groom who loses the dog.", "unmatched");
  // a request that points back at the asker's clause keeps it: that clause is the story
  rejects(
    "I lost my dog Max last week and I want a story where he comes home",
    "I lost my cat Max last week and I want a story where he comes home",
    "unmatched",
  );
});

Deno.test("slips: a doubled letter moved ('sherrif'), a long name one letter off ('Cinderlla'), a word that is also a name ('laundromt')", () => {
  accepts(
    "A western about an aging sheriff who must defend a small town from a gang of outlaws.",
    "A western about an aging sherrif who must defend a small town from a gang of outlaws.",
  );
  accepts(
    "Retell Cinderella from the point of view of the stepsister who loved her.",
    "Retell Cinderlla from the point of view of the stepsister who loved her.",
  );
  accepts("ghost haunts a laundromat at night", "ghost haunts a laundromt at night");
  // two names are two people, however close; two words are two words
  rejects("a story about Mia and her dog", "a story about Mila and her dog", "unmatched");
  rejects("a cat who eats dinner with a mouse", "a cat who eats a diner with a mouse", "unmatched");
  // a short name stays itself: "Anna" / "Ana" are two girls
  rejects("a story about Anna who finds a key", "a story about Ana who finds a key", "unmatched");
});

Deno.test("'total strangers', 'super kind': words of emphasis say nothing of the story", () => {
  accepts("two strangers get stuck in a lift", "two total strangers get stuck in a lift");
  accepts("a monster under my bed who is really nice", "a monster under my bed who is super nice");
  rejects("two strangers get stuck in a lift", "two total strangers get stuck in a cave", "unmatched");
});

Deno.test("a number with repeated digits is that number: '5000' is not '50', '100,000' is 'a hundred thousand'", () => {
  rejects("an army of 5000 soldiers defends the gate", "an army of 50 soldiers defends the gate", "numbers");
  rejects("a prize of $1,000,000", "a prize of $10", "numbers");
  accepts(
    "a dwarf army defends the gate against a hundred thousand orcs",
    "a dwarf army defends the gate against 100,000 orcs",
  );
  // letters stretched in chat are still squeezed
  accepts("a scary story about a doll", "a soooo scary story about a doll");
});

Deno.test("a base form after a plural subject is its verb: 'the farmer's three goats escape and eat…'", () => {
  const base = "the farmer's three goats escape and eat all the laundry on the line";
  accepts(base, "the farmer's three goats get loose and eat all the washing on the line");
  rejects(base, "the farmer's three goats escape and eat all the flowers in the garden", "unmatched");
  accepts(
    "two neighbours feud over who can grow the biggest pumpkin",
    "two neighbors fighting over who can grow the largest pumpkin",
  );
  // an object ("steals the neighbours fish") and a verb before the base form ("girl travels back") are not
  // subjects
  accepts(
    "a cat who steals the neighbours fish and then blames the dog",
    "a cat who steals the fish of the neighbours and then blames the dog",
  );
  accepts(
    "teenage girl travels back to 1985 to stop her mum from dumping her dad",
    "teenage girl goes back in time to 1985 to stop her mum from breaking up with her dad",
  );
});

Deno.test("a verb read into a noun phrase by mistake keeps its verb synonyms: 'a gardener's scarecrow comes alive'", () => {
  const base =
    "A gardener's scarecrow comes alive at night and guards the vegetable patch from hungry crows.";
  accepts(
    base,
    "A gardener's scarecrow comes to life at night and guards the vegetable patch from hungry crows.",
  );
  rejects(
    base,
    "A gardener's scarecrow falls apart at night and guards the vegetable patch from hungry crows.",
    "unmatched",
  );
});

Deno.test("chat greetings and thanks: 'yo', 'lmao', 'tysm'", () => {
  const base = "tell me about a maths teacher who is secretly a wizard";
  accepts(base, "yo tell me about a maths teacher who is secretly a wizard lmao tysm");
  rejects(base, "yo tell me about a maths teacher who is secretly a dragon", "unmatched");
});

Deno.test("a misspelt last word joins a phrase, a function word never does: 'our school from a flood' is no 'school prom'", () => {
  const base = "my robot dog sparky saves our school from a flood";
  accepts(base, "our school is saved from a flood by my robot dog sparky");
  accepts(base, "my robot dog sparky saves our shcool from a flood");
  accepts("a shy boy who writes love letters", "a shy boy who writes love leters");
});

Deno.test("'is worried about' says how someone is, as 'is nervous about' does", () => {
  const base = "a boy named Leo who is nervous about his first day of school tomorrow";
  accepts(base, "a boy named Leo who is worried about his first day of school tomorrow");
  rejects(base, "a boy named Leo who is excited about his first day of school tomorrow", "unmatched");
  // a passive phrasal verb still reads as its verb
  accepts("a robot who locks its owner out", "an owner who is locked out by his robot");
});

Deno.test("'go!' and 'go wild' after a request say nothing of the story", () => {
  const base = "a superhero whose only power is making plants grow has to stop a bank robbery";
  accepts(base, "a superhero whose only power is making plants grow has to stop a bank robbery. go!");
  accepts(base, "a superhero whose only power is making plants grow has to stop a bank robbery. Go wild :)");
  rejects(base, "a superhero whose only power is making plants grow has to rob a bank. go!", "unmatched");
});

Deno.test("places: 'at a farm' is 'on a farm', 'across the ice' is 'over the ice'; 'on' is still not 'under'", () => {
  accepts(
    "a country doctor rides through a blizzard to deliver a baby at a remote farm",
    "a country doctor rides through a blizzard to deliver a baby on a remote farm",
  );
  accepts("a penguin leads an explorer across the ice", "a penguin leads an explorer over the ice");
  rejects("a bird builds a nest on the roof", "a bird builds a nest under the roof", "place");
  rejects("a penguin leads an explorer across the ice", "a penguin leads an explorer under the ice", "place");
});

Deno.test("'with neither a sword nor a horse' is one negation, as 'without a sword or a horse'; 'due to' is 'because of'", () => {
  const base = "A young knight sets out on her first quest without a sword or a horse";
  accepts(base, "A young knight sets out on her first quest with neither a sword nor a horse");
  rejects(base, "A young knight sets out on her first quest with a sword and a horse", "negation");
  accepts(
    "a pilot stuck at Reykjavik airport for three days because of an ash cloud",
    "a pilot stuck at Reykjavik airport for three days due to an ash cloud",
  );
});

Deno.test("a phrase's particle is a direction read from the text: 'sets out on' / 'sets off on'; 'go on' / 'go off' differ", () => {
  accepts(
    "A young knight sets out on her first quest without a sword",
    "A young knight sets off on her first quest without a sword",
  );
  rejects(
    "the lights in the haunted house go on at midnight",
    "the lights in the haunted house go off at midnight",
    "antonym",
  );
});

Deno.test("one word written apart or together: 'white-out' / 'whiteout'", () => {
  const base = "two climbers caught in a whiteout on the descent from K2";
  accepts(base, "two climbers caught in a white-out on the descent from K2");
  rejects(base, "two climbers caught in a white-out on the descent from Everest", "unmatched");
});

Deno.test("a big sister is an older one, a little brother a younger one; big and little still differ", () => {
  const base = "a story about a boy who is going to be a big brother soon";
  accepts(base, "a story about a boy who is going to be an older brother soon");
  rejects("a girl who steals her big sister's bike", "a girl who steals her little sister's bike", "antonym");
  accepts(
    "A story about a big sister who teaches her new baby brother to wave bye-bye.",
    "A story about an older sister who teaches her new baby brother to wave goodbye.",
  );
});

Deno.test("'someday' is dropped where 'one day' is: 'will become king someday'", () => {
  const base = "tell me a story about a stable boy who will become king one day";
  accepts(base, "Could you tell me a tale about a stable boy who is destined to become king someday?");
  rejects(base, "tell me a story about a stable boy who will become a knight someday", "unmatched");
});

Deno.test("'continues to teach' and 'carries on teaching' go on as 'keeps teaching' does", () => {
  const base = "a schoolteacher in Leningrad during the siege who keeps teaching her pupils by candlelight";
  accepts(
    base,
    "a schoolteacher in Leningrad during the siege who continues to teach her pupils by candlelight",
  );
  accepts(
    base,
    "a schoolteacher in Leningrad during the siege who carries on teaching her pupils by candlelight",
  );
  rejects(
    base,
    "a schoolteacher in Leningrad during the siege who stops teaching her pupils by candlelight",
    "unmatched",
  );
  accepts(
    "two pen pals who have never met in person finally see each other at a concert",
    "two pen pals who have never met face to face finally see each other at a concert",
  );
});

Deno.test("a listed phrase matched by its noun still needs what describes it: 'an elven queen' is not any queen", () => {
  rejects(
    "a blacksmith carries the sword to the elven queen",
    "a blacksmith carries the sword to the queen",
    "unmatched",
  );
  accepts(
    "a blacksmith carries the sword to the elven queen",
    "a blacksmith carries the sword to the elf queen",
  );
});

Deno.test("how much and how often: 'a lot' / 'very much', 'every day' / 'daily', 'all the time' / 'always', 'the whole time' / 'all along'", () => {
  const misses = "a nurse who moves to Canada and misses her family a lot";
  accepts(misses, "a nurse who moves to Canada and misses her family very much");
  rejects(misses, "a nurse who moves to Canada and misses her dog very much", "unmatched");
  // "a lot of" is still a quantity
  rejects("a cat who has a lot of friends in the city", "a cat who has three friends in the city", "numbers");
  const cycles = "an old man cycles to work every day in Amsterdam";
  accepts(cycles, "an old man cycles to work daily in Amsterdam");
  rejects(cycles, "an old man cycles to work every week in Amsterdam", "unmatched");
  const argue = "two brothers who always argue about the recipe";
  accepts(argue, "two brothers who argue about the recipe all the time");
  rejects(argue, "two brothers who never argue about the recipe", "negation");
  const hidden = "the diamond was hidden in the violin case all along";
  accepts(hidden, "the diamond was hidden in the violin case the whole time");
  rejects(hidden, "the diamond was hidden in the violin case for a short time", "unmatched");
  // "completely" is emphasis, as "totally" is; what went wrong still counts
  const wrong = "a first day at a call centre that goes completely wrong";
  accepts(wrong, "a first day at a call centre that goes totally wrong");
  rejects(wrong, "a first day at a call centre that goes completely right", "antonym");
});

Deno.test("'comes first' in a race is winning it, not a count; 'comes last' is not", () => {
  const race = "a boy who runs the school race barefoot and comes first";
  accepts(race, "a boy who runs the school race barefoot and wins");
  rejects(race, "a boy who runs the school race barefoot and comes last", "unmatched");
  rejects(
    "a boy who runs the school race barefoot and came first",
    "a boy who runs the school race barefoot and lost",
    "antonym",
  );
});

Deno.test("'about to' without 'is' is still what is to come: 'a teacher, about to retire,' is not 'a retired teacher'", () => {
  const retire =
    "Write a story about a teacher with dementia, about to retire, who still remembers all her pupils.";
  accepts(
    retire,
    "Write a story about a teacher with dementia, who is about to retire and still remembers all her pupils.",
  );
  rejects(
    retire,
    "Write a story about a retired teacher with dementia who still remembers all her pupils.",
    "time",
  );
});

Deno.test("numbers and lengths said two ways: 'twenty-first' / '21st', 'at the age of forty' / 'at forty', 'fewer than' / 'under', 'will soon' / 'is about to', 'rom-com'", () => {
  const birthday = "a young woman who will inherit a farm on her twenty-first birthday";
  accepts(birthday, "a young woman who'll inherit a farm on her 21st birthday");
  rejects(birthday, "a young woman who will inherit a farm on her 22nd birthday", "numbers");
  const forty = "a mother of three who goes back to university at forty";
  accepts(forty, "a mother of three who goes back to university at the age of forty");
  rejects(forty, "a mother of three who goes back to university at the age of fifty", "numbers");
  const words = "a story about a shy accountant in New York, in under 1000 words";
  accepts(words, "a story about a shy accountant in New York, in fewer than 1000 words");
  rejects(words, "a story about a shy accountant in New York, in more than 1000 words", "unmatched");
  const soon = "a nervous man who is about to become a grandfather";
  accepts(soon, "a nervous man who will soon become a grandfather");
  rejects(soon, "a nervous man who became a grandfather", "time");
  accepts("Write a rom-com about a vegetarian chef", "Write a romantic comedy about a vegetarian chef");
  rejects(
    "Write a rom-com about a vegetarian chef",
    "Write a horror comedy about a vegetarian chef",
    "unmatched",
  );
});

Deno.test("a habit said three ways: 'keeps repeating' / 'constantly repeats' / 'is always repeating'; 'never' still negates", () => {
  const parrot = "my neighbour's parrot, who keeps repeating the secrets of the whole street";
  accepts(parrot, "my neighbour's parrot, who constantly repeats the secrets of the whole street");
  accepts(parrot, "my neighbour's parrot, who is always repeating the secrets of the whole street");
  rejects(parrot, "my neighbour's parrot, who never repeats the secrets of the whole street", "negation");
  rejects(
    parrot,
    "my neighbour's parrot, who constantly forgets the secrets of the whole street",
    "unmatched",
  );
});

Deno.test("'wishes he had taught her' is a regret, not a wish to teach her; 'wishes she could' still wants to", () => {
  const chef =
    "A retired sushi chef in Osaka wants to teach his granddaughter his recipes before his memory fades.";
  rejects(
    chef,
    "A retired sushi chef in Osaka wishes he had taught his granddaughter his recipes before his memory faded.",
    "negation",
  );
  accepts(
    "A retired sushi chef who wishes he had taught his granddaughter his recipes",
    "A retired sushi chef who regrets not teaching his granddaughter his recipes",
  );
  accepts("A girl who wishes she could fly", "A girl who wants to fly");
});

Deno.test("negations in two clauses do not cancel out; two in one clause, or one moved within its clause, still count as before", () => {
  rejects(
    "a dog who barks and a cat who purrs",
    "a dog who never barks and a cat who doesn't purr",
    "negation",
  );
  rejects(
    "My cat knocks everything off the kitchen counter - write a funny story from the cat's point of view explaining why she does it.",
    "My cat never knocks anything off the kitchen counter - write a funny story from the cat's point of view explaining why she doesn't.",
    "negation",
  );
  accepts(
    "Could you please write a Halloween story that isn't too scary, about a little witch whose broomstick won't fly?",
    "Could you please write a not-too-scary Halloween story about a little witch whose broomstick won't fly?",
  );
  accepts("a knight who is never without his sword", "a knight who always has his sword");
});

Deno.test("'a warm, short story': the comma between two describing words before their noun ends no clause", () => {
  const bakery =
    "I run a small bakery and I'd love a warm, short story about a baker who bakes a giant cake for the whole village after the harvest fails, something I could print on our menu.";
  accepts(
    bakery,
    "I run a small bakery and I'd love a warm, short story, something I could print on our menu: after the harvest fails, a baker bakes a giant cake for the whole village.",
  );
  rejects(
    bakery,
    "I run a small bakery and I'd love a warm, short story about a baker who bakes a giant pie for the whole village after the harvest fails, something I could print on our menu.",
    "unmatched",
  );
});

Deno.test("failing to do a thing is not doing it: 'but fails to stop the wedding' is not 'to stop the wedding'", () => {
  const stop = "Sci-fi story: a time traveller goes back to 1920 to stop her grandmother's wedding.";
  rejects(
    stop,
    "Sci-fi story: a time traveller goes back to 1920 but fails to stop her grandmother's wedding.",
    "negation",
  );
  accepts(
    "a time traveller goes back to 1920 but fails to stop her grandmother's wedding",
    "a time traveller goes back to 1920 but doesn't stop her grandmother's wedding",
  );
});
