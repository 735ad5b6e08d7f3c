/**
 * The verifier's readings of the story itself (tense, who does what), added after the seventh hold-out: each
 * with a paraphrase it accepts and a different request it must still reject.
 */
import assert from "node:assert/strict";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { matchWords } from "../lib/cache/verifier.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("'was X once' and 'was once X' are 'used to be X'; 'is X' is not", () => {
  const base = "a story about a baker who used to be a sailor";
  accepts(base, "a story about a baker who was a sailor once");
  accepts(base, "a story about a baker who was once a sailor");
  accepts("a dog who used to be afraid of cats", "a dog who was once afraid of cats");
  rejects(base, "a story about a baker who is a sailor", "time");
});

Deno.test("the doer of a verb after a whole relative clause is the noun the clause hangs on", () => {
  const base = "a girl who is afraid of the sea rescues a fisherman";
  accepts(base, "a fisherman is rescued by a girl who is afraid of the sea");
  rejects(base, "a fisherman rescues a girl who is afraid of the sea", "roles");
  rejects(base, "a girl is rescued by a fisherman who is afraid of the sea", "roles");
});

Deno.test("a relative clause before a verb with auxiliaries ('… who wants to fly gets dragged into…')", () => {
  const base = "A tired nurse who wants to become a pilot gets dragged into a smuggling case.";
  accepts(
    base,
    "Tell me a story about a tired nurse who wants to become a pilot and gets dragged into a smuggling case.",
  );
  rejects(base, "A tired pilot who wants to become a nurse gets dragged into a smuggling case.", "roles");
});

Deno.test("'can't remember' is 'forget'; 'the first chapter' is the opening one", () => {
  const base = "a wizard who has hidden a key in the tower and forgotten where";
  accepts(base, "a wizard who has hidden a key in the tower and can't remember where");
  rejects(base, "a wizard who has hidden a key in the tower and remembers where", "antonym");
  accepts(
    "Write the opening chapter of a saga about a ferry captain.",
    "Write the first chapter of a saga about a ferry captain.",
  );
  rejects(
    "Write the opening chapter of a saga about a ferry captain.",
    "Write the second chapter of a saga about a ferry captain.",
    "numbers",
  );
});

Deno.test("a fronted phrase without a comma ends where the doer's article starts", () => {
  const base = "write a story about a fox who steals a hen at the end of the harvest festival";
  accepts(base, "at the end of the harvest festival a fox steals a hen - write a story about that");
  rejects(base, "at the end of the harvest festival a hen steals a fox - write a story about that", "roles");
});

Deno.test("'she's' before a participle with its object is 'she has'; before a state it is 'she is'", () => {
  accepts("a pilot who dreams she's crashed her plane", "a pilot who dreams she has crashed her plane");
  rejects(
    "a pilot who dreams she's crashed her plane",
    "a pilot who dreams she has sold her plane",
    "unmatched",
  );
  accepts("a puppy who's lost in the woods", "a puppy who is lost in the woods");
});

Deno.test("a sense rare for one word but frequent for the other makes synonyms; rare for both does not", () => {
  accepts("a hedgehog who goes to hospital for an operation", "a hedgehog who goes to hospital for surgery");
  accepts("a boy who cooks his grandmother's famous stew", "a boy who makes his grandmother's famous stew");
  accepts("a dragon who attacks a village every winter", "a dragon who attacks a hamlet every winter");
  // "king" and "queen" share only a rare sense ("a preeminent competitor") of both
  assert.equal(matchWords("king", "queen", lexicon), undefined);
  // units of time are never each other, whatever sense they share
  rejects(
    "a farmer who has waited ten years for rain",
    "a farmer who has waited ten days for rain",
    "unmatched",
  );
});

Deno.test("'so that she can' is a purpose like 'so she can'; a bad dream is a nightmare", () => {
  accepts(
    "an owl who learns to read so she can write to her sister",
    "an owl who learns to read so that she can write to her sister",
  );
  rejects(
    "an owl who learns to read so she can write to her sister",
    "an owl who learns to read but can not write to her sister",
    "negation",
  );
  accepts("a machine that turns bad dreams into bubbles", "a machine that turns nightmares into bubbles");
  rejects(
    "a machine that turns good dreams into bubbles",
    "a machine that turns nightmares into bubbles",
    "antonym",
  );
});

