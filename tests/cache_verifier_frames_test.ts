/**
 * How people ask, read as asking (session of 2026-12-01, third): frames such as "I'd really appreciate",
 * "may I have", "any chance of", "is it possible to get", "would you be able to write", "do you think you could
 * write", "can I request", "let's hear", "I'd like to read", a first-person ask after chat ("ok weird request
 * but can i get…"), praise after the request ("… would be amazing, thanks"), chat such as "if possible",
 * "asap", "when you get a chance" and "yeah", and a sentence that says what the text is for ("It's for a school
 * project.") or cheers ("Have fun with it!"). And, the other way, a request that points back at what the asker
 * told ("… a dead mouse every morning. write a funny story about why") keeps what was told. Each with the
 * requests it must accept and a different request it must still reject; the sentences are written here, not
 * taken from the evaluation files.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

const lexicon = await Lexicon.load();
const { accepts, rejects } = verifierAssertions(lexicon);

const LAMP = "a story about a lamplighter who is afraid of the dark";

Deno.test("first-person frames ask for the text, wherever the clause starts", () => {
  for (
    const asked of [
      `I'd really appreciate ${LAMP}`,
      `may I have ${LAMP}?`,
      `any chance of ${LAMP}?`,
      `is it possible to get ${LAMP}?`,
      `would you be able to write ${LAMP}?`,
      `do you think you could write ${LAMP}?`,
      `could you come up with ${LAMP}?`,
      `Can I request ${LAMP}?`,
      `I'm requesting ${LAMP}`,
      `let's hear ${LAMP}`,
      `i wanna read ${LAMP}`,
      `I'd like to hear ${LAMP}`,
      `I'd be grateful for ${LAMP}`,
      `hmm ok but can i get ${LAMP}? thx`,
      `so yeah, ${LAMP}`,
      `whip up ${LAMP}`,
      `spin me ${LAMP}`,
      `pen ${LAMP}`,
      `read me ${LAMP}`,
      `hoping you can write ${LAMP}`,
      `you got ${LAMP}?`,
    ]
  ) accepts(LAMP, asked);
  rejects(LAMP, "I'd really appreciate a story about a lamplighter who is afraid of the sea", "unmatched");
  rejects(LAMP, "may I have a story about a lamplighter who is not afraid of the dark?", "antonym");
});

Deno.test("praise after the request is the asker's, not the story's; a character's 'would be' stays", () => {
  accepts(LAMP, `${LAMP} would be amazing, thanks`);
  accepts(LAMP, `hey! ${LAMP} would be so appreciated, we read it tonight`);
  accepts(LAMP, `${LAMP} would be great!`);
  const brave = "a story about a lamplighter who thinks it would be great to be brave";
  rejects(brave, "a story about a lamplighter who thinks it is great to be brave", "time");
  rejects(LAMP, `${LAMP} who would be great at singing`, "time");
});

Deno.test("'if possible', 'asap', 'when you get a chance' and 'whenever you can' are chat", () => {
  for (
    const asked of [
      `${LAMP}, if possible`,
      `need ${LAMP} asap`,
      `${LAMP} when you get a chance`,
      `${LAMP} whenever you can`,
      `${LAMP}, if you have time`,
    ]
  ) accepts(LAMP, asked);
  rejects(LAMP, "a story about a lamplighter who can be afraid of the dark, if possible", "time");
});

Deno.test("what the text is for and a cheer are said around the request", () => {
  accepts(LAMP, `${LAMP}. It's for a school project.`);
  accepts(LAMP, `${LAMP}. this is for a sleepover tonight`);
  accepts(LAMP, `${LAMP}. Have fun with it!`);
  // ("Have it end happily." shapes the text)
  rejects(LAMP, `${LAMP}. Have it end happily.`, "unmatched");
  rejects(
    LAMP,
    "a story about a lamplighter who is afraid of the dark. It's for a scary night.",
    "unmatched",
  );
});

Deno.test("'write a story about why' points back at what the asker told", () => {
  const mouse =
    "My cat Luna brings me a dead mouse every morning as a present. write a funny story about why!!";
  accepts(
    mouse,
    "my cat Luna brings me a dead mouse every morning as a present, write a funny story about why",
  );
  rejects(
    mouse,
    "My cat Luna brings me a flower every morning as a present. write a funny story about why!!",
    "unmatched",
  );
  rejects(
    "My dog hides my socks every night. write a story about how it all started",
    "My dog hides my shoes every night. write a story about how it all started",
    "unmatched",
  );
});

Deno.test("a request typed straight after the story, with no punctuation, is read as a request", () => {
  const cabin =
    "Something in the woods behind our cabin knocks on the windows every night. Write this as a horror story.";
  accepts(
    cabin,
    "something in the woods behind our cabin knocks on the windows every night write this as a horror story",
  );
  rejects(
    cabin,
    "something in the woods behind our cabin knocks on the windows every night write this as a funny story",
    "unmatched",
  );
  const goldfish =
    "my kid's goldfish died yesterday, can you write a gentle story about a girl saying goodbye to her goldfish";
  accepts(
    goldfish,
    "my kid's goldfish died yesterday can you write a gentle story about a girl saying goodbye to her goldfish",
  );
  const wedding =
    "at my sister's wedding the ring got swallowed by our dog. can you make a funny story out of that";
  accepts(
    wedding,
    "at my sister's wedding the ring got swallowed by our dog lol can you make a funny story out of that",
  );
  // (what the request points back at is the story: it is never dropped as an aside)
  rejects(
    wedding,
    "at my sister's wedding the cake got eaten by our dog lol can you make a funny story out of that",
    "unmatched",
  );
  // ("learns to write a poem", "they write a song": the story's verbs, not a request)
  const poem = "a story about a robot who learns to write a poem for its inventor";
  rejects(poem, "a story about a robot who learns to read a poem for its inventor", "unmatched");
});

Deno.test("a greeting before the request and thanks after it are both set aside, on one prompt only", () => {
  const grandpa =
    "my grandpa forgets my name but still remembers every song from 1962. can you write a gentle story about him";
  accepts(
    grandpa,
    "hi, sorry if this is a weird one. my grandpa forgets my name but still remembers every song from 1962. can you write a gentle story about him? it would mean a lot",
  );
  accepts(
    "hey can you write me a spy thriller about a double agent in Cold War Berlin",
    "hey, could you please write me a spy thriller about a double agent in Cold War Berlin? would really appreciate it",
  );
  accepts("a story about a lonely whale. Could you help?", "a story about a lonely whale");
  // (one differing sentence on each side is no pair of asides)
  rejects("Pirate story. Captain afraid of water.", "Pirate story. Captain afraid of gold.", "unmatched");
  rejects(
    "Three dwarves set out to find a lost diamond under an ice mountain. Write their adventure.",
    "Three dwarves set out to find a lost crown under an ice mountain. Write their adventure.",
    "unmatched",
  );
});

Deno.test("double spaces, and chat right after 'one day', 'someday' or 'yet', change nothing", () => {
  const pig = "bedtime story for my 4 yo about a pig who wants to learn to swim";
  accepts(pig, "  bedtime  story  for  my  4  yo  about  a  pig  who  wants  to  learn  to  swim  ");
  const king = "tell me a story about a stable boy who will become king one day";
  accepts(king, `${king} pls!!`);
  accepts(king, `${king} Thanks so much!`);
  rejects(king, "tell me a story about a stable boy who will become king in one day pls!!", "unmatched");
  const lottery = "a retired bus driver who is going to win the lottery but doesn't know it yet";
  accepts(lottery, `${lottery} pls!!`);
});

Deno.test("an age in parentheses after the asker's own, in digits or words, is said of them as 'she's 10' is", () => {
  const doll = "My daughter wants a creepy story about a haunted doll. She's 10.";
  accepts(doll, "my daughter (10) wants a creepy story about a haunted doll");
  accepts(
    "my son (4) wants a story about a robot vacuum",
    "My son (four) wants a story about a robot vacuum.",
  );
  accepts(
    "Im sixteen and into cars. write me a story about a street race",
    "I'm 16 and into cars. Write me a story about a street race",
  );
  // (a count in parentheses after no word stays: "three books (2)" is no age)
  rejects("a story about three books on a shelf", "a story about (2) books on a shelf", "numbers");
});

Deno.test("closings after the request are chat: 'if you can', 'or something', 'i guess', 'plsss', '<3', 'Can't wait!'", () => {
  for (
    const asked of [
      `${LAMP} if you can`,
      `${LAMP} or something`,
      `${LAMP} i guess`,
      `${LAMP} plsss`,
      `${LAMP} <3 thanks`,
      `${LAMP}. Can't wait to read it!`,
      `${LAMP}. No pressure!`,
      `${LAMP}. Have a nice day!`,
    ]
  ) accepts(LAMP, asked);
  // (inside the story they stay: "who can help if you can find him")
  rejects(LAMP, "a story about a lamplighter who is afraid of the dark if you can not see", "negation");
  rejects(LAMP, "a story about three lamplighters who are afraid of the dark", "numbers");
});

Deno.test("the asker's wish after 'and' asks too: 'I teach Spanish to 4th graders and want a story…'", () => {
  const oaxaca =
    "i teach spanish to 4th graders and want a gentle story about a girl in Oaxaca who builds an ofrenda";
  accepts(
    oaxaca,
    "i teach spanish to 4th graders and would like you to tell a gentle tale about a girl in Oaxaca who builds an ofrenda",
  );
  rejects(
    oaxaca,
    "i teach spanish to 4th graders and want a gentle story about a girl in Lima who builds an ofrenda",
    "unmatched",
  );
  // ("…, would like to design a library": the story's wish stays)
  const ngozi = "Ngozi, a junior architect in Lagos, wants to design a library for her old school";
  accepts(ngozi, "Ngozi, a junior architect in Lagos, would like to design a library for her old school");
  rejects(ngozi, "Ngozi, a junior architect in Lagos, designs a library for her old school", "time");
});
