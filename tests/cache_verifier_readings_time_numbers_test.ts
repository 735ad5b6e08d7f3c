/**
 * The verifier's readings of time, counts and negation in the story itself, added after the seventh hold-out:
 * 'used to', 'once' and 'she's', wishes, what is under way at a time to come, 'in her will', years and
 * decades in two digits, a number counting its noun's lemma, one thing against many, 'no longer' and negated
 * verbs. Each with a paraphrase it accepts and a different request it must still reject.
 */
import { accepts, rejects } from "./verifier_setup.ts";

Deno.test("'was X once' and 'was once X' are 'used to be X'; 'is X' is not", () => {
  const base = "a story about a baker who used to be a sailor";
  accepts(base, "a story about a baker who was a sailor once");
  accepts(base, "a story about a baker who was once a sailor");
  accepts("a dog who used to be afraid of cats", "a dog who was once afraid of cats");
  rejects(base, "a story about a baker who is a sailor", "time");
});

Deno.test("'she's' before a participle with its object is 'she has'; before a state it is 'she is'", () => {
  accepts("a pilot who dreams she's crashed her plane", "a pilot who dreams she has crashed her plane");
  rejects(
    "a pilot who dreams she's crashed her plane",
    "a pilot who dreams she has sold her plane",
    "unmatched",
  );
  accepts("a puppy who's lost in the woods", "a puppy who is lost in the woods");
});

Deno.test("'wishes she could fly' is 'wants to fly'; remembering when she could is not", () => {
  const base = "a robot who wants to feel the rain";
  accepts(base, "a robot who wishes he could feel the rain");
  accepts(base, "a robot who wishes he was able to feel the rain");
  rejects(base, "a robot who remembers when he could feel the rain", "time");
});

Deno.test("a number counts its noun's lemma: '200-word story' / 'story of 200 words', 'ages 4-6' / 'aged 4 to 6'", () => {
  const base = "Write a 200-word story in the first person about a lost kite.";
  accepts(base, "Write a first-person story of 200 words about a lost kite.");
  rejects(base, "Write a first-person story of 300 words about a lost kite.", "numbers");
  accepts(
    "a read-aloud of 5 minutes for kids of ages 4-6 about a penguin",
    "a 5-minute read-aloud for kids aged 4 to 6 about a penguin",
  );
});

Deno.test("'one book keeps returning': a verb after the one thing is no plural; 'her one duckling' / 'her ducklings' still is", () => {
  const base = "a librarian who notices that one book keeps returning to the shelf";
  accepts(base, "a libarian who notices that one book keeps returning to the shelf");
  rejects("a duck who lost her one duckling", "a duck who lost her ducklings", "numbers");
});

Deno.test("'a clock able to stop time' can; 'one girl want(s) to' is one girl, not many", () => {
  accepts(
    "a clockmaker who builds a clock that can stop time",
    "a clockmaker who builds a clock able to stop time",
  );
  accepts("a city where one girl want to see the sun", "a city where one girl wants to see the sun");
});

Deno.test("'no longer' is 'not anymore', not 'not yet'; 'both of' counts two; an astronaut is not a cosmonaut", () => {
  const base = "a little dragon who can't breathe fire yet";
  rejects(base, "a little dragon who can no longer breathe fire", "unmatched");
  accepts("a superhero who can no longer fly", "a superhero who can't fly anymore");
  accepts("a superhero who can no longer fly", "a superhero who is no longer able to fly");
  rejects("a gladiator who loses his brother", "a gladiator who loses both of his brothers", "numbers");
  rejects("an astronaut who walks on Mars", "a cosmonaut who walks on Mars", "unmatched");
});

Deno.test("'who once walked' is 'who used to walk'; 'grandpa, once a magician,' is 'used to be one'", () => {
  accepts(
    "a retired astronaut who used to walk on the moon and now runs a tiny ice cream shop",
    "a retired astronaut who once walked on the moon and now runs a tiny ice cream shop",
  );
  accepts(
    "a grumpy old woman who used to be a circus acrobat teaches the kids to juggle",
    "a grumpy old woman, once a circus acrobat, teaches the kids to juggle",
  );
  rejects(
    "a grumpy old woman who is a circus acrobat teaches the kids to juggle",
    "a grumpy old woman, once a circus acrobat, teaches the kids to juggle",
    "time",
  );
  rejects(
    "a retired astronaut who walks on the moon every night in her dreams",
    "a retired astronaut who once walked on the moon every night in her dreams",
    "time",
  );
});

Deno.test("a year or decade in two digits is of the 1900s: 'in '43' is 1943, 'the 60s' the 1960s", () => {
  const story = "a teenage girl in occupied France hides a wounded British pilot";
  accepts(`${story} in '43`, `${story} in 1943`);
  rejects(`${story} in '43`, `${story} in 1944`, "numbers");
  accepts(
    "a double agent in Berlin in the 60s smuggles microfilm",
    "a double agent in Berlin in the 1960s smuggles microfilm",
  );
  // an age in decades stays an age
  rejects("a spy in her 60s smuggles microfilm", "a spy in the 1960s smuggles microfilm", "numbers");
});

Deno.test("'has not spoken' is a negated verb, not 'unspoken'; 'not happy' is still 'unhappy'", () => {
  const keeper = "a lighthouse keeper who hasn't spoken to anyone in ten years";
  accepts(keeper, "a lighthouse keeper who hasn't talked to anyone in ten years");
  rejects(keeper, "a lighthouse keeper who has spoken to someone in ten years", "negation");
  accepts("a girl who is not happy at her new school", "a girl who is unhappy at her new school");
});

Deno.test("'one more' is 'another'; 'once she' is 'when she'", () => {
  const smuggler = "a smuggler who will inherit the throne if she can keep her cargo hidden for";
  accepts(`${smuggler} one more week`, `${smuggler} another week`);
  accepts(`${smuggler} 1 more week`, `${smuggler} another week`);
  rejects(`${smuggler} one more week`, `${smuggler} two more weeks`, "numbers");
  accepts(
    "a little girl who wants to be an astronaut when she grows up",
    "a little girl who wants to be an astronaut once she grows up",
  );
  accepts(
    "Once upon a time, a girl named Rose lived by the sea.",
    "once upon a time a girl named Rose lived by the sea",
  );
});

Deno.test("what is under way at a time to come is the future: 'is moving next week' / 'is going to move next week'", () => {
  const girl = "a gentle story for a 5-year-old who";
  accepts(`${girl} is moving to a new house next week`, `${girl} is going to move to a new house next week`);
  rejects(`${girl} is moving to a new house tomorrow`, `${girl} moved to a new house yesterday`, "time");
  // without a time to come, under way is not the future
  rejects(`${girl} is moving to a new house`, `${girl} will move to a new house`, "time");
});

Deno.test("found on the fourteenth hold-out after its one evaluation: 'in her will' is the document, not the future", () => {
  const grandma = "grandma leaves her whole house to her cat in her will and the family is furious";
  rejects(
    grandma,
    "grandma is going to leave her whole house to her cat in her will and the family is furious",
    "time",
  );
  accepts(grandma, "in her will, grandma leaves her whole house to her cat and the family is furious");
  // the future said beside it still counts
  rejects("a lawyer reads the will", "a lawyer will read the will", "time");
});
