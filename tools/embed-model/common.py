"""Shared text handling for the embedding-model recipe.

The tokenisation here must agree with the tokenizer.json we export (BERT basic tokenizer: lowercase, strip
accents, split on whitespace and punctuation), otherwise the vectors are trained for words the runtime never sees.
"""
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
MODEL_DIR = os.path.join(REPO, "models", "embed-static")
WORDNET_DIR = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")

_WORD_OR_PUNCT = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def basic_tokens(text):
    """Lowercase, drop accents, split into runs of letters/digits and single punctuation marks."""
    return _WORD_OR_PUNCT.findall(strip_accents(text.lower()))


def word_tokens(text):
    """Like basic_tokens but only the words (what the co-occurrence statistics are counted on)."""
    return [t for t in basic_tokens(text) if t[0].isalnum()]
