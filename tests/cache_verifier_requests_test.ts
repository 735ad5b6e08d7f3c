/**
 * The verifier on how requests are said around the story: frames, chat words, asides, refusals. Each rule has
 * a pair it accepts and a pair it must still reject.
 */
import assert from "node:assert/strict";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("a style instruction after 'can you' is part of the request, not an aside about the asker", () => {
  const base = "Write a story where a boy finds a stamp that opens a door to the country on it. " +
    "Can you write it with a playful tone?";
  rejects(base, base.replace("playful", "gloomy"), "unmatched");
  accepts(base, base.replace("Can you write", "Could you please write"));
});

Deno.test("'a short, sweet story' is 'a sweet story' like 'a short sweet story'", () => {
  accepts(
    "Write a short, sweet story about a hedgehog who knits scarves.",
    "write a sweet story about a hedgehog who knits scarves",
  );
  rejects(
    "Write a short, sweet story about a hedgehog who knits scarves.",
    "Write a short, sweet story about a hedgehog who knits hats.",
    "unmatched",
  );
});

Deno.test("chat words of emphasis say nothing of the story; the words they stress still count", () => {
  accepts(
    "a story where a chef burns every dish and it turns out the oven was haunted",
    "a story where a chef burns literally every dish and it actually turns out the oven was haunted",
  );
  rejects(
    "a story where a chef burns every dish and it turns out the oven was haunted",
    "a story where a chef burns literally every dish and it actually turns out the fridge was haunted",
    "unmatched",
  );
});

Deno.test("'won't' is a refusal ('refuses to'); a refusal still differs from doing it", () => {
  accepts("a parrot who refuses to speak to the captain", "a parrot who won't speak to the captain");
  rejects("a parrot who refuses to speak to the captain", "a parrot who speaks to the captain", "negation");
  rejects("a parrot who will not speak to the captain", "a parrot who will speak to the captain", "negation");
});

Deno.test("chat words inside a frame ('could I please get') frame the request", () => {
  accepts(
    "A story where an owl teaches a mole to read by moonlight.",
    "Could I please get a story where an owl teaches a mole to read by moonlight? Thanks!",
  );
  rejects(
    "A story where an owl teaches a mole to read by moonlight.",
    "Could I please get a story where a mole teaches an owl to read by moonlight? Thanks!",
    "roles",
  );
});

Deno.test("a closing aside with its own tense or number is set aside; the story's own tense and numbers count", () => {
  const base = "Write a story for my daughter Noor: a turtle opens a bakery under the sea.";
  const e = accepts(base, `${base} Thank you, she'll be so happy!`);
  assert.match(e.reason, /set aside/);
  accepts(base, `I'm a mum of 3. ${base}`);
  rejects(
    "Write a story for my daughter Noor: a turtle opens a bakery under the sea.",
    "Write a story for my daughter Noor: a turtle will open a bakery under the sea. Thank you!",
    "time",
  );
  rejects(
    "Write a story for my daughter Noor: a turtle opens a bakery under the sea. She is 5.",
    "Write a story for my daughter Noor: two turtles open a bakery under the sea. She is 5.",
    "numbers",
  );
});

Deno.test("whom the asker wants the story for is not the story; a boy's story is not a girl's", () => {
  const story = "a story about a snail who wants to win a race";
  accepts(story, `Could you write ${story} for my son?`);
  accepts(`Can you tell my daughter ${story}?`, story);
  accepts(`My little one wants ${story}.`, story);
  accepts(`can you tell my daugther ${story}`, `Tell my daughter ${story}, please.`);
  rejects(`My son wants ${story}.`, `My daughter wants ${story}.`, "audience");
  // the same nouns in the story itself stay
  rejects(
    "a story about a dad who builds a kite for his son",
    "a story about a dad who builds a kite",
    "unmatched",
  );
  // a named child may be in the story; an audience with a number keeps it
  rejects(`${story} for my son Leo`, story, "unmatched");
  rejects(`Write ${story} for my Year 4 class.`, `Write ${story} for my Year 6 class.`, "numbers");
  accepts(`Write ${story} for my class of 7 year olds.`, `Write ${story} for 7 year olds.`);
  // a brother or sister asking, with the asker too, after chat words
  accepts(`ok so my brother and i want ${story}. go!`, story);
  accepts(`my little sister wants ${story} lol`, story);
  // a class, group or piece of homework named by what it is about
  accepts(`For my history class I need ${story}.`, story);
  accepts(`${story}, for my creative writing class`, story);
  rejects(`I need ${story} for my 2nd grade class.`, `I need ${story} for my 5th grade class.`, "numbers");
  rejects("a story about a dog who eats my homework", "a story about a dog who eats my lunch", "unmatched");
  rejects(
    "a story about my little sister who wants to win a race",
    "a story about a snail who wants to win a race",
    "unmatched",
  );
});

