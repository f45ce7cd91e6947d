"""Text with a map from every character back to its offset in the raw text.

Each edit (a regex substitution) rewrites the text and the map together, in C-speed
slices, so the map stays exact through any number of cleaning steps.
"""

from __future__ import annotations

import re
from array import array
from typing import Callable, Union

Repl = Union[str, Callable[[re.Match[str]], str]]


class OffsetText:
    """``text`` plus ``origin``: ``origin[i]`` is the raw offset of ``text[i]``."""

    __slots__ = ("text", "origin", "raw_len")

    def __init__(self, text: str, origin: array | None = None, raw_len: int | None = None):
        self.text = text
        self.origin = origin if origin is not None else array("i", range(len(text)))
        self.raw_len = len(text) if raw_len is None else raw_len

    def sub(self, pattern: re.Pattern[str], repl: Repl) -> "OffsetText":
        """Like ``pattern.sub(repl, text)``, keeping the offset map; edits in place."""
        text, origin = self.text, self.origin
        out: list[str] = []
        new_origin = array("i")
        pos = 0
        changed = False
        for m in pattern.finditer(text):
            new = repl if isinstance(repl, str) else repl(m)
            if new == m.group(0):
                continue
            changed = True
            s, e = m.span()
            out.append(text[pos:s])
            new_origin.extend(origin[pos:s])
            out.append(new)
            if new:
                # Replacement characters point into the matched raw span, in order.
                raw_s = origin[s] if s < len(origin) else self.raw_len
                raw_e = origin[e - 1] + 1 if e > s else raw_s
                span = max(raw_e - raw_s, 1)
                new_origin.extend(min(raw_s + (i * span) // len(new), raw_e) for i in range(len(new)))
            pos = e
        if not changed:
            return self
        out.append(text[pos:])
        new_origin.extend(origin[pos:])
        self.text = "".join(out)
        self.origin = new_origin
        return self

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw ``[start, end)`` that produced normalized ``[start, end)``."""
        if not self.origin:
            return (0, 0)
        start = min(max(start, 0), len(self.origin) - 1)
        end = min(max(end, start + 1), len(self.origin))
        return (self.origin[start], self.origin[end - 1] + 1)


class SpanMatcher:
    """Quacks like a compiled pattern whose matches are the given spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans

    def finditer(self, text: str):
        for s, e in self.spans:
            yield _SpanMatch(text, s, e)


class _SpanMatch:
    def __init__(self, text: str, s: int, e: int):
        self._text, self._s, self._e = text, s, e

    def group(self, _i: int = 0) -> str:
        return self._text[self._s:self._e]

    def span(self) -> tuple[int, int]:
        return (self._s, self._e)
