/** The everyday opposites (models/embed-static/everyday_opposites.txt): parsed, read beside the lexicon, a veto. */
import assert from "node:assert/strict";
import { OPPOSITES_FILE, parseEverydayOpposites } from "../lib/cache/everyday.ts";
import { DEFAULT_LEXICON_URL, Lexicon } from "../lib/cache/lexicon.ts";
import { explainPair, matchWords } from "../lib/cache/verifier.ts";
import { withBareLexicon } from "./lexicon_dir.ts";

Deno.test("everyday opposites: parser reads two sides of words and phrases, names a malformed line", () => {
  assert.deepEqual(parseEverydayOpposites("# c\nv: land, touch down | take off\n\na: Cheerful | gloomy\n"), [
    { pos: "v", sides: [["land", "touch_down"], ["take_off"]] },
    { pos: "a", sides: [["cheerful"], ["gloomy"]] },
  ]);
  assert.throws(() => parseEverydayOpposites("v: land | take off | crash\n", "o.txt"), /o\.txt:1:/); // 3 sides
  assert.throws(() => parseEverydayOpposites("v: land\n", "o.txt"), /o\.txt:1:/); // one side
  assert.throws(() => parseEverydayOpposites("n: a,, b | c\n", "o.txt"), /o\.txt:1:/); // an empty member
  assert.throws(() => parseEverydayOpposites("x: up | down\n", "o.txt"), /o\.txt:1:/); // no such pos
});

Deno.test("everyday opposites: bundled, and an opposite never passes for a word WordNet loosely links", async () => {
  const text = await Deno.readTextFile(new URL(OPPOSITES_FILE, DEFAULT_LEXICON_URL));
  assert.ok(parseEverydayOpposites(text).length >= 300);
  const lexicon = await Lexicon.load();
  assert.equal(lexicon.areAntonyms("land", "take_off"), true);
  assert.equal(matchWords("landing", "take_off", lexicon), undefined);
  const e = explainPair(
    "a pilot who has to take off in a plane full of goats during a storm",
    "a pilot who has to land a plane full of goats during a storm",
    lexicon,
  );
  assert.equal(e.accepted, false, e.reason);
  // a paraphrase WordNet links stays one
  assert.equal(
    explainPair("a girl who teaches herself to read", "a girl who learns to read on her own", lexicon)
      .accepted,
    true,
  );
});

Deno.test("everyday opposites: without the file the lexicon is WordNet's alone; a malformed file names its line", async () => {
  await withBareLexicon(async (path, dir) => {
    const plain = await Lexicon.load(path);
    assert.equal(plain.areAntonyms("land", "take_off"), false);
    await Deno.writeTextFile(`${dir}/${OPPOSITES_FILE}`, "v: land | take off\nv land take off\n");
    await assert.rejects(() => Lexicon.load(path), new RegExp(`${OPPOSITES_FILE}:2:`));
  });
});

Deno.test("everyday opposites, second round: 'share' / 'keep', 'earn' / 'lose' never pass for each other", async () => {
  const lexicon = await Lexicon.load();
  assert.equal(lexicon.areAntonyms("speed_up", "slow_down"), true);
  assert.equal(lexicon.areAntonyms("earn", "lose"), true);
  const e = explainPair(
    "a story about a girl who shares her lunch with a lonely dragon every day",
    "a story about a girl who keeps her lunch from a lonely dragon every day",
    lexicon,
  );
  assert.equal(e.accepted, false, e.reason);
  // a giver and a getter are one request told from two sides
  assert.equal(lexicon.areAntonyms("give", "get"), false);
});
