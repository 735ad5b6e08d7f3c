"""Step 2c: writes models/embed-static/pertainyms.txt, WordNet's pertainyms: an adjective and the noun it is "of"
("Tibetan" / "Tibet", "volcanic" / "volcano", "rural" / "country", "lunar" / "moon").

A story request says the same thing either way ("a young Tibetan monk" / "a young monk from Tibet", "a volcano
island" / "a volcanic island"), and WordNet links the two words only by this pointer (`\\` in data.adj), which
wordnet.py's tables leave out. Single words only; the verifier (lib/cache/lexicon.ts) reads each line as a
group of two words that may stand for each other.
"""
import os
import re

from common import MODEL_DIR, WORDNET_DIR

SENSE = re.compile(r"\(.*\)$")


def read(path):
    """Synset offset -> (words, pointers) of one WordNet data file."""
    synsets = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" ")
            count = int(fields[3], 16)
            words = [SENSE.sub("", fields[4 + 2 * i]).lower() for i in range(count)]
            at = 4 + 2 * count
            pointers = []
            for _ in range(int(fields[at])):
                pointers.append(tuple(fields[at + 1:at + 5]))
                at += 4
            synsets[fields[0]] = (words, pointers)
    return synsets


def main():
    adjectives = read(os.path.join(WORDNET_DIR, "data.adj"))
    nouns = read(os.path.join(WORDNET_DIR, "data.noun"))
    pairs = set()
    for words, pointers in adjectives.values():
        for symbol, target, pos, source_target in pointers:
            if symbol != "\\" or pos != "n":
                continue
            source, goal = int(source_target[:2], 16), int(source_target[2:], 16)
            if not source or not goal or target not in nouns:
                continue
            adjective, noun = words[source - 1], nouns[target][0][goal - 1]
            if adjective != noun and "_" not in adjective + noun and adjective.isalpha() and noun.isalpha():
                pairs.add((adjective, noun))
    path = os.path.join(MODEL_DIR, "pertainyms.txt")
    with open(path, "w") as f:
        f.write("# WordNet 3.0 pertainyms (Debian wordnet-base): an adjective and the noun it is \"of\", one pair a\n"
                "# line, written by tools/embed-model/pertainyms.py. Read by lib/cache/lexicon.ts (Lexicon.load)\n"
                "# from beside lexicon.json: the two words of a line may stand for each other in a story request.\n")
        for adjective, noun in sorted(pairs):
            f.write(f"a: {adjective} | {noun}\n")
    print(f"pertainyms: {len(pairs)} pairs -> {path}")


if __name__ == "__main__":
    main()
