/** The verifier's readings added for issue 13: each rule with a pair it accepts and a pair it rejects. */
import assert from "node:assert/strict";
import { analysePrompt } from "../lib/cache/analysis.ts";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { promptTokens } from "../lib/cache/normalize.ts";
import { explainPair, matchWords } from "../lib/cache/verifier.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("promptTokens keeps clause boundaries and possessives; chat short forms are read in full", () => {
  assert.deepEqual(promptTokens("The king's crown, who's there?"), [
    "the",
    "king",
    "'s",
    "crown",
    "|",
    "who",
    "is",
    "there",
  ]);
  assert.deepEqual(promptTokens("all dragons' king"), ["all", "dragons", "'s", "king"]);
  assert.deepEqual(promptTokens("a lil girl who couldnt sleep abt 3 yrs"), [
    "a",
    "little",
    "girl",
    "who",
    "could",
    "not",
    "sleep",
    "about",
    "3",
    "years",
  ]);
});

Deno.test("passive voice: same roles in either voice; swapped roles rejected in either voice", () => {
  accepts("A giant built the bridge.", "The bridge was built by a giant.");
  accepts(
    "Write a story where a clever fox tricks a greedy crow.",
    "Write a story where a greedy crow is tricked by a clever fox.",
  );
  accepts("A sword forged by a blacksmith.", "A blacksmith forged a sword.");
  rejects("The cat chased the dog.", "The cat was chased by the dog.", "roles", /swapped/);
});

Deno.test("active/passive role swaps", () => {
  rejects("The dog chased the cat.", "The dog was chased by the cat.", "roles", /swapped/);
  rejects(
    "A village that is attacked by a dragon.",
    "A dragon that is attacked by a village.",
    "roles",
    /swapped/,
  );
  rejects("A puppy who teaches an old dog to fetch.", "An old dog who teaches a puppy to fetch.", "roles");
});

Deno.test("possessives: X's Y is the Y of X; a swapped or different owner is rejected", () => {
  accepts("A dragon steals the king's golden crown.", "A dragon steals the golden crown of the king.");
  accepts(
    "The mermaid's song puts the sailors to sleep.",
    "The song of a mermaid puts the sailors to sleep.",
  );
  rejects("A story about the queen's cat.", "A story about the cat's queen.", "possession", /swapped/);
  rejects("The queen's cat runs away.", "The cat's queen runs away.", "roles");
  rejects("A giant eats the farmer's cows.", "The farmer eats a giant's cows.", "roles");
});

Deno.test("phrasal verbs from WordNet multi-word lemmas match their one-word synonyms", () => {
  accepts("A cat who runs away from the palace.", "A cat who escapes from the palace.");
  accepts("Three pirates looking for a lost island.", "Three pirates searching for a lost island.");
  assert.equal(matchWords("run_away", "escape", lexicon), "synonym");
  rejects("A cat who runs away from the palace.", "A cat who sleeps in the palace.", "unmatched");
});

Deno.test("function-word variants do not trip the number or negation rules", () => {
  accepts("A soldier who finally returns home.", "A soldier who at last returns home.");
  accepts("A town where it never stops raining.", "A town in which it never stops raining.");
  accepts("A knight who has nothing but a wooden sword.", "A knight who has only a wooden sword.");
  accepts("The last dragon on earth.", "The final dragon on earth.");
  rejects("The last dragon on earth.", "The first dragon on earth.", "numbers");
  rejects("A knight who has nothing but a wooden sword.", "A knight who has no wooden sword.", "negation");
  accepts("Alright, here's one: a pig that wants to be clean.", "A pig that wants to be clean.");
  rejects("A pig with one ear.", "A pig with two ears.", "numbers");
});

Deno.test("the same numbers in another order are a difference (which count goes with what)", () => {
  rejects("A farm with 3 wolves and 2 sheep.", "A farm with 2 wolves and 3 sheep.", "numbers");
  rejects(
    "Tale 2-1: once upon a time a fox found a key",
    "Tale 1-2: once upon a time a fox found a key",
    "numbers",
  );
  accepts("A farm with 3 wolves and 2 sheep.", "A farm with three wolves and two sheep.");
  // Digits never join the number before them the way number words do ("twenty one", "three hundred").
  rejects("Tale 4-150: a fox found a key", "Tale 3-200: a fox found a key", "numbers");
  rejects("Tale 20-1: a fox found a key", "Tale 21: a fox found a key", "numbers");
  accepts("Twenty one knights.", "21 knights.");
  accepts("Three hundred knights.", "3 hundred knights.");
});

Deno.test("tense and modality that change the request are a difference", () => {
  rejects("A boy who will become a wizard.", "A boy who was a wizard.", "time");
  rejects("A city that will be destroyed by a volcano.", "A city that was destroyed by a volcano.", "time");
  rejects("An old woman who used to be a pirate.", "An old woman who is a pirate.", "time");
  rejects("A girl who must choose between two friends.", "A girl who chose between two friends.", "time");
  accepts(
    "A city that is going to be destroyed by a volcano.",
    "A city that will be destroyed by a volcano.",
  );
  accepts("A dragon who'd become the king.", "A dragon who would become the king.");
  // "should" / "ought to": what someone ought to do is not what they do
  rejects(
    "A student who writes a letter to her teacher.",
    "A student who should write a letter to her teacher.",
    "time",
  );
  rejects("A knight who ought to fight the dragon.", "A knight who fights the dragon.", "time");
  accepts("A knight who ought to fight the dragon.", "A knight who should fight the dragon.");
  accepts(
    "Write a story about a dragon. It should be funny.",
    "Write a story about a dragon. Make it funny.",
  );
  accepts("A girl who has to choose between two friends.", "A girl who must choose between two friends.");
  accepts("A fish that was able to talk.", "A fish that could talk.");
});

