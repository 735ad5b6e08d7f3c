/** The hand-written everyday thesaurus beside the lexicon: its format, its errors, and what it links. */
import assert from "node:assert/strict";
import { EVERYDAY_FILE, parseEverydaySynonyms } from "../lib/cache/everyday.ts";
import { DEFAULT_LEXICON_URL, Lexicon } from "../lib/cache/lexicon.ts";
import { explainPair, matchWords } from "../lib/cache/verifier.ts";
import { withBareLexicon } from "./lexicon_dir.ts";

Deno.test("everyday thesaurus parser: groups, phrases written as prompts are read, line numbers on errors", () => {
  const groups = parseEverydaySynonyms(
    "# comment\n\nv: solve | crack | figure out\nn: T-Rex | Tyrannosaurus\n",
  );
  assert.deepEqual(groups, [
    { pos: "v", members: ["solve", "crack", "figure_out"] },
    { pos: "n", members: ["t_rex", "tyrannosaurus"] },
  ]);
  assert.throws(
    () => parseEverydaySynonyms("v: solve | crack\nx: taxi | cab\n", "thesaurus.txt"),
    /thesaurus\.txt:2:/,
  );
  assert.throws(() => parseEverydaySynonyms("n: taxi\n", "t"), /t:1:/); // one member is no group
  assert.throws(() => parseEverydaySynonyms("n: taxi | ...\n", "t"), /t:1:/); // a member with no word
});

Deno.test("everyday thesaurus: bundled beside the lexicon and read by Lexicon.load", async () => {
  const text = await Deno.readTextFile(new URL(EVERYDAY_FILE, DEFAULT_LEXICON_URL));
  assert.ok(parseEverydaySynonyms(text).length >= 300);
  const lexicon = await Lexicon.load();
  // WordNet links none of these
  assert.equal(matchWords("crack", "solve", lexicon), "synonym");
  assert.equal(matchWords("cab", "taxi", lexicon), "synonym");
  assert.equal(
    explainPair("the mayor's cat goes missing", "the mayor's cat disappears", lexicon).accepted,
    true,
  );
  // a group is not a licence for near relatives
  assert.equal(matchWords("queen", "princess", lexicon), undefined);
  assert.equal(matchWords("ship", "boat", lexicon), undefined);
});

Deno.test("everyday thesaurus: a missing file is no thesaurus; a malformed one is an error naming it", async () => {
  await withBareLexicon(async (path, dir) => {
    const plain = await Lexicon.load(path);
    assert.equal(matchWords("crack", "solve", plain), undefined);
    await Deno.writeTextFile(`${dir}/${EVERYDAY_FILE}`, "v: solve | crack\nverb solve crack\n");
    await assert.rejects(() => Lexicon.load(path), new RegExp(`${EVERYDAY_FILE}:2:`));
  });
});

Deno.test("everyday thesaurus: phrases of several words match part for part; prepositional adverbials stay prepositions", async () => {
  const lexicon = await Lexicon.load();
  assert.equal(
    explainPair(
      "a drummer who starts a band with her little sister",
      "a drummer who starts a band with her little brother",
      lexicon,
    )
      .accepted,
    false,
  );
  assert.equal(
    explainPair(
      "a drummer who starts a band with her little sister",
      "a drummer who starts a band with her younger sister",
      lexicon,
    )
      .accepted,
    true,
  );
  // "next to" is read as the preposition it is, not as a word that "beside" would have to match
  assert.equal(
    explainPair("a cat sleeping next to the fire", "a cat sleeping beside the fire", lexicon).accepted,
    true,
  );
  assert.equal(
    explainPair("a cat sleeping next to the fire", "a cat sleeping under the fire", lexicon).accepted,
    false,
  );
});

Deno.test("everyday thesaurus: its nouns link regional and trade words; a compound's parts stay nouns", async () => {
  const lexicon = await Lexicon.load();
  assert.equal(matchWords("soccer", "football", lexicon), "synonym");
  assert.equal(matchWords("smith", "blacksmith", lexicon), "synonym");
  // "swimming pool" is one thing: its "swimming" is not the verb "school" (what fish do)
  const e = explainPair(
    "a penguin on her first day at the swimming pool",
    "a penguin on her first day of school",
    lexicon,
  );
  assert.equal(e.accepted, false, e.reason);
  assert.equal(e.rule, "unmatched");
});

Deno.test("everyday thesaurus: a phrase of an age or size and a noun is read word by word", async () => {
  const lexicon = await Lexicon.load();
  // "old man | elderly man" is in the thesaurus; joined, "old man" would match "man" and hide "young"
  const e = explainPair(
    "a story about an old man who is grumpy to his new neighbours",
    "a story about a young man who is grumpy to his new neighbours",
    lexicon,
  );
  assert.equal(e.accepted, false, e.reason);
  assert.equal(
    explainPair(
      "a story about an old man who feeds pigeons",
      "a story about an elderly man who feeds pigeons",
      lexicon,
    )
      .accepted,
    true,
  );
});

Deno.test("everyday thesaurus: a phrase is joined with its last word inflected ('fire trucks', 'love notes')", async () => {
  const lexicon = await Lexicon.load();
  const accepted = (a: string, b: string) => explainPair(a, b, lexicon).accepted;
  assert.equal(accepted("a boy who loves fire trucks", "a boy who loves fire engines"), true);
  assert.equal(
    accepted("a girl who gets anonymous love notes", "a girl who gets anonymous love letters"),
    true,
  );
  assert.equal(accepted("a boy who loves fire trucks", "a boy who loves fire ants"), false);
});

Deno.test("everyday thesaurus: a phrase is joined with a misspelt word too ('love leters', 'point of veiw')", async () => {
  const lexicon = await Lexicon.load();
  const accepted = (a: string, b: string) => explainPair(a, b, lexicon).accepted;
  assert.equal(
    accepted("a box of unsent love letters in the attic", "a box of unsent love leters in the attic"),
    true,
  );
  assert.equal(
    accepted("write it from the point of view of an owl", "write it from the point of veiw of an owl"),
    true,
  );
  assert.equal(
    accepted("a box of unsent love letters in the attic", "a box of unsent love songs in the attic"),
    false,
  );
});
