"""Words a scraper glued together when it cut a hyperlink out: "Yolla Yulianatelah" (Yuliana +
telah), "Trent Alexander-Arnoldsudah", "MusisiAri Lassoyang", "(Jatim)Khofifah".

The decision comes from evidence, not from a list of names:

- the corpus word statistics (``resources/wordstats.py``): the glued whole is never written in
  lower case and is rarer than its first part; the first part is a word news writes with a
  capital (or one the same article writes alone); the second part is a word news writes in lower
  case (a function word or a verb: "telah", "yang", "mengatakan");
- the gazetteer: a region name is never split ("Parungpanjang", "Menjangan");
- ``rules/noise.yaml``: the suffixes that make one word, not two ("Perdanya", "Padamkan":
  ``glued_split_not_suffixes``), and the thresholds (``glued_split``).

Only a space is inserted, so every offset maps back to the raw text (``OffsetText``).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

from ..resources.wordstats import WordStats
from ..rules.schema import GluedSplitParams
from .offsets import OffsetText, SpanMatcher

_TITLE_WORD = re.compile(r"(?<![\w'’])[A-Z][a-z]{4,}(?![\w'’])")
_CAP_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
# "MusisiAri", "olehIr": a word glued to a capitalised word too short for the camel rule of
# cleaner.py (which splits "bersamaReal")
_CAMEL_SHORT = re.compile(r"(?<![\w'’-])([A-Za-z][a-z]{2,})([A-Z][a-z]{1,2})(?![a-z])")
# "DPRAhmad Sahroni", "RIPrabowo": an acronym glued to the capitalised word after it
_ACRONYM_GLUED = re.compile(r"(?<![\w'’-])([A-Z]{2,6})([A-Z][a-z]{2,})")
# "DPRRI", "IIDPRRI": acronyms glued to each other; the acronyms (and roman numbers) written alone
_CAPS_WORD = re.compile(r"(?<![\w'’-])[A-Z]{4,10}(?![\w'’-])")
_CAPS_ALONE = re.compile(r"(?<![\w'’-])(?:[A-Z]{2,}|[IVX]+)(?![\w'’-])")
# "(Jatim)Khofifah", "(ESDM)Bahlil", "Parawansa(KIP)": a bracket glued to a word
_BRACKET_GLUED = re.compile(r"(?<=[A-Za-z]{2}\))(?=[A-Z][a-z])|(?<=[a-z]{3})(?=\([A-Z])")


class GluedWordSplitter:
    """Finds where to insert a space in glued words; built once per process."""

    def __init__(self, stats: WordStats, is_region: Callable[[str], bool] = lambda _w: False,
                 not_suffixes: Iterable[str] = (), params: Optional[GluedSplitParams] = None,
                 verb_suffixes: Iterable[str] = ()):
        self.stats = stats
        self.is_region = is_region
        self.not_suffixes = frozenset(s.lower() for s in not_suffixes)
        self.verb_suffixes = tuple(s.lower() for s in verb_suffixes)
        self.p = params or GluedSplitParams()
        self._lower_cache: dict[str, bool] = {}

    @classmethod
    def from_rules(cls, rules, stats: WordStats,
                   is_region: Callable[[str], bool] = lambda _w: False) -> "GluedWordSplitter":
        return cls(stats, is_region, rules.word_list("glued_split_not_suffixes"), rules.glued_split,
                   rules.word_list("glued_verb_suffixes"))

    # -- evidence -------------------------------------------------------------------------
    def lower_word(self, w: str) -> bool:
        """A word news writes in lower case: a function word or a verb ("telah", "mengatakan")."""
        key = w.lower()
        v = self._lower_cache.get(key)
        if v is None:
            c = self.stats.get(key)
            seen = c.lower + c.cap
            need = self.p.min_lower if len(key) > 4 else self.p.min_lower_short
            v = (c.lower >= need and c.lower >= self.p.lower_share * seen
                 and c.strong + c.per <= 0.01 * c.lower and key not in self.not_suffixes)
            self._lower_cache[key] = v
        return v

    def lower_root(self, w: str) -> bool:
        """A lower-case word by its root: "kembalikan" (kembali + -kan), rarer than the threshold
        itself, is a verb because "kembali" is a common lower-case word (``glued_verb_suffixes``)."""
        for suffix in self.verb_suffixes:
            root = w[:-len(suffix)]
            if w.endswith(suffix) and len(root) >= 5 and self.lower_word(root):
                return True
        return False

    def cap_word(self, w: str, article_words: set[str]) -> bool:
        """A word news writes with a capital, or one the same article writes alone."""
        if w in article_words:
            return True
        c = self.stats.get(w)
        return c.cap + c.per >= self.p.min_cap and c.lower <= 0.2 * (c.lower + c.cap)

    def split_point(self, w: str, article_words: set[str]) -> Optional[int]:
        """Where ``w`` ("Yulianatelah") splits, or None: the longest lower-case word at its end."""
        c = self.stats.get(w)
        if c.lower or c.cap > self.p.max_whole_cap or self.is_region(w):
            return None
        found = []
        for i in range(3, len(w) - 2):
            head, tail = w[:i], w[i:]
            if len(tail) < 4 and len(head) < 5:
                continue  # "Art|ini", "Hard|ini" (Hardini): too little on either side to tell
            if not (self.lower_word(tail) or self.lower_root(tail)):
                continue
            if self.cap_word(head, article_words) \
                    and self.stats.get(head).cap + self.stats.get(head).per + (head in article_words) > c.cap:
                found.append(i)
        if found:  # the head the article writes alone first ("Daguise|tengah", not "Dagui|setengah")
            return next((i for i in found if w[:i] in article_words), found[0])
        if c.cap:
            return None
        for i in range(4, len(w) - self.p.long_tail + 1):
            # "Latuconsinaseringkali": a long lower-case word (not one known by its root only:
            # "Anungme|resmikan") glued to a name the corpus never saw
            if self.lower_word(w[i:]):
                return i
        return None

    def camel_split(self, m: re.Match[str]) -> bool:
        """"MusisiAri": a known word then a capitalised word too short for the plain camel rule."""
        left, right = m.group(1), m.group(2)
        cl, cr = self.stats.get(left), self.stats.get(right)
        return cl.lower + cl.cap >= self.p.min_lower and cr.cap >= self.p.min_cap \
            and self.stats.get(left + right).lower + self.stats.get(left + right).cap == 0

    def acronym_split(self, m: re.Match[str], text: str, article_words: set[str]) -> bool:
        """"DPRAhmad": the acronym is written alone in the same article ("DPR"), the word after it
        is a word news writes with a capital ("Ahmad"), and the glued whole is no word of the
        corpus ("BRImo", "JPMorgan" stay: "BR", "JP" are not written alone)."""
        acronym, word = m.group(1), m.group(2)
        whole = self.stats.get(acronym + word)
        if whole.lower + whole.cap > self.p.max_whole_cap:
            return False
        if not re.search(r"(?<![\w-])" + acronym + r"(?![\w-])", text):
            return False
        return self.cap_word(re.match(r"[A-Z][a-z]+", word).group(0), article_words)

    @staticmethod
    def acronyms_split(w: str, alone: set[str]) -> list[int]:
        """"DPRRI": where an all-capitals word splits into acronyms the same article writes alone
        ("DPR", "RI"), left to right, the longest first; [] when it does not ("POLRI": "POL" is
        not written alone)."""
        cuts: list[int] = []
        i = 0
        while i < len(w):
            j = next((j for j in range(len(w), i + 1, -1) if w[i:j] in alone and w[i:j] != w), None)
            if j is None:
                return []
            if j < len(w):
                cuts.append(j)
            i = j
        parts = [w[a:b] for a, b in zip([0, *cuts], [*cuts, len(w)])]
        return cuts if len(set(parts)) == len(parts) else []  # "TNTN" (Taman Nasional Tesso Nilo) is one

    # -- text -----------------------------------------------------------------------------
    def split(self, ot: OffsetText) -> None:
        """Insert the spaces, in place, keeping the offset map."""
        ot.sub(_BRACKET_GLUED, " ")
        text = ot.text
        points = [m.start(2) for m in _CAMEL_SHORT.finditer(text) if self.camel_split(m)]
        article_words = set(_CAP_WORD.findall(text))
        points += [m.start(2) for m in _ACRONYM_GLUED.finditer(text) if self.acronym_split(m, text, article_words)]
        if _CAPS_WORD.search(text):
            alone = set(_CAPS_ALONE.findall(text))
            for m in _CAPS_WORD.finditer(text):
                points += [m.start() + c for c in self.acronyms_split(m.group(0), alone)]
        for m in _TITLE_WORD.finditer(text):
            i = self.split_point(m.group(0), article_words)
            if i is not None:
                points.append(m.start() + i)
        if points:
            ot.sub(SpanMatcher([(p, p) for p in sorted(set(points))]), " ")
