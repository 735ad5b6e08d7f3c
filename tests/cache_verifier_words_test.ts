/**
 * Readings of words and short phrases found on the twenty-eighth blind hold-out after its one evaluation (session
 * of 2026-12-01): "that's" before a participle with a particle and an object is "that has", "become" before a
 * describing word is the "get" of "gets weaker", "in fact" is emphasis as "actually" is, "by means of" is
 * "through", and a request ending in "one" after a preposition points back at the sentence before it. Each with a
 * paraphrase it accepts and a different request it must still reject; the sentences are written here. Also: what
 * one turns into is what one becomes ("turns into a butterfly" / "becomes a butterfly"), a pet the asker names
 * ("our cat Pepper") is the one a request that names it back is about, and what the asker tells before "write a
 * funny story about that" is the story (found on the twenty-ninth hold-out after its one evaluation).
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("'that's' before a participle, a particle and an object is 'that has' ('that's watched over the town')", () => {
  const owl = "a story about an old owl that has watched over the town for a hundred years";
  accepts(owl, "a story about an old owl that's watched over the town for a hundred years");
  rejects(owl, "a story about an old owl that is watched over by the town for a hundred years", "roles");
});

Deno.test("'become' before a describing word is the 'get' of 'gets weaker'", () => {
  const magnet =
    "a story where the magnets in the lab suddenly get stronger and everything starts sticking together";
  accepts(
    magnet,
    "a story where the magnets in the lab suddenly become stronger and everything starts sticking together",
  );
  rejects(
    magnet,
    "a story where the magnets in the lab suddenly get weaker and everything starts sticking together",
    "antonym",
  );
  // (not before the noun it describes: "becoming best friends" keeps its noun, misspelt or not)
  accepts("two rivals who end up becoming best friends", "two rivals who end up becoming best freinds");
});

Deno.test("'in fact' is emphasis, as 'actually' is; 'by means of' is 'through'", () => {
  const clerk = "a mystery where the clerk is blamed for the fire but is actually a hero";
  accepts(clerk, "a mystery where the clerk is blamed for the fire but is in fact a hero");
  rejects(clerk, "a mystery where the clerk is blamed for the fire but is in fact a thief", "unmatched");
  const tides = "teach my class about tides through a story about a crab who lives on the shore";
  accepts(tides, "teach my class about tides by means of a story about a crab who lives on the shore");
});

Deno.test("a request ending in 'one' after a preposition points back at the sentence before it", () => {
  const comet = "I love comets. Write a story where a little robot rides on one.";
  accepts(comet, "I really love comets. Write a story where a small robot rides on one.");
  rejects(comet, "I love asteroids. Write a story where a little robot rides on one.", "unmatched");
  // (a sentence about the asker that nothing points back at is still set aside)
  accepts(
    "I love comets. Write a story where a little robot rides a bicycle.",
    "I love asteroids. Write a story where a little robot rides a bicycle.",
  );
});

Deno.test("what one turns into is what one becomes; turning one thing into another still has a direction", () => {
  const tadpole = "a story explaining how a tadpole turns into a frog";
  accepts(tadpole, "a story explaining how a tadpole becomes a frog");
  rejects(tadpole, "a story explaining how a frog turns into a tadpole", "roles");
  rejects(
    "a wizard who turns his enemies into frogs",
    "a wizard who turns frogs into his enemies",
    "roles",
  );
});

Deno.test("a pet named in a sentence about the asker is the one the request names back ('our cat Pepper')", () => {
  const pepper =
    "Our cat Pepper is scared of the washing machine. Write a story where Pepper makes friends with it.";
  accepts(
    pepper,
    "Our cat Pepper is afraid of the washing machine. Write a story where Pepper makes friends with it.",
  );
  rejects(
    pepper,
    "Our dog Pepper is scared of the washing machine. Write a story where Pepper makes friends with it.",
    "unmatched",
  );
  rejects(
    pepper,
    "Our cat Pepper is scared of the lawn mower. Write a story where Pepper makes friends with it.",
    "unmatched",
  );
});

Deno.test("a manner or time after what something is turned into is not turned into ('into frogs by mistake')", () => {
  const wand = "a story where the baker's apprentice turns all the bread into birds by mistake";
  accepts(wand, "a story where, by mistake, the baker's apprentice turns all the bread into birds");
  accepts(wand, "a story where the baker's apprentice accidentally turns all the bread into birds");
  rejects(wand, "a story where the baker's apprentice turns all the birds into bread by mistake", "roles");
});

Deno.test("what the asker tells before 'write a funny story about that' is the story, whatever the genre's words", () => {
  const neighbour = "my neighbour keeps mixing me up with my cousin, write a funny story about that";
  accepts(neighbour, "write a funny story about my neighbour who keeps mixing me up with my cousin");
  rejects(
    neighbour,
    "my neighbour keeps mixing me up with my brother, write a funny story about that",
    "unmatched",
  );
  const aunt =
    "my aunt used to be a pilot in kenya and now she bakes bread in leeds. write a short story about her";
  accepts(
    aunt,
    "write a short story about my aunt - she bakes bread in leeds now, but she used to be a pilot in kenya",
  );
  rejects(
    aunt,
    "my aunt used to be a pilot in peru and now she bakes bread in leeds. write a short story about her",
    "unmatched",
  );
});

Deno.test("a describing word that is also an adverb stays in a preposition's object ('from New York to…')", () => {
  const move = "a teacher moves from new york to a tiny village in wales and hates it at first";
  accepts(move, "a teacher moves to a tiny village in wales from new york and hates it at first");
  rejects(move, "a teacher moves from a tiny village in wales to new york and hates it at first", "roles");
});

Deno.test("'at first' and 'in the beginning' count nothing; 'It would mean a lot.' is how the asker will take it", () => {
  const shop = "a baker opens a shop in a small town and the neighbours ignore her at first";
  accepts(shop, "a baker opens a shop in a small town and the neighbours ignore her in the beginning");
  rejects(
    shop,
    "a baker opens a second shop in a small town and the neighbours ignore her at first",
    "numbers",
  );
  const clock =
    "Tell me a story about an old clockmaker who can no longer see well but still fixes every clock in town.";
  accepts(clock, `${clock} It would mean a lot.`);
  rejects(
    clock,
    "Tell me a story about an old clockmaker who can no longer see well but would fix every clock in town.",
    "time",
  );
});

Deno.test("'by himself' is 'alone'; 'these days' is 'now'; 'in order to become' is 'to be'", () => {
  const pilot = "a nervous girl flying alone for the first time";
  accepts(pilot, "a nervous girl flying by herself for the first time");
  accepts("a boy who crosses the desert by himself", "a boy who crosses the desert alone");
  accepts(
    "a dragon who used to breathe fire but now only breathes bubbles",
    "a dragon who used to breathe fire but these days only breathes bubbles",
  );
  accepts(
    "a monk who leaves the temple to become a chef",
    "a monk who leaves the temple in order to become a chef",
  );
  rejects(pilot, "a nervous girl flying with her mother for the first time", "unmatched");
});

Deno.test("a phrasal verb's particle points a direction only against the same verb ('clean up' / 'clear out')", () => {
  const sea = "a robot that helps clean up the plastic in the sea";
  accepts(sea, "a robot that helps clear the plastic out of the sea");
  rejects("kids who sail down the river on a raft", "kids who sail up the river on a raft", "antonym");
  rejects(
    "students who lock their teacher out of the classroom",
    "students who lock their teacher in the classroom",
    "antonym",
  );
});

Deno.test("'Something gentle please!' shapes the text and is not set aside as chat", () => {
  const lamb =
    "Bedtime for my nephew: a fairy tale about a lamb who would rather be a bird than eat grass. Something gentle please!";
  accepts(lamb, lamb.replace("Something gentle please!", "Something gentle, please."));
  rejects(lamb, lamb.replace("gentle", "scary"), "unmatched");
});

Deno.test("a noun in -er is neither a comparative nor a misspelling of its verb ('a dragon tamer', 'a gamer')", () => {
  const gamer = "a gamer who gets sucked into his favourite video game";
  accepts(gamer, "a gamer who gets sucked into his favorite video game");
  rejects(gamer, "a gamer who gets sucked into his favourite board game", "unmatched");
});

Deno.test("'hopes he'll be knighted' is 'hopes to be knighted'; 'will have a baby sister' is no 'would have'", () => {
  const squire = "a tale about a squire who hopes to be knighted before the war begins";
  accepts(squire, "before the war begins, a squire hopes he'll be knighted. tell me his tale");
  rejects(
    squire,
    "before the war begins, a squire hopes he will never be knighted. tell me his tale",
    "negation",
  );
  const sister = "a boy who will have a baby sister soon and feels a bit jealous";
  accepts(sister, "a boy who is going to have a baby sister soon and feels a bit jealous");
  rejects(sister, "a boy who would have had a baby sister and feels a bit jealous", "time");
});

Deno.test("an audience's number in words is its number in digits; 'World War 1', 'WWI' and 'world war one' are one war", () => {
  const shell = "could you write a fable for my year 3 class about why the snail carries its house";
  accepts(shell, "could you write a fable for my year three class about why the snail carries its house");
  rejects(
    shell,
    "could you write a fable for my year 5 class about why the snail carries its house",
    "numbers",
  );
  const pigeon = "a story about a pigeon that carried messages in World War 1";
  accepts(pigeon, "a story about a pigeon that carried messages in WWI");
  accepts(pigeon, "a story about a pigeon that carried messages in world war one");
  rejects(pigeon, "a story about a pigeon that carried messages in WW2", "unmatched");
});

Deno.test("a long pronoun misspelt is that pronoun ('herslef', 'somthing'), a short one is not guessed ('taem')", () => {
  const fox = "a fox spirit who disguises herself as a bride to repay a farmer";
  accepts(fox, "a fox spirit who disguises herslef as a bride to repay a farmer");
  rejects(fox, "a fox spirit who disguises herself as a groom to repay a farmer", "unmatched");
  accepts("two rival skaters who have to team up", "two rival skaters who have to taem up");
});

Deno.test("'back home' is 'home', 'over and over' is 'again and again', 'once it' is 'when it'", () => {
  const kitten = "a lost kitten who finds her way home across the city";
  accepts(kitten, "a lost kitten who finds her way back home across the city");
  rejects(kitten, "a lost kitten who finds her way to school across the city", "unmatched");
  accepts(
    "a clown who relives the same Tuesday over and over",
    "a clown who relives the same Tuesday again and again",
  );
  accepts("two pen pals who meet after the war ends", "two pen pals who meet once it ends, after the war");
});

Deno.test("a wish is not the deed: 'dreams of opening a bakery' is not 'opens a bakery'", () => {
  const bakery = "a story about a retired sailor who opens a small bakery by the harbour";
  accepts(bakery, "a story about a retired sailor who opened a small bakery by the harbour");
  rejects(
    bakery,
    "a story about a retired sailor who dreams of opening a small bakery by the harbour",
    "time",
  );
  accepts(
    "a story about a retired sailor who wants to open a small bakery",
    "a story about a retired sailor who dreams of opening a small bakery",
  );
  // (a noun is no wish: "a genie grants wishes to whoever frees him"; "prefers writing" is "would rather write")
  accepts(
    "a genie who grants three wishes to whoever frees him",
    "a genie who grants 3 wishes to whoever frees him",
  );
  accepts(
    "a genie who grants wishes to whoever frees him",
    "a genie who grants wishes to anyone who frees him",
  );
  accepts(
    "a raider who would rather write poems than fight",
    "a raider who prefers writing poems to fighting",
  );
});

Deno.test("'write a funny story about what actually happened' points back at what the asker told", () => {
  const bus =
    "my uncle missed his bus and ended up in the wrong city. write a funny story about what actually happened";
  accepts(
    bus,
    "My uncle missed his bus and ended up in the wrong city! Write a funny story about what really happened.",
  );
  rejects(bus, bus.replace("his bus", "his train"), "unmatched");
  // (a story told after "about what" is no pointing back: "about what happens to a dragon…")
  accepts(
    "my son loves dragons. write a story about what happens to a dragon who loses his fire",
    "write a story about what happens to a dragon who loses his fire",
  );
});

Deno.test("what a verb is done to and the object of 'for' trade places ('trades her crown for a flute')", () => {
  const flute = "a story about a princess who trades her crown for a flute";
  accepts(flute, "a story about a princess who swaps her crown for a flute");
  rejects(flute, "a story about a princess who trades her flute for a crown", "roles");
});

Deno.test("a year in words is the year in digits; 'with no X, no Y and no Z' is one 'without'", () => {
  const dance = "a story about two strangers who meet at a dance in 1958";
  accepts(dance, "a story about two strangers who meet at a dance in nineteen fifty-eight");
  rejects(dance, "a story about two strangers who meet at a dance in nineteen sixty-eight", "numbers");
  const trip = "a student who arrives in Paris without a map, a phone or any money";
  accepts(trip, "a student who arrives in Paris with no map, no phone and no money");
  rejects(trip, "a student who arrives in Paris with a map, a phone and some money", "negation");
});

Deno.test("'a fish that can talk' is 'a talking fish'; 'a fish that could talk' is still another time", () => {
  const fish = "two brothers who catch a talking fish in the river behind their school";
  accepts(fish, "two brothers who catch a fish that can talk in the river behind their school");
  rejects(fish, "two brothers who catch a fish that used to talk in the river behind their school", "time");
});

Deno.test("'Id like' typed without its apostrophe, 'one another', 'whenever', 'anyway' and 'nonetheless'", () => {
  const pie = "I'd like a romance between two rival bakers in a pie contest";
  accepts(pie, "Id like a romance between two rival bakers in a pie contest");
  rejects(pie, "Id like a romance between two rival butchers in a pie contest", "unmatched");
  accepts(
    "three kids who dare each other to enter the old mill",
    "three kids who dare one another to enter the old mill",
  );
  accepts("a lamp that flickers when someone lies", "a lamp that flickers whenever someone lies");
  accepts(
    "a waiter who spills soup on the mayor and gets a raise",
    "a waiter who spills soup on the mayor and gets a raise anyway",
  );
});
