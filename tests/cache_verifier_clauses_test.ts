/**
 * Readings found on the blind hold-outs after their one evaluation (session of 2026-12-01): the second clause
 * of "X does Y and Z does W", a doer on one side who owns what is done to on the other, "whose Y she shot",
 * "used to" against a plain past, how the one the story is for will take it ("She'll love it!"), and a comma
 * inside a noun phrase ("a warm, short story"). Each with a paraphrase it accepts and a different request it
 * must still reject.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("after a clause with a verb, the phrase after 'and' is the doer of the next verb", () => {
  const aliens =
    "Aliens land in a small Texas town and the local sheriff has to teach them how to play baseball.";
  accepts(
    aliens,
    "Aliens land in a little Texas town and the local sheriff must teach them how to play baseball.",
  );
  rejects(
    aliens,
    "Aliens land in a small Texas town and have to teach the local sheriff how to play baseball.",
    "roles",
  );
  // (a word of when between the doer and its verb, and a comma before "and")
  const smith =
    "the blacksmith Gorran forges a sword for the young king, and the king later uses it against him";
  accepts(
    smith,
    "the blacksmith Gorran makes a sword for the young king, and the king later uses it against him",
  );
  rejects(
    smith,
    "the blacksmith Gorran forges a sword for the young king, and later uses it against the king",
    "roles",
  );
  // (a list of nouns before a relative clause is still not guessed: "a dog and a cat who…")
  accepts("a dog and a cat who can talk", "a cat and a dog who can talk");
});

Deno.test("a plural that opens a clause is its subject even when it can be a verb ('Aliens land…')", () => {
  rejects(
    "aliens arrive and the sheriff teaches them to dance",
    "aliens arrive and teach the sheriff to dance",
    "roles",
  );
});

Deno.test("the doer on one side who owns what the verb is done to on the other is a different request", () => {
  const twist =
    "A twist on Rumpelstiltskin where the miller's daughter guesses his name on the very first night.";
  accepts(
    twist,
    "A twist on Rumpelstiltskin where the daughter of the miller guesses his name on the very first night.",
  );
  rejects(
    twist,
    "A twist on Rumpelstiltskin where he guesses the name of the miller's daughter on the very first night.",
    "roles",
  );
  const neighbour =
    "a grumpy neighbour who complains about the family next door, until their little boy saves his life";
  rejects(
    neighbour,
    "a grumpy neighbour who complains about the family next door, until he saves their little boy's life",
    "roles",
  );
  // (a passive done by the owner is the owner doing it: "is turned into a frog by her")
  accepts(
    "A young witch accidentally turns her teacher into a frog on the first day of school.",
    "A young witch's teacher is accidentally turned into a frog by her on the first day of school.",
  );
});

Deno.test("'whose Y she shot': what is owned after 'whose' is what the clause's verb is done to", () => {
  const singer = "a nightclub singer falls in love with the bootlegger who shot her brother";
  accepts(singer, "a nightclub singer falls for the bootlegger who shot her brother");
  rejects(singer, "a nightclub singer falls in love with the bootlegger whose brother she shot", "roles");
});

Deno.test("'used to' against a plain past of the same verb is one request; against a present or a future it is not", () => {
  const flatmates = "A story about two flatmates who used to be best friends in primary school.";
  accepts(flatmates, "A story about two flatmates who were best friends in primary school.");
  rejects(flatmates, "A story about two flatmates who are best friends in primary school.", "time");
  accepts("a man who used to fly planes", "a man who flew planes");
  // (a perfect still goes on: "have played chess for forty years" is no past habit)
  rejects(
    "two old men who have played chess in the same café every Thursday for forty years",
    "two old men who used to play chess in the same café every Thursday for forty years",
    "time",
  );
  rejects("a man who used to fly planes", "a man who flies planes and lost one", "time");
  // ("used to be in love" is not "was sent": the words after "was" must be the ones after "used to be")
  rejects(
    "an East German spy falls in love with the American agent she was sent to seduce",
    "an East German spy used to be in love with the American agent she was sent to seduce",
    "time",
  );
});

Deno.test("how the one the story is for will take it ('She'll love it!') is set aside, whatever its pronoun", () => {
  const bone = "Write a story about a dog who finds a bone.";
  accepts(bone, "Write a story about a dog who finds a bone. He will love it.");
  accepts(bone, "Write a story about a dog who finds a bone, she'll be thrilled.");
  accepts(bone, "Write a story about a dog who finds a bone. My son will love it!");
  accepts(bone, "Write a story about a dog who finds a bone, she would find it hilarious");
  // (a sentence that goes on with the story is not a reaction)
  rejects(bone, "Write a story about a dog who finds a bone. He will bury it.", "time");
});

Deno.test("a comma inside a noun phrase ('a warm, short story') ends no clause that could be set aside", () => {
  const bakery =
    "I run a small bakery and I'd love a warm, short story about a baker who bakes a giant cake for the whole village.";
  accepts(
    bakery,
    "I run a little bakery and I'd love a warm, short story about a baker who bakes a giant cake for the whole village.",
  );
  rejects(
    bakery,
    "I run a small bakery and I'd love a funny, short story about a baker who bakes a giant cake for the whole village.",
    "unmatched",
  );
});

Deno.test("a word said twice is paired with the occurrence that has the same word beside it", () => {
  const cricket = "A cricket team from a small village beats the national team in a friendly match.";
  accepts(cricket, "The national team is beaten by a cricket team from a small village in a friendly match.");
  rejects(
    cricket,
    "The national team beats a cricket team from a small village in a friendly match.",
    "roles",
  );
  // (not by the pronouns beside it: which verb goes with whom still differs)
  rejects(
    "freshman year she taught me to cook, and I taught her to drive",
    "freshman year I taught her to cook, and she taught me to drive",
    "roles",
  );
});

Deno.test("an inflected verb after a name no dictionary holds is a verb ('the dragon Emberwing kidnaps…')", () => {
  const dragon =
    "Write a story where the dragon Emberwing kidnaps Prince Callum and Princess Wren rides out to rescue him.";
  accepts(
    dragon,
    "Write a story where Prince Callum is kidnapped by the dragon Emberwing and Princess Wren rides out to rescue him.",
  );
  rejects(
    dragon,
    "Write a story where Prince Callum kidnaps the dragon Emberwing and Princess Wren rides out to rescue him.",
    "roles",
  );
  rejects(
    "Retell the folk tale where Baba Yaga gives a girl named Vasilisa a skull with burning eyes.",
    "Retell the folk tale where a girl named Vasilisa gives Baba Yaga a skull with burning eyes.",
    "roles",
  );
  // (not a misspelt adverb after "and": "and secretley feeds" is still done by the vendor)
  accepts(
    "a street vendor who sells tacos in Mexico City and secretly feeds homeless people at night",
    "a street vendor who sells tacos in Mexico City and secretley feeds homeless people at night",
  );
});

Deno.test("a name and the noun phrase beside it are one doer ('Anansi the spider')", () => {
  const anansi =
    "Tell me a trickster tale where Anansi the spider tricks the sky god into giving him all the stories.";
  accepts(
    anansi,
    "Tell me a trickster tale where the sky god is tricked by Anansi the spider into giving him all the stories.",
  );
  rejects(
    anansi,
    "Tell me a trickster tale where Anansi the spider is tricked by the sky god into giving him all the stories.",
    "roles",
  );
  // (a list is no apposition: "a cat, a dog" are two)
  rejects("a cat chases the mouse, a dog watches", "a dog chases the mouse, a cat watches", "roles");
});

Deno.test("more polite openings are request framing, and 'has got to' / 'having to' read as 'must'", () => {
  const kyoto =
    "Please write a story about a boy in Kyoto who wants to become a sushi chef like his grandfather.";
  accepts(
    kyoto,
    "I'd be so grateful if you would write a story about a boy in Kyoto who wants to become a sushi chef like his grandfather.",
  );
  accepts(
    kyoto,
    "I'd really appreciate it if you could write a story about a boy in Kyoto who wants to become a sushi chef like his grandfather.",
  );
  accepts(
    kyoto,
    "Hello, I wonder if you could write a story about a boy in Kyoto who wants to become a sushi chef like his grandfather.",
  );
  // (a "would" of the story is still a difference)
  rejects(
    kyoto,
    "Please write a story about a boy in Kyoto who would become a sushi chef like his grandfather.",
    "time",
  );
  const mila = "an original story where Mila, a rusalka, must decide whether to return to the river";
  accepts(mila, "an original story where Mila, a rusalka, has got to decide whether to return to the river");
  rejects(mila, "an original story where Mila, a rusalka, decided whether to return to the river", "time");
});

Deno.test("a count after a noun that numbers things is its ordinal, and counted nouns written differently are compared aligned", () => {
  const lifeguard = "first summer job as a lifeguard and on day one i have to save my own boss from drowning";
  accepts(
    lifeguard,
    "first summer job as a lifeguard and on my first day i have to save my own boss from drowning",
  );
  rejects(
    lifeguard,
    "first summer job as a lifeguard and on my second day i have to save my own boss from drowning",
    "numbers",
  );
  // ("the year 2300" is a year, not the 2300th)
  rejects("a pilot in the year 2300", "a pilot in her 2300th year", "numbers");
  const puppies = "a girl who adopts three puppies and two kittens";
  accepts(puppies, "a girl who adopts three pups and two kittens");
  rejects(puppies, "a girl who adopts two pups and three kittens", "numbers");
});

Deno.test("'so scared (that) she won't leave' is 'too scared to leave'", () => {
  const bird = "a baby bird is too scared to leave the nest until her mother shows her how to fly";
  accepts(
    bird,
    "a baby bird is so scared that she won't leave the nest until her mother shows her how to fly",
  );
  accepts(bird, "a baby bird is so scared she can't leave the nest until her mother shows her how to fly");
  rejects(
    bird,
    "a baby bird is so excited that she won't leave the nest until her mother shows her how to fly",
    "unmatched",
  );
});

Deno.test("a phrasal verb around a short noun phrase is one verb ('sets the royal library on fire')", () => {
  const ember = "A baby dragon named Ember accidentally sets the royal library on fire.";
  accepts(ember, "The royal library is accidentally set on fire by a baby dragon named Ember.");
  rejects(ember, "A baby dragon named Ember accidentally is set on fire by the royal library.", "roles");
  // (a particle that heads a phrase of its own is a preposition, and light verbs make no phrase)
  rejects(
    "A cricket team from a small village beats the national team in a friendly match.",
    "A cricket team from a small village is beaten by the national team in a friendly match.",
    "roles",
  );
});

Deno.test("who becomes what is read past an adverb ('Dev's boss accidentally turns into a hamster')", () => {
  const boss =
    "Write a funny story where Dev's boss accidentally turns into a hamster during a Monday meeting.";
  accepts(
    boss,
    "Write a funny story where the boss of Dev accidentally turns into a hamster during a Monday meeting.",
  );
  rejects(
    boss,
    "Write a funny story where Dev accidentally turns into a hamster during his boss's Monday meeting.",
    "roles",
  );
});

Deno.test("a relative clause after a place said in one phrase is about the noun before it; 'A.I.', 'Elm St.'", () => {
  const robot = "a lonely robot on the moon builds a rocket so he can visit Earth";
  accepts(robot, "story about a lonely robot on the moon who builds a rocket so he can visit Earth");
  rejects(robot, "story about a lonely rocket on the moon who builds a robot so he can visit Earth", "roles");
  accepts(
    "Story about an AI that will take over the world unless a hacker named Ravi can shut it down.",
    "Story about an A.I. that will take over the world unless a hacker named Ravi can shut it down.",
  );
  accepts(
    "two best friends sneak into the haunted house on Elm Street on a dare",
    "two best friends sneak into the haunted house on Elm St. on a dare",
  );
  // ("St. Petersburg", before a name, is no street)
  rejects(
    "a ballet master's daughter in St. Petersburg burns his letters",
    "a ballet master's daughter in Petersburg Street burns his letters",
    "unmatched",
  );
});

Deno.test("a base form between a plural subject and a bare plural object is a verb ('his twins cook pancakes')", () => {
  const pancakes =
    "kids story where dad and his twins make pancakes on sunday morning and burn every single one";
  accepts(
    pancakes,
    "kids story where dad and his twins cook pancakes on sunday morning and burn every single one",
  );
  rejects(
    pancakes,
    "kids story where dad and his twins eat pancakes on sunday morning and burn every single one",
    "unmatched",
  );
});

Deno.test("a decade in words is the decade in digits; 'it would mean a lot to him' is a reaction", () => {
  const diver = "a woman in her sixties signs up for a diving course in Malta";
  accepts(diver, "a woman in her 60s signs up for a diving course in Malta");
  rejects(diver, "a woman in her 70s signs up for a diving course in Malta", "numbers");
  const ghost = "a gentle story about a little ghost who is scared of the dark, please";
  accepts(
    ghost,
    "a gentle story about a little ghost who is scared of the dark, please, it would mean a lot to him x",
  );
  rejects(
    ghost,
    "a gentle story about a little ghost who is scared of the dark, please, it would scare him",
    "time",
  );
});
