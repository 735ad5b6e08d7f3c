/**
 * Function words and idioms read as one form (session of 2026-12-01, second): "in the middle of" as "during",
 * "every time" as "whenever", "during" against "before" or "after" and "when" against "before" as opposite times,
 * "run into each other" as "meet", "fall for each other" as "fall in love", "since" as "because" when a clause in
 * the present follows it (not "since she was born", "since his wife died", "since 1923"), "once" before a clause
 * as "when", a goalkeeper who "stops a penalty" as saving it, "get across" as "cross", "told from her point of
 * view" as "from her point of view", "warm" as "heartwarming" (one pair the lead added to the everyday thesaurus),
 * "would like to become" and "whose dream is to become" as "wants to become", "keeps them from" as "stops them
 * from", "loses its way" as "gets lost", "using a rope" as "with a rope", "is set to" as "will", an asker's "It
 * would really help!" set aside, "could you maybe" and "every single" as chat, "no more than" as "only", and
 * "loses to X" as "is beaten by X" and "are not alive" as "are dead" (lib/cache/converses.ts), centuries and
 * decades as years (lib/cache/durations.ts), "a romantic story" as "a love story", "all the people" as "everyone",
 * "turns to stone" as "becomes stone", "western idea:" and "story request" as labels, "the worst team" as "the
 * weakest team", chat such as "would you mind writing", "heyy" and "bless her", and surface forms ("E.R.", "Main
 * St", "$50" / "50 dollars", "cause"). Each with a paraphrase it accepts and a different request it must still
 * reject; the sentences are written here, not taken from the evaluation files.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("'every time' and 'each time' are 'whenever'", () => {
  const bell = "a story about a bell that rings every time someone in the village tells a lie";
  accepts(bell, "a story about a bell that rings whenever someone in the village tells a lie");
  accepts(bell, "a story about a bell that rings each time someone in the village tells a lie");
  rejects(bell, "a story about a bell that never rings when someone in the village tells a lie", "negation");
});

Deno.test("'run into each other' is 'meet', 'fall for each other' is 'fall in love'", () => {
  const ferry = "two strangers keep meeting on the morning ferry and slowly fall in love";
  accepts(
    ferry,
    "two strangers keep running into each other on the morning ferry and slowly fall for each other",
  );
  rejects(
    ferry,
    "two strangers keep meeting on the morning ferry and slowly grow to hate each other",
    "antonym",
  );
});

Deno.test("'since' before a clause in the present is 'because'; before a past or a date it says from when", () => {
  const owl = "a little owl who can't fly because his wing is hurt";
  accepts(owl, "a little owl who can't fly since his wing is hurt");
  rejects(owl, "a little owl who hasn't flown since his wing was hurt", "time");
});

Deno.test("'in the middle of the match' is 'during the match'", () => {
  const match = "a goalkeeper who gets stung by a wasp in the middle of the cup final";
  accepts(match, "a goalkeeper who gets stung by a wasp during the cup final");
  rejects(match, "a goalkeeper who gets stung by a wasp after the cup final", "antonym");
});

Deno.test("'once the ice melts' is 'when the ice melts', and 'she once won' is 'she used to win'", () => {
  const thaw = "a polar bear cub who must swim to the mainland when the sea ice melts";
  accepts(thaw, "a polar bear cub who must swim to the mainland once the sea ice melts");
  rejects(thaw, "a polar bear cub who must swim to the mainland once the sea ice forms", "unmatched");
  rejects(thaw, "a polar bear cub who must swim to the mainland before the sea ice melts", "antonym");
  accepts(
    "a baker who once won the county pie contest",
    "a baker who used to win the county pie contest",
  );
});

Deno.test("a goalkeeper who 'stops a penalty' saves it; 'stops the train' is still stopping", () => {
  const keeper = "a nervous goalkeeper who saves a penalty in the last minute of the cup final";
  accepts(keeper, "a nervous goalie who stops a penalty in the final minute of the cup final");
  rejects(
    keeper,
    "a nervous goalkeeper who misses a penalty in the last minute of the cup final",
    "unmatched",
  );
  rejects("a hero who stops the runaway train", "a hero who saves the runaway train", "unmatched");
});

Deno.test("'get across the river' is 'cross the river'; 'told from her point of view' is 'from her point of view'", () => {
  accepts(
    "a fox who helps a lost duckling cross the river",
    "a fox who helps a lost duckling get across the river",
  );
  accepts(
    "the last day of a school, told from the caretaker's point of view",
    "the last day of a school from the caretaker's point of view",
  );
});

Deno.test("'a warm story' is 'a heartwarming story'", () => {
  const visit = "a warm story about a grandfather who visits his granddaughter in Seoul";
  accepts(visit, "a heartwarming story about a grandfather who visits his granddaughter in Seoul");
  rejects(visit, "a scary story about a grandfather who visits his granddaughter in Seoul", "unmatched");
});

Deno.test("'would like to become' is 'wants to become', 'keeps them from' stops them, 'loses its way' gets lost", () => {
  const pilot = "a fisherman in Hull who wants to become a pilot";
  accepts(pilot, "a fisherman in Hull who would like to become a pilot");
  rejects(pilot, "a fisherman in Hull who used to be a pilot", "time");
  const gate = "a shepherd who has to stop the wolves from getting into the village";
  accepts(gate, "a shepherd who has to keep the wolves from getting into the village");
  rejects(gate, "a shepherd who has to help the wolves get into the village", "unmatched");
  const kite = "a small kite that gets lost over the sea and is guided home by gulls";
  accepts(kite, "a small kite that loses its way over the sea and is guided home by gulls");
  rejects(kite, "a small kite that gets lost over the sea and guides the gulls home", "roles");
});

Deno.test("'using a rope' is 'with a rope'", () => {
  const raft = "a boy who crosses the lake using a raft made of old doors";
  accepts(raft, "a boy who crosses the lake with a raft made of old doors");
  rejects(raft, "a boy who crosses the lake without a raft made of old doors", "negation");
});

Deno.test("'who's set to inherit' is 'who will inherit'", () => {
  const shop = "a boy who will inherit his uncle's bike shop in Utrecht";
  accepts(shop, "a boy who's set to inherit his uncle's bike shop in Utrecht");
  rejects(shop, "a boy who inherited his uncle's bike shop in Utrecht", "time");
});

Deno.test("'It would really help!' after the request is set aside; 'could you maybe' and 'every single' are chat", () => {
  const share = "Could you write a short story where a fox teaches a bear cub how to share?";
  accepts(
    share,
    "Could you maybe write a short story where a fox teaches a bear cub how to share? It would really help!",
  );
  accepts(
    share,
    "Could you write a short story where a fox teaches a bear cub how to share? That would be amazing.",
  );
  rejects(share, "Could you write a short story where a fox will teach a bear cub how to share?", "time");
  accepts(
    "my twins fight over every toy, write a story about sharing",
    "my twins fight over every single toy, write a story about sharing",
  );
});

Deno.test("'loses to her brother' is 'is beaten by her brother' and 'her brother beats her'", () => {
  const bake = "a girl who enters the village bake-off and loses to her little brother";
  accepts(bake, "a girl who enters the village bake-off and is beaten by her little brother");
  accepts(bake, "a girl who enters the village bake-off, and her little brother beats her");
  rejects(bake, "a girl who enters the village bake-off and beats her little brother", "roles");
});

Deno.test("'a century' is '100 years', 'two centuries' '200 years', 'three decades' '30 years'", () => {
  const tree = "an oak that has stood in the square for two centuries";
  accepts(tree, "an oak that has stood in the square for two hundred years");
  accepts(tree, "an oak that has stood in the square for 200 years");
  rejects(tree, "an oak that has stood in the square for three centuries", "numbers");
  accepts("a flower that blooms once a century", "a flower that blooms once every 100 years");
  accepts("a feud that lasts three decades", "a feud that lasts 30 years");
});

Deno.test("'are not alive' is 'are dead': a negated describing word with one common opposite is that opposite", () => {
  const ferry = "a ferryman who carries travellers that are not alive across the river";
  accepts(ferry, "a ferryman who carries travellers that are dead across the river");
  rejects(ferry, "a ferryman who carries travellers that are alive across the river", "antonym");
});

Deno.test("'for no more than an hour' is 'only for an hour'", () => {
  const ghost = "a ghost who can become visible, but only for one minute";
  accepts(ghost, "a ghost who can become visible, but for no more than one minute");
  rejects(ghost, "a ghost who can become visible, but for no more than ten minutes", "numbers");
});

Deno.test("'whose dream is to become a pilot' is 'who wants to become a pilot'", () => {
  const pilot = "a farm girl in Kansas who dreams of becoming a pilot";
  accepts(pilot, "a farm girl in Kansas whose dream is to become a pilot");
  rejects(pilot, "a farm girl in Kansas who used to be a pilot", "time");
});

Deno.test("surface forms: 'E.R.' / 'ER', 'Main St' / 'Main Street', '$50' / '50 dollars', 'cause' / 'because'", () => {
  accepts("a nurse in the ER who adopts a stray cat", "a nurse in the E.R. who adopts a stray cat");
  accepts("the café on Main Street is closing", "the cafe on main st is closing");
  accepts("a boy who finds $50 on the bus", "a boy who finds 50 dollars on the bus");
  rejects("a boy who finds $50 on the bus", "a boy who finds 500 dollars on the bus", "numbers");
  accepts(
    "a chef who fires her own son because he keeps burning the soup",
    "a chef who fires her own son cause he keeps burning the soup",
  );
});

Deno.test("'a romantic story' is 'a love story'; 'all the people in town' is 'everyone in town'", () => {
  const bakers = "a love story about two bakers in Lyon who compete for the same shop";
  accepts(bakers, "a romantic story about two bakers in Lyon who compete for the same shop");
  rejects(bakers, "a ghost story about two bakers in Lyon who compete for the same shop", "unmatched");
  accepts(
    "a girl who wants to fly even though everyone in her town laughs at her",
    "a girl who wants to fly even though all the people in her town laugh at her",
  );
});

Deno.test("'turns to stone' becomes stone; 'is turned to stone by a witch' stays a passive", () => {
  const troll = "a troll who turns to stone when the sun rises";
  accepts(troll, "a troll who becomes stone when the sun rises");
  accepts(troll, "a troll who turns into stone when the sun rises");
  rejects(troll, "a troll who turns to gold when the sun rises", "unmatched");
  rejects(
    "a troll who is turned to stone by a witch",
    "a witch who is turned to stone by a troll",
    "roles",
  );
});

Deno.test("'western idea:' and 'story request!!' are labels; 'the worst team' is 'the weakest team'", () => {
  const sheriff = "write a western about a retired sheriff who wants to become a preacher";
  accepts(sheriff, "western idea: write about a retired sheriff who wants to become a preacher");
  accepts(sheriff, "story request!! a western about a retired sheriff who wants to become a preacher");
  rejects(sheriff, "write a western about a retired sheriff who has an idea for a preacher", "time");
  accepts(
    "the worst team in the league finally beats the champions",
    "the weakest team in the league finally beats the champions",
  );
});

Deno.test("chat around a request: 'would you mind writing', 'heyy', 'bless her', 'just for fun', 'no rush', 'I'm in the mood for'", () => {
  const owl = "Write a story about an owl who is afraid of the dark.";
  accepts(
    owl,
    "heyy! would you mind writing a story about an owl who is afraid of the dark? make it good pls",
  );
  accepts(owl, "My son loves owls, bless him. Write a story about an owl who is afraid of the dark.");
  accepts("tell me a story about rain for a toddler", "What's a good story about rain for a toddler?");
  rejects(owl, "heyy! would you mind writing a story about an owl who is afraid of the day?", "unmatched");
  accepts(owl, "Just for fun, write a story about an owl who is afraid of the dark. No rush!");
  accepts(owl, "I'm in the mood for a story about an owl who is afraid of the dark.");
});

Deno.test("'gets help from X' is 'is helped by X', whose doer is X", () => {
  const stork = "a story about a stork that loses its flock over the desert and is helped by a camel";
  accepts(stork, "a story about a stork that loses its flock over the desert and gets help from a camel");
  accepts(stork, "a story about a stork that loses its flock over the desert, and a camel helps it");
  rejects(stork, "a story about a stork that loses its flock over the desert and helps a camel", "roles");
});

Deno.test("'the story of the way X did it' is 'the story of how X did it'", () => {
  const whales = "Tell the story of how the fisherman's daughter learned to talk to whales.";
  accepts(whales, "Tell the story of the way the fisherman's daughter learned to talk to whales.");
  rejects(
    whales,
    "Tell the story of the way the fisherman's daughter learned to talk to dolphins.",
    "unmatched",
  );
});

Deno.test("'can't wait to' is 'is eager to', no negation", () => {
  const boy = "a boy who can't wait to fly to Spain to visit his grandparents";
  accepts(boy, "a boy who is excited to fly to Spain to visit his grandparents");
  accepts(boy, "a boy who is eager to fly to Spain to visit his grandparents");
  rejects(boy, "a boy who is afraid to fly to Spain to visit his grandparents", "unmatched");
});

Deno.test("'dreams that one day she will become' is 'dreams of one day becoming'", () => {
  const caterpillar = "a caterpillar who dreams that one day she will become a butterfly";
  accepts(caterpillar, "a caterpillar who dreams that she will become a butterfly one day");
  rejects(caterpillar, "a caterpillar who dreads that one day she will become a butterfly", "time");
});

Deno.test("'gets a surprise from X', 'gets a visit from X' read as done by X", () => {
  const driver = "on her last day, a bus driver gets a surprise from all her regular passengers";
  rejects(driver, "on her last day, a bus driver surprises all her regular passengers", "roles");
  accepts(driver, "on her last day, a bus driver is surprised by all her regular passengers");
  const nurse = "an old nurse who gets a visit from a patient she saved long ago";
  accepts(nurse, "an old nurse who is visited by a patient she saved long ago");
});