Deno.test("request framing and chat around it are not part of the request; the genre is", () => {
  accepts(
    "Hey, can you write a scary story about a haunted lighthouse? Thanks!",
    "Write a scary story about a haunted lighthouse.",
  );
  accepts("I'd love a story about a baker.", "Tell me a tale about a baker.");
  accepts(
    "A story about a boy who could not stop sneezing.",
    "Write a story about a boy who could not stop sneezing.",
  );
  accepts("Tell me about a knight.", "Tell me a story about a knight.");
  rejects("Write a poem about a lonely tree.", "Write a story about a lonely tree.", "genre");
  rejects("Tell me a joke about a penguin.", "Tell me about a penguin.", "genre");
});

Deno.test("place prepositions and opposite directions", () => {
  accepts("A unicorn that lives under the sea.", "A unicorn that lives beneath the sea.");
  accepts("Two friends find a map in the attic.", "In the attic, two friends find a map.");
  rejects("A bird built a nest on the roof.", "A bird built a nest under the roof.", "place");
  rejects("Two kids sail down the river.", "Two kids sail up the river.", "antonym", /up|down/);
  rejects("The day before the school play.", "The day after the school play.", "antonym");
});

Deno.test("describing words stay with what they describe", () => {
  accepts("A small mouse helps a big lion.", "A little mouse helps a large lion.");
  rejects(
    "A small mouse helps a big lion.",
    "A big mouse helps a small lion.",
    "roles",
    /describes something else/,
  );
  rejects("A kind teacher who helped a shy student.", "A shy teacher who helped a kind student.", "roles");
});

Deno.test("clause order is not role order; objects that move to another verb are", () => {
  accepts("The hero loses the race but wins a friend.", "The hero wins a friend but loses the race.");
  accepts(
    "A kind witch gives a poor farmer a magic bean.",
    "A kind witch gives a magic bean to a poor farmer.",
  );
  rejects(
    "The hero loses the race but wins a friend.",
    "The hero wins the race but loses a friend.",
    "roles",
  );
});

Deno.test("typos: a rare word one letter from a common one; compounds written apart", () => {
  accepts("A hapy story about a dog.", "A happy story about a dog.");
  accepts("Two kids build a raft and sial down the river.", "Two kids build a raft and sail down the river.");
  accepts("A haunted light house.", "A haunted lighthouse.");
  accepts("Tell me a tale abuot three pirates.", "Tell me a tale about three pirates.");
  rejects("Mila and her dog.", "Mia and her dog.", "unmatched"); // names are never typos of names
  rejects("A girl who loses her voice.", "A girl who loves her voice.", "unmatched"); // two common words
});

Deno.test("analysePrompt: framing dropped, phrases joined, story assumed when no genre is named", () => {
  const a = analysePrompt("Could you please write me a story about a cat who runs away, at last?", lexicon);
  const words = a.content.map((i) => a.tokens[i].word);
  assert.deepEqual(words, ["story", "cat", "run_away", "at_last"]);
  assert.equal(a.implicitGenre, false);
  const b = analysePrompt("A cat who will run away.", lexicon);
  assert.equal(b.implicitGenre, true);
  assert.deepEqual(b.time, ["future"]);
});

Deno.test("asides about the asker are dropped when another clause names the genre; style requests stay", () => {
  accepts(
    "Hey, can you write a scary story about a haunted lighthouse? My kids love those.",
    "Write a scary story about a haunted lighthouse.",
  );
  accepts("I need a laugh. Tell me a joke about a penguin.", "Tell me a joke about a penguin.");
  rejects("Write a story about a dragon. Make it sad.", "Write a story about a dragon.", "unmatched", /sad/);
  // without a genre word the personal clause may be the request itself
  rejects("My dog loves the sea.", "The sea.", "unmatched");
});

Deno.test("a swap needs one side to state both roles", () => {
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
  rejects("A prince who turns a frog into stone.", "A frog who turns a prince into stone.", "roles");
});

Deno.test("synonyms through adjective 'also see' links and the is-a parents of rare verb senses", () => {
  assert.equal(matchWords("cheerful", "happy", lexicon), "synonym");
  assert.equal(matchWords("devours", "eats", lexicon), "synonym");
  assert.equal(matchWords("forges", "makes", lexicon), "synonym");
  assert.equal(matchWords("cheerful", "sad", lexicon), undefined);
  assert.equal(matchWords("devours", "drinks", lexicon), undefined);
  accepts("A giant devours the farmer's cows.", "A giant eats the farmer's cows.");
  rejects("A giant devours the farmer's cows.", "A giant feeds the farmer's cows.", "unmatched");
});

Deno.test("in a noun phrase a word is read as a noun: a verb sense does not make it a synonym", () => {
  rejects(
    "Once upon a time, a young pirate carried a huge map by the sea.",
    "Once upon a time, a little bear stole a huge map by the sea.",
    "unmatched",
  );
  assert.equal(matchWords("pirate", "stole", lexicon), "synonym"); // as verbs: to pirate is to steal
  assert.equal(matchWords("pirate", "stole", lexicon, true, false), undefined);
  accepts("A young witch fails her flying test.", "A young witch fails her flying exam.");
  accepts("A knight who was afraid of horses.", "A knight who was scared of horses.");
});