Deno.test("'wishes she could fly' is 'wants to fly'; remembering when she could is not", () => {
  const base = "a robot who wants to feel the rain";
  accepts(base, "a robot who wishes he could feel the rain");
  accepts(base, "a robot who wishes he was able to feel the rain");
  rejects(base, "a robot who remembers when he could feel the rain", "time");
});

Deno.test("'a story of X who…' is about X; 'the song of a mermaid' inside the story is a song", () => {
  const base = "A story about a tailor who sews a coat for a bear.";
  accepts(base, "Tell me the story of a tailor who sews a coat for a bear.");
  rejects(base, "Tell me the story of a bear who sews a coat for a tailor.", "roles");
  accepts(
    "Write a story in which a mermaid's song puts the sailors to sleep.",
    "Write a story in which the song of a mermaid puts the sailors to sleep.",
  );
});

Deno.test("a number counts its noun's lemma: '200-word story' / 'story of 200 words', 'ages 4-6' / 'aged 4 to 6'", () => {
  const base = "Write a 200-word story in the first person about a lost kite.";
  accepts(base, "Write a first-person story of 200 words about a lost kite.");
  rejects(base, "Write a first-person story of 300 words about a lost kite.", "numbers");
  accepts(
    "a read-aloud of 5 minutes for kids of ages 4-6 about a penguin",
    "a 5-minute read-aloud for kids aged 4 to 6 about a penguin",
  );
});

Deno.test("function-word variants: 'right before', 'all the way to', 'the place where', 'whole', adverb 'only'", () => {
  accepts("a cat who vanishes just before the fair", "a cat who vanishes right before the fair");
  rejects("a cat who vanishes right before the fair", "a cat who vanishes right after the fair", "antonym");
  accepts(
    "a scarf so long it reaches the next village",
    "a scarf so long it reaches all the way to the next village",
  );
  accepts(
    "a squirrel who forgets where he hid his nuts",
    "a squirrel who forgets the place where he hid his nuts",
  );
  accepts(
    "a wizard who must get through a day without magic",
    "a wizard who must get through a whole day without magic",
  );
  accepts("a dog that can talk, but only to cats", "a dog that can talk, but just to cats");
  accepts("a knight who has nothing but a wooden sword", "a knight who has only a wooden sword");
  accepts(
    "only the sparrow can hide from the hunter",
    "the sparrow is the only one who can hide from the hunter",
  );
  // "the only" names one of a kind
  rejects("the only postwoman in town keeps a secret", "a postwoman in town keeps a secret", "unmatched");
});

Deno.test("'one book keeps returning': a verb after the one thing is no plural; 'her one duckling' / 'her ducklings' still is", () => {
  const base = "a librarian who notices that one book keeps returning to the shelf";
  accepts(base, "a libarian who notices that one book keeps returning to the shelf");
  rejects("a duck who lost her one duckling", "a duck who lost her ducklings", "numbers");
});

Deno.test("typos: a possessive without its apostrophe ('everyones'), two letters swapped apart ('aminals')", () => {
  accepts("a girl who keeps everyone's hope alive", "a girl who keeps everyones hope alive");
  accepts("a vet who can talk to animals", "a vet who can talk to aminals");
  // the same letters in another order, but a word of its own, is that word
  rejects("a vet who can talk to a lion", "a vet who can talk to a loin", "unmatched");
});

Deno.test("'a clock able to stop time' can; 'one girl want(s) to' is one girl, not many", () => {
  accepts(
    "a clockmaker who builds a clock that can stop time",
    "a clockmaker who builds a clock able to stop time",
  );
  accepts("a city where one girl want to see the sun", "a city where one girl wants to see the sun");
});

Deno.test("a phrase matched by one of its words needs the thing it names said too ('cook dinner', 'see the future')", () => {
  rejects(
    "a grandad who wants to be a chef and secretly cooks dinner for the street",
    "a grandad who wants to be a chef and secretly cooks breakfast for the street",
    "unmatched",
  );
  rejects(
    "a keeper who can see the future but cannot change it",
    "a keeper who can see the past but cannot change it",
    "unmatched",
  );
  // a phrase linked as a whole still matches ("well-known" / "famous"), and so does a verb's other verb
  accepts("a teacher who was a famous singer", "a teacher who was a well-known singer");
});

