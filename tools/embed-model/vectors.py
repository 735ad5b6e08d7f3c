"""Step 3: word vectors from co-occurrence statistics (PPMI + truncated SVD), counter-fitted with WordNet.

Writes work/word_vectors.npz: vocabulary (by frequency), counts, unit-length vectors.
Why PPMI-SVD and not skip-gram: on ~3M tokens and 2 CPU cores it gives comparable word similarity in about a
minute, with no epochs to tune. Counter-fitting (attract WordNet synonyms and a word to its lemma, repel WordNet
antonyms, stay close to the original space) is what makes "small" near "little" and "lost" away from "won",
which distributional statistics alone get backwards.
"""
import json
import os
import time

import numpy as np
import torch

# One thread: the machine has 2 cores shared with other jobs, and oversubscribed BLAS threads were 10x slower.
torch.set_num_threads(1)

from common import WORK
from morphy import Morphy

DIM = int(os.environ.get("EMBED_DIM", "256"))
MIN_COUNT = int(os.environ.get("EMBED_MIN_COUNT", "3"))
MAX_WORDS = int(os.environ.get("EMBED_MAX_WORDS", "40000"))
WINDOW = 5
SEED = 7


def load_lines():
    for name in ("corpus.txt", "glosses.txt"):
        for line in open(os.path.join(WORK, name), encoding="utf-8"):
            yield line.split()


def build_vocab(lemma_set):
    counts = {}
    for toks in load_lines():
        for t in toks:
            counts[t] = counts.get(t, 0) + 1
    # Words that are only in WordNet glosses still count: they are the rare words users may type.
    words = [w for w, c in counts.items() if c >= MIN_COUNT and (w.isalpha() or w.isdigit())]
    words.sort(key=lambda w: (-counts[w], w))
    words = words[:MAX_WORDS]
    print(f"vocab {len(words)} words (min count {MIN_COUNT}); {sum(w in lemma_set for w in words)} WordNet lemmas")
    return words, np.array([counts[w] for w in words], dtype=np.float64)


def cooccurrence(words):
    index = {w: i for i, w in enumerate(words)}
    rows, cols, vals = [], [], []
    for toks in load_lines():
        ids = np.array([index.get(t, -1) for t in toks], dtype=np.int64)
        for d in range(1, WINDOW + 1):
            a, b = ids[:-d], ids[d:]
            keep = (a >= 0) & (b >= 0)
            if keep.any():
                rows.append(a[keep])
                cols.append(b[keep])
                vals.append(np.full(int(keep.sum()), 1.0 / d))  # nearer words count more
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    v = np.concatenate(vals)
    n = len(words)
    keys = np.concatenate([r * n + c, c * n + r])  # symmetric window
    weights = np.concatenate([v, v])
    uniq, inverse = np.unique(keys, return_inverse=True)
    summed = np.bincount(inverse, weights=weights)
    return uniq // n, uniq % n, summed


def ppmi_svd(words):
    r, c, x = cooccurrence(words)
    n = len(words)
    row_sum = np.bincount(r, weights=x, minlength=n)
    col_sum = np.bincount(c, weights=x, minlength=n) ** 0.75  # context smoothing (Levy et al. 2015)
    total = x.sum()
    pmi = np.log(x * total) - np.log(row_sum[r]) - np.log(col_sum[c] * total / col_sum.sum())
    keep = pmi > 0
    print(f"co-occurrence: {len(x)} non-zero pairs, {int(keep.sum())} positive PMI")
    m = torch.sparse_coo_tensor(np.stack([r[keep], c[keep]]), torch.tensor(pmi[keep], dtype=torch.float32),
                                (n, n)).coalesce()
    torch.manual_seed(SEED)
    u, s, _ = torch.svd_lowrank(m, q=DIM, niter=4)
    vecs = (u * s.sqrt()).numpy()  # eigenvalue weighting p=0.5 works better than p=1 for similarity
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


def lexical_pairs(words, wn):
    index = {w: i for i, w in enumerate(words)}
    morphy = Morphy(set(wn["lemmas"]), wn["exceptions"])
    by_lemma = {}
    for w in words:
        for lemma in morphy.lemmas(w):
            by_lemma.setdefault(lemma, set()).add(index[w])
    syn = set()
    for lemma, forms in by_lemma.items():  # a word and its inflections ("found" ~ "find")
        if lemma in index:
            syn.update((min(index[lemma], f), max(index[lemma], f)) for f in forms if f != index[lemma])
    for group in wn["synonym_groups"]:
        ids = [index[w] for w in group if w in index]
        syn.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if a != b)
    ant = set()
    for a, b in wn["antonym_pairs"]:
        for fa in by_lemma.get(a, ()):
            for fb in by_lemma.get(b, ()):
                if fa != fb:
                    ant.add((min(fa, fb), max(fa, fb)))
    syn -= ant
    return np.array(sorted(syn)), np.array(sorted(ant))


def counter_fit(vecs, syn, ant, steps=80):
    # Only rows that take part in a pair move, which keeps each step cheap on a busy 2-core machine.
    rows = np.unique(np.concatenate([syn.ravel(), ant.ravel()]))
    local = np.full(len(vecs), -1)
    local[rows] = np.arange(len(rows))
    original = torch.tensor(vecs[rows])
    v = original.clone().requires_grad_(True)
    opt = torch.optim.Adam([v], lr=0.03)
    s, a = torch.tensor(local[syn]), torch.tensor(local[ant])
    for step in range(steps):
        opt.zero_grad()
        unit = torch.nn.functional.normalize(v, dim=1)
        cos_syn = (unit[s[:, 0]] * unit[s[:, 1]]).sum(1)
        cos_ant = (unit[a[:, 0]] * unit[a[:, 1]]).sum(1)
        loss = (torch.relu(0.75 - cos_syn).sum() + 3.0 * torch.relu(cos_ant).sum()
                + 2.0 * ((v - original) ** 2).sum())
        loss.backward()
        opt.step()
        if step % 20 == 0 or step == steps - 1:
            print(f"  counter-fit step {step}: loss {loss.item():.1f} syn cos {cos_syn.mean():.3f} "
                  f"ant cos {cos_ant.mean():.3f}")
    out = vecs.copy()
    out[rows] = v.detach().numpy()
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def main():
    t0 = time.time()
    wn = json.load(open(os.path.join(WORK, "wordnet.json")))
    words, counts = build_vocab(set(wn["lemmas"]))
    cache = os.path.join(WORK, f"ppmi_svd_{DIM}_{MIN_COUNT}_{MAX_WORDS}.npy")
    if os.path.exists(cache):  # the SVD is the slow part; counter-fitting is what gets tuned
        vecs = np.load(cache)
    else:
        vecs = ppmi_svd(words)
        np.save(cache, vecs)
    print(f"PPMI-SVD {vecs.shape} in {time.time() - t0:.0f}s")
    syn, ant = lexical_pairs(words, wn)
    print(f"counter-fitting with {len(syn)} synonym/lemma pairs, {len(ant)} antonym pairs")
    vecs = counter_fit(vecs, syn, ant)
    np.savez(os.path.join(WORK, "word_vectors.npz"), words=np.array(words), counts=counts,
             vectors=vecs.astype(np.float32))
    print(f"done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