Deno.test("a kind of thing is another thing; only familiar names stand for their is-a parent", () => {
  rejects("A chipmunk who saves a bird.", "A squirrel who saves a bird.", "unmatched", /chipmunk/);
  rejects("A pony that wins a race.", "A horse that wins a race.", "unmatched", /pony/);
  rejects("A hen in the yard.", "A bird in the yard.", "unmatched", /hen/);
  rejects("A girl who picks a tulip.", "A girl who picks a flower.", "unmatched", /tulip/);
  rejects("A boy who is afraid of his coach.", "A boy who is afraid of his teacher.", "unmatched", /coach/);
  rejects("An android that learns to paint.", "A robot that learns to paint.", "unmatched", /android/);
  rejects("An old man who collects pebbles.", "An old man who collects stones.", "unmatched", /pebbles/);
  accepts("My dad builds a treehouse.", "My father builds a treehouse.");
  accepts("A bunny hides from a fox.", "A rabbit hides from a fox.");
  accepts("An old lady who was once a pirate.", "An old woman who used to be a pirate.");
  // verbs still go one step up: rescuing is a way of saving
  accepts("A dog who rescues a child.", "A dog who saves a child.");
});

Deno.test("what an owner has is read as a thing, not as a verb", () => {
  rejects("The emperor's new clothes.", "The emperor's new shoes.", "unmatched", /clothes/);
});

Deno.test("who is (or becomes, or pretends to be) what: a swap is a different request", () => {
  rejects("A fox pretending to be a dog.", "A dog pretending to be a fox.", "roles", /who is what/);
  rejects("A story where a kid becomes president.", "A story where a president becomes a kid.", "roles");
  rejects("A prince who turns into a frog.", "A frog who turns into a prince.", "roles");
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
  accepts("The wolf was a friend of the girl.", "The wolf was the girl's friend.");
});

Deno.test("what someone is differs from what someone was; 'there was once' is an opening", () => {
  rejects(
    "A kingdom where the king is a child.",
    "A kingdom where the king was a child.",
    "time",
    /is \/ was/,
  );
  rejects("A woman who is a pirate.", "A woman who was once a pirate.", "time");
  accepts("Once upon a time there was a king.", "There was once a king.");
  accepts("A girl who was brave.", "A girl who is brave."); // a state of mind, not what she is
  accepts("A man who has never seen the sea.", "A man who's never seen the sea.");
  accepts("A dog who is lost in the city.", "A dog who's lost in the city.");
});

Deno.test("two things that trade their prepositions trade roles; moving one into a phrase does not", () => {
  rejects("A letter from a princess to a frog.", "A letter from a frog to a princess.", "roles", /trade/);
  rejects(
    "A story about a prince in love with a mermaid.",
    "A story about a mermaid in love with a prince.",
    "roles",
    /trade/,
  );
  accepts(
    "A story about a doctor who falls in love with a nurse.",
    "A story about a nurse that a doctor falls in love with.",
  );
  accepts(
    "A story about a giant who built a bridge over the river.",
    "A story about a bridge over the river built by a giant.",
  );
});

Deno.test("something under way is not something done; a present or an infinitive is neither", () => {
  rejects("A girl who is learning to swim.", "A girl who learned to swim.", "time", /under way/);
  rejects("A village that is being flooded.", "A village that was flooded.", "time", /under way/);
  rejects(
    "A soldier who is going home after the war.",
    "A soldier who went home after the war.",
    "time",
    /under way/,
  );
  accepts("A girl who is learning to swim.", "A girl learning to swim.");
  accepts("A fox who found a key.", "A fox who finds a key.");
  accepts(
    "A city that is going to be destroyed by a volcano.",
    "A city that will be destroyed by a volcano.",
  );
  accepts(
    "A story about a haunted lighthouse that is falling apart.",
    "A story about a haunted lighthouse falling apart.",
  );
});

Deno.test("a relative clause with its own doer is done to the noun before it", () => {
  rejects(
    "A story about the dragon that the knight fears.",
    "A story about the knight that the dragon fears.",
    "roles",
  );
  rejects("The girl who the wolf chases.", "The wolf who the girl chases.", "roles");
  accepts("The girl who the wolf chases.", "The wolf who chases the girl."); // the same chase
  accepts(
    "A story about the dragon that the knight fears.",
    "A story about the dragon that is feared by the knight.",
  );
  accepts("A story about the cake that the baker made.", "A story about the cake made by the baker.");
});

Deno.test("a genre word misspelt by one letter is that genre; a real word is not", () => {
  accepts(
    "Write a ghost story set in an abandoned hospital.",
    "Write a ghost stroy set in an abandoned hospital.",
  );
  rejects("Write a poem about the sea.", "Write a poet about the sea.", "genre");
});

Deno.test("'to become' is 'to be'", () => {
  accepts("A clumsy elephant who wants to be a dancer.", "A clumsy elephant that wants to become a dancer.");
  rejects("A frog who wants to become a prince.", "A prince who wants to become a frog.", "roles");
});

