"""Step 4: sub-word pieces, frequency weighting and export as a static embedding model for transformers.js.

Tokenizer: BERT-style WordPiece (lowercase, strip accents, split punctuation). The vocabulary is the words of
vectors.py plus word-start pieces and "##" continuation pieces, so a typo such as "dargon" becomes pieces
instead of [UNK]. Piece vectors are fitted so that the pieces of simulated typos of a word add up to that word's
vector (a small least-squares problem), which keeps a misspelt prompt near the correct one.

Each row is scaled by a smooth-inverse-frequency weight a / (a + p(w)) (Arora et al. 2017): mean pooling then
lets rare content words decide the direction and "the", "a", "once", "upon" barely move it.

The ONNX graph is input_ids -> Gather(int8 table) -> Cast -> * Gather(row scale) -> last_hidden_state; int8
rows with one float scale each keep the file at a quarter of float32 with cosine error far below 0.001.
"""
import json
import os
import random
import shutil
import time

import numpy as np
import onnx
import torch

# One thread: the machine has 2 cores shared with other jobs, and oversubscribed BLAS threads were 10x slower.
torch.set_num_threads(1)
from onnx import TensorProto, helper, numpy_helper

from common import MODEL_DIR, WORK

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PUNCT = list(".,!?;:'\"()-[]{}/&*%$#@+=<>_~`^|\\")
N_START_PIECES = int(os.environ.get("EMBED_START_PIECES", "3000"))
N_CONT_PIECES = int(os.environ.get("EMBED_CONT_PIECES", "5000"))
SIF_A = 1e-3
SEED = 7
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def wordpiece(word, vocab):
    """Greedy longest-match-first, exactly as the HF WordPiece model does it."""
    if len(word) > 100:
        return ["[UNK]"]
    out, start = [], 0
    while start < len(word):
        end = len(word)
        piece = None
        while start < end:
            cand = word[start:end] if start == 0 else "##" + word[start:end]
            if cand in vocab:
                piece = cand
                break
            end -= 1
        if piece is None:
            return ["[UNK]"]
        out.append(piece)
        start = end
    return out


def choose_pieces(words, counts):
    word_set = set(words)
    start, cont = {}, {}
    for w, c in zip(words, counts):
        if not w.isalpha():
            continue
        for n in range(1, 5):
            if len(w) > n and w[:n] not in word_set:
                start[w[:n]] = start.get(w[:n], 0) + c
            for i in range(1, len(w) - n + 1):
                cont[w[i:i + n]] = cont.get(w[i:i + n], 0) + c
    start_pieces = sorted(start, key=lambda p: -start[p])[:N_START_PIECES]
    cont_pieces = ["##" + p for p in sorted(cont, key=lambda p: -cont[p])[:N_CONT_PIECES]]
    singles = [ch for ch in LETTERS + "0123456789" if ch not in word_set]
    cont_singles = ["##" + ch for ch in LETTERS + "0123456789"]
    pieces = []
    for p in singles + start_pieces + cont_singles + cont_pieces:
        if p not in pieces and p not in word_set:
            pieces.append(p)
    return pieces


def typo(word, rng):
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 2:
        return word[:i] + rng.choice(LETTERS) + word[i + 1:]
    return word[:i] + rng.choice(LETTERS) + word[i:]


def fit_pieces(table, vocab, n_fixed, words, counts, rounds=8):
    """Fit piece rows (index >= n_fixed) so the pieces of a typo sum to the intended word's row.

    Least squares by Jacobi sweeps: each free row moves to the average, over the typos it appears in, of its
    value plus that typo's residual shared among the typo's free pieces. A few sweeps in numpy take seconds;
    gradient descent in torch took many minutes on the shared 2-core machine.
    """
    rng = random.Random(SEED)
    weights = np.array(counts, dtype=np.float64) ** 0.5
    cands = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    p = weights[cands] / weights[cands].sum()
    sample_ids, token_ids, targets = [], [], []
    for i in np.random.default_rng(SEED).choice(cands, size=100000, p=p):
        t = typo(words[i], rng)
        if t in vocab:
            continue
        ids = [vocab[x] for x in wordpiece(t, vocab)]
        if any(j >= n_fixed for j in ids):
            sample_ids.extend([len(targets)] * len(ids))
            token_ids.extend(ids)
            targets.append(vocab[words[i]])
    sample_ids, token_ids = np.array(sample_ids), np.array(token_ids)
    target = table[np.array(targets)]
    free = token_ids >= n_fixed
    n_free = np.bincount(sample_ids[free], minlength=len(targets)).astype(np.float32)
    seen = np.bincount(token_ids[free], minlength=len(table)).astype(np.float32)
    print(f"  fitting pieces on {len(targets)} simulated typos")
    for sweep in range(rounds):
        summed = np.zeros_like(target)
        np.add.at(summed, sample_ids, table[token_ids])
        residual = target - summed
        print(f"  sweep {sweep}: mean squared residual {(residual ** 2).sum(1).mean():.5f}")
        update = np.zeros_like(table)
        np.add.at(update, token_ids[free], table[token_ids[free]] + residual[sample_ids[free]] / n_free[sample_ids[free], None])
        rows = np.nonzero(seen)[0]
        rows = rows[rows >= n_fixed]
        # 0.5 damping: pieces shared by one typo pull against each other, so full Jacobi steps oscillate
        table[rows] = 0.5 * table[rows] + 0.5 * update[rows] / seen[rows, None]


