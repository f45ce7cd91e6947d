"""The token attributes the extractors read, taken from a spaCy ``Doc`` once.

Walking ``doc.sents`` and reading ``t.text``/``t.idx`` builds a Python ``Token`` object per token
per walk (the people, places and quote finders each walk the whole doc), and ``Doc.text`` joins
every token on each access. :func:`doc_tokens` reads token strings, offsets and sentence starts
in one ``Doc.to_array`` and looks the texts up in the string store; the result is kept in
``doc.user_data`` so every extractor of one article shares it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

_KEY = "pipeline.doc_tokens"


@dataclass(frozen=True)
class DocTokens:
    text: str
    texts: list[str]  # token texts
    keys: list[str]  # lower-cased token texts
    idx: list[int]  # char offset of each token
    sents: list[tuple[int, int]]  # token ranges [start, end) of the sentences, as doc.sents
    sent_chars: list[int]  # char offset of each sentence start

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding char ``offset`` (0 before the first)."""
        return max(bisect.bisect_right(self.sent_chars, offset) - 1, 0)


def doc_tokens(doc: Doc) -> DocTokens:
    """The token table of ``doc`` (built on the first call, then shared through ``doc.user_data``)."""
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, DocTokens) and len(cached.texts) == len(doc):
        return cached
    n = len(doc)
    if n:
        arr = doc.to_array([ORTH, SPACY, IDX, SENT_START])
        strings = doc.vocab.strings
        texts = [strings[o] for o in arr[:, 0].tolist()]
        text = "".join([t + " " if sp else t for t, sp in zip(texts, arr[:, 1].tolist())])
        idx = arr[:, 2].tolist()
        starts = arr[:, 3].astype("int64").tolist()
    else:
        text, texts, idx, starts = doc.text, [], [], []
    cuts = [0] + [i for i in range(1, n) if starts[i] == 1] if n else []
    sents = [(a, b) for a, b in zip(cuts, cuts[1:] + [n])]
    dt = DocTokens(text=text, texts=texts, keys=[t.lower() for t in texts], idx=idx, sents=sents,
                   sent_chars=[idx[a] for a, _b in sents])
    doc.user_data[_KEY] = dt
    return dt