Deno.test("a doer stated by 'by' on one side and a done-to on the other is a swap, even in a second clause", () => {
  rejects(
    "The statue comes to life and chases the guard.",
    "The statue comes to life and is chased by the guard.",
    "roles",
    /swapped/,
  );
  rejects(
    "The robots wake up and arrest the king.",
    "The robots wake up and are arrested by the king.",
    "roles",
  );
  // an intransitive doer is not a stated doer: "turns into" / "is turned into" stay the same request
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
});

Deno.test("a verb after 'and (later)' shares the subject of the verb before it; pronouns are roles", () => {
  rejects(
    "A girl who is teased by the captain and later rescues him.",
    "A girl who is teased by the captain and later is rescued by him.",
    "roles",
  );
  rejects(
    "A dragon who is kind and helps me with my homework.",
    "A dragon who is kind and I help him with my homework.",
    "roles",
  );
  // a pronoun and a noun are not known to differ: "he" may be the penguin
  accepts(
    "A penguin who hates the cold and runs away to Spain.",
    "A penguin who runs away to Spain because he hates the cold.",
  );
});

Deno.test("a relative clause after 'a noun in a place' is not read as the place's", () => {
  accepts(
    "A story about a baker in Lyon who opens a shop.",
    "In Lyon, a baker opens a shop. Write a story about it.",
  );
  accepts(
    "A story about a driver in Oslo whose bus breaks down in the middle of the longest night of the year.",
    "Can you write a story about a driver in Oslo whose bus breaks down in the middle of the longest night of the year?",
  );
});

Deno.test("chat short forms, idioms and function-word variants keep the request", () => {
  accepts(
    "a story abt a girl who travels w her dog bc she is lonely",
    "A story about a girl who travels with her dog because she is lonely.",
  );
  accepts("A pirate who betrays her own crew.", "A pirate who betrays her crew.");
  accepts("A boy who loses his bag on day 1.", "A boy who loses his bag on day one.");
  rejects("A boy who loses his bag on day 1.", "A boy who loses his bag on day two.", "numbers");
  accepts("A girl who wants to be a pilot one day.", "A girl who wants to be a pilot.");
  rejects("A story that happens in one day.", "A story that happens in two days.", "numbers");
  accepts("A cat who hates the rain.", "A cat who can't stand the rain.");
  accepts("The town floods unless the mayor acts.", "The town floods if the mayor does not act.");
  rejects("The town floods unless the mayor acts.", "The town floods if the mayor acts.", "negation");
  accepts("A singer who cannot sing.", "A singer who is not able to sing.");
  accepts("need a short story about a fox", "need a short stroy about a fox");
});

Deno.test("the doer of one side is the thing of another preposition on the other: a different request", () => {
  rejects("A map stolen by a pirate.", "A map stolen from a pirate.", "roles", /stolen/);
  rejects(
    "A story in which a fox and an owl each explain their home to a lost goose.",
    "A story in which a lost goose explains its home to a fox and an owl.",
    "roles",
  );
  accepts(
    "A baker in Rome who falls in love with a customer who orders the same cake every day.",
    "A baker in Rome who falls for a customer who orders the same cake every day.",
  );
});

Deno.test("a number moved with its noun is the same request; numbers that trade nouns are not", () => {
  accepts(
    "Write a diary of a 12-year-old in Oslo, in exactly four paragraphs.",
    "In exactly four paragraphs, write a diary of a 12-year-old in Oslo.",
  );
  rejects("A farm with 3 wolves and 2 sheep.", "A farm with 2 wolves and 3 sheep.", "numbers");
});

Deno.test("thanks, apologies and stretched greetings around the request are not the request", () => {
  accepts(
    "Write a poem about a lonely lighthouse.",
    "Write a poem about a lonely lighthouse. Many thanks in advance!",
  );
  accepts(
    "Write a poem about a lonely lighthouse.",
    "Write a poem about a lonely lighthouse, thank you so much.",
  );
  accepts("can you tell me a story about a cat", "hiii can you tell me a story about a cat");
  accepts("A girl who fails a test but keeps trying.", "A girl who fails a test yet keeps trying.");
  accepts("A boy who burns everything except the toast.", "A boy who burns everything but the toast.");
  accepts("A fox who waits until dawn.", "A fox who waits till dawn.");
  // "is a little spooky" says nothing about what someone is or was
  accepts("A house that is a little spooky.", "A house that was a little spooky.");
});

Deno.test("ranges and initials: 'ages 7-9' counts ages wherever it stands; 'T. rex' is one name", () => {
  accepts(
    "Write a funny story (about 600 words, ages 7-9) where a robot chases a cat.",
    "For ages 7 to 9, about 600 words: a funny story where a robot chases a cat.",
  );
  rejects("Tale 2-1: a fox finds a key.", "Tale 1-2: a fox finds a key.", "numbers");
  accepts(
    "The museum's T. rex comes to life and chases the guard.",
    "The guard is chased by the museum's T. rex after it comes to life.",
  );
});

Deno.test("'a giant named Theo who…' is about the giant", () => {
  accepts("A giant named Theo who washed a letter.", "A letter that was washed by a giant named Theo.");
  rejects("A girl named Mia who finds a dragon.", "A dragon named Mia who finds a girl.", "roles");
});

