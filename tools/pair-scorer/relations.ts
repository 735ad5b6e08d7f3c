/**
 * Word relations for the pair generator, read from the bundled WordNet lexicon: synonyms the verifier matches,
 * near synonyms it does not (adjectives "similar to" the same head: starving / famished), antonyms, and
 * co-hyponyms (a wolf and a fox are both canines, yet another creature). Only common words (the embedding
 * vocabulary) and only the first senses, so the pairs read like prompts people write.
 */
import type { Lexicon, LexiconData } from "../../lib/cache/lexicon.ts";
import type { Verb } from "./words.ts";

const SENSES = 1;
const WORD = /^[a-z]+$/;

/** Relations between common words. */
export class WordRelations {
  readonly #lexicon: Lexicon;
  readonly #data: LexiconData;
  readonly #members = new Map<number, string[]>();
  readonly #children = new Map<number, number[]>();
  readonly #irregular = new Set<string>();

  constructor(lexicon: Lexicon, data: LexiconData) {
    this.#lexicon = lexicon;
    this.#data = data;
    for (const [lemma, ids] of Object.entries(data.lemmas)) {
      if (!WORD.test(lemma)) continue;
      for (const id of ids) this.#members.set(id, [...this.#members.get(id) ?? [], lemma]);
    }
    for (const [child, parents] of Object.entries(data.hypernyms)) {
      for (const p of parents) this.#children.set(p, [...this.#children.get(p) ?? [], Number(child)]);
    }
    for (const bases of Object.values(data.exceptions.verb)) for (const b of bases) this.#irregular.add(b);
  }

  #senses(word: string, pos: string): number[] {
    const ids = Object.hasOwn(this.#data.lemmas, word) ? this.#data.lemmas[word] : [];
    return ids.filter((id) =>
      this.#data.synset_pos[id] === pos || (pos === "a" && this.#data.synset_pos[id] === "s")
    )
      .slice(0, SENSES);
  }

  /** Common words other than `not`; with `sense`, only words for which that synset is a main sense. */
  #common(words: Iterable<string>, not: string, pos?: string): string[] {
    return [...new Set(words)].filter((w) =>
      w !== not && this.#lexicon.isCommon(w) && !this.#lexicon.names.has(w) &&
      (pos === undefined || this.#senses(w, pos).length > 0)
    );
  }

  /** Members of a synset for which it is one of their main senses. */
  #mainMembers(id: number, pos: string): string[] {
    return (this.#members.get(id) ?? []).filter((w) => this.#senses(w, pos).includes(id));
  }

  /** Synonyms the verifier accepts: the same synset, or one "similar to" link away (adjectives). */
  synonyms(word: string, pos: "n" | "a" | "v"): string[] {
    const out: string[] = [];
    for (const id of this.#senses(word, pos)) {
      out.push(...this.#mainMembers(id, pos));
      if (pos === "a") {
        for (const near of this.#data.similar[String(id)] ?? []) out.push(...this.#mainMembers(near, pos));
      }
    }
    return this.#common(out, word).filter((w) => this.#lexicon.areSynonyms(word, w));
  }

  /** Adjectives "similar to" the same head as `adj` that the verifier does not match with it. */
  nearSynonyms(adj: string): string[] {
    const out: string[] = [];
    for (const id of this.#senses(adj, "a")) {
      for (const head of this.#data.similar[String(id)] ?? []) {
        for (const sibling of this.#data.similar[String(head)] ?? []) {
          if (sibling !== id) out.push(...this.#mainMembers(sibling, "a"));
        }
      }
    }
    return this.#common(out, adj).filter((w) =>
      !this.#lexicon.areSynonyms(adj, w) && !this.#lexicon.areAntonyms(adj, w)
    );
  }

  /** WordNet antonyms. */
  antonyms(word: string): string[] {
    return this.#common(Object.hasOwn(this.#data.antonyms, word) ? this.#data.antonyms[word] : [], word);
  }

  /** Nouns with the same is-a parent as the first sense of `noun` (another creature or thing of its kind). */
  siblings(noun: string): string[] {
    const out: string[] = [];
    for (const id of this.#senses(noun, "n").slice(0, 1)) {
      for (const parent of this.#data.hypernyms[String(id)] ?? []) {
        for (const child of this.#children.get(parent) ?? []) {
          if (child !== id) out.push(...this.#mainMembers(child, "n"));
        }
      }
    }
    return this.#common(out, noun).filter((w) => !this.#lexicon.areSynonyms(noun, w));
  }

  /** The forms of a regular verb, or undefined for an irregular one (its past is not "+ed"). */
  regularVerb(base: string): Verb | undefined {
    if (this.#irregular.has(base) || !WORD.test(base)) return undefined;
    const third = /(s|x|z|ch|sh)$/.test(base)
      ? `${base}es`
      : /[^aeiou]y$/.test(base)
      ? `${base.slice(0, -1)}ies`
      : `${base}s`;
    const past = base.endsWith("e")
      ? `${base}d`
      : /[^aeiou]y$/.test(base)
      ? `${base.slice(0, -1)}ied`
      : /^[^aeiou]*[aeiou][bdgmnpt]$/.test(base)
      ? `${base}${base.at(-1)}ed`
      : `${base}ed`;
    return [base, third, past, past];
  }
}
