"""Link place mentions to Kemendagri codes.

A name with several candidates in the list is decided by context, in this order: the
parents written in its sentence, the other places of the article, the dateline, and the
region of the outlet (``outlet_regions`` in rules/places.yaml). A name the list does not
know, or a known name that contradicts the parent its sentence states, may be a spelling
variant of a place under that parent (a bounded edit distance among its descendants). An
ambiguous place stays unlinked with its number of candidates, except a bare name that is both
a kota and a kabupaten: the kota. Every row records
``link_method`` and ``link_score`` (docs/tables.md explains both).
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ..extract.places import PlaceMention
from ..models import PlaceRow
from ..resources.gazetteer import Gazetteer, Region, key

_LEVELS = {"desa": ["desa", "kelurahan"], "kelurahan": ["kelurahan", "desa"], "kecamatan": ["kecamatan"],
           "kabupaten": ["kabupaten", "kota"], "kota": ["kota", "kabupaten"], "provinsi": ["provinsi"]}
_ORDER = ["provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan", "dusun"]
_DEPTH = {"provinsi": 1, "kabupaten": 2, "kota": 2, "kecamatan": 3, "desa": 4, "kelurahan": 4}
# how sure a link is, by the evidence that chose it (docs/tables.md, places)
SCORES = {"alias": 1.0, "unique": 1.0, "sentence": 0.95, "article": 0.9, "child": 0.9, "dateline": 0.8,
          "outlet": 0.75, "fuzzy": 0.7, "bare_kota": 0.6, "ambiguous": 0.0, "not_found": 0.0, "no_code": 0.0}
UNIQUE_CONTRADICTED = 0.8  # the one region of that name, but not under the parent the sentence states
FUZZY_PER_EXTRA_EDIT = 0.1


def _inside(cands: Iterable[Region], codes: Iterable[str]) -> list[Region]:
    codes = list(codes)
    return [c for c in cands if any(c.code == x or c.code.startswith(x + ".") for x in codes)]


def _pick(cands: list[Region], tier: Sequence[str]) -> Optional[Region]:
    """The one candidate inside the tier's codes, trying the most specific codes first."""
    for ctx in sorted(tier, key=lambda c: -c.count(".")):
        inside = _inside(cands, [ctx])
        if len(inside) == 1:
            return inside[0]
    inside = _inside(cands, tier)
    return inside[0] if len(inside) == 1 else None


def _fuzzy(gz: Gazetteer, m: PlaceMention, codes: Sequence[str]) -> Optional[tuple[Region, int]]:
    """A spelling variant of ``m`` under one of ``codes`` (kabupaten or kecamatan level only:
    a province holds too many villages for an edit-distance guess)."""
    depth = _DEPTH[m.level]
    hits = {}
    for code in codes:
        if 2 <= code.count(".") + 1 < depth:
            found = gz.fuzzy_under(m.name, code, _LEVELS[m.level])
            if found:
                hits[found[0].code] = found
    if len(hits) == 1:
        return next(iter(hits.values()))
    return None


