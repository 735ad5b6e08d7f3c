/**
 * Who the story is about and who does what to whom, as the blind hold-outs after their one evaluation showed the
 * verifier misreading them: asides about the asker that carry the story ("I'm a vet in a small town. Write a story
 * about a stray cat who brings me…"), the asker against a thing named in the third person, named characters
 * ("a trucker named Dale"), and the doer of "tries to X". Each with a paraphrase it accepts and a different
 * request it must still reject.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

Deno.test("the doer of 'tries to X' does X; after 'forces … to' the one forced does it; a clause after ', and' has its own doer", () => {
  const bakery =
    "a woman who opens a small bakery in her village, and a big supermarket tries to close it down";
  accepts(
    bakery,
    "a woman who opens a small bakery in her village, and a big supermarket tries to shut it down",
  );
  rejects(
    bakery,
    "a woman who opens a small bakery in her village and tries to close down the big supermarket",
    "roles",
  );
  const smith = "a young blacksmith who is forced to forge a magic sword for a wicked king";
  accepts(smith, "a young blacksmith whom a wicked king forces to forge a magic sword");
  rejects(smith, "a wicked king who is forced to forge a magic sword for a young blacksmith", "roles");
  // (what is wanted is not who wants it: "the sword that the king wants to forge")
  accepts("the sword that the king wants to forge", "the sword that the king wants to make");
});

Deno.test("a request that says 'why she does it' points back at the aside that tells the deed: the aside is the story", () => {
  const cat =
    "My cat knocks everything off the kitchen counter - write a funny story from the cat's point of view explaining why she does it.";
  accepts(
    cat,
    "My cat knocks everything off the kitchen counter - write a hilarious story from the cat's point of view explaining why she does it.",
  );
  rejects(
    cat,
    "My cat steals all my socks - write a funny story from the cat's point of view explaining why she does it.",
    "unmatched",
  );
  // an aside the request does not point back at is still set aside
  accepts(
    "My kids love dragons. Write a story about a dragon who is afraid of the dark.",
    "Write a story about a dragon who is afraid of the dark.",
  );
});

Deno.test("'the monster' of the request is the one the aside told of: the aside is the story", () => {
  const closet =
    "my little girl is afraid of the monster in her closet, can you write a story where the monster turns out to be friendly and just lonely";
  accepts(
    closet,
    "my little girl is scared of the monster in her closet, could you write a story where the monster turns out to be friendly and just lonely",
  );
  rejects(
    closet,
    "my little girl is afraid of the monster under her bed, can you write a story where the monster turns out to be friendly and just lonely",
    "unmatched",
  );
});

Deno.test("a name no dictionary holds, right after an inflected verb, is what the verb is done to: 'the sky god tricks Anansi'", () => {
  const trick = "a trickster tale where the sky god tricks Anansi into giving up all the world's stories";
  accepts(
    trick,
    "a trickster tale where Anansi is tricked by the sky god into giving up all the world's stories",
  );
  rejects(
    trick,
    "a trickster tale where Anansi tricks the sky god into giving up all the world's stories",
    "roles",
  );
  accepts(
    "young Krishna lifted Govardhan Hill to shelter the villagers from the storm",
    "Govardhan Hill was lifted by young Krishna to shelter the villagers from the storm",
  );
});

Deno.test("'a trucker named Dale' is Dale: 'a hitchhiker named Dale' is another character", () => {
  const dale =
    "a story about a long-haul trucker named Dale who picks up a hitchhiker on an icy highway in Montana";
  accepts(
    dale,
    "a story about a long-haul trucker called Dale who picks up a hitchhiker on an icy highway in Montana",
  );
  rejects(
    dale,
    "a story about a hitchhiker named Dale who gets picked up by a long-haul trucker on an icy highway in Montana",
    "roles",
  );
});

Deno.test("'a story about the night his plane was hit': a time is nothing a pronoun stands for, so 'his' points back at the aside", () => {
  const walter =
    "My late uncle Walter was a radio operator on a Lancaster bomber. Would you write a story about the night his plane was hit by flak over Hamburg?";
  accepts(
    walter,
    "My late uncle Walter was a radio operator on a Lancaster bomber. Could you write a story about the night his plane was hit by flak over Hamburg?",
  );
  rejects(
    walter,
    "My late uncle Walter was a rear gunner on a Lancaster bomber. Would you write a story about the night his plane was hit by flak over Hamburg?",
    "unmatched",
  );
});

Deno.test("the asker ('I', 'we') is never a thing named in the third person; 'throws me a party' is done to the party", () => {
  const raccoons =
    "Our camping trip went wrong - raccoons stole the food and the tent collapsed. Make it a funny story.";
  rejects(
    raccoons,
    "Our camping trip went wrong - we stole the raccoons' food and the tent collapsed. Make it a funny story.",
    "roles",
  );
  const save =
    "My little sister accidentally deleted my save file the night before the tournament. Write a story about it.";
  accepts(
    save,
    "My save file was accidentally deleted by my little sister the night before the tournament. Write a story about it.",
  );
  rejects(
    save,
    "I accidentally deleted my little sister's save file the night before the tournament. Write a story about it.",
    "roles",
  );
  accepts(
    "write me a story about a unicorn who throws me a surprise party with rainbow cake",
    "write me a story about a unicorn who gives me a surprise party with rainbow cake",
  );
  // a third-person pronoun may still be the noun it stands for
  accepts(
    "a penguin who moves to Hawaii because he hates the cold",
    "a penguin who moves to Hawaii because the penguin hates the cold",
  );
});

Deno.test("an aside the request names back ('Max', 'her' after a describing word) or that describes the asker the story is about is the story", () => {
  const max =
    "Our golden retriever Max is the ring bearer at our wedding. Write a funny story from Max's point of view about the morning of the big day.";
  accepts(
    max,
    "Our golden retriever Max is the ring bearer at our wedding. Could you write a funny story from Max's point of view about the morning of the big day?",
  );
  rejects(
    max,
    "Our beagle Max is the ring bearer at our wedding. Write a funny story from Max's point of view about the morning of the big day.",
    "unmatched",
  );
  const hannah =
    "My sister Hannah is going to be a mom in March. Write a gentle story about her and the baby meeting for the first time.";
  accepts(
    hannah,
    "My sister Hannah's going to be a mom in March. Write a gentle story about her and the baby meeting for the first time.",
  );
  rejects(
    hannah,
    "My sister Hannah is going to be an aunt in March. Write a gentle story about her and the baby meeting for the first time.",
    "unmatched",
  );
  const vet =
    "I'm a vet in a small town. Write a story about a stray cat who brings me a different gift every morning until I finally adopt her.";
  accepts(
    vet,
    "I'm a vet in a small town. Please write a story about a stray cat who brings me a different gift every morning until I finally adopt her.",
  );
  rejects(
    vet,
    "I'm a vet in a big city. Write a story about a stray cat who brings me a different gift every morning until I finally adopt her.",
    "antonym",
  );
  const ray =
    "Write a story about my uncle Ray, who wants to open a little Italian restaurant on the corner of our street after he retires.";
  rejects(
    ray,
    "Write a story about my uncle Ray, who wants to open a little Italian bakery on the corner of our street after he retires.",
    "unmatched",
  );
  // an aside about the asker that the story does not include is still set aside
  accepts(
    "I'm a hospital porter. Write me a story about a porter who wants to become a surgeon.",
    "Write me a story about a porter who wants to become a surgeon.",
  );
});

Deno.test("a clause that opens with an -ing verb after the request goes on with the story, even when it says 'my grandpa'", () => {
  const rose =
    "My nana Rose turns 90 next week. Write a short story about her as a young girl, slipping out in her sister's red shoes to dance at the town hall with the boy who became my grandpa.";
  accepts(
    rose,
    "My nana Rose turns 90 next week. Please write a short story about her as a young girl, slipping out in her sister's red shoes to dance at the town hall with the boy who became my grandpa.",
  );
  rejects(
    rose,
    "My nana Rose turns 90 next week. Write a short story about her as a young girl, slipping out in her sister's red coat to dance at the town hall with the boy who became my grandpa.",
    "unmatched",
  );
});

Deno.test("'a story about that' after a remark of the asker's: the remark is the story", () => {
  const mochi = "our cat Mochi is jealous of the new baby, can you make a story about that for my older kid";
  accepts(
    mochi,
    "our cat Mochi is jealous of the new baby, could you write a story about that for my older kid",
  );
  rejects(
    mochi,
    "our cat Mochi adores the new baby, can you make a story about that for my older kid",
    "unmatched",
  );
  rejects(
    mochi,
    "our cat Mochi is jealous of the new sofa, can you make a story about that for my older kid",
    "unmatched",
  );
});
