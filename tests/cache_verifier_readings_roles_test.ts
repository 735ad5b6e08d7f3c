/**
 * The verifier's readings of who does what in the story itself, added after the seventh hold-out: the doer of
 * a verb after a whole relative clause, a fronted phrase or an 'and' that joins clauses, owners and what they
 * own, a pronoun that does the verb on one side and has it done on the other, what a retelling says differs,
 * and nouns that trade places. Each with a paraphrase it accepts and a different request it must still
 * reject.
 */
import { accepts, rejects } from "./verifier_setup.ts";

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

Deno.test("a fronted phrase without a comma ends where the doer's article starts", () => {
  const base = "write a story about a fox who steals a hen at the end of the harvest festival";
  accepts(base, "at the end of the harvest festival a fox steals a hen - write a story about that");
  rejects(base, "at the end of the harvest festival a hen steals a fox - write a story about that", "roles");
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

Deno.test("'X turns 90 and his grandkids book him…': the phrase after an 'and' that joins clauses is the doer", () => {
  const base = "grandpa turns 90 and his grandkids secretly book him a balloon ride";
  rejects(base, "grandpa turns 90 and secretly books his grandkids a balloon ride", "roles");
  accepts(base, "grandpa turns ninety and his grandkids secretly book him a balloon ride");
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

Deno.test("'the Y of X' with a count of X is a possession too: 'the desks of three pupils' / 'Ms Adebayo's desk'", () => {
  // (a pair with "someone" on one side and a named doer on the other is now told apart by its roles first:
  // "someone keeps leaving poems" / "Ms Adebayo keeps leaving poems")
  rejects(
    "anonymous poems keep appearing in Ms Adebayo's desk and in the lockers of three pupils",
    "anonymous poems keep appearing in the desks of three pupils and in Ms Adebayo's locker",
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