Deno.test("'instead of' sides, refusing, and two kinds of one thing that differ by a letter", () => {
  rejects(
    "A dragon who hoards books instead of gold.",
    "A dragon who hoards gold instead of books.",
    "roles",
  );
  accepts("A dragon who hoards books instead of gold.", "A dragon who hoards books rather than gold.");
  accepts("A mouse who refuses to help a lion.", "A mouse who does not help a lion.");
  rejects("A mouse who helps a lion.", "A mouse who refuses to help a lion.", "negation");
  // "grandma" is rare in books, but it is not a misspelt "grandpa"
  rejects("A girl who teaches her grandpa to swim.", "A girl who teaches her grandma to swim.", "unmatched");
  accepts("A boy who has only 12 coins.", "A boy who has just 12 coins.");
  accepts("A taxi that stops every night at 3am.", "A taxi that stops every night at 3 a.m.");
});

Deno.test("asides around a request that starts with a request verb are set aside too", () => {
  accepts(
    "Tell me about a ghost who haunts a library.",
    "my roommate swears our campus is haunted lol. tell me about a ghost who haunts a library",
  );
  accepts("A detective solves a murder in Rome.", "Quick one please - a detective solves a murder in Rome.");
  accepts(
    "Compose a short narrative about twins who share a bike.",
    "Write a story about twins who share a bike.",
  );
  accepts(
    "There once was a dragon who hoarded books.",
    "Once upon a time there was a dragon who hoarded books.",
  );
});

Deno.test("thousands, decades, words with digits and phrasal verbs of opposite direction", () => {
  rejects("A 1,000-word story about a cat.", "A 3,000-word story about a cat.", "numbers");
  rejects("A village in the 1850s sees a train.", "A village in the 1950s sees a train.", "numbers");
  rejects("An octopus escaping from a tank.", "An octopus breaking into a tank.", "antonym");
  rejects(
    "A romance about a woman who is going to marry a prince next week.",
    "A romance about a prince who is going to marry a woman next week.",
    "roles",
  );
  accepts(
    "An intern accidentally sends the boss's letter to the whole company.",
    "The boss's letter is accidentally sent to the whole company by an intern.",
  );
});

Deno.test("more ways to ask: myths and legends are stories, 'describe', 'whether or not', 'nobody but'", () => {
  accepts("Tell me the legend of a fox and a crow.", "Write the story of a fox and a crow.");
  accepts("Describe a day in the life of a baker.", "Write a story about a day in the life of a baker.");
  accepts(
    "A couple who must decide whether to sell the shop.",
    "A couple who must decide whether or not to sell the shop.",
  );
  accepts("Only the new student can see the ghost.", "Nobody but the new student can see the ghost.");
  accepts("A knight who trains in order to win.", "A knight who trains to win.");
  accepts("Two lawyers start secretly dating.", "Two lawyers start dating in secret.");
  accepts("A war told from a horse's point of view.", "A war told from a horse's perspective.");
  accepts("A hero who can no longer fly.", "A hero who is no longer able to fly.");
  accepts(
    "Write a story about a lost kite.",
    "I'd love it if you could write a story about a lost kite. Cheers!",
  );
  accepts("Write a story about a lost kite.", "Grandma here! Write a story about a lost kite.");
  // a swapped pair of letters makes a number word, another wrong letter does not
  accepts("A keeper who hears a song every night.", "A keeper who hears a song every nigth.");
});

Deno.test("verbs before an -ing verb, and phrasal verbs whose particles point opposite ways", () => {
  accepts(
    "Two lawyers on opposite sides of a case start secretly dating.",
    "Two lawyers on opposite sides of a case start dating in secret.",
  );
  rejects(
    "Write from the point of view of an octopus escaping from a tank.",
    "Write from the point of view of an octopus breaking into a tank.",
    "unmatched",
  );
});

Deno.test("everyday request words WordNet files apart are one word; 'dreams of becoming' is 'wants to be'", () => {
  accepts("A scary story about a doll.", "A frightening story about a doll.");
  accepts("A lonely whale sings.", "A solitary whale sings.");
  accepts("A girl who wants to be a knight.", "A girl who dreams of becoming a knight.");
  accepts("A boy who dreams of flying to the moon.", "A boy who dreams about flying to the moon.");
  rejects("A scary story about a doll.", "A funny story about a doll.", "unmatched");
});

Deno.test("WordNet's 'toad' is not a frog; about to, destined to, unable to, would rather", () => {
  rejects("A witch turns a prince into a frog.", "A witch turns a prince into a toad.", "unmatched");
  accepts("A man who was going to marry a princess.", "A man who was about to marry a princess.");
  accepts("A stable boy who will become king.", "A stable boy who is destined to become king.");
  accepts("A prince who could not walk as a child.", "A prince who was unable to walk as a child.");
  accepts("A raider who would rather write poems.", "A raider who prefers to write poems.");
});

Deno.test("after the third hold-out (dev now): headers, ', who', who is what, 'you are' / 'I am'", () => {
  // a request that is only a header: the story follows it, "our cat" included
  rejects(
    "Story for a 6 year old: the neighbour's dog digs a hole and befriends our cat.",
    "Story for a 6 year old: our cat digs a hole and befriends the neighbour's dog.",
    "roles",
  );
  rejects(
    "The king's daughter, who secretly trains as a knight.",
    "A knight who secretly trains the king's daughter.",
    "roles",
  );
  rejects(
    "Retell the tale, but this time the giant is kind and Jack is the villain.",
    "Retell the tale, but this time Jack is kind and the giant is the villain.",
    "roles",
  );
  rejects(
    "Let's roleplay: you are a grumpy innkeeper and I am a traveller.",
    "Let's roleplay: you are a traveller and I am a grumpy innkeeper.",
    "roles",
  );
  rejects("A dwarf cleric who lost her faith.", "A gnome cleric who lost her faith.", "unmatched");
  rejects("The mayor's son decides to buy a ticket.", "The mayor decides to buy his son a ticket.", "roles");
  accepts(
    "A story about a girl named Amara who plants a bean that grows into a library.",
    "A story in which a bean planted by a girl named Amara grows into a library.",
  );
});

