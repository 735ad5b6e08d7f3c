#!/usr/bin/env python3
"""Check the exported model against torch, through the runtime that serves it.

1. torch: the KV-cache path (prefill, then one token at a time) must match a full
   forward pass of the same tokens.
2. ONNX: verify_onnx.ts loads the exported folder with transformers.js (the
   production loader, onnxruntime-node underneath) and runs the same full and
   cached passes; its logits must match torch's. It also checks that the
   shipped tokenizer.json encodes the validation text to exactly the ids the
   model was trained on.

Usage: verify.py [--ckpt work/ckpt/latest.pt] [--model ../../models/story-gpt2] [--dtype fp32|q8]
Exits non-zero when a check fails.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch

from export import DEFAULT_OUT, WORK, load_checkpoint

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt", "latest.pt"))
    ap.add_argument("--model", default=DEFAULT_OUT)
    ap.add_argument("--dtype", default="fp32")
    ap.add_argument("--tol", type=float, default=1e-3, help="max |logit diff| allowed (fp32)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    model, state = load_checkpoint(args.ckpt)
    val = np.fromfile(os.path.join(WORK, "tokens", "val.bin"), dtype=np.uint16).astype(np.int64)
    ids = torch.from_numpy(val[100:140]).unsqueeze(0)
    prefix = 30
    failures = []
    with torch.no_grad():
        full, _ = model(ids)
        logits, past = model(ids[:, :prefix])
        steps = [logits[0, -1]]
        for i in range(prefix, ids.shape[1] - 1):
            mask = torch.ones(1, i + 1, dtype=torch.int64)
            logits, past = model(ids[:, i:i + 1], position_ids=torch.tensor([[i]]), attention_mask=mask, past=past)
            steps.append(logits[0, -1])
        cached = torch.stack(steps)
    want = full[0, prefix - 1:ids.shape[1] - 1]
    # Same windows verify_onnx.ts scores, so the ONNX loss can be compared with torch's.
    with torch.no_grad():
        losses = []
        for w in range(4):
            win = torch.from_numpy(val[w * 256:(w + 1) * 256 + 1]).unsqueeze(0)
            lg, _ = model(win[:, :-1])
            losses.append(torch.nn.functional.cross_entropy(lg[0], win[0, 1:]).item())
    torch_loss = sum(losses) / len(losses)
    print("torch loss on the first 1k validation tokens: %.4f" % torch_loss)
    d = (cached - want).abs().max().item()
    print("torch KV-cache vs full forward: max |diff| %.2e" % d)
    if d > 1e-4:
        failures.append("torch cache path differs by %.2e" % d)

    os.makedirs(os.path.join(WORK, "verify"), exist_ok=True)
    case = os.path.join(WORK, "verify", "case.json")
    with open(case, "w") as f:
        json.dump({"ids": ids[0].tolist(), "prefix": prefix, "expected": want.tolist(),
                   "val_text": os.path.join(WORK, "corpus", "val.txt"),
                   "val_ids": os.path.join(WORK, "tokens", "val.bin")}, f)
    script = os.path.join(HERE, "verify_onnx.ts")
    cmd = ["deno", "run", "--allow-read", "--allow-env", "--allow-ffi", "--allow-sys", script,
           os.path.abspath(args.model), case,
           args.dtype]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.join(HERE, "..", ".."))
    if res.returncode != 0:
        print(res.stdout, res.stderr, file=sys.stderr)
        failures.append("verify_onnx.ts exited %d" % res.returncode)
    else:
        report = json.loads(res.stdout.strip().splitlines()[-1])
        print("onnx (%s) via transformers.js: %s" % (args.dtype, json.dumps(report)))
        tol = args.tol if args.dtype == "fp32" else 1.0
        for key in ("full_max_diff", "cached_max_diff"):
            if report[key] > tol:
                failures.append("%s %.3e > %.1e" % (key, report[key], tol))
        if report["argmax_agreement"] < (1.0 if args.dtype == "fp32" else 0.8):
            failures.append("argmax agreement %.2f" % report["argmax_agreement"])
        gap = report["val_loss_1k"] - torch_loss
        print("loss gap (onnx %s - torch fp32): %+.4f" % (args.dtype, gap))
        if gap > (1e-3 if args.dtype == "fp32" else 0.05):
            failures.append("loss gap %.4f" % gap)
        if not report["tokenizer_matches"]:
            failures.append("tokenizer.json ids differ from training ids")
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