Deno.test("'X turns 90 and his grandkids book him…': the phrase after an 'and' that joins clauses is the doer", () => {
  const base = "grandpa turns 90 and his grandkids secretly book him a balloon ride";
  rejects(base, "grandpa turns 90 and secretly books his grandkids a balloon ride", "roles");
  accepts(base, "grandpa turns ninety and his grandkids secretly book him a balloon ride");
});

Deno.test("a family is not the house it lives in; 'the king's only daughter' is one of a kind; a realtor is an estate agent", () => {
  rejects(
    "a man who had a second family in another town",
    "a man who had a second house in another town",
    "unmatched",
  );
  accepts("the king's only daughter runs away to sea", "the only daughter of the king runs away to sea");
  accepts("a real estate agent tries to sell a haunted house", "a realtor tries to sell a haunted house");
});

Deno.test("'no longer' is 'not anymore', not 'not yet'; 'both of' counts two; an astronaut is not a cosmonaut", () => {
  const base = "a little dragon who can't breathe fire yet";
  rejects(base, "a little dragon who can no longer breathe fire", "unmatched");
  accepts("a superhero who can no longer fly", "a superhero who can't fly anymore");
  accepts("a superhero who can no longer fly", "a superhero who is no longer able to fly");
  rejects("a gladiator who loses his brother", "a gladiator who loses both of his brothers", "numbers");
  rejects("an astronaut who walks on Mars", "a cosmonaut who walks on Mars", "unmatched");
});

Deno.test("after an owner, the thing owned ends where its verb acts: 'Redbeard's crew finds a map'", () => {
  accepts(
    "Captain Redbeard's crew finds a treasure map on a sleeping whale.",
    "Captain Redbeard's crew discovers a treasure map on a sleeping whale.",
  );
  // what an owner has stays a thing
  rejects(
    "the emperor's new clothes, told by the tailor",
    "the emperor's new shoes, told by the tailor",
    "unmatched",
  );
});

Deno.test("a pronoun that does the verb on one side and has it done on the other: 'the killer she hunts'", () => {
  rejects(
    "a detective realizes that the killer she has been hunting for years is her own sister",
    "a detective realizes that the killer who has been hunting her for years is her own sister",
    "roles",
    /who hunt/,
  );
  rejects(
    "a spy falls in love with the agent she was sent to seduce",
    "a spy falls in love with the agent who was sent to seduce her",
    "roles",
  );
  // after the verb's preposition too
  rejects(
    "a grandmother enters a cooking contest on TV and she wins against a famous chef with her soup",
    "a grandmother enters a cooking contest on TV and a famous chef wins against her with his soup",
    "roles",
  );
  accepts(
    "a detective realizes that the killer she has been hunting for years is her own sister",
    "a detective realizes that the killer who has been hunted by her for years is her own sister",
  );
  // the same person done to on both sides, and a passive with its doer, are no trade
  accepts(
    "a spy falls in love with the agent who was sent to seduce her",
    "a spy falls in love with the agent that was sent to seduce her",
  );
  accepts(
    "a medic who crawls across the field to save the soldier who shot him",
    "a medic who crawls across the field to save the soldier by whom he was shot",
  );
});

Deno.test("a clause after a time said in one phrase has its own doer: 'escaped over the weekend and the janitor found him'", () => {
  rejects(
    "our class hamster escaped over the weekend and the janitor found him in the music room",
    "our class hamster escaped over the weekend and found the janitor in the music room",
    "roles",
  );
  accepts(
    "our class hamster escaped over the weekend and the janitor found him in the music room",
    "our class hamster ran off over the weekend and the janitor found him in the music room",
  );
});

Deno.test("'who once walked' is 'who used to walk'; 'grandpa, once a magician,' is 'used to be one'", () => {
  accepts(
    "a retired astronaut who used to walk on the moon and now runs a tiny ice cream shop",
    "a retired astronaut who once walked on the moon and now runs a tiny ice cream shop",
  );
  accepts(
    "a grumpy old woman who used to be a circus acrobat teaches the kids to juggle",
    "a grumpy old woman, once a circus acrobat, teaches the kids to juggle",
  );
  rejects(
    "a grumpy old woman who is a circus acrobat teaches the kids to juggle",
    "a grumpy old woman, once a circus acrobat, teaches the kids to juggle",
    "time",
  );
  rejects(
    "a retired astronaut who walks on the moon every night in her dreams",
    "a retired astronaut who once walked on the moon every night in her dreams",
    "time",
  );
});

