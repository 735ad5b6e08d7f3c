/**
 * Generates labelled story-prompt pairs from templates (words.ts) and the bundled WordNet lexicon: a base
 * prompt, then a paraphrase (framing, filler, synonym, near synonym, typo, reorder, passive, surface, several
 * at once) or a hard negative (antonym, negation, number, role swap, other character / object / place /
 * action, tense, genre, an added detail), often with a paraphrase change on top so that "something changed"
 * alone does not mean "different". Never reads tests/data: the evaluation set stays unseen.
 */
import type { Lexicon, LexiconData } from "../../lib/cache/lexicon.ts";
import {
  ADJECTIVES,
  CHARACTERS,
  CHAT_AFTER,
  CHAT_BEFORE,
  FRAMES,
  half,
  NAMES,
  OBJECT_ADJECTIVES,
  OBJECTS,
  OTHER_GENRES,
  PLACE_PREPOSITIONS,
  PLACES,
  type Verb,
  VERBS,
} from "./words.ts";
import { render, type Scene, type Style } from "./render.ts";
import { WordRelations } from "./relations.ts";
import { mulberry32 } from "../../lib/random.ts";

/** One generated pair: `a` is the cached prompt, `b` the new one. */
export interface GeneratedPair {
  a: string;
  b: string;
  label: 0 | 1;
  kind: string;
}

type Transform = (scene: Scene, style: Style) => [Scene, Style] | undefined;

/** The generator for one part of the vocabulary. */
export class PairGenerator {
  readonly #random: () => number;
  readonly #words;
  readonly #relations: WordRelations;
  readonly #lexicon: Lexicon;

