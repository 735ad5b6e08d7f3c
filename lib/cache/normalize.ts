/**
 * Text normalisation for the exact-match key and for the verifier's word lists.
 *
 * Two prompts that differ only in case, spacing, punctuation, accents, contractions or British/American
 * spelling get the same normalised text, so the cheapest lookup (a hash of it) answers them.
 */

/** British -> American spellings ("colour" -> "color"), from the bundled lexicon. */
export type SpellingVariants = Readonly<Record<string, string>>;

// Contractions are expanded before punctuation is dropped: otherwise "didn't" would become "didn t" and the
// negation would be lost to the verifier.
const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bwon't\b/g, "will not"],
  [/\bcan't\b/g, "can not"],
  [/\bshan't\b/g, "shall not"],
  [/\bain't\b/g, "is not"],
  [/\bcannot\b/g, "can not"],
  [/n't\b/g, " not"],
  [/'re\b/g, " are"],
  [/'ve\b/g, " have"],
  [/'ll\b/g, " will"],
  [/'m\b/g, " am"],
  [/'d\b/g, " would"],
];

/** Lowercase, NFKC, accents removed, curly quotes straightened, contractions expanded. */
function canonicalCharacters(text: string): string {
  let out = text.normalize("NFKC").toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
  out = out.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u201c\u201d]/g, '"');
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Splits a prompt into normalised words: letters and digits only, possessive "'s" dropped, spelling variants
 * mapped to one form. Digits stay attached to their suffix ("3rd", "10th") so the verifier can read them.
 */
export function promptWords(text: string, spelling: SpellingVariants = {}): string[] {
  const cleaned = canonicalCharacters(text).replace(/'s\b/g, "").replace(/[^\p{L}\p{N}]+/gu, " ");
  const words = cleaned.split(" ").filter((w) => w.length > 0);
  return words.map((w) => Object.hasOwn(spelling, w) ? spelling[w] : w);
}

/**
 * The normalised text used as the exact-match key: {@link promptWords} joined by single spaces.
 * "Once upon a time, a little girl found a DRAGON!" and "once upon a time a little girl found a dragon"
 * give the same key.
 */
export function normalizePrompt(text: string, spelling: SpellingVariants = {}): string {
  return promptWords(text, spelling).join(" ");
}
