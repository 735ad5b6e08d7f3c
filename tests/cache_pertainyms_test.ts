/**
 * WordNet's pertainyms (models/embed-static/pertainyms.txt, written by tools/embed-model/pertainyms.py): an
 * adjective and the noun it is "of" may stand for each other in a request; the parser refuses a malformed line.
 */
import assert from "node:assert/strict";
import { parsePertainyms, PERTAINYMS_FILE } from "../lib/cache/everyday.ts";
import { DEFAULT_LEXICON_URL, Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("pertainyms: the parser reads pairs and names the line of a malformed one", () => {
  assert.deepEqual(parsePertainyms("# comment\na: tibetan | tibet\n\na: lunar|moon\n"), [
    ["tibetan", "tibet"],
    ["lunar", "moon"],
  ]);
  assert.throws(() => parsePertainyms("a: tibetan | tibet\nn: moon | lunar\n", "p"), /p:2: expected/);
  assert.throws(() => parsePertainyms("a: old norse | norway\n", "p"), /p:1: expected/);
  assert.throws(() => parsePertainyms("a: tibetan | tibet | lhasa\n", "p"), /p:1: expected/);
});

Deno.test("pertainyms: the bundled list is WordNet's, and both orders and inflections match", async () => {
  const pairs = parsePertainyms(await Deno.readTextFile(new URL(PERTAINYMS_FILE, DEFAULT_LEXICON_URL)));
  assert.ok(pairs.length > 3_000, `${pairs.length} pairs`);
  assert.ok(pairs.some(([a, n]) => a === "tibetan" && n === "tibet"));
  assert.ok(lexicon.arePertainyms("tibetan", "tibet") && lexicon.arePertainyms("tibet", "tibetan"));
  assert.ok(lexicon.arePertainyms("volcanoes", "volcanic"));
  assert.ok(!lexicon.arePertainyms("tibetan", "nepal"));
});

Deno.test("pertainyms: 'a young Tibetan monk' is 'a young monk from Tibet'; another people is another request", () => {
  const monk = "a story about a young monk from Tibet who must carry a letter across the mountains";
  accepts(monk, "a story about a young Tibetan monk who must carry a letter across the mountains");
  rejects(
    monk,
    "a story about a young Nepalese monk who must carry a letter across the mountains",
    "unmatched",
  );
  const island = "describe a volcano island where fire lizards guard a temple";
  accepts(island, "describe a volcanic island where fire lizards guard a temple");
  rejects(island, "describe a coral island where fire lizards guard a temple", "unmatched");
});
