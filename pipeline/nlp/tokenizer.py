"""spaCy's tokenizer with its hyphenated special cases added the first time a text holds them.

spaCy's Indonesian exceptions are about 16,000 special cases, 15,600 of them hyphenated words
kept whole ("anak-anak", "Anak-Anak", "ANAK-ANAK"). Adding a special case costs about 0.2 ms
(a lexeme, an affix tokenization, a phrase-matcher pattern), so ``spacy.blank("id")`` spends
about 3 s before its first text. :class:`DeferredSpecialsTokenizer` adds every special case
without a hyphen at once and each hyphenated one only before the first text that contains it.

The tokens are the same as spaCy's tokenizer with all special cases, by construction. A special
case can change the tokens of a text only where its string is a piece of the text: a chunk or
an affix-stripped part of one (a substring of the text), or consecutive tokens of the affix pass
that the final phrase-matcher pass merges (their texts joined, which is a substring of the text
with its whitespace removed, since a hyphenated key holds no whitespace). So before a text is
tokenized, every deferred key that is a substring of the text without whitespace is added; keys
that are not can neither match nor block another match. The tokenizer's cache keeps only
chunks tokenized without a special case and is flushed whenever one is added, as spaCy does.
Serialization (``to_bytes``, ``to_disk``, ``rules``, pickling) always sees every special case, so
a saved tokenizer is spaCy's. Inside ``nlp.memory_zone()`` (which the pipeline does not use) no case
can be added safely: call :meth:`DeferredSpecialsTokenizer.load_all` before entering one. ``tests/test_tokenizer.py`` compares the tokens with spaCy's.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from spacy import util
from spacy.tokenizer import Tokenizer, _get_regex_pattern as _pattern
from spacy.util import registry

_ANCHOR = "-"
_SPACE = re.compile(r"\s")  # str.isspace's characters, as str.split() and spaCy's tokenizer see them


def _deferrable(key: str) -> bool:
    return _ANCHOR in key and _SPACE.search(key) is None


class DeferredSpecialsTokenizer(Tokenizer):
    """A :class:`spacy.tokenizer.Tokenizer` whose hyphenated special cases are added when a text
    first needs them (module docstring). Same constructor and tokens as spaCy's."""

    def __init__(self, vocab, rules=None, prefix_search=None, suffix_search=None, infix_finditer=None,
                 token_match=None, url_match=None, faster_heuristics=True, max_cache_size=10000):
        self._set_deferred(rules or {})
        eager = {k: v for k, v in (rules or {}).items() if k not in self._deferred}
        super().__init__(vocab, rules=eager, prefix_search=prefix_search, suffix_search=suffix_search,
                         infix_finditer=infix_finditer, token_match=token_match, url_match=url_match,
                         faster_heuristics=faster_heuristics, max_cache_size=max_cache_size)

    def _set_deferred(self, rules: dict) -> None:
        self._deferred: dict[str, list] = {k: v for k, v in rules.items() if _deferrable(k)}
        by_head: dict[str, list[str]] = {}
        for k in self._deferred:
            by_head.setdefault(k[:k.index(_ANCHOR)], []).append(k)
        self._by_head = by_head
        self._longest_head = max((len(h) for h in by_head), default=0)

    # -- the deferred special cases ------------------------------------------------------------

    def needed(self, text: str) -> list[str]:
        """The deferred keys that are substrings of ``text`` with its whitespace removed."""
        if not self._deferred or _ANCHOR not in text:
            return []
        z = "".join(text.split())
        by_head, longest, deferred = self._by_head, self._longest_head, self._deferred
        found = set()
        p = z.find(_ANCHOR)
        while p >= 0:
            for n in range(0, min(longest, p) + 1):
                if n and z[p - n] == _ANCHOR:
                    break  # a key's head (before its first hyphen) holds no hyphen
                for k in by_head.get(z[p - n:p], ()):
                    if k in deferred and z.startswith(k, p - n):
                        found.add(k)
            p = z.find(_ANCHOR, p + 1)
        return sorted(found)

    def _add_needed(self, text: str) -> None:
        keys = self.needed(text)
        if keys and self.vocab.in_memory_zone:
            # a special case built in a memory zone would point at lexemes freed when it ends
            raise RuntimeError("the tokenizer cannot add its deferred special cases inside nlp.memory_zone(); "
                               "call nlp.tokenizer.load_all() once before entering it")
        for k in keys:
            Tokenizer.add_special_case(self, k, self._deferred.pop(k))

    def load_all(self) -> None:
        """Add every deferred special case now (what spaCy's tokenizer does when it is built)."""
        for k in sorted(self._deferred):
            Tokenizer.add_special_case(self, k, self._deferred.pop(k))

    @property
    def n_deferred(self) -> int:
        return len(self._deferred)

    # -- spaCy's API ---------------------------------------------------------------------------

    def __call__(self, string):
        self._add_needed(string)
        return Tokenizer.__call__(self, string)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def add_special_case(self, string, substrings):
        self._deferred.pop(string, None)  # a later special case replaces a default one, as in spaCy
        Tokenizer.add_special_case(self, string, substrings)

    def explain(self, text):
        self._add_needed(text)
        return Tokenizer.explain(self, text)

    @property
    def rules(self):
        return {**self._deferred, **Tokenizer.rules.__get__(self)}

    @rules.setter
    def rules(self, rules):
        self._set_deferred(rules or {})
        Tokenizer.rules.__set__(self, {k: v for k, v in (rules or {}).items() if k not in self._deferred})

    def to_bytes(self, *, exclude=tuple()):
        """spaCy's ``Tokenizer.to_bytes``, with every special case (deferred ones too)."""
        serializers = {
            "vocab": lambda: self.vocab.to_bytes(exclude=exclude),
            "prefix_search": lambda: _pattern(self.prefix_search),
            "suffix_search": lambda: _pattern(self.suffix_search),
            "infix_finditer": lambda: _pattern(self.infix_finditer),
            "token_match": lambda: _pattern(self.token_match),
            "url_match": lambda: _pattern(self.url_match),
            "exceptions": lambda: dict(sorted(self.rules.items())),
            "faster_heuristics": lambda: self.faster_heuristics,
        }
        return util.to_bytes(serializers, exclude)

    def __reduce__(self):
        args = (self.vocab, self.rules, self.prefix_search, self.suffix_search, self.infix_finditer,
                self.token_match, self.url_match)
        return (self.__class__, args, None, None)


TOKENIZER_NAME = "pipeline.DeferredSpecialsTokenizer.v1"
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}}  # for spacy.load / spacy.blank


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer() -> Callable:
    """spaCy's ``spacy.Tokenizer.v1`` (the language's defaults), as a :class:`DeferredSpecialsTokenizer`."""

    def tokenizer_factory(nlp) -> DeferredSpecialsTokenizer:
        d = nlp.Defaults
        return DeferredSpecialsTokenizer(
            nlp.vocab, rules=d.tokenizer_exceptions,
            prefix_search=util.compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=util.compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=util.compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match, url_match=d.url_match)

    return tokenizer_factory
