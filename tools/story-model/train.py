#!/usr/bin/env python3
"""Train the story model on work/tokens/*.bin, writing checkpoints as it goes.

The learning rate follows a cosine over a WALL-CLOCK budget (--minutes), not a
step count: on a shared 2-core machine the step rate varies, and a time-based
schedule means the last checkpoint is always a fully annealed one. A checkpoint
(work/ckpt/latest.pt, plus best.pt by validation loss) is written every
--ckpt-minutes, so training can be stopped at any time.

Usage: train.py [--minutes 55] [--layers 4 --embd 192 --heads 4 --ctx 256 --batch 8]
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch

from model import GPT, Config

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=55.0)
    ap.add_argument("--ckpt-minutes", type=float, default=4.0)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--embd", type=int, default=192)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ctx", type=int, default=256, help="training window length")
    ap.add_argument("--positions", type=int, default=512, help="position table size (max sequence at inference)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.05)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--dropout", type=float, default=0.05)
    ap.add_argument("--shift-prob", type=float, default=0.5,
                    help="share of windows placed at a random position offset, so positions past --ctx are trained")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=os.path.join(WORK, "ckpt"))
    ap.add_argument("--bench", type=float, default=0.0, help="only measure tokens/s for this many seconds")
    ap.add_argument("--init", help="start from this checkpoint's weights (a second training phase)")
    ap.add_argument("--split", default="train", help="token file to train on: work/tokens/SPLIT.bin")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train = np.fromfile(os.path.join(WORK, "tokens", args.split + ".bin"), dtype=np.uint16).astype(np.int64)
    val = np.fromfile(os.path.join(WORK, "tokens", "val.bin"), dtype=np.uint16).astype(np.int64)
    with open(os.path.join(WORK, "tokenizer", "tokenizer.json")) as f:
        vocab_size = len(json.load(f)["model"]["vocab"])
    cfg = Config(vocab_size=vocab_size, n_positions=args.positions, n_embd=args.embd, n_layer=args.layers,
                 n_head=args.heads, dropout=args.dropout)
    init = None
    if args.init:
        init = torch.load(args.init, map_location="cpu")
        cfg = Config(**{**init["config"], "dropout": args.dropout})
    model = GPT(cfg)
    if init:
        model.load_state_dict(init["model"])
    print("params %.2fM, train %d tokens, val %d tokens" % (model.n_params() / 1e6, len(train), len(val)),
          flush=True)

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95))
    T = args.ctx
    max_shift = args.positions - T

    def batch():
        ix = rng.integers(0, len(train) - T - 1, args.batch)
        x = torch.from_numpy(np.stack([train[i:i + T] for i in ix]))
        y = torch.from_numpy(np.stack([train[i + 1:i + T + 1] for i in ix]))
        shift = np.where(rng.random(args.batch) < args.shift_prob, rng.integers(0, max_shift + 1, args.batch), 0)
        pos = torch.arange(T).unsqueeze(0) + torch.from_numpy(shift).unsqueeze(1)
        return x, y, pos

    # Validation: consecutive windows over the whole held-out set, positions from 0.
    def windows(tokens):
        n = (len(tokens) - 1) // T
        return (torch.from_numpy(tokens[:n * T].reshape(n, T)), torch.from_numpy(tokens[1:n * T + 1].reshape(n, T)))

    vx, vy = windows(val)
    fiction_path = os.path.join(WORK, "tokens", "val_fiction.bin")
    fx = fy = None
    if os.path.exists(fiction_path):
        fx, fy = windows(np.fromfile(fiction_path, dtype=np.uint16).astype(np.int64))

    @torch.no_grad()
    def evaluate(x, y):
        model.eval()
        total = 0.0
        for i in range(0, len(x), 16):
            logits, _ = model(x[i:i + 16])
            total += torch.nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y[i:i + 16].reshape(-1),
                                                       reduction="sum").item()
        model.train()
        return total / y.numel()

    os.makedirs(args.out, exist_ok=True)
    budget = args.minutes * 60
    start = time.time()
    last_ckpt = start
    best = float("inf")
    step = 0
    tokens = 0
    log_loss = 0.0
    log_n = 0
    history = []
    while True:
        elapsed = time.time() - start
        if args.bench and elapsed > args.bench:
            print("bench: %.0f tokens/s (%d steps)" % (tokens / elapsed, step), flush=True)
            return
        done = elapsed >= budget
        if done or time.time() - last_ckpt >= args.ckpt_minutes * 60:
            vl = evaluate(vx, vy)
            vf = evaluate(fx, fy) if fx is not None else None
            prev = init["history"] if init and "history" in init else []
            state = {"config": cfg.to_dict(), "model": model.state_dict(), "step": step, "tokens": tokens,
                     "minutes": elapsed / 60, "val_loss": vl, "val_fiction_loss": vf, "args": vars(args),
                     "history": prev + [{"split": args.split, "step": step, "minutes": elapsed / 60,
                                         "tokens": tokens, "val_loss": vl, "val_fiction_loss": vf}]}
            torch.save(state, os.path.join(args.out, "latest.pt"))
            if vl < best:
                best = vl
                torch.save(state, os.path.join(args.out, "best.pt"))
            history.append({"step": step, "minutes": round(elapsed / 60, 2), "tokens": tokens, "val_loss": vl,
                            "val_fiction_loss": vf, "train_loss": log_loss / max(1, log_n)})
            with open(os.path.join(args.out, "history.json"), "w") as f:
                json.dump(history, f, indent=1)
            print("ckpt step %d  %.1f min  %.2f epochs  val %.4f  (best %.4f)  val_fiction %s" % (
                step, elapsed / 60, tokens / len(train), vl, best, "%.4f" % vf if vf is not None else "-"),
                flush=True)
            last_ckpt = time.time()
            if done:
                break
        frac = min(1.0, elapsed / budget)
        lr = args.lr * min(1.0, (step + 1) / args.warmup) * (
            args.min_lr_frac + (1 - args.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, pos = batch()
        logits, _ = model(x, position_ids=pos)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += x.numel()
        log_loss += loss.item()
        log_n += 1
        if step % 50 == 0:
            print("step %d  %.1f min  loss %.3f  lr %.2e  %.0f tok/s" % (
                step, elapsed / 60, log_loss / log_n, lr, tokens / max(1e-9, time.time() - start)), flush=True)
            log_loss = 0.0
            log_n = 0


if __name__ == "__main__":
    main()
