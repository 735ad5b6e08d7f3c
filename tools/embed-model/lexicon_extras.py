"""Step 2b: add to models/embed-static/lexicon.json what the verifier of issue 13 reads besides wordnet.py's tables:

1. WordNet's multi-word verbs, adverbs and adjectives;
2. adjective "also see" links ("cheerful" / "happy"), merged into `similar`;
3. `rare_verb_senses`: the verb senses wordnet.py leaves out as infrequent, used only to go one step up the is-a
   tree ("devour" is a way to "eat", "forge" a way to "make"), never for same-synset synonymy (the rare shared
   sense is how unrelated words meet);
4. `rare_senses`: the same for nouns, adjectives and adverbs, used for same-synset synonymy only when the synset
   is a frequent sense of the other word ("surgery" / "operation").

The verifier reads "runs away" as one word, run_away, whose synsets contain "escape"; "at last" as at_last, a
synonym of "finally"; "looking for" as look_for ~ "search". Without them a phrasal verb leaves its particle
unmatched and its meaning is lost. Multi-word nouns (57k, mostly compounds and names) are left out for size.

Entries go into the lexicon's `lemmas` table under "word_word" keys with the same synset numbers as
wordnet.py gives (it is re-read here in the same order and checked against the lexicon's synset_pos), plus a
`phrase_count` field so the runtime knows the lexicon has them. Run after wordnet.py (it starts from wordnet.py's
tables each time only for `lemmas`; the links it adds are sets, so running it twice changes nothing).
"""
import json
import os
import re

from common import MODEL_DIR, WORDNET_DIR
from wordnet import frequent_senses, read_synsets

MULTI_WORD = re.compile(r"^[a-z]+(_[a-z]+)+$")
POS_KEPT = "vra"


def main():
    path = os.path.join(MODEL_DIR, "lexicon.json")
    lexicon = json.load(open(path))
    synsets = list(read_synsets())
    if "".join(key[-1] for key, *_rest in synsets) != lexicon["synset_pos"]:
        raise SystemExit(f"{WORDNET_DIR} does not number synsets like lexicon.json: rerun wordnet.py first")
    frequent = frequent_senses()
    phrases = {}
    for i, (key, cased, _pointers, _gloss) in enumerate(synsets):
        for word in (c.lower() for c in cased):
            if key[-1] in POS_KEPT and MULTI_WORD.match(word) and key in frequent.get((word, key[-1]), ()):
                phrases.setdefault(word, []).append(i)
    lemmas = {k: v for k, v in lexicon["lemmas"].items() if "_" not in k}
    lemmas.update(phrases)
    lexicon["lemmas"] = lemmas
    lexicon["phrase_count"] = len(phrases)
    similar = {int(k): set(v) for k, v in lexicon["similar"].items()}
    rare_verbs = {}
    index_of = {key: i for i, (key, *_rest) in enumerate(synsets)}
    for i, (key, cased, pointers, _gloss) in enumerate(synsets):
        if key[-1] == "a":
            for sym, target, _src, _tgt in pointers:
                j = index_of[target]
                if sym == "^" and synsets[j][0][-1] == "a":
                    similar.setdefault(i, set()).add(j)
                    similar.setdefault(j, set()).add(i)
        if key[-1] == "v":
            for word in (c.lower() for c in cased):
                if MULTI_WORD.match(word) or not re.match(r"^[a-z]+$", word):
                    continue
                if word in lemmas and i not in lemmas[word]:
                    rare_verbs.setdefault(word, []).append(i)
    # 4. `rare_senses`: the noun, adjective and adverb senses wordnet.py leaves out as infrequent. The verifier
    # counts two words as synonyms through one only when the synset is a frequent sense of the other word
    # ("surgery" is rarely the operation, "operation" often is the surgery), never when it is rare for both
    # (that is how "king" and "queen" meet, both "a preeminent competitor").
    rare_senses = {}
    for i, (key, cased, _pointers, _gloss) in enumerate(synsets):
        if key[-1] == "v":
            continue
        for word in (c.lower() for c in cased):
            if re.match(r"^[a-z]+$", word) and word in lemmas and i not in lemmas[word]:
                rare_senses.setdefault(word, []).append(i)
    lexicon["similar"] = {str(k): sorted(v) for k, v in similar.items()}
    lexicon["rare_verb_senses"] = rare_verbs
    lexicon["rare_senses"] = rare_senses
    with open(path, "w") as f:
        json.dump(lexicon, f, separators=(",", ":"), sort_keys=True)
    print(f"lexicon: {len(phrases)} multi-word lemmas, also-see links, rare senses of {len(rare_verbs)} verbs "
          f"and {len(rare_senses)} other words; "
          f"{os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
