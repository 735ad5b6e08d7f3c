/**
 * The everyday near-synonyms (models/embed-static/everyday_near_synonyms.txt): parsed (no noun groups, no
 * joined phrases), read beside the lexicon, and what they change in the verifier.
 */
import assert from "node:assert/strict";
import { NEAR_FILE, parseNearSynonyms } from "../lib/cache/everyday.ts";
import { DEFAULT_LEXICON_URL, Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";
import { withBareLexicon } from "./lexicon_dir.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("near-synonyms: parser reads verb, adjective and adverb groups, refuses a noun group by its line", () => {
  assert.deepEqual(parseNearSynonyms("# c\nv: uncover | discover\n\nr: slowly | gradually\n"), [
    { pos: "v", members: ["uncover", "discover"], joins: false },
    { pos: "r", members: ["slowly", "gradually"], joins: false },
  ]);
  assert.throws(() => parseNearSynonyms("v: a | b\nn: town | city\n", "near.txt"), /near\.txt:2: .*verbs/);
  assert.throws(() => parseNearSynonyms("v: uncover\n", "near.txt"), /near\.txt:1:/); // one member
});

Deno.test("near-synonyms: bundled and read beside the lexicon; without the file the words stay apart", async () => {
  const groups = parseNearSynonyms(await Deno.readTextFile(new URL(NEAR_FILE, DEFAULT_LEXICON_URL)));
  assert.ok(groups.length >= 2_000, `${groups.length} groups`);
  assert.equal(lexicon.areSynonyms("uncovers", "discovers"), true);
  await withBareLexicon(async (path, dir) => {
    const plain = await Lexicon.load(path);
    assert.equal(plain.areSynonyms("uncovers", "discovers"), false);
    await Deno.writeTextFile(`${dir}/${NEAR_FILE}`, "v: uncover | discover\nn: town | city\n");
    await assert.rejects(() => Lexicon.load(path), new RegExp(`${NEAR_FILE}:2:`));
  });
});

Deno.test("near-synonyms: a near verb is the same request; an opposite or another action still is not", () => {
  accepts(
    "a junior reporter who uncovers that her editor has been inventing quotes for ten years",
    "a junior reporter who discovers that her editor has been making up quotes for ten years",
  );
  accepts(
    "Tell a story in which the pirate's parrot steals the captain's treasure map.",
    "Tell a story in which the pirate's parrot snatches the captain's treasure map.",
  );
  rejects(
    "a gunslinger who can't die until he returns the silver coin he stole from a witch",
    "a gunslinger who can't die until he gets back the silver coin he stole from a witch",
    "unmatched",
  );
  rejects(
    "Tell a story in which the pirate's parrot steals the captain's treasure map.",
    "Tell a story in which the pirate's parrot buries the captain's treasure map.",
    "unmatched",
  );
  // a phrase of the list is not read as one word: "argue over" still matches "argue" on the other side
  accepts(
    "two neighbours argue over a hedge for twenty years",
    "two neighbours argue about a hedge for twenty years",
  );
});

Deno.test("near-synonyms and function phrases of everyday English: 'nick' / 'steal', 'winds up' / 'ends up', 'a bit' / 'a little'", () => {
  accepts(
    "a heist where the party must steal a crown from a sleeping giant",
    "a heist where the party must nick a crown from a sleeping giant",
  );
  accepts(
    "a dad takes the wrong train in Italy and ends up at a stranger's wedding",
    "a dad takes the wrong train in Italy and winds up at a stranger's wedding",
  );
  accepts(
    "a scarecrow that is a little closer to the house every morning",
    "a scarecrow that is a bit closer to the house every morning",
  );
  rejects(
    "a heist where the party must steal a crown from a sleeping giant",
    "a heist where the party must forge a crown from a sleeping giant",
    "unmatched",
  );
});
