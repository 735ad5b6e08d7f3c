"""WordNet's morphy: the base forms of an inflected word (exception lists, then suffix rules)."""

SUFFIX_RULES = {
    "noun": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("ies", "y")],
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
             ("ing", "")],
    "adj": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "adv": [],
}


class Morphy:
    def __init__(self, lemma_set, exceptions):
        self.lemma_set = lemma_set
        self.exceptions = exceptions

    def lemmas(self, word):
        """All WordNet lemmas the word can be a form of, itself included when it is one."""
        found = {word} if word in self.lemma_set else set()
        for pos, rules in SUFFIX_RULES.items():
            found.update(b for b in self.exceptions[pos].get(word, []) if b in self.lemma_set)
            for suffix, repl in rules:
                if word.endswith(suffix) and len(word) > len(suffix) + 1:
                    base = word[: len(word) - len(suffix)] + repl
                    if base in self.lemma_set:
                        found.add(base)
        return found