  constructor(lexicon: Lexicon, data: LexiconData, part: "train" | "validation", seed: number) {
    this.#random = mulberry32(seed);
    this.#lexicon = lexicon;
    this.#relations = new WordRelations(lexicon, data);
    this.#words = {
      characters: half(CHARACTERS, part),
      names: half(NAMES, part),
      objects: half(OBJECTS, part),
      places: half(PLACES, part),
      adjectives: half(ADJECTIVES, part),
      objectAdjectives: half(OBJECT_ADJECTIVES, part),
      verbs: half(VERBS, part),
    };
  }

  #pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#random() * list.length)];
  }

  #chance(p: number): boolean {
    return this.#random() < p;
  }

  #other<T>(list: readonly T[], not: T): T {
    for (let i = 0; i < 20; i++) {
      const x = this.#pick(list);
      if (x !== not) return x;
    }
    return list.find((x) => x !== not)!;
  }

  /** A random base scene and style. */
  scene(): [Scene, Style] {
    const w = this.#words;
    const animate = this.#chance(0.35);
    const scene: Scene = {
      genre: "story",
      frame: this.#chance(0.15) ? -1 : Math.floor(this.#random() * FRAMES.length),
      adj: this.#chance(0.6) ? this.#pick(w.adjectives) : undefined,
      character: this.#pick(w.characters),
      name: this.#chance(0.15) ? this.#pick(w.names) : undefined,
      verb: this.#pick(w.verbs),
      tense: this.#pick(["present", "present", "past", "future"] as const),
      negated: false,
      count: this.#chance(0.12) ? 2 + Math.floor(this.#random() * 4) : undefined,
      objectAdj: this.#chance(0.4) ? this.#pick(w.objectAdjectives) : undefined,
      object: animate ? this.#pick(w.characters) : this.#pick(w.objects),
      animate,
      preposition: this.#pick(PLACE_PREPOSITIONS),
      place: this.#chance(0.6) ? this.#pick(w.places) : undefined,
    };
    if (scene.animate && scene.object === scene.character) {
      scene.object = this.#other(w.characters, scene.character);
    }
    const style: Style = {
      passive: this.#chance(0.15),
      where: scene.frame >= 0 && this.#chance(0.2),
      placeFirst: false,
      lower: false,
      noPeriod: false,
    };
    return [scene, style];
  }

  #swapWord(scene: Scene, related: (word: string, pos: "n" | "a" | "v") => string[]): Scene | undefined {
    const slots = (["adj", "character", "object", "objectAdj", "place", "verb"] as const).filter((slot) =>
      slot === "verb" || scene[slot] !== undefined
    );
    for (let tries = 0; tries < 6; tries++) {
      const slot = this.#pick(slots);
      if (slot === "verb") {
        const options = related(scene.verb[0], "v").map((v) => this.#relations.regularVerb(v)).filter((v) =>
          v !== undefined
        );
        if (options.length > 0) return { ...scene, verb: this.#pick(options) as Verb };
        continue;
      }
      const pos = slot === "adj" || slot === "objectAdj" ? "a" : "n";
      // plural objects need a plural: keep to words that take an "s"
      const options = related(scene[slot]!, pos).filter((w) =>
        !(slot === "object" && scene.count) || /[^sxy]$/.test(w)
      );
      if (options.length > 0) return { ...scene, [slot]: this.#pick(options) };
    }
    return undefined;
  }

  /** Paraphrase changes, by kind. */
  readonly paraphrases: Record<string, Transform> = {
    framing: (s, st) => {
      // (a bare sentence names no genre: only for a story, else it would undo a genre change)
      const frame = this.#chance(0.15) && s.genre === "story" ? -1 : this.#other([...FRAMES.keys()], s.frame);
      return frame === s.frame ? undefined : [{ ...s, frame }, { ...st, where: frame >= 0 && st.where }];
    },
    surface: (s, st) => [s, { ...st, lower: !st.lower, noPeriod: !st.noPeriod }],
    filler: (s, st) =>
      this.#chance(0.5)
        ? [s, { ...st, chatBefore: this.#pick(CHAT_BEFORE) }]
        : [s, { ...st, chatAfter: this.#pick(CHAT_AFTER) }],
    synonym: (s, st) => {
      const next = this.#swapWord(s, (w, pos) => this.#relations.synonyms(w, pos));
      return next && [next, st];
    },
    near_synonym: (s, st) => {
      for (const slot of ["adj", "objectAdj"] as const) {
        const options = s[slot] ? this.#relations.nearSynonyms(s[slot]!) : [];
        if (options.length > 0) return [{ ...s, [slot]: this.#pick(options) }, st];
      }
      return undefined;
    },
    typo: (s, st) => {
      const slots = (["adj", "character", "object", "place"] as const).filter((k) =>
        (s[k]?.length ?? 0) >= 5
      );
      if (slots.length === 0) return undefined;
      const slot = this.#pick(slots);
      return [{ ...s, [slot]: this.#typo(s[slot]!) }, st];
    },
    reorder: (s, st) => s.place ? [s, { ...st, placeFirst: !st.placeFirst }] : undefined,
    passive: (s, st) => [s, { ...st, passive: !st.passive }],
    where: (s, st) => s.frame >= 0 ? [s, { ...st, where: !st.where }] : undefined,
    called: (s, st) => s.name ? [s, { ...st, called: !st.called }] : undefined,
    past: (s, st) =>
      s.tense === "future" ? undefined : [{ ...s, tense: s.tense === "past" ? "present" : "past" }, st],
  };

  #typo(word: string): string {
    const i = 1 + Math.floor(this.#random() * (word.length - 2));
    const how = this.#pick(["drop", "double", "swap"]);
    if (how === "drop") return word.slice(0, i) + word.slice(i + 1);
    if (how === "double") return word.slice(0, i) + word[i] + word.slice(i);
    return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  }

  /** Hard-negative changes, by kind. */
  readonly negatives: Record<string, Transform> = {
    antonym: (s, st) => {
      for (const slot of ["adj", "objectAdj"] as const) {
        const options = s[slot] ? this.#relations.antonyms(s[slot]!) : [];
        if (options.length > 0) return [{ ...s, [slot]: this.#pick(options) }, st];
      }
      return undefined;
    },
    negation: (s, st) => [{ ...s, negated: !s.negated }, st],
    number: (
      s,
      st,
    ) => [{
      ...s,
      count: s.count ? this.#other([undefined, 2, 3, 4, 5, 6], s.count) : 2 + Math.floor(this.#random() * 4),
    }, st],
    role: (s, st) => s.animate ? [{ ...s, character: s.object, object: s.character }, st] : undefined,
    character: (s, st) => {
      const siblings = this.#relations.siblings(s.character);
      const next = siblings.length > 0 && this.#chance(0.4)
        ? this.#pick(siblings)
        : this.#other(this.#words.characters, s.character);
      return next === s.object ? undefined : [{ ...s, character: next }, st];
    },
    name: (s, st) => s.name ? [{ ...s, name: this.#other(this.#words.names, s.name) }, st] : undefined,
    object: (s, st) => {
      // a compound of two things is another thing ("a key" / "a lampkey"; most such words are unknown)
      if (!s.animate && !s.count && this.#chance(0.25)) {
        return [{ ...s, object: this.#other(this.#words.objects, s.object) + s.object }, st];
      }
      const pool = s.animate ? this.#words.characters : this.#words.objects;
      const siblings = this.#relations.siblings(s.object).filter((w) => !s.count || /[^sxy]$/.test(w));
      const next = siblings.length > 0 && this.#chance(0.4)
        ? this.#pick(siblings)
        : this.#other(pool, s.object);
      return next === s.character ? undefined : [{ ...s, object: next }, st];
    },
    place: (s, st) => {
      if (!s.place) return [{ ...s, place: this.#pick(this.#words.places) }, st];
      return this.#chance(0.5)
        ? [{ ...s, place: this.#other(this.#words.places, s.place) }, st]
        : [{ ...s, preposition: this.#other(PLACE_PREPOSITIONS, s.preposition) }, st];
    },
    action: (s, st) => {
      // another verb, not one the lexicon lists as a synonym (find / discover)
      const verb = this.#other(this.#words.verbs, s.verb);
      return this.#lexicon.areSynonyms(verb[0], s.verb[0]) ? undefined : [{ ...s, verb }, st];
    },
    // what will happen is not what happened ("finds" / "found" is the same story, and a paraphrase below)
    tense: (
      s,
      st,
    ) => [{ ...s, tense: s.tense === "future" ? this.#pick(["present", "past"] as const) : "future" }, st],
    genre: (s, st) => s.frame >= 0 ? [{ ...s, genre: this.#pick(OTHER_GENRES) }, st] : undefined,
    // another quality: "a brave knight" / "a lazy knight", "a golden key" / "a wooden key"
    quality: (s, st) => {
      const slot = s.adj !== undefined && (s.objectAdj === undefined || this.#chance(0.5))
        ? "adj"
        : "objectAdj";
      const current = s[slot];
      if (current === undefined) return undefined;
      const next = this.#other(
        slot === "adj" ? this.#words.adjectives : this.#words.objectAdjectives,
        current,
      );
      return this.#lexicon.areSynonyms(next, current) ? undefined : [{ ...s, [slot]: next }, st];
    },
    detail: (s, st) =>
      s.adj === undefined
        ? [{ ...s, adj: this.#pick(this.#words.adjectives) }, st]
        : s.objectAdj === undefined
        ? [{ ...s, objectAdj: this.#pick(this.#words.objectAdjectives) }, st]
        : undefined,
  };

  /** One pair of the given label; undefined when the drawn change does not apply to the drawn scene. */
  pair(label: 0 | 1): GeneratedPair | undefined {
    const [base, baseStyle] = this.scene();
    const names = Object.keys(label ? this.paraphrases : this.negatives);
    let kind = this.#pick(label ? [...names, "multi", "multi"] : names);
    let scene = base, style = baseStyle;
    const steps = kind === "multi" ? 2 + Math.floor(this.#random() * 2) : 1;
    for (let i = 0; i < steps; i++) {
      const name = kind === "multi" ? this.#pick(Object.keys(this.paraphrases)) : kind;
      const next = (label ? this.paraphrases : this.negatives)[name](scene, style);
      if (!next) return undefined;
      [scene, style] = next;
    }
    // a negative often comes with a paraphrase change too
    if (!label && this.#chance(0.5)) {
      const name = this.#pick(Object.keys(this.paraphrases).filter((n) => n !== "typo"));
      const next = this.paraphrases[name](scene, style);
      if (next) [scene, style] = next;
      kind = `${kind}+${name}`;
    }
    const a = render(base, baseStyle), b = render(scene, style);
    return a === b ? undefined : { a, b, label, kind };
  }

  /** `n` pairs, half paraphrases and half negatives. */
  pairs(n: number): GeneratedPair[] {
    const out: GeneratedPair[] = [];
    for (let guard = 0; out.length < n && guard < n * 20; guard++) {
      const pair = this.pair(out.length % 2 === 0 ? 1 : 0);
      if (pair) out.push(pair);
    }
    return out;
  }
}