Deno.test("first-person frames mid-clause, 'set in', subjects inside a place phrase, 'turns X into Y'", () => {
  accepts(
    "For my English class I need a 500-word story told by a girl who moves to Oslo.",
    "I need a 500-word story for my English class, told by a girl who moves to Oslo.",
  );
  accepts("A ghost story set in an abandoned hospital.", "A ghost story in an abandoned hospital.");
  accepts(
    "A ghost story set in an abandoned hospital.",
    "Write a ghost story. Set it in an abandoned hospital.",
  );
  accepts(
    "Football story: a team from a fishing village wins the cup final.",
    "Football story: the cup final is won by a team from a fishing village.",
  );
  accepts(
    "The wizard's apprentice, who accidentally turns the queen's crown into a frog.",
    "The queen's crown is accidentally turned into a frog by the wizard's apprentice.",
  );
  rejects(
    "A story about a girl's pet tortoise that wins a race against a cheetah.",
    "A story about a cheetah that wins a race against a girl's pet tortoise.",
    "roles",
  );
  accepts(
    "A pirate who loses her ship and must win it back.",
    "A pirate who loses her ship & must win it back!",
  );
  accepts("A keeper in 1920s Scotland finds a baby.", "A keeper in 1920's Scotland finds a baby.");
  accepts("Coudl you write a story about a fox?", "Could you write a story about a fox?");
});

Deno.test("'set on fire', 'stuck on', greetings of the day", () => {
  accepts("The night the library was set on fire.", "The night someone set fire to the library.");
  accepts("Two astronauts stranded on Mars.", "Two astronauts stuck on Mars.");
  accepts("Good evening. Write a story about a snowman.", "Write a story about a snowman.");
});

Deno.test("after the fourth hold-out (dev now): 'talk to wolves', 'whose neighbour', 'turns rain into music'", () => {
  rejects(
    "A girl who could talk to wolves saved her village.",
    "A girl who could talk to wolves was saved by her village.",
    "roles",
  );
  rejects(
    "A boy who borrows his neighbour's telescope.",
    "A boy whose neighbour borrows his telescope.",
    "roles",
  );
  rejects("A machine that turns rain into music.", "A machine that turns music into rain.", "roles");
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
  // a request that points back at what was said keeps it, whoever's it is
  rejects(
    "My grandma's old piano plays by itself at midnight. Turn that into a ghost story for kids.",
    "My grandma's old music box plays by itself at midnight. Turn that into a ghost story for kids.",
    "unmatched",
  );
  // an aside that gives a number is kept: the age may be what the story is about
  rejects(
    "My daughter is turning six next week. Write a birthday story where she rides a horse.",
    "My daughter is turning seven next week. Write a birthday story where she rides a horse.",
    "numbers",
  );
  accepts(
    "A wizard who must get through one day without magic.",
    "A wizard who must get through 1 day without magic.",
  );
  accepts(
    "I'm 14 and I want a story about a girl who writes letters.",
    "im 14, pls write a story about a girl who writes letters",
  );
});

Deno.test("two words trading slots with their neighbours kept; lists, moved phrases and clauses are not", () => {
  rejects(
    "Write a sci-fi story about a lonely robot on Mars who wants to become human.",
    "Write a sci-fi story about a lonely human on Mars who wants to become a robot.",
    "roles",
    /trade places/,
  );
  rejects(
    "story about a girls football team that loses every match but wins the final",
    "story about a girls football team that wins every match but loses the final",
    "roles",
    /trade places/,
  );
  rejects(
    "An alien kid is adopted by a farmer's family in Kansas.",
    "A farmer's kid is adopted by an alien family in Kansas.",
    "roles",
    /trade places/,
  );
  accepts("a bear, a fox and an owl go camping", "an owl, a bear and a fox go camping");
  accepts("A story for kids about dragons", "A story about dragons for kids");
  accepts(
    "Retell Jack and the Beanstalk, but this time the giant is kind and Jack is the villain.",
    "Retell Jack and the Beanstalk, but this time Jack is the villain and the giant is kind.",
  );
  accepts("A giant built the bridge.", "The bridge was built by a giant.");
});

Deno.test("the other sex is another character, not a typo; an aside a pronoun points back at is the story", () => {
  rejects("an old fisherman catches a big fish", "an old fisherwoman catches a big fish", "unmatched");
  rejects("a famous actor in Rome", "a famous actress in Rome", "unmatched");
  rejects("a waiter in Paris falls in love", "a waitress in Paris falls in love", "unmatched");
  accepts("a fisherman catches a big fish", "a fisherman cathces a big fish");
  rejects(
    "my dog max ran away yesterday, write a story where he goes on an adventure and comes home safe",
    "my cat max ran away yesterday, write a story where he goes on an adventure and comes home safe",
    "unmatched",
  );
  accepts(
    "my dog max ran away yesterday, write a story where he goes on an adventure and comes home safe",
    "ugh my dog max ran away yesterday :( pls write a story where he goes on an adventure and comes home safe",
  );
  // "tell her a story": whom it is for, not someone named before
  accepts(
    "My daughter loves horses. Could you tell her a story about a pony who learns to fly?",
    "Could you tell her a story about a pony who learns to fly? My daughter loves horses.",
  );
});