Deno.test("a fable, a fairy tale and a folk tale are asked for as stories; a poem is not", () => {
  const story = "A story where a tortoise teaches a rabbit to swim.";
  accepts(story, "Tell me a fable where a tortoise teaches a rabbit to swim.");
  accepts(story, "Write me a fairy tale: a tortoise teaches a rabbit to swim.");
  accepts(story, "a folk tale where a tortoise teaches a rabbit to swim");
  rejects(story, "A poem where a tortoise teaches a rabbit to swim.", "genre");
  // "fairy" alone is a character
  rejects("a story about a girl who meets a fairy", "a story about a girl who meets a witch", "unmatched");
});

Deno.test("what is said of the audience goes with it; the asker's child's age in words like in digits", () => {
  const story = "a bedtime story about a moth who is afraid of lamps";
  accepts(story, `${story}, for my twins who can't sleep`);
  rejects(story, "a bedtime story about a moth who is not afraid of lamps", "antonym");
  accepts(`${story}. She's 4, so keep it calm.`, `${story}. She's four, so keep it calm.`);
});

Deno.test("greetings and sign-offs: 'hope you're well', 'quick one for you', 'whenever you're ready'", () => {
  const story = "A beaver builds a bridge for the ducks. Write it as a short story.";
  accepts(
    story,
    "Hiya, hope you're well! A beaver builds a bridge for the ducks. Write it as a short story.",
  );
  accepts(
    story,
    "Hey! Quick one for you: a beaver builds a bridge for the ducks. Write it as a short story.",
  );
  accepts(
    story,
    "A beaver builds a bridge for the ducks. Write it as a short story whenever you're ready :)",
  );
  rejects(
    story,
    "Hope you're well! A beaver builds a dam for the ducks. Write it as a short story.",
    "unmatched",
  );
});

Deno.test("a clause going on from the request, or saying what there is, is the story, not an aside", () => {
  const clock =
    "Write a creepy story about a clock Grandma warned us never to wind, and what happens when my little brother winds it anyway.";
  rejects(clock, clock.replace("brother", "sister"), "antonym");
  const shop =
    "There's a tiny bookshop on my street that nobody ever goes into, so write me a story about the old man who runs it.";
  rejects(shop, shop.replace("bookshop", "toyshop"), "unmatched");
  // an aside about the asker still goes
  accepts(
    "Write a story about a goat who climbs a tower.",
    "My kids love goats. Write a story about a goat who climbs a tower.",
  );
});

Deno.test("'a retelling of' and 'a version of' frame a retold tale like 'Retell'", () => {
  const retell = "Retell Jack and the Beanstalk, but this time the giant is kind.";
  accepts(retell, "Give me a retelling of Jack and the Beanstalk, but this time the giant is kind.");
  accepts(retell, "Write a version of Jack and the Beanstalk, but this time the giant is kind.");
  rejects(
    retell,
    "Give me a retelling of Jack and the Beanstalk, but this time the giant is cruel.",
    "antonym",
  );
});

Deno.test("'would you be so kind as to', 'whenever you have a moment' and 'a story for tonight' frame the request", () => {
  const story = "Write a story about a clockmaker who builds a clock that runs backwards.";
  accepts(
    story,
    "Would you be so kind as to write a story about a clockmaker who builds a clock that runs backwards?",
  );
  accepts(
    story,
    "Whenever you have a moment, write a story about a clockmaker who builds a clock that runs backwards.",
  );
  accepts(story, "Need a story for tonight: a clockmaker builds a clock that runs backwards.");
  rejects(story, "Need a story for tonight: a clockmaker builds a clock that runs forwards.", "antonym");
});

Deno.test("'a 300-word tale of a caravan lost in the desert' is about the caravan", () => {
  accepts(
    "Write a 300-word story about a camel caravan lost in the desert that finds an oasis.",
    "Compose a 300 word tale of a camel caravan lost in the desert that finds an oasis.",
  );
});