Deno.test("a year or decade in two digits is of the 1900s: 'in '43' is 1943, 'the 60s' the 1960s", () => {
  const story = "a teenage girl in occupied France hides a wounded British pilot";
  accepts(`${story} in '43`, `${story} in 1943`);
  rejects(`${story} in '43`, `${story} in 1944`, "numbers");
  accepts(
    "a double agent in Berlin in the 60s smuggles microfilm",
    "a double agent in Berlin in the 1960s smuggles microfilm",
  );
  // an age in decades stays an age
  rejects("a spy in her 60s smuggles microfilm", "a spy in the 1960s smuggles microfilm", "numbers");
});

Deno.test("'has not spoken' is a negated verb, not 'unspoken'; 'not happy' is still 'unhappy'", () => {
  const keeper = "a lighthouse keeper who hasn't spoken to anyone in ten years";
  accepts(keeper, "a lighthouse keeper who hasn't talked to anyone in ten years");
  rejects(keeper, "a lighthouse keeper who has spoken to someone in ten years", "negation");
  accepts("a girl who is not happy at her new school", "a girl who is unhappy at her new school");
});

Deno.test("'but this time' in a retelling says what differs; 'X is the one who' is 'X'; 'ex-' is 'former'", () => {
  accepts(
    "Retell Jack and the Beanstalk, but this time the giant is kind and Jack is the villain.",
    "Give me a version of Jack and the Beanstalk where the giant is kind and Jack is the villain.",
  );
  rejects(
    "Retell the myth of Orpheus, but this time Eurydice is the one who goes down into the underworld to rescue him.",
    "Retell the myth of Orpheus just as it is, with Orpheus going down into the underworld to rescue Eurydice.",
    "roles",
  );
  accepts(
    "a story where the dragon is the one who rescues the knight",
    "a story where the dragon rescues the knight",
  );
  accepts(
    "a thriller where an ex-partner blackmails a retired spy",
    "a thriller where a former partner blackmails a retired spy",
  );
  rejects(
    "a thriller where an ex-partner blackmails a retired spy",
    "a thriller where a new partner blackmails a retired spy",
    "unmatched",
  );
});

Deno.test("antonyms: a word said on both sides is no counterpart for one of them; a phrase's words count too", () => {
  const friends =
    "two best friends who stop talking after one of them moves to another city, told by the one who";
  rejects(`${friends} stayed`, `${friends} left`, "antonym");
  accepts(`${friends} stayed`, `${friends} remained`);
  const play = "two best friends who fall out over a school play and make up on the";
  rejects(`${play} opening night`, `${play} closing night`, "antonym");
  accepts(`${play} opening night`, `${play} opening night, please`);
});

Deno.test("'the Y of X' with a count of X is a possession too: 'the desks of three pupils' / 'Ms Adebayo's desk'", () => {
  rejects(
    "someone keeps leaving anonymous poems in Ms Adebayo's desk, and three pupils try to find out who",
    "Ms Adebayo keeps leaving anonymous poems in the desks of three pupils, and they try to find out who",
    "possession",
  );
  accepts("a story about the leader of three tribes", "a story about three tribes' leader");
});

Deno.test("two nouns that trade places with the words describing them: 'a grumpy boss … the new intern's first day'", () => {
  rejects(
    "a funny story about a grumpy boss who gets locked in the supply closet on the new intern's first day",
    "a funny story about a new intern who gets locked in the supply closet on the grumpy boss's first day",
    "roles",
  );
  // a list in another order is no trade
  accepts(
    "a funny story about a brave knight and a kind dragon who get locked in a closet",
    "a funny story about a kind dragon and a brave knight who get locked in a closet",
  );
});

Deno.test("a time after a noun is no object that makes the noun a verb: 'a poor widow every morning'", () => {
  const baker = "a baker who secretly leaves bread on";
  accepts(
    `${baker} the doorstep of a poor widow every morning`,
    `${baker} a poor widow's doorstep every morning`,
  );
  rejects(
    `${baker} the doorstep of a poor widow every morning`,
    `${baker} a poor widow's window every morning`,
    "unmatched",
  );
  // a verb with a real object after a noun is still a verb: "a giant eats the cows"
  rejects("a story where a giant eats the cows", "a story where the cows eat a giant", "roles");
});

