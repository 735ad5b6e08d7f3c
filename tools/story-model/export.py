#!/usr/bin/env python3
"""Export a checkpoint to a transformers.js-loadable GPT-2 folder.

Usage: export.py [--ckpt work/ckpt/latest.pt] [--out ../../models/story-gpt2]

Writes config.json, generation_config.json, tokenizer.json, tokenizer_config.json
and onnx/model.onnx. The graph has the input/output names of HF optimum's GPT-2
export with a KV cache (input_ids, attention_mask, position_ids,
past_key_values.{i}.key|value -> logits, present.{i}.key|value), which is what
transformers.js' decoder path feeds; the first step gets zero-length past tensors.
"""
import argparse
import json
import os
import shutil

import torch

from model import GPT, Config

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "..", "models", "story-gpt2"))


class OnnxWrapper(torch.nn.Module):
    """Flat positional signature for torch.onnx.export: cache tensors in, cache tensors out."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.n_layer = model.cfg.n_layer

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.n_layer)]
        logits, presents = self.model(input_ids, position_ids=position_ids, attention_mask=attention_mask, past=past)
        out = [logits]
        for k, v in presents:
            out.extend([k, v])
        return tuple(out)


def load_checkpoint(path):
    state = torch.load(path, map_location="cpu")
    cfg = Config(**state["config"])
    cfg.dropout = 0.0
    model = GPT(cfg)
    model.load_state_dict(state["model"])
    model.eval()
    return model, state


def export_onnx(model, path):
    cfg = model.cfg
    n_layer, n_head, d = cfg.n_layer, cfg.n_head, cfg.n_embd // cfg.n_head
    b, t, p = 2, 3, 4
    input_ids = torch.randint(0, cfg.vocab_size, (b, t))
    attention_mask = torch.ones(b, p + t, dtype=torch.int64)
    position_ids = torch.arange(p, p + t).unsqueeze(0).expand(b, t).contiguous()
    past = []
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    axes = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(n_layer):
        for kind in ("key", "value"):
            past.append(torch.randn(b, n_head, p, d))
            name = "past_key_values.%d.%s" % (i, kind)
            in_names.append(name)
            axes[name] = {0: "batch_size", 2: "past_sequence_length"}
            oname = "present.%d.%s" % (i, kind)
            out_names.append(oname)
            axes[oname] = {0: "batch_size", 2: "total_sequence_length"}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # do_constant_folding=False: folding would materialise the transposed tied
    # embedding as a second constant and double the file size.
    torch.onnx.export(OnnxWrapper(model), (input_ids, attention_mask, position_ids, *past), path,
                      input_names=in_names, output_names=out_names, dynamic_axes=axes, opset_version=14,
                      do_constant_folding=False)


def write_configs(model, state, out, tok_dir):
    cfg = model.cfg
    eot = cfg.vocab_size - 1
    config = {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": cfg.vocab_size,
        "n_positions": cfg.n_positions,
        "n_ctx": cfg.n_positions,
        "n_embd": cfg.n_embd,
        "n_layer": cfg.n_layer,
        "n_head": cfg.n_head,
        "n_inner": None,
        "activation_function": "gelu_new",
        "layer_norm_epsilon": 1e-5,
        "resid_pdrop": 0.0,
        "embd_pdrop": 0.0,
        "attn_pdrop": 0.0,
        "initializer_range": 0.02,
        "tie_word_embeddings": True,
        "bos_token_id": eot,
        "eos_token_id": eot,
        "use_cache": True,
        "transformers.js_config": {"dtype": "fp32"},
        "story_model": {
            "params": model.n_params(),
            "train_context": state["args"]["ctx"],
            "steps": state["step"],
            "train_tokens": state["tokens"],
            "train_minutes": round(state["minutes"], 1),
            "val_loss": round(state["val_loss"], 4),
            "val_fiction_loss": round(state["val_fiction_loss"], 4) if state.get("val_fiction_loss") else None,
            "init": state["args"].get("init"),
            "split": state["args"].get("split", "train"),
        },
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    gen = {
        "bos_token_id": eot,
        "eos_token_id": eot,
        "pad_token_id": eot,
        "do_sample": True,
        "temperature": 0.8,
        "top_k": 40,
        "top_p": 0.95,
        "max_new_tokens": 50,
    }
    with open(os.path.join(out, "generation_config.json"), "w") as f:
        json.dump(gen, f, indent=2)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(tok_dir, name), os.path.join(out, name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt", "latest.pt"))
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    torch.set_num_threads(1)
    model, state = load_checkpoint(args.ckpt)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "onnx", "model.onnx")
    export_onnx(model, path)
    write_configs(model, state, args.out, os.path.join(WORK, "tokenizer"))
    print("exported step %d (val loss %.4f, %.1f min) -> %s (%.1f MB)" % (
        state["step"], state["val_loss"], state["minutes"], path, os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