def link_places(mentions: list[PlaceMention], gz: Gazetteer, outlet_codes: Sequence[str] = ()) -> list[PlaceRow]:
    linked: dict[int, tuple[Optional[Region], str, int, float]] = {}
    article: list[str] = []  # codes linked in the article (not the dateline), with their ancestors
    dateline: list[str] = []
    in_sentence: dict[tuple[int, str], list[str]] = {}  # (sentence, name key) -> codes it took
    order = sorted(range(len(mentions)), key=lambda i: _ORDER.index(mentions[i].level))

    def remember(m: PlaceMention, reg: Region) -> None:
        target = dateline if m.rule_id == "places.dateline" else article
        target.append(reg.code)
        target.extend(a for a in reg.ancestors() if a not in target)
        in_sentence.setdefault((m.sentence, key(m.name)), []).append(reg.code)

    for i in order:
        m = mentions[i]
        if m.level == "dusun":
            linked[i] = (None, "no_code", 0, SCORES["no_code"])
            continue
        if m.code_hint and m.code_hint in gz.by_code:
            reg = gz.by_code[m.code_hint]
            linked[i] = (reg, "alias", 1, SCORES["alias"])
            remember(m, reg)
            continue
        levels = _LEVELS[m.level]
        if m.level_stated:
            cands = gz.lookup(m.name, levels[:1]) or gz.lookup(m.name, levels)
        else:  # a bare "Pasuruan": Kabupaten 35.14 or Kota 35.75, as the context says
            cands = gz.lookup(m.name, levels)
        sentence: list[str] = []
        for lvl in ("kecamatan", "kabupaten", "provinsi"):
            pname = m.parents.get(lvl)
            if pname:
                sentence.extend(in_sentence.get((m.sentence, key(pname)))
                                or [r.code for r in gz.lookup(pname, _LEVELS[lvl])])
        if m.rule_id == "places.dateline":
            tiers = [("outlet", list(outlet_codes))]
        else:
            tiers = [("sentence", sentence), ("article", article), ("dateline", dateline),
                     ("outlet", list(outlet_codes))]
        fits_sentence = not sentence or bool(_inside(cands, sentence))
        reg, method, score = None, "", 0.0
        if len(cands) == 1 and fits_sentence:
            reg, method, score = cands[0], "unique", SCORES["unique"]
        else:
            for name, codes in tiers:
                reg = _pick(cands, codes) if codes else None
                if reg is not None:
                    method, score = name, SCORES[name]
                    break
        if reg is None and m.level in ("desa", "kelurahan", "kecamatan") and (cands and not fits_sentence
                                                                            or not cands):
            # "Tanggulengin" under Kejayan: a spelling variant of a place under the stated parent
            # (or, for a name the list does not know, under a place the article, dateline or outlet gives)
            for _name, codes in (tiers if not cands else tiers[:1]):
                found = _fuzzy(gz, m, codes)
                if found:
                    reg, method = found[0], "fuzzy"
                    score = SCORES["fuzzy"] - FUZZY_PER_EXTRA_EDIT * (found[1] - 1)
                    break
        if reg is None and len(cands) == 1:
            reg, method, score = cands[0], "unique", UNIQUE_CONTRADICTED
        if reg is None:
            method = "ambiguous" if cands else "not_found"
            if m.rule_id == "places.dateline":
                dateline.extend(c.code for c in cands)  # "PASURUAN": a village in either Pasuruan
        linked[i] = (reg, method, len(cands), score)
        if reg is not None:
            remember(m, reg)
    _link_by_children(mentions, linked, gz)
    _bare_is_kota(mentions, linked, gz)
    rows = []
    for i, m in enumerate(mentions):
        reg, method, n, score = linked[i]
        row = PlaceRow(name=m.name, level=m.level, start_char=m.start, end_char=m.end, rule_id=m.rule_id,
                       link_method=method, link_score=score, n_candidates=n)
        if reg is not None:
            parents = gz.parent_names(reg)
            row.region_code = reg.code
            row.official_name = reg.official_name
            row.kecamatan = parents["kecamatan"]
            row.kabupaten = parents["kabupaten"]
            row.provinsi = parents["provinsi"]
            if m.level in ("kelurahan", "desa") and reg.level in ("desa", "kelurahan") \
                    or m.level in ("kabupaten", "kota") and reg.level in ("kabupaten", "kota"):
                row.level = reg.level
        else:
            row.kecamatan = m.parents.get("kecamatan")
            row.kabupaten = m.parents.get("kabupaten")
            row.provinsi = m.parents.get("provinsi")
        rows.append(row)
    _dusun_parents(rows)
    return rows


def _link_by_children(mentions: list[PlaceMention], linked: dict, gz: Gazetteer) -> None:
    """An ambiguous kecamatan or kabupaten is the one of its candidates that holds a place
    the article linked ("Kecamatan Karang Jaya" with a village of Karang Jaya, Muratara)."""
    codes = [reg.code for reg, *_ in linked.values() if reg is not None]
    for i, (reg, method, n, _score) in list(linked.items()):
        m = mentions[i]
        if method != "ambiguous" or m.level not in ("kecamatan", "kabupaten", "kota"):
            continue
        cands = gz.lookup(m.name, _LEVELS[m.level])
        holding = [c for c in cands if any(x.startswith(c.code + ".") for x in codes)]
        if len(holding) == 1:
            linked[i] = (holding[0], "child", n, SCORES["child"])


def _bare_is_kota(mentions: list[PlaceMention], linked: dict, gz: Gazetteer) -> None:
    """A bare name that is both a kota and a kabupaten ("Malang", "Magelang"), with nothing in
    the article to choose, is the kota: the city is what a bare name means (the gold convention,
    ../shared/eval/README.md)."""
    for i, (reg, method, n, _score) in list(linked.items()):
        m = mentions[i]
        if method != "ambiguous" or m.level_stated or m.level not in ("kabupaten", "kota"):
            continue
        if m.written_after:  # "Cileungsi, Bogor": the one that holds the smaller place written before it
            cands = gz.lookup(m.name, ["kabupaten", "kota"])
            holding = [c for c in cands if gz.descendants_named(m.written_after, c.code)]
            if len(holding) == 1:
                linked[i] = (holding[0], "child", n, SCORES["child"])
                continue
        kotas = [c for c in gz.lookup(m.name, ["kota"])]
        if len(kotas) == 1 and kotas[0].level == "kota":
            linked[i] = (kotas[0], "bare_kota", n, SCORES["bare_kota"])


def _dusun_parents(rows: list[PlaceRow]) -> None:
    desas = [r for r in rows if r.level in ("desa", "kelurahan") and r.region_code]
    for r in rows:
        if r.level == "dusun" and not r.kecamatan and desas:
            near = min(desas, key=lambda d: abs(d.start_char - r.start_char))
            r.kecamatan, r.kabupaten, r.provinsi = near.kecamatan, near.kabupaten, near.provinsi