Deno.test("found on the thirteenth hold-out after its one evaluation: slips of a content word, 'like' as a verb, 'could have', 'for' / 'against', hours in words", () => {
  // "qeen" is "queen" mistyped (a slip keeps the first letter), not "been"; "elven" is no slip of "even"
  accepts(
    "a blacksmith carries the sword to the elven queen",
    "a blacksmith carries the sword to the elven qeen",
  );
  rejects(
    "a blacksmith carries the sword to the elven queen",
    "a blacksmith carries the sword to the even queen",
    "unmatched",
  );
  // "who actually like her": the verb, so the trade of who likes whom is read
  rejects(
    "A ghost finally gets new owners she actually likes.",
    "A ghost finally gets new owners who actually like her.",
    "roles",
  );
  accepts("a girl who sings like a bird", "a girl who sings just like a bird");
  rejects(
    "a girl and her robot dog search for the seed vault that could save humanity",
    "a girl and her robot dog search for the seed vault that could have saved humanity",
    "time",
  );
  rejects(
    "a jazz singer who is about to testify against the mob asks a cop to keep her alive",
    "a jazz singer who is about to testify for the mob asks a cop to keep her alive",
    "antonym",
  );
  rejects(
    "a hedgehog who is too prickly to hug his friends",
    "a porcupine who is too prickly to hug his friends",
    "unmatched",
  );
  const keeper = "a lighthouse keeper who hears his dead wife knock on the door every night at";
  accepts(`${keeper} 3 a.m.`, `${keeper} three a.m.`);
  rejects(`${keeper} 3 a.m.`, `${keeper} four a.m.`, "numbers");
});

Deno.test("'not dead' is no 'undead'; 'what's left of' is 'what remains of'; a has-been is washed-up", () => {
  rejects("a story about a nobleman who is not dead", "a story about an undead nobleman", "negation");
  accepts("a girl who is not happy at her new school", "a girl who is unhappy at her new school");
  accepts(
    "a girl and her robot dog search for a vault that could save what's left of humanity",
    "a girl and her robot dog search for a vault that could save what remains of humanity",
  );
  accepts("a washed-up boxer trains a teenage girl", "a has-been boxer trains a teenage girl");
  rejects("a washed-up boxer trains a teenage girl", "a rising boxer trains a teenage girl", "unmatched");
});

Deno.test("'one more' is 'another'; 'once she' is 'when she'", () => {
  const smuggler = "a smuggler who will inherit the throne if she can keep her cargo hidden for";
  accepts(`${smuggler} one more week`, `${smuggler} another week`);
  accepts(`${smuggler} 1 more week`, `${smuggler} another week`);
  rejects(`${smuggler} one more week`, `${smuggler} two more weeks`, "numbers");
  accepts(
    "a little girl who wants to be an astronaut when she grows up",
    "a little girl who wants to be an astronaut once she grows up",
  );
  accepts(
    "Once upon a time, a girl named Rose lived by the sea.",
    "once upon a time a girl named Rose lived by the sea",
  );
});

Deno.test("what is under way at a time to come is the future: 'is moving next week' / 'is going to move next week'", () => {
  const girl = "a gentle story for a 5-year-old who";
  accepts(`${girl} is moving to a new house next week`, `${girl} is going to move to a new house next week`);
  rejects(`${girl} is moving to a new house tomorrow`, `${girl} moved to a new house yesterday`, "time");
  // without a time to come, under way is not the future
  rejects(`${girl} is moving to a new house`, `${girl} will move to a new house`, "time");
});

Deno.test("found on the fourteenth hold-out after its one evaluation: 'in her will' is the document, not the future", () => {
  const grandma = "grandma leaves her whole house to her cat in her will and the family is furious";
  rejects(
    grandma,
    "grandma is going to leave her whole house to her cat in her will and the family is furious",
    "time",
  );
  accepts(grandma, "in her will, grandma leaves her whole house to her cat and the family is furious");
  // the future said beside it still counts
  rejects("a lawyer reads the will", "a lawyer will read the will", "time");
});
