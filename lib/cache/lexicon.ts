/**
 * The bundled lexicon (models/embed-static/lexicon.json, extracted from WordNet 3.0 by tools/embed-model):
 * lemmas with their synsets, antonyms, morphological exceptions, number words and first names. Users' machines
 * have no WordNet, so the verifier reads everything it knows about words from here.
 */
import {
  EVERYDAY_FILE,
  type EverydayGroup,
  type EverydayOpposite,
  NEAR_FILE,
  NEAR_NOUNS_FILE,
  OPPOSITES_FILE,
  parseEverydayOpposites,
  parseEverydaySynonyms,
  parseNearNouns,
  parseNearSynonyms,
  parsePertainyms,
  PERTAINYMS_FILE,
} from "./everyday.ts";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PREPOSITIONS } from "./words.ts";
import {
  AGE_AND_SIZE,
  FAMILIAR_NAMES,
  type LexiconData,
  NOT_SYNONYMS,
  type Pos,
  POS_OF_TABLE,
  SUFFIX_RULES,
  TIME_UNITS,
} from "./wordnet_rules.ts";

export type { LexiconData, Pos } from "./wordnet_rules.ts";

/** Default location of the lexicon, next to the bundled embedding model. */
export const DEFAULT_LEXICON_URL = new URL("../../models/embed-static/lexicon.json", import.meta.url);

/** Longest multi-word lemma the verifier looks for ("come to life", "in the end"). */
export const MAX_PHRASE_WORDS = 4;

interface SynsetNeighbourhood {
  own: Set<number>;
  similar: Set<number>;
  broader: Set<number>;
  /** Is-a parents of rare verb senses. */
  rareBroader: Set<number>;
  /** Infrequent senses: a synonym through one only when it is a frequent sense of the other word. */
  rare: Set<number>;
}

/** Word knowledge for the verifier, with the lookups it needs. */
export class Lexicon {
  /** First names and WordNet proper nouns: never corrected as typos of each other. */
  readonly names: ReadonlySet<string>;
  readonly #proper: ReadonlySet<string>;
  readonly #kindCache = new Map<string, boolean>();
  readonly spelling: Readonly<Record<string, string>>;
  readonly #data: LexiconData;
  readonly #lemmaCache = new Map<string, readonly string[]>();
  readonly #synsetCache = new Map<string, SynsetNeighbourhood>();
  /** Noun synsets of FAMILIAR_NAMES. */
  #familiar?: ReadonlySet<number>;
  /** Multi-word lemmas by first word, as word lists, longest first. */
  readonly #phrases = new Map<string, string[][]>();
  /** Whole words of the embedding model's vocabulary: words seen often enough in books to get a vector. */
  readonly #common: ReadonlySet<string>;
  /** For each member of the everyday thesaurus, its groups (index and part of speech). */
  readonly #everyday = new Map<string, Array<{ group: number; pos: Pos }>>();
  /** Multi-word members of the everyday thesaurus that WordNet does not have. */
  readonly #everydayPhrases = new Set<string>();
  /** For each word of the everyday opposites, the words on the other side of its lines. */
  readonly #opposites = new Map<string, string[]>();
  readonly #pertainyms = new Map<string, string[]>();

