/**
 * The verifier's rules added for issue 13 on who does what to whom: the same roles in the active and the
 * passive (reduced passives with their doer later too), swapped doers and done-tos, a doer stated by 'by' on
 * one side only, things that trade their prepositions or their slots, and who is (or becomes) what. Each rule
 * with a pair it accepts and a pair it rejects.
 */
import { accepts, rejects } from "./verifier_setup.ts";

Deno.test("passive voice: same roles in either voice; swapped roles rejected in either voice", () => {
  accepts("A giant built the bridge.", "The bridge was built by a giant.");
  accepts(
    "Write a story where a clever fox tricks a greedy crow.",
    "Write a story where a greedy crow is tricked by a clever fox.",
  );
  accepts("A sword forged by a blacksmith.", "A blacksmith forged a sword.");
  rejects("The cat chased the dog.", "The cat was chased by the dog.", "roles", /swapped/);
});

Deno.test("active/passive role swaps", () => {
  rejects("The dog chased the cat.", "The dog was chased by the cat.", "roles", /swapped/);
  rejects(
    "A village that is attacked by a dragon.",
    "A dragon that is attacked by a village.",
    "roles",
    /swapped/,
  );
  rejects("A puppy who teaches an old dog to fetch.", "An old dog who teaches a puppy to fetch.", "roles");
});

Deno.test("a swap needs one side to state both roles", () => {
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
  rejects("A prince who turns a frog into stone.", "A frog who turns a prince into stone.", "roles");
});

Deno.test("who is (or becomes, or pretends to be) what: a swap is a different request", () => {
  rejects("A fox pretending to be a dog.", "A dog pretending to be a fox.", "roles", /who is what/);
  rejects("A story where a kid becomes president.", "A story where a president becomes a kid.", "roles");
  rejects("A prince who turns into a frog.", "A frog who turns into a prince.", "roles");
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
  accepts("The wolf was a friend of the girl.", "The wolf was the girl's friend.");
});

Deno.test("two things that trade their prepositions trade roles; moving one into a phrase does not", () => {
  rejects("A letter from a princess to a frog.", "A letter from a frog to a princess.", "roles", /trade/);
  rejects(
    "A story about a prince in love with a mermaid.",
    "A story about a mermaid in love with a prince.",
    "roles",
    /trade/,
  );
  accepts(
    "A story about a doctor who falls in love with a nurse.",
    "A story about a nurse that a doctor falls in love with.",
  );
  accepts(
    "A story about a giant who built a bridge over the river.",
    "A story about a bridge over the river built by a giant.",
  );
});

Deno.test("a doer stated by 'by' on one side and a done-to on the other is a swap, even in a second clause", () => {
  rejects(
    "The statue comes to life and chases the guard.",
    "The statue comes to life and is chased by the guard.",
    "roles",
    /swapped/,
  );
  rejects(
    "The robots wake up and arrest the king.",
    "The robots wake up and are arrested by the king.",
    "roles",
  );
  // an intransitive doer is not a stated doer: "turns into" / "is turned into" stay the same request
  accepts("A prince who turns into a frog.", "A prince who is turned into a frog.");
});

Deno.test("the doer of one side is the thing of another preposition on the other: a different request", () => {
  rejects("A map stolen by a pirate.", "A map stolen from a pirate.", "roles", /stolen/);
  rejects(
    "A story in which a fox and an owl each explain their home to a lost goose.",
    "A story in which a lost goose explains its home to a fox and an owl.",
    "roles",
  );
  accepts(
    "A baker in Rome who falls in love with a customer who orders the same cake every day.",
    "A baker in Rome who falls for a customer who orders the same cake every day.",
  );
});

Deno.test("'a giant named Theo who…' is about the giant", () => {
  accepts("A giant named Theo who washed a letter.", "A letter that was washed by a giant named Theo.");
  rejects("A girl named Mia who finds a dragon.", "A dragon named Mia who finds a girl.", "roles");
});

Deno.test("two words trading slots with their neighbours kept; lists, moved phrases and clauses are not", () => {
  rejects(
    "Write a sci-fi story about a lonely robot on Mars who wants to become human.",
    "Write a sci-fi story about a lonely human on Mars who wants to become a robot.",
    "roles",
    /trade places/,
  );
  rejects(
    "story about a girls football team that loses every match but wins the final",
    "story about a girls football team that wins every match but loses the final",
    "roles",
    /trade places/,
  );
  rejects(
    "An alien kid is adopted by a farmer's family in Kansas.",
    "A farmer's kid is adopted by an alien family in Kansas.",
    "roles",
    /trade places/,
  );
  accepts("a bear, a fox and an owl go camping", "an owl, a bear and a fox go camping");
  accepts("A story for kids about dragons", "A story about dragons for kids");
  accepts(
    "Retell Jack and the Beanstalk, but this time the giant is kind and Jack is the villain.",
    "Retell Jack and the Beanstalk, but this time Jack is the villain and the giant is kind.",
  );
  accepts("A giant built the bridge.", "The bridge was built by a giant.");
});

Deno.test("a passive against the same words in active order, where the active verb is not read as one", () => {
  rejects(
    "halloween story for kids where a friendly ghost is frightened by trick-or-treaters",
    "halloween story for kids where a friendly ghost frightens trick-or-treaters",
    "roles",
    /swapped/,
  );
  rejects("a ghost is scared by children", "a ghost scares children", "roles", /swapped/);
  accepts("a ghost is scared by children", "children scare a ghost");
});

Deno.test("reduced passives with their doer later ('rescued from a bakery by'), greetings with whom they call", () => {
  accepts(
    "firefighter rescues a kitten from a burning bakery",
    "kitten rescued from a burning bakery by a firefighter",
  );
  rejects(
    "firefighter rescues a kitten from a burning bakery",
    "firefighter rescued from a burning bakery by a kitten",
    "roles",
  );
  accepts("grumpy snail runs a post office", "a post office run by a grumpy snail");
  accepts(
    "a cargo pilot smuggles a stray cat aboard a freighter bound for Mars",
    "a stray cat is smuggled aboard a freighter bound for Mars by a cargo pilot",
  );
  accepts(
    "I want a story of an elephant mother who searches for her lost baby.",
    "Hello friend, please, I want a story of an elephant mother who searches for her lost baby. Thank you very much.",
  );
  accepts(
    "a love story about two rival violinists who will have to share a stage",
    "a love story about two rival violinists who must share a stage",
  );
});