Deno.test("a passive against the same words in active order, where the active verb is not read as one", () => {
  rejects(
    "halloween story for kids where a friendly ghost is frightened by trick-or-treaters",
    "halloween story for kids where a friendly ghost frightens trick-or-treaters",
    "roles",
    /swapped/,
  );
  rejects("a ghost is scared by children", "a ghost scares children", "roles", /swapped/);
  accepts("a ghost is scared by children", "children scare a ghost");
});

Deno.test("a word before a modal is its subject, not a verb ('a phone that people can call')", () => {
  rejects(
    "a kid who finds a phone that can call people",
    "a kid who finds a phone that people can call",
    "roles",
  );
  accepts("a kid who finds a phone that can call people", "a kid who finds a phone which can call people");
});

Deno.test("'one' before its noun is an article, but one thing is not many; a misspelt -ly word is an adverb", () => {
  accepts(
    "a wizard who has to get through one day without magic",
    "a wizard who has to get through a day without magic",
  );
  rejects("a story about one wolf", "a story about two wolves", "numbers");
  rejects(
    "Write a story about a mother duck who is looking for her lost ducklings.",
    "Write a story about a mother duck who is looking for her one lost duckling.",
    "numbers",
    /one thing against many/,
  );
  rejects(
    "Write a story about an island where all the birds have forgotten how to sing.",
    "Write a story about an island where one bird has forgotten how to sing.",
    "numbers",
  );
  accepts(
    "the witch's apprentice accidentally turns the whole village into frogs",
    "the witch's apprentice accidentaly turns the whole village into frogs",
  );
});

Deno.test("a comma between two adjectives of one noun ends no clause", () => {
  accepts(
    "Write about a shy cat named Pumpkin who is adopted by a big noisy family.",
    "write about a shy cat named pumpkin who's adopted by a big, noisy family",
  );
  rejects("a cat who is adopted by a big, noisy family", "a cat who adopts a big, noisy family", "roles");
});

Deno.test("'my little one', 'this one' in an aside give no number: the aside is dropped", () => {
  accepts(
    "Tell a bedtime story about a little fairy who must grant three wishes before the sun comes up.",
    "My little one can't sleep, so please tell a bedtime story about a little fairy who must grant three wishes before the sun comes up.",
  );
  accepts(
    "Write a story about a nervous new teacher whose first class is full of mischievous kids.",
    "My pupils would love this one: please write a story about a nervous new teacher whose first class is full of mischievous kids.",
  );
});

Deno.test("typos in a well-known long name and in the request verb; two names are still two people", () => {
  accepts("A baker in Vienna who secretly bakes bread.", "A baker in Viena who secretly bakes bread.");
  accepts(
    "Write a story about a boy who trains an injured eagle.",
    "Wrte a story about a boy who trains an injured eagle.",
  );
  rejects("A story about Anna and her cat.", "A story about Maria and her cat.", "unmatched");
  rejects("A story about Mia and her cat.", "A story about Mila and her cat.", "unmatched");
});

Deno.test("a first or last sentence about the asker is set aside; one that shapes the text or names a genre is not", () => {
  const e = explainPair(
    "Quick request: a story about four old friends who get their rock band back together for one last concert.",
    "A story about four old friends who get their rock band back together for one last concert.",
    lexicon,
  );
  assert.ok(e.accepted, e.reason);
  assert.match(e.reason, /"Quick request:" set aside/);
  accepts(
    "A boxer has to lose a fight on purpose to pay off his debts. Thanks, I am stuck on this one.",
    "A boxer has to lose a fight on purpose to pay off his debts.",
  );
  // the rest must still match: the aside does not excuse a different character
  rejects(
    "Quick request: a story about four old friends who get their jazz band back together for one last concert.",
    "A story about four old friends who get their rock band back together for one last concert.",
    "unmatched",
  );
  rejects(
    "A story about a fox who finds a key. Make it scary.",
    "A story about a fox who finds a key.",
    "unmatched",
  );
  rejects(
    "There once was a dragon who hoarded books. Write a poem about him.",
    "There once was a dragon who hoarded books. Write a story about him.",
    "genre",
  );
});

Deno.test("a phrasal verb around its pronoun object is the phrasal verb ('gives it back' / 'returns it')", () => {
  accepts(
    "a boy who finds a lost wallet and returns it to its owner",
    "a boy who finds a lost wallet and gives it back to its owner",
  );
  rejects(
    "a boy who finds a lost wallet and gives it back to its owner",
    "a boy who finds a lost wallet and gives it away to a stranger",
    "unmatched",
  );
});

Deno.test("'roughly' and 'approximately' are read like 'about' before a count", () => {
  accepts(
    "a story about a woman who wants to become a pilot, about 800 words",
    "a story about a woman who wants to become a pilot, roughly 800 words",
  );
  rejects(
    "a story about a woman who wants to become a pilot, about 800 words",
    "a story about a woman who wants to become a pilot, roughly 500 words",
    "numbers",
  );
});

Deno.test("'a brief story' is 'a short story'; an everyday adverbial before a verb is joined, not before its noun", () => {
  accepts(
    "Can you write a short story about a nurse on her last night shift?",
    "Can you write a brief story about a nurse on her last night shift?",
  );
  accepts(
    "the witch's apprentice accidentally turns the whole village into frogs",
    "the witch's apprentice by mistake turns the whole village into frogs",
  );
});

