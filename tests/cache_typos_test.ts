/**
 * A slip inside a phrase is put right before phrases are joined (lib/cache/typos.ts): "workign at" is
 * "working at", "gettign ready" is "getting ready"; a slip outside a phrase, a name, a guess between two words,
 * and a word the dictionary holds are left as typed.
 */
import assert from "node:assert/strict";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { correctInPhrases, misspeltCommonWord } from "../lib/cache/typos.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("typos: one likely slip from one common word is that word; a guess or a known word is not", () => {
  assert.equal(misspeltCommonWord("workign", lexicon), "working"); // two letters swapped
  assert.equal(misspeltCommonWord("gettign", lexicon), "getting");
  assert.equal(misspeltCommonWord("disapeared", lexicon), "disappeared"); // a letter dropped
  assert.equal(misspeltCommonWord("dinnosaur", lexicon), "dinosaur"); // a letter doubled
  assert.equal(misspeltCommonWord("hopefull", lexicon), undefined); // "hopeful" or "hopefully": a guess
  assert.equal(misspeltCommonWord("makrs", lexicon), undefined); // "marks" or "makers": a guess
  assert.equal(misspeltCommonWord("working", lexicon), undefined); // a word already
  assert.equal(misspeltCommonWord("bros", lexicon), undefined); // too short to guess
});

Deno.test("typos: only a slip that hides a phrase is put right", () => {
  assert.deepEqual(correctInPhrases(["workign", "at", "a", "cafe"], lexicon), ["working", "at", "a", "cafe"]);
  // (no phrase: the word matcher forgives the slip between two words)
  assert.deepEqual(correctInPhrases(["a", "dinnosaur", "egg"], lexicon), ["a", "dinnosaur", "egg"]);
});

Deno.test("typos: a slip inside a phrase no longer hides it from the verifier", () => {
  const hedgehog = "a story about a hedgehog getting ready for winter";
  accepts(hedgehog, "a story about a hedgehog gettign ready for winter");
  rejects(hedgehog, "a story about a hedgehog gettign ready for summer", "antonym");
  accepts("my first day working at a bakery in Leeds", "my first day workign at a bakery in Leeds");
});

Deno.test("typos: contractions typed without an apostrophe, a slip in a verb of wishing, and 'looses' for 'loses'", () => {
  const house = "a scary story about a smart house that won't let its family leave";
  accepts(house, "a scary story about a smart house that wont let its family leave");
  rejects(house, "a scary story about a smart house that will let its family leave", "negation");
  const twins = "a story about twins who think they're invisible";
  accepts(twins, "a story about twins who think theyre invisible");
  const dog = "a story about a dog named Max who wants to be a police dog";
  accepts(dog, "a story about a dog named Max who wnats to be a police dog");
  rejects(dog, "a story about a dog named Max who used to be a police dog", "time");
  const dragon = "a story about a dragon dance where the dragon loses its tail in the crowd";
  accepts(dragon, "a story about a dragon dance where the dragon looses its tail in the crowd");
  rejects(dragon, "a story about a dragon dance where the dragon finds its tail in the crowd", "antonym");
});

Deno.test("typos: a slip one edit from a word of the other prompt is that word, inside a phrase, a number or a tense", () => {
  const reporter = "a newsroom drama about the reporter who finds out the truth";
  accepts(reporter, "a newsroom drama about the reporter who fibds out the truth");
  const doctor = "a story about a doctor who falls in love with a nurse on her first day";
  accepts(doctor, "a story about a doctor who flls in love with a nurse on her firt day");
  rejects(doctor, "a story about a doctor who flls in love with a nurse on her second day", "numbers");
  const pilot = "a boy in Mumbai who wants to become a pilot";
  accepts(pilot, "a boy in Mumbai who wants to becme a pilot");
  // (the other sex is no slip; an accent is none either)
  rejects(
    "an old fisherman who still goes out to sea every morning",
    "an old fisherwoman who still goes out to sea every morning",
    "unmatched",
  );
  accepts(
    "a short sweet story about how she met her fiancé at a bus stop",
    "a short sweet story about how she met her fiance at a bus stop",
  );
  rejects(
    "a story about a robot named Zib who sings",
    "a story about a robot named Zob who sings",
    "unmatched",
  );
});

Deno.test("typos: two letters swapped in a place name, a letter dropped from a short word; months and decades said short", () => {
  const oslo = "a young woman in Oslo wants to become a detective after her sister's murder goes unsolved";
  accepts(oslo, "a young woman in Olso wants to become a detective after her sister's murder goes unsolved");
  rejects(
    oslo,
    "a young woman in Oxford wants to become a detective after her sister's murder goes unsolved",
    "unmatched",
  );
  accepts("Emma teaches her pony how to jump over a log", "Emma teaches her pony how to jump ovr a log");
  accepts(
    "an engineer who doubts that Sputnik will launch on time in October 1957",
    "an engineer who doubts that sputnik will launch on time in oct 1957",
  );
  accepts(
    "an honest cop in 1970s New York who refuses bribes",
    "an honest cop in 1970's NYC who refuses bribes",
  );
});

Deno.test("typos: '2' and '4' typed for 'to' and 'for' in chat, never a count", () => {
  const goat = "a story about a goat who wants to see the ocean";
  accepts(goat, "story abt a goat who wants 2 see the ocean");
  accepts("a story for my son about a brave snail", "a story 4 my son about a brave snail");
  rejects("a girl who wants two puppies", "a girl who wants 3 puppies", "numbers");
  accepts("a girl who wants two puppies", "a girl who wants 2 puppies");
  accepts("We have two hamsters called Nibbles and Fluff.", "We have 2 hamsters called Nibbles and Fluff.");
});
