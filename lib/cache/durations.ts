/**
 * Centuries and decades read as years, so a count of years is compared as one number whichever unit the
 * prompt uses ("a dragon egg that has waited a century" / "waited 100 years", "for two centuries" / "for two
 * hundred years"). A pass over the words after lib/cache/converses.ts.
 */

const UNITS: Readonly<Record<string, number>> = { century: 100, centuries: 100, decade: 10, decades: 10 };
const COUNTS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/**
 * `words` with "a century", "two centuries", "three decades", "half a century" as a number of years, and "the
 * year 2150" as "2150".
 */
export function durationsInYears(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    // "the year 2150", "Year 1850:": the year is its number ("in 2150")
    if ((words[i] === "year" || words[i] === "yr") && saysAYear(words, i + 1)) {
      if (out.at(-1) === "the") out.pop();
      continue;
    }
    const half = words[i] === "half" && (words[i + 1] === "a" || words[i + 1] === "an") ? 1 : 0;
    const count = COUNTS[words[i + half]] ??
      (/^\d{1,2}$/.test(words[i + half] ?? "") ? Number(words[i + half]) : undefined);
    const unit = UNITS[words[i + half + 1] ?? ""];
    // (the singular after "a"/"one", the plural after more: "a century", "two centuries"; not "the 1850s")
    const agrees = unit !== undefined && (count === 1) === !/(ies|des)$/.test(words[i + half + 1]);
    if (count === undefined || !agrees) {
      out.push(words[i]);
      continue;
    }
    out.push(String((count * unit!) / (half ? 2 : 1)), "years");
    i += half + 1;
  }
  return out;
}

// The first word of a year said in words: "nineteen eighty-four", "twenty-one hundred".
const YEAR_LEADS = new Set(
  "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split(" "),
);
const YEAR_RESTS = new Set(
  ("hundred oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety").split(" "),
);

/** True when a year is said at `at`: four digits, or words such as "nineteen eighty" or "twenty one hundred". */
function saysAYear(words: string[], at: number): boolean {
  return /^\d{4}$/.test(words[at] ?? "") || (YEAR_LEADS.has(words[at]) && YEAR_RESTS.has(words[at + 1]));
}