Deno.test("one spelling for sci-fi, D&D and '8yo'", () => {
  assert.deepEqual(promptTokens("a sci-fi story for my 8yo"), [
    "a",
    "scifi",
    "story",
    "for",
    "my",
    "8",
    "year",
    "old",
  ]);
  assert.deepEqual(promptTokens("science fiction, D&D"), ["scifi", "|", "dnd"]);
  accepts(
    "Write a sci-fi story about a crew of 12 astronauts who wake up after 300 years in cryosleep.",
    "Write a science fiction story about a crew of 12 astronauts who wake up after 300 years in cryosleep.",
  );
});

Deno.test("an adverb ends a noun phrase and is never the thing a verb is done to", () => {
  accepts(
    "Write a story about the wizard's apprentice who accidentally turns the mayor's horse into a teapot.",
    "Write a story in which the apprentice of the wizard accidentally turns the mayor's horse into a teapot.",
  );
  rejects(
    "the wizard's apprentice who accidentally turns the mayor's horse into a teapot",
    "the mayor's apprentice who accidentally turns the wizard's horse into a teapot",
    "possession",
  );
  accepts(
    "a pirate who finds a map to an island that appears only once every hundred years",
    "a pirate who finds a map to an island that only appears once every hundred years",
  );
});

Deno.test("after the sixth hold-out (dev now): one side's doer the other's done-to, 'not even', 'gets caught by'", () => {
  rejects(
    "an aqueduct for a town that the emperor has forgotten",
    "an aqueduct for a town that has forgotten the emperor",
    "roles",
    /swapped/,
  );
  rejects(
    "rival bakers on the same street become friends during a blackout",
    "rival bakers on the same street never become friends, not even during a blackout",
    "negation",
  );
  accepts(
    "An old fisherman and his grandson catch a giant squid off the coast of Newfoundland.",
    "A giant squid gets caught off the coast of Newfoundland by an old fisherman and his grandson.",
  );
  accepts(
    "Bedtime story about a little cloud who is too small to make rain and feels left out.",
    "a bedtime story pls - little cloud feels left out cos it's too small to make rain",
  );
  accepts(
    "Write a story about a girl who secretly reads her older brother's diary.",
    "Pls help, it's for my writing club :) Write a story about a girl who secretly reads her older brother's diary.",
  );
});

Deno.test("reduced passives with their doer later ('rescued from a bakery by'), greetings with whom they call", () => {
  accepts(
    "firefighter rescues a kitten from a burning bakery",
    "kitten rescued from a burning bakery by a firefighter",
  );
  rejects(
    "firefighter rescues a kitten from a burning bakery",
    "firefighter rescued from a burning bakery by a kitten",
    "roles",
  );
  accepts("grumpy snail runs a post office", "a post office run by a grumpy snail");
  accepts(
    "a cargo pilot smuggles a stray cat aboard a freighter bound for Mars",
    "a stray cat is smuggled aboard a freighter bound for Mars by a cargo pilot",
  );
  accepts(
    "I want a story of an elephant mother who searches for her lost baby.",
    "Hello friend, please, I want a story of an elephant mother who searches for her lost baby. Thank you very much.",
  );
  accepts(
    "a love story about two rival violinists who will have to share a stage",
    "a love story about two rival violinists who must share a stage",
  );
});

Deno.test("'not happy' is 'unhappy'; 'a single', 'every single', 'anyone who', 'together with'", () => {
  accepts("a cat who is not happy about the new baby", "a cat who is unhappy about the new baby");
  rejects("a cat who is not happy about the new baby", "a cat who is happy about the new baby", "antonym");
  accepts("three mice who share one piece of cheese", "three mice that share a single piece of cheese");
  rejects(
    "three mice who share one piece of cheese",
    "three mice that share two pieces of cheese",
    "numbers",
  );
  accepts("a team that loses every match", "a team which loses every single match");
  accepts(
    "boots that let whoever wears them walk on water",
    "boots which let anyone who wears them walk on water",
  );
  accepts(
    "a woman who runs a marathon with her grandsons",
    "a woman who runs a marathon together with her grandsons",
  );
});

Deno.test("'gets a letter' is the verb 'get' ('receives a letter'); 'gets lost' is not", () => {
  accepts(
    "A retired police inspector in Oslo receives a letter from the killer he never caught.",
    "A retired police inspector in Oslo gets a letter from the killer he never caught.",
  );
  rejects("A dog who gets lost in the city", "A dog who gets a bone in the city", "unmatched");
});

Deno.test("'end up as' is 'become'; 'kinda' is a hedge", () => {
  accepts(
    "two rivals on the debate team have to work together and become best friends",
    "two rivals on the debate team have to work together and end up as best friends",
  );
  accepts("a boy who feels jealous of his baby sister", "a boy who feels kinda jealous of his baby sister");
});

Deno.test("'declines to' is a refusal; 'a pair of' is two", () => {
  rejects("a knight who declines to fight a dragon", "a knight who agrees to fight a dragon", "negation");
  accepts(
    "a story about two strangers sharing an umbrella",
    "a story about a pair of strangers sharing an umbrella",
  );
  rejects(
    "a story about two strangers sharing an umbrella",
    "a story about three strangers sharing an umbrella",
    "numbers",
  );
});
