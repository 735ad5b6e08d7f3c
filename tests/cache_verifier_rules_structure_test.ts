/**
 * The verifier's rules added for issue 13 on what goes with what in a sentence: owners and what they own,
 * describing words and their nouns, clause order against role order, relative clauses and the noun they are
 * done to, the subject a verb after 'and' shares, where a noun phrase ends (a modal, an adverb, a comma
 * between adjectives), and what the third, fourth and sixth hold-outs showed of these. Each rule with a pair
 * it accepts and a pair it rejects.
 */
import { accepts, rejects } from "./verifier_setup.ts";

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

Deno.test("what an owner has is read as a thing, not as a verb", () => {
  rejects("The emperor's new clothes.", "The emperor's new shoes.", "unmatched", /clothes/);
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

Deno.test("a word before a modal is its subject, not a verb ('a phone that people can call')", () => {
  rejects(
    "a kid who finds a phone that can call people",
    "a kid who finds a phone that people can call",
    "roles",
  );
  accepts("a kid who finds a phone that can call people", "a kid who finds a phone which can call people");
});

Deno.test("a comma between two adjectives of one noun ends no clause", () => {
  accepts(
    "Write about a shy cat named Pumpkin who is adopted by a big noisy family.",
    "write about a shy cat named pumpkin who's adopted by a big, noisy family",
  );
  rejects("a cat who is adopted by a big, noisy family", "a cat who adopts a big, noisy family", "roles");
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