Deno.test("'can you write' mid-sentence frames the request too; 'pls help' is chat", () => {
  const base = "my hamster got lost can you write a story about how he finds his way home";
  accepts(
    base,
    "pls help, my hamster got lost, can you write a story about how he finds his way home? thanks",
  );
  rejects(
    base,
    "my hamster got lost can you write a story about how he never finds his way home",
    "negation",
  );
});

Deno.test("'random request', 'random idea' and 'quick one' say nothing of the story", () => {
  const story = "a funny story about a wedding where a goose runs off with the rings";
  accepts(story, `lol ok random request but I want ${story}`);
  accepts(story, `Quick one: ${story}`);
  rejects(
    story,
    "lol ok random request but I want a funny story about a wedding where a swan runs off with the rings",
    "unmatched",
  );
});

Deno.test("'Write this as a story' points back at the sentence before it, which is then the story", () => {
  const base =
    "Something in the woods behind our cabin knocks on the windows every night. Write this as a slow-burn horror story.";
  rejects(base, base.replace("windows", "door"), "unmatched");
  rejects(base, base.replace("knocks", "used to knock"), "time");
  // an aside about the asker before a request that tells the story still goes
  accepts(
    "Write a horror story about a doll that moves at night.",
    "Our cabin is creepy. Write a horror story about a doll that moves at night.",
  );
});

Deno.test("a header naming a kind of text ('Horror:', 'Romance:') is never set aside as chat", () => {
  const story = "two rival florists on the same street fall in love during Valentine's week.";
  rejects(`Romance: ${story}`, `Horror: ${story}`, "unmatched");
  accepts(`Romance: ${story}`, `Romance pls: ${story}`);
});

Deno.test("the aside may follow a greeting ('Hey! Quick one before my shift please: …') and may say 'a story'", () => {
  const base = "Generation ship story: the last botanist must save the dying farms.";
  const e = accepts(
    "Hey! Quick one before my shift please: generation ship story, the last botanist must save the dying farms. Thanks!",
    base,
  );
  assert.match(e.reason, /"Quick one before my shift please:" set aside/);
  const troll = "A lonely troll under a bridge starts charging travelers compliments instead of coins.";
  accepts(`I need a story for my writing group, here's the prompt: ${troll} Thanks!`, troll);
  // a kind of story said in the aside is the request: "A tragic tale:", "Bedtime story please, …"
  rejects(`A tragic tale: ${troll}`, troll, "unmatched");
  rejects(`I need a tragic tale for my writing group, here's the prompt: ${troll}`, troll, "unmatched");
  rejects(`Bedtime story please, my twins are half asleep already: ${troll}`, troll, "unmatched");
});

Deno.test("the longest opening of a request is the frame: 'could you possibly write' is not 'could you' + 'possibly write'", () => {
  const story = "a gentle story about a little girl named Suvi who is nervous about her first day at school";
  accepts(`Could you possibly write ${story}?`, `Could you write ${story}?`);
  rejects(`Could you possibly write ${story}?`, `Could you possibly draw ${story}?`, "unmatched");
});

Deno.test("a clause after a comma about the asker or in chat is an aside; one that goes on with the story is not", () => {
  const story = "write a horror story about a babysitter who hears a music box playing in the attic";
  accepts(`ok this is for a sleepover tonight lol, ${story}`, story);
  accepts(`I commute two hours every day, so ${story}`, story);
  const dragon = "Write a story about a dragon who guards a castle.";
  rejects(
    "Write a story about a dragon who guards a castle, and a princess who tames him.",
    dragon,
    "unmatched",
  );
  rejects("Write a story about a dragon who guards a castle, in Wales.", dragon, "unmatched");
  // nor a sentence that goes on with the story, unless it also speaks of the asker
  rejects("Write a story about a dragon who guards a castle. A princess tames him.", dragon, "unmatched");
  rejects("Write a story about a dragon who guards a castle. Then a princess arrives.", dragon, "unmatched");
  accepts(`${dragon} My son loves dragons, he'll adore it!`, dragon);
});

Deno.test("a joke told or a song sung in the story is not the kind of text asked for", () => {
  const driver = "a taxi driver in Mumbai who gives free rides to anyone who tells him a good joke";
  accepts(`Write about ${driver}.`, `could you do a story about ${driver}? thanks`);
  rejects(`Write about ${driver}.`, `could you do a poem about ${driver}? thanks`, "genre");
  // the genre asked for still is one
  rejects("tell me a joke about a cat who loves fish", "tell me a story about a cat who loves fish", "genre");
});
