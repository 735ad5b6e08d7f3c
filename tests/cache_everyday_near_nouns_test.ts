/**
 * The everyday near nouns (models/embed-static/everyday_near_nouns.txt): parsed (noun groups only), read beside
 * the lexicon, and what they change in the verifier: the same character or thing named by a near noun is the same
 * request; a near relative a story tells apart is still another one.
 */
import assert from "node:assert/strict";
import { NEAR_NOUNS_FILE, parseNearNouns } from "../lib/cache/everyday.ts";
import { DEFAULT_LEXICON_URL, Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";
import { withBareLexicon } from "./lexicon_dir.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("near nouns: parser reads noun groups with compounds, refuses a group of another part of speech by its line", () => {
  assert.deepEqual(parseNearNouns("# c\nn: innkeeper | tavern keeper\n\nn: gale | storm\n"), [
    { pos: "n", members: ["innkeeper", "tavern_keeper"] },
    { pos: "n", members: ["gale", "storm"] },
  ]);
  assert.throws(
    () => parseNearNouns("n: a | b\nv: uncover | discover\n", "nouns.txt"),
    /nouns\.txt:2: .*nouns/,
  );
  assert.throws(() => parseNearNouns("n: gale\n", "nouns.txt"), /nouns\.txt:1:/); // one member
});

Deno.test("near nouns: bundled and read beside the lexicon; without the file the words stay apart", async () => {
  const groups = parseNearNouns(await Deno.readTextFile(new URL(NEAR_NOUNS_FILE, DEFAULT_LEXICON_URL)));
  assert.ok(groups.length >= 200, `${groups.length} groups`);
  assert.equal(lexicon.areSynonyms("envoy", "ambassador"), true);
  await withBareLexicon(async (path, dir) => {
    const plain = await Lexicon.load(path);
    assert.equal(plain.areSynonyms("envoy", "ambassador"), false);
    await Deno.writeTextFile(`${dir}/${NEAR_NOUNS_FILE}`, "n: envoy | ambassador\nr: slowly | gradually\n");
    await assert.rejects(() => Lexicon.load(path), new RegExp(`${NEAR_NOUNS_FILE}:2:`));
  });
});

Deno.test("near nouns: a near noun is the same character or thing; a near relative or another thing is not", () => {
  const envoy = "Story where an alien ambassador kidnaps the human president during peace talks.";
  accepts(envoy, "Story where an alien envoy abducts the human president during peace talks.");
  rejects(envoy, "Story where an alien general kidnaps the human president during peace talks.", "unmatched");
  // a compound of the list is read as one word
  const inn = "a eulogy the tavern keeper gives at the bard's funeral";
  accepts(inn, "a eulogy the innkeeper gives at the bard's funeral");
  rejects(inn, "a eulogy the blacksmith gives at the bard's funeral", "unmatched");
  const lamp = "a lighthouse keeper's wife who still lights the lamp every night";
  accepts(lamp, "a lighthouse keeper's wife who still lights the lantern every night");
  rejects(lamp, "a lighthouse keeper's wife who still lights the candle every night", "unmatched");
  // near relatives a story tells apart stay apart
  rejects("a coach who believes in a shy girl", "a teacher who believes in a shy girl", "unmatched");
  rejects("a queen who loses her crown", "a princess who loses her crown", "unmatched");
  rejects("a wolf who steals a chicken from a farm", "a wolf who steals a hen from a farm", "unmatched");
});
