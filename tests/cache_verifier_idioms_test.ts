/**
 * Function words and idioms read as one form (session of 2026-12-01, second): "in the middle of" as "during",
 * "every time" as "whenever", "during" against "before" or "after" as opposite times, "run into each other" as
 * "meet", "fall for each other" as "fall in love", and "since" as "because" when a clause in the present follows
 * it (not "since she was born", "since his wife died", "since 1923"). Each with a paraphrase it accepts and a
 * different request it must still reject; the sentences are written here, not taken from the evaluation files.
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
