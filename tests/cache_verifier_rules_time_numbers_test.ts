/**
 * The verifier's rules added for issue 13 on time, counts and negation: tense and modality, what someone is
 * against what someone was, something under way against something done, numbers in another order or moved
 * with their nouns, ranges, thousands and decades, 'one' against many, 'roughly', 'instead of', refusals and
 * 'not happy'. Each rule with a pair it accepts and a pair it rejects.
 */
import { accepts, rejects } from "./verifier_setup.ts";

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

Deno.test("a number moved with its noun is the same request; numbers that trade nouns are not", () => {
  accepts(
    "Write a diary of a 12-year-old in Oslo, in exactly four paragraphs.",
    "In exactly four paragraphs, write a diary of a 12-year-old in Oslo.",
  );
  rejects("A farm with 3 wolves and 2 sheep.", "A farm with 2 wolves and 3 sheep.", "numbers");
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

Deno.test("WordNet's 'toad' is not a frog; about to, destined to, unable to, would rather", () => {
  rejects("A witch turns a prince into a frog.", "A witch turns a prince into a toad.", "unmatched");
  accepts("A man who was going to marry a princess.", "A man who was about to marry a princess.");
  accepts("A stable boy who will become king.", "A stable boy who is destined to become king.");
  accepts("A prince who could not walk as a child.", "A prince who was unable to walk as a child.");
  accepts("A raider who would rather write poems.", "A raider who prefers to write poems.");
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