  /**
   * `common`: frequent words (the embedding vocabulary); a rare word may be a misspelling of a common one.
   * `everyday`: the hand-written thesaurus groups (parseEverydaySynonyms); `opposites`: the hand-written
   * everyday opposites (parseEverydayOpposites).
   */
  constructor(
    data: LexiconData,
    common: Iterable<string> = [],
    everyday: readonly EverydayGroup[] = [],
    opposites: readonly EverydayOpposite[] = [],
    pertainyms: ReadonlyArray<readonly [string, string]> = [],
  ) {
    for (const [adjective, noun] of pertainyms) {
      for (const [x, y] of [[adjective, noun], [noun, adjective]]) {
        this.#pertainyms.set(x, [...this.#pertainyms.get(x) ?? [], y]);
      }
    }
    if (data.format !== "ailb-lexicon" || data.version !== 1) {
      throw new Error(`unsupported lexicon format ${data.format} v${data.version}`);
    }
    this.#data = data;
    this.names = new Set(data.names);
    this.#proper = new Set(data.proper);
    this.spelling = data.spelling;
    this.#common = new Set(common);
    for (const lemma of Object.keys(data.lemmas)) {
      if (!lemma.includes("_")) continue;
      const words = lemma.split("_");
      if (words.length > MAX_PHRASE_WORDS) continue;
      this.#phrases.set(words[0], [...this.#phrases.get(words[0]) ?? [], words]);
    }
    for (const [group, { pos, members, joins = true }] of everyday.entries()) {
      // "turn into", "pretend to be": the verifier reads "turns the prince into a frog", "is turned into a frog
      // by" and "a fox pretending to be a dog" itself, so the verb stands for the phrase
      const verbOnly = (m: string) => m.replace(/_(into|to_be)$/, "");
      // An adverbial that ends in a preposition ("next to", "instead of", "because of") is a preposition: the
      // verifier reads those as function words, so the phrase is left to them.
      const prepositional = (m: string) => pos === "r" && PREPOSITIONS.has(m.split("_").at(-1)!);
      // "get caught", "be promoted": a passive, which the verifier reads with its doer ("by the fisherman")
      const passive = (m: string) => {
        const [first, second, ...rest] = m.split("_");
        return rest.length === 0 && second !== undefined && ["be", "get", "become"].includes(first) &&
          this.isPastForm(second);
      };
      for (const member of members.map(verbOnly).filter((m) => !prepositional(m) && !passive(m))) {
        this.#everyday.set(member, [...this.#everyday.get(member) ?? [], { group, pos }]);
        const words = member.split("_");
        if (
          !joins || words.length < 2 || words.length > MAX_PHRASE_WORDS || Object.hasOwn(data.lemmas, member)
        ) {
          continue;
        }
        // "old man", "little brother": read word by word, so that "young man" / "big brother" stay another
        // person (an age or size joined to its noun would hide the flip)
        if (words.length === 2 && pos === "n" && AGE_AND_SIZE.has(words[0])) continue;
        this.#everydayPhrases.add(member);
        const known = this.#phrases.get(words[0]) ?? [];
        if (!known.some((p) => p.join("_") === member)) this.#phrases.set(words[0], [...known, words]);
      }
    }
    for (const list of this.#phrases.values()) list.sort((a, b) => b.length - a.length);
    for (const { sides: [x, y] } of opposites) {
      for (const [from, to] of [[x, y], [y, x]]) {
        for (const word of from) this.#opposites.set(word, [...this.#opposites.get(word) ?? [], ...to]);
      }
    }
  }

  /**
   * Reads a lexicon file and the word list of the tokenizer.json beside it (when there is one); throws with the
   * path in the message when the lexicon is missing or malformed.
   */
  static async load(url: URL | string = DEFAULT_LEXICON_URL): Promise<Lexicon> {
    let text: string;
    try {
      text = await Deno.readTextFile(url);
    } catch (error) {
      throw new Error(`cannot read lexicon ${url}: ${(error as Error).message}`);
    }
    const data = JSON.parse(text) as LexiconData;
    let common: string[] = [];
    try {
      const tokenizer = JSON.parse(
        await Deno.readTextFile(
          new URL("tokenizer.json", typeof url === "string" ? pathToFileURL(resolve(url)) : url),
        ),
      );
      common = Object.keys(tokenizer?.model?.vocab ?? {}).filter((w) => /^[a-z]+$/.test(w));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const beside = (name: string) =>
      new URL(name, typeof url === "string" ? pathToFileURL(resolve(url)) : url);
    // each list is optional: without it the lexicon is WordNet's alone
    const optional = async <T>(name: string, parse: (text: string, source: string) => T[]): Promise<T[]> => {
      const file = beside(name);
      try {
        return parse(await Deno.readTextFile(file), file.pathname);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return [];
        throw error;
      }
    };
    const everyday = [
      ...await optional(EVERYDAY_FILE, parseEverydaySynonyms),
      ...await optional(NEAR_FILE, parseNearSynonyms),
      ...await optional(NEAR_NOUNS_FILE, parseNearNouns),
    ];
    const opposites = await optional(OPPOSITES_FILE, parseEverydayOpposites);
    const pertainyms = await optional(PERTAINYMS_FILE, parsePertainyms);
    return new Lexicon(data, common, everyday, opposites, pertainyms);
  }

  /**
   * True when one word is an adjective WordNet says is "of" the other, a noun, in either order or inflection
   * ("Tibetan" / "Tibet", "volcanic" / "volcano", "rural" / "country").
   */
  arePertainyms(a: string, b: string): boolean {
    const lb = [b, ...this.lemmasOf(b)];
    return [a, ...this.lemmasOf(a)].some((x) => (this.#pertainyms.get(x) ?? []).some((y) => lb.includes(y)));
  }

  /** True for words frequent enough in books to be in the embedding vocabulary. */
  isCommon(word: string): boolean {
    return this.#common.has(word);
  }

  /** True for a multi-word member of the everyday thesaurus that is not a WordNet lemma ("go_missing"). */
  isEverydayPhrase(phrase: string): boolean {
    return this.#everydayPhrases.has(phrase);
  }

  /** Multi-word lemmas ("run_away" as ["run", "away"]) whose first word is `lemma`, longest first. */
  phrasesStartingWith(lemma: string): readonly string[][] {
    return this.#phrases.get(lemma) ?? [];
  }

  /** True when some lemma of the word has a synset of this part of speech (n, v, a, r). */
  canBe(word: string, pos: Pos): boolean {
    return this.lemmasOf(word).some((lemma) => this.#hasPos(lemma, pos));
  }

  /** True when the word is a past form of a verb: an irregular one ("went", "caught") or a verb + "ed". */
  isPastForm(word: string): boolean {
    const irregular = this.#data.exceptions.verb;
    if (Object.hasOwn(irregular, word)) return irregular[word].some((base) => base !== word);
    // ("died", "tied": four letters; not a verb of its own, "feed", "heed")
    if (!word.endsWith("ed") || word.length < 4 || (word.length === 4 && this.#hasPos(word, "v"))) {
      return false;
    }
    return [word.slice(0, -2), word.slice(0, -1)].some((base) => this.#hasPos(base, "v"));
  }

  /** True when the word is only a plural noun form ("birds", "children"), not a singular noun itself ("news"). */
  isPluralNoun(word: string): boolean {
    if (this.#hasPos(word, "n")) return false;
    const irregular = this.#data.exceptions.noun;
    if (Object.hasOwn(irregular, word)) return irregular[word].some((base) => base !== word);
    return word.endsWith("s") && this.lemmasOf(word).some((l) => l !== word && this.#hasPos(l, "n"));
  }

  /** True when the word is a dictionary word: a form of a WordNet lemma that is not only a proper name. */
  isKnown(word: string): boolean {
    // (a word of the everyday thesaurus is a word even where WordNet only writes it capitalised: "realtor")
    return this.lemmasOf(word).some((lemma) => !this.#proper.has(lemma) || this.#everyday.has(lemma));
  }

  #hasPos(lemma: string, pos: Pos): boolean {
    return (Object.hasOwn(this.#data.lemmas, lemma) &&
      this.#data.lemmas[lemma].some((id) => this.#data.synset_pos[id] === pos)) ||
      (this.#everyday.get(lemma)?.some((g) => g.pos === pos) ?? false);
  }

  /** WordNet lemmas the word can be a form of (morphy: exception lists, then suffix rules). */
  lemmasOf(word: string): readonly string[] {
    const cached = this.#lemmaCache.get(word);
    if (cached) return cached;
    const { lemmas, exceptions } = this.#data;
    const found = new Set<string>();
    if (Object.hasOwn(lemmas, word) || this.#everyday.has(word)) found.add(word);
    for (const [name, table] of Object.entries(exceptions)) {
      for (const base of Object.hasOwn(table, word) ? table[word] : []) {
        if (this.#hasPos(base, POS_OF_TABLE[name])) found.add(base);
      }
    }
    // (a noun in -er is no comparative: "a dragon tamer" is not "more tame", nor a "gamer" "more game")
    const noun = this.#hasPos(word, "n");
    for (const [pos, suffix, replacement] of SUFFIX_RULES) {
      if (pos === "a" && noun) continue;
      if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
        const base = word.slice(0, word.length - suffix.length) + replacement;
        if (this.#hasPos(base, pos)) found.add(base);
      }
    }
    const result = [...found];
    if (this.#lemmaCache.size > 50_000) this.#lemmaCache.clear();
    this.#lemmaCache.set(word, result);
    return result;
  }

  #synsets(word: string, nominal = false): SynsetNeighbourhood {
    const key = nominal ? `${word}/n` : word;
    const cached = this.#synsetCache.get(key);
    if (cached) return cached;
    const own = new Set<number>(), similar = new Set<number>(), broader = new Set<number>();
    const rareBroader = new Set<number>(), rare = new Set<number>();
    for (const lemma of this.lemmasOf(word)) {
      for (const id of this.#data.rare_senses?.[lemma] ?? []) {
        if (!nominal || this.#data.synset_pos[id] === "n" || this.#data.synset_pos[id] === "a") rare.add(id);
      }
      for (const id of this.#data.lemmas[lemma] ?? []) {
        if (nominal && this.#data.synset_pos[id] !== "n" && this.#data.synset_pos[id] !== "a") continue;
        own.add(id);
        for (const near of this.#data.similar[String(id)] ?? []) similar.add(near);
        // A kind of thing is another thing, not a word for its parent: a coach is not the teacher asked for, an
        // android not the robot, a cottage not any house (nor a pony the horse). Nouns only stand for their
        // is-a parent when they are a familiar name for it ("dad" / "father").
        if (this.#data.synset_pos[id] === "n" && !this.#isFamiliarName(id)) continue;
        for (const parent of this.#data.hypernyms[String(id)] ?? []) broader.add(parent);
      }
      for (const id of nominal ? [] : this.#data.rare_verb_senses?.[lemma] ?? []) {
        rare.add(id);
        for (const parent of this.#data.hypernyms[String(id)] ?? []) rareBroader.add(parent);
      }
    }
    if (this.#synsetCache.size > 50_000) this.#synsetCache.clear();
    const result = { own, similar, broader, rareBroader, rare };
    this.#synsetCache.set(key, result);
    return result;
  }

  /** True when the word's most frequent noun sense is a person or an animal ("fisherman", "dog"). */
  isAnimate(word: string): boolean {
    return this.isKindOf(word, "person", true) || this.isKindOf(word, "animal", true);
  }

  /**
   * True when a noun reading of the word is a kind of the root's first noun sense ("girl" and "fisherman" are
   * kinds of "person", "dog" of "animal"), through WordNet's is-a parents. With `firstSense`, only the word's
   * most frequent noun sense counts ("dog" is no person for its rare sense of an unpleasant girl).
   */
  isKindOf(word: string, root: string, firstSense = false): boolean {
    const rootId = (this.#data.lemmas[root] ?? []).find((id) => this.#data.synset_pos[id] === "n");
    if (rootId === undefined) return false;
    const key = `${word}\u0000${root}\u0000${firstSense ? 1 : 0}`;
    const known = this.#kindCache.get(key);
    if (known !== undefined) return known;
    const senses = this.lemmasOf(word).flatMap((lemma) =>
      (this.#data.lemmas[lemma] ?? []).filter((id) => this.#data.synset_pos[id] === "n")
    );
    const seen = new Set<number>();
    let frontier = firstSense ? senses.slice(0, 1) : senses;
    let found = false;
    for (let depth = 0; depth < 16 && frontier.length > 0 && !found; depth++) {
      found = frontier.includes(rootId);
      frontier = frontier.flatMap((id) => this.#data.hypernyms[String(id)] ?? []).filter((id) =>
        !seen.has(id)
      );
      for (const id of frontier) seen.add(id);
    }
    if (this.#kindCache.size > 50_000) this.#kindCache.clear();
    this.#kindCache.set(key, found);
    return found;
  }

  /** True when the noun synset is a familiar name for its is-a parent (FAMILIAR_NAMES). */
  #isFamiliarName(id: number): boolean {
    this.#familiar ??= new Set(
      FAMILIAR_NAMES.flatMap((lemma) => this.#data.lemmas[lemma] ?? []).filter((s) =>
        this.#data.synset_pos[s] === "n"
      ),
    );
    return this.#familiar.has(id);
  }

  /**
   * True when some reading of a and some reading of b are the same synset, one step apart (adjective "similar
   * to" or "also see", or the direct is-a parent for verbs, and for nouns that are a familiar name: "bunny" /
   * "rabbit"; for verbs also from a rare sense: "devour" / "eat"). Siblings are deliberately not synonyms:
   * "duck" / "goose" share a parent, and "red" / "blue" are both "similar to" chromatic. `nominalA`/`nominalB`:
   * the word stands in a noun phrase, so only its noun and adjective readings count ("a young pirate" is not
   * "stole"). WordNet's synsets that join two things a story tells apart (NOT_SYNONYMS) do not count.
   */
  areSynonyms(a: string, b: string, nominalA = false, nominalB = false): boolean {
    const [la, lb] = [this.lemmasOf(a), this.lemmasOf(b)];
    if (
      NOT_SYNONYMS.some(([x, y]) => (la.includes(x) && lb.includes(y)) || (la.includes(y) && lb.includes(x)))
    ) {
      return false;
    }
    if (la.some((x) => TIME_UNITS.has(x)) && lb.some((y) => TIME_UNITS.has(y))) return false;
    // an antonym (WordNet's, or an everyday opposite) is never a synonym, whatever a shared rare sense or a loose
    // link says ("king" / "queen", "land" / "take off")
    if (
      la.some((x) =>
        [...this.#data.antonyms[x] ?? [], ...this.#opposites.get(x) ?? []].some((y) => lb.includes(y))
      )
    ) {
      return false;
    }
    if (this.#everydaySynonyms(la, lb, nominalA || nominalB)) return true;
    const x = this.#synsets(a, nominalA), y = this.#synsets(b, nominalB);
    const meets = (s: Set<number>, t: Set<number>) => [...s].some((id) => t.has(id));
    return meets(x.own, y.own) || meets(x.own, y.rare) || meets(y.own, x.rare) ||
      meets(x.own, y.similar) || meets(y.own, x.similar) ||
      meets(x.own, y.broader) || meets(y.own, x.broader) ||
      meets(x.own, y.rareBroader) || meets(y.own, x.rareBroader);
  }

  /** True when a lemma of each side is in one group of the everyday thesaurus (no verb group in a noun phrase). */
  #everydaySynonyms(la: readonly string[], lb: readonly string[], nominal: boolean): boolean {
    const groups = (lemmas: readonly string[]) =>
      lemmas.flatMap((l) => this.#everyday.get(l) ?? []).filter((g) => !nominal || g.pos !== "v");
    const ga = new Set(groups(la).map((g) => g.group));
    return ga.size > 0 && groups(lb).some((g) => ga.has(g.group));
  }

  /**
   * True when some noun reading of a and some noun reading of b are kinds of one thing ("grandma" and
   * "grandpa" are grandparents, "cat" and "dog" carnivores... one step up): two words for two things.
   */
  areSiblings(a: string, b: string): boolean {
    const parents = (word: string) =>
      new Set(
        this.lemmasOf(word).flatMap((lemma) => this.#data.lemmas[lemma] ?? [])
          .filter((id) => this.#data.synset_pos[id] === "n")
          .flatMap((id) => this.#data.hypernyms[String(id)] ?? []),
      );
    const pa = parents(a);
    return [...parents(b)].some((id) => pa.has(id));
  }

  /** True when WordNet lists some lemma of a as an antonym of some lemma of b (win/lose, happy/unhappy). */
  areAntonyms(a: string, b: string): boolean {
    const lemmasB = new Set(this.lemmasOf(b));
    return this.antonymLemmas(a).some((x) => lemmasB.has(x));
  }

  /** The lemmas WordNet or the everyday opposites list as antonyms of any lemma of the word. */
  antonymLemmas(word: string): string[] {
    return this.lemmasOf(word).flatMap((lemma) => [
      ...this.#data.antonyms[lemma] ?? [],
      ...this.#opposites.get(lemma) ?? [],
    ]);
  }

  /** Value of a cardinal number word ("three" -> 3), undefined for other words. */
  cardinal(word: string): number | undefined {
    return Object.hasOwn(this.#data.numbers.cardinal, word) ? this.#data.numbers.cardinal[word] : undefined;
  }

  /** Value of an ordinal word ("third" -> 3, "last" -> -1), undefined for other words. */
  ordinal(word: string): number | undefined {
    return Object.hasOwn(this.#data.numbers.ordinal, word) ? this.#data.numbers.ordinal[word] : undefined;
  }
}
