"""MinHash signatures of article bodies and quote texts, for finding near-copies (docs/tables.md,
``stories`` and ``statements``).

A text's shingles are its runs of ``words`` consecutive words (lower case, letters and digits:
``\\w+``); a text shorter than that is one shingle of all its words. The signature is datasketch's
:class:`~datasketch.MinHash` of the shingle set (scheme ``affine32``, seed 1: the same text gives
the same signature on every machine and run). Articles use 5-word shingles and 128 permutations,
quotes 3-word shingles and 64. Signatures are made where a batch is processed
(pipeline/batch.py writes them as the ``signatures`` part) and, for a batch written without
them, at the end of the run (pipeline/resolve/copies.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Optional

import numpy as np
import pyarrow as pa
from datasketch import MinHash  # imported with pipeline.batch, so the forkserver's workers share it (scipy: ~60 MB)

SIGNATURE_VERSION = "minhash-1"  # change when shingling or the MinHash settings change: signatures are redone
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Shingling:
    """How a text becomes a MinHash signature."""

    words: int  # words per shingle
    num_perm: int  # MinHash permutations (the signature has this many uint32 values)
    seed: int = 1

    @cached_property
    def _template(self) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=self.seed, scheme="affine32")

    def shingles(self, text: Optional[str]) -> set[bytes]:
        if not isinstance(text, str):
            return set()
        w = _WORD.findall(text.lower())
        if not w:
            return set()
        k = self.words
        if len(w) <= k:
            return {" ".join(w).encode("utf-8", "surrogatepass")}
        return {" ".join(w[i:i + k]).encode("utf-8", "surrogatepass") for i in range(len(w) - k + 1)}

    def sign(self, text: Optional[str]) -> tuple[int, bytes]:
        """(number of shingles, the signature as ``num_perm`` little-endian uint32)."""
        sh = self.shingles(text)
        t = self._template
        m = MinHash(num_perm=self.num_perm, seed=self.seed, permutations=t.permutations, scheme="affine32")
        if sh:
            m.update_batch(sh)
        return len(sh), m.hashvalues.astype("<u4").tobytes()


ARTICLE_SHINGLING = Shingling(words=5, num_perm=128)
QUOTE_SHINGLING = Shingling(words=3, num_perm=64)

SIGNATURE_SCHEMA = pa.schema([
    ("article_id", pa.string()),  # the article; its quotes' rows carry it too
    ("quote_key", pa.string()),  # null for the article's own row
    ("n_shingles", pa.int32()),
    ("sig", pa.binary()),
    ("version", pa.string()),
])


def quote_key(article_id, kind, start_char, end_char) -> str:
    """A quote's key within the corpus: its article, offsets and kind (one quote row each)."""
    return f"{article_id}:{int(start_char or 0)}:{int(end_char or 0)}:{kind}"


def signature_rows(articles: Iterable[dict], quotes: Iterable[dict]) -> list[dict]:
    """The ``signatures`` part rows of a batch: one per article (its ``text``) and one per quote."""
    rows = []
    for a in articles:
        n, sig = ARTICLE_SHINGLING.sign(a.get("text"))
        rows.append(dict(article_id=a.get("article_id"), quote_key=None, n_shingles=n, sig=sig,
                         version=SIGNATURE_VERSION))
    for q in quotes:
        n, sig = QUOTE_SHINGLING.sign(q.get("text"))
        rows.append(dict(article_id=q.get("article_id"),
                         quote_key=quote_key(q.get("article_id"), q.get("kind"), q.get("start_char"), q.get("end_char")),
                         n_shingles=n, sig=sig, version=SIGNATURE_VERSION))
    return rows


def signature_table(articles: Iterable[dict], quotes: Iterable[dict]) -> pa.Table:
    return pa.Table.from_pylist(signature_rows(articles, quotes), schema=SIGNATURE_SCHEMA)


def as_matrix(sigs: pa.Array, num_perm: int) -> np.ndarray:
    """A column of signatures (binary, each ``num_perm`` uint32) as an (n, num_perm) uint32 array."""
    if len(sigs) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    arr = sigs.combine_chunks() if isinstance(sigs, pa.ChunkedArray) else sigs
    arr = arr.cast(pa.large_binary())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    width = num_perm * 4
    if not np.all(np.diff(offsets) == width):
        raise ValueError(f"signatures of another size than {num_perm} permutations")
    return data[offsets[0]:offsets[-1]].view("<u4").reshape(len(arr), num_perm)
