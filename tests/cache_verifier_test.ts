import assert from "node:assert/strict";
import { Lexicon } from "../lib/cache/lexicon.ts";
import { normalizePrompt, promptWords } from "../lib/cache/normalize.ts";
import { matchWords, verifySamePrompt } from "../lib/cache/verifier.ts";

const lexicon = await Lexicon.load();
const accepts = (a: string, b: string) => {
  const verdict = verifySamePrompt(a, b, lexicon);
  assert.ok(verdict.accepted, `expected "${a}" ~ "${b}", rejected: ${verdict.reason}`);
};
const rejects = (a: string, b: string, reason: RegExp) => {
  const verdict = verifySamePrompt(a, b, lexicon);
  assert.ok(!verdict.accepted, `expected "${a}" !~ "${b}" to be rejected`);
  assert.match(verdict.reason, reason);
};

Deno.test("normalizePrompt: case, spacing, punctuation, accents, contractions and British spellings", () => {
  const spelling = lexicon.spelling;
  assert.equal(normalizePrompt("  Once upon a TIME,   a girl!! ", spelling), "once upon a time a girl");
  assert.equal(normalizePrompt("Her favourite colour was grey", spelling), "her favorite color was gray");
  assert.equal(normalizePrompt("The café didn’t open", spelling), "the cafe did not open");
  assert.equal(normalizePrompt("Tom's dog"), "tom dog");
  assert.deepEqual(promptWords("the 3rd of 10 dragons"), ["the", "3rd", "of", "10", "dragons"]);
});

Deno.test("verifier accepts synonyms, inflections, word order, typos, number forms and request framing", () => {
  accepts("A little girl found a dragon.", "A small girl discovered a dragon.");
  accepts("The dragons were hungry.", "The dragon was hungry.");
  accepts("Once upon a time a girl found a dragon.", "A girl found a dragon once upon a time.");
  accepts("A dargon lived in a castle.", "A dragon lived in a castle.");
  accepts("Three pigs built houses.", "3 pigs built houses.");
  accepts("Write a story about a brave knight.", "Tell me a story about a brave knight.");
  accepts("The knight was brave.", "The knight was courageous.");
  accepts("The boy was frightened.", "The boy was scared.");
  accepts("My dad chased a ball.", "My father chased a ball."); // one step up WordNet's is-a tree
  accepts("A small mouse helped a big lion.", "A little mouse helped a large lion.");
});

Deno.test("verifier rejects antonyms and changed content words", () => {
  rejects("A horse who won a race.", "A horse who lost a race.", /antonym/);
  rejects("A story with a happy ending.", "A story with a sad ending.", /antonym|no match/);
  rejects("A kind queen ruled the land.", "A kind king ruled the land.", /antonym|no match/);
  rejects("A red ball.", "A blue ball.", /no match/);
  rejects("Ducks swam in the pond.", "Geese swam in the pond.", /no match/); // siblings are not synonyms
  rejects("A cat sat on the mat.", "A cart sat on the mat.", /no match/); // two real words are not a typo
});

Deno.test("verifier rejects different numbers, names, negation and swapped roles", () => {
  rejects("Three little pigs.", "Four little pigs.", /numbers/);
  rejects("The 3rd day.", "The fourth day.", /numbers/);
  rejects("The first day of school.", "The last day of school.", /numbers/);
  rejects("Twenty one dragons.", "Twenty two dragons.", /numbers/);
  rejects("Anna and her dog.", "Anne and her dog.", /no match/);
  rejects("Tom went to the market.", "Tim went to the market.", /no match/);
  rejects("The dragon could fly.", "The dragon could not fly.", /negation/);
  rejects("The dragon could fly.", "The dragon couldn't fly.", /negation/);
  rejects("The cat chased the dog.", "The dog chased the cat.", /swapped/);
});

Deno.test("matchWords: kinds of match", () => {
  assert.equal(matchWords("dragon", "dragon", lexicon), "same");
  assert.equal(matchWords("found", "find", lexicon), "lemma");
  assert.equal(matchWords("little", "small", lexicon), "synonym");
  assert.equal(matchWords("princses", "princess", lexicon), "spelling");
  assert.equal(matchWords("king", "queen", lexicon), undefined);
});

Deno.test("an antonym pair is not excused by a rare shared sense of the pair itself", () => {
  rejects("A girl taller than her mother.", "A girl taller than her father.", /antonym/);
  accepts(
    "Once upon a time, a lost puppy found its way home.",
    "A lost puppy found its way home once upon a time.",
  );
  accepts(
    "A story where a small mouse helps a big lion.",
    "A story where a little mouse helps a large lion.",
  );
});
