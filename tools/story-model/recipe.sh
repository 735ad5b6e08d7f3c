#!/usr/bin/env bash
# Rebuilds models/story-gpt2 from scratch: fetch, corpus, tokenizer, two training phases, export, quantize,
# verify, samples.
# Usage: tools/story-model/recipe.sh [PHASE1_MINUTES] [PHASE2_MINUTES]   (defaults 58 and 18, as shipped)
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3 # Debian's python: it sees python3-torch and python3-onnx
PHASE1=${1:-58}
PHASE2=${2:-18}
./fetch.sh
$PY build_corpus.py
$PY tokenizer.py
# Phase 1: all text (Brown fiction + Moby-Dick).
$PY train.py --minutes "$PHASE1" --threads 1 --lr 2e-3 | tee work/train_phase1.log
# Phase 2: Brown fiction only, from phase 1's weights, so continuations read like modern story prose.
$PY train.py --init work/ckpt/latest.pt --split train_fiction --minutes "$PHASE2" --ckpt-minutes 3 \
  --lr 6e-4 --warmup 20 --min-lr-frac 0.1 --threads 1 --out work/ckpt-ft | tee work/train_phase2.log
$PY export.py --ckpt work/ckpt-ft/latest.pt
$PY quantize.py
$PY verify.py --ckpt work/ckpt-ft/latest.pt --dtype fp32
$PY verify.py --ckpt work/ckpt-ft/latest.pt --dtype q8
(cd ../.. && deno run --allow-read --allow-env --allow-ffi --allow-sys tools/story-model/samples.ts)