def export_onnx(table, path):
    scale = np.maximum(np.abs(table).max(axis=1), 1e-12) / 127.0
    q = np.round(table / scale[:, None]).astype(np.int8)
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["embeddings_int8", "input_ids"], ["rows_int8"], axis=0),
            helper.make_node("Cast", ["rows_int8"], ["rows_float"], to=TensorProto.FLOAT),
            helper.make_node("Gather", ["row_scale", "input_ids"], ["scales"], axis=0),
            helper.make_node("Unsqueeze", ["scales", "last_axis"], ["scales_col"]),
            helper.make_node("Mul", ["rows_float", "scales_col"], ["last_hidden_state"]),
        ],
        "static_embedding",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                       ["batch_size", "sequence_length", table.shape[1]])],
        [numpy_helper.from_array(q, "embeddings_int8"),
         numpy_helper.from_array(scale.astype(np.float32), "row_scale"),
         numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="ailb-embed-model")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(model, path)
    return q.astype(np.float32) * scale[:, None]


def tokenizer_json(tokens):
    specials = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True} for i, t in enumerate(SPECIAL)]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": specials,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [SPECIAL.index(t)], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(tokens)}},
    }


def main():
    t0 = time.time()
    data = np.load(os.path.join(WORK, "word_vectors.npz"))
    words, counts, vecs = list(data["words"]), data["counts"], data["vectors"]
    pieces = choose_pieces(words, counts)
    punct = [p for p in PUNCT if p not in words]
    tokens = SPECIAL + punct + words + pieces
    vocab = {t: i for i, t in enumerate(tokens)}
    dim = vecs.shape[1]
    table = np.zeros((len(tokens), dim), dtype=np.float32)
    prob = counts / counts.sum()
    first_word = len(SPECIAL) + len(punct)
    table[first_word:first_word + len(words)] = vecs * (SIF_A / (SIF_A + prob))[:, None]
    # [CLS]/[SEP]/punctuation: a tiny shared direction, so a prompt of only punctuation still embeds (no NaN)
    # while it hardly moves a normal prompt.
    filler = np.random.default_rng(SEED).standard_normal(dim).astype(np.float32)
    table[:first_word] = 1e-3 * filler / np.linalg.norm(filler)
    fit_pieces(table, vocab, first_word + len(words), words, counts)
    out_dir = MODEL_DIR
    dequantized = export_onnx(table, os.path.join(out_dir, "onnx", "model.onnx"))
    with open(os.path.join(out_dir, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(tokens), f, separators=(",", ":"), ensure_ascii=False)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "strip_accents": None,
                   "model_max_length": 4096, "unk_token": "[UNK]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                   "sep_token": "[SEP]", "mask_token": "[MASK]"}, f, indent=1)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump({"model_type": "bert", "architectures": ["BertModel"], "hidden_size": dim,
                   "vocab_size": len(tokens), "num_hidden_layers": 0, "num_attention_heads": 1,
                   "max_position_embeddings": 4096, "ailb_static_embedding": True}, f, indent=1)
    np.save(os.path.join(WORK, "token_table.npy"), dequantized)
    print(f"exported {len(tokens)} tokens ({len(words)} words, {len(pieces)} pieces) x {dim} in "
          f"{time.time() - t0:.0f}s; onnx {os.path.getsize(os.path.join(out_dir, 'onnx', 'model.onnx')) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
