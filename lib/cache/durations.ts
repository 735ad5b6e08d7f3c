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

// Smaller units of time and how many of each make the next: "72 hours" is "3 days", "seven days" "a week".
const NEXT_UNIT: Readonly<Record<string, readonly [number, string, string]>> = {
  hour: [24, "day", "days"],
  hours: [24, "day", "days"],
  day: [7, "week", "weeks"],
  days: [7, "week", "weeks"],
  month: [12, "year", "years"],
  months: [12, "year", "years"],
};
const TEENS: Readonly<Record<string, number>> = {
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** The count said at `at` in digits or in words ("72", "seven", "forty eight") and how many words it takes. */
function countAt(words: string[], at: number): [number, number] | undefined {
  const word = words[at] ?? "";
  if (/^\d{1,3}$/.test(word)) return [Number(word), 1];
  const tens = TENS[word];
  if (tens !== undefined) {
    const unit = COUNTS[words[at + 1] ?? ""];
    return unit !== undefined && unit < 10 && !["a", "an"].includes(words[at + 1])
      ? [tens + unit, 2]
      : [tens, 1];
  }
  const small = TEENS[word] ?? (["a", "an"].includes(word) ? undefined : COUNTS[word]);
  return small === undefined ? undefined : [small, 1];
}

/**
 * A count of hours, days or months said in the largest unit it fills: "72 hours" is "3 days", "seven days" "a
 * week", "14 days" "2 weeks", "12 months" "a year"; other counts stay as said.
 */
function inLargestUnit(count: number, unit: string): [number, string] {
  let [n, u] = [count, unit];
  for (
    let next = NEXT_UNIT[u];
    next !== undefined && n >= next[0] && n % next[0] === 0;
    next = NEXT_UNIT[u]
  ) {
    n /= next[0];
    u = n === 1 ? next[1] : next[2];
  }
  return [n, u];
}

/**
 * `words` with "a century", "two centuries", "three decades", "half a century" as a number of years, "the
 * year 2150" as "2150", and hours, days and months in the largest unit they fill ("72 hours" as "3 days").
 */
export function durationsInYears(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const said = countAt(words, i);
    const unitAt = i + (said?.[1] ?? 0);
    if (said !== undefined && said[0] > 1 && NEXT_UNIT[words[unitAt] ?? ""] !== undefined) {
      const [n, unit] = inLargestUnit(said[0], words[unitAt]);
      if (unit !== words[unitAt]) {
        out.push(...(n === 1 ? ["a", unit] : [String(n), unit]));
        i = unitAt;
        continue;
      }
    }
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
