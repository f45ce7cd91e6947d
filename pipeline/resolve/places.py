"""Link place mentions to Kemendagri codes using the parents in the sentence, then the
other places of the article, then the dateline. An ambiguous place stays unlinked with
its number of candidates; every row records ``link_method`` and ``link_score``.
"""

from __future__ import annotations

from typing import Optional

from ..extract.places import PlaceMention
from ..models import PlaceRow
from ..resources.gazetteer import Gazetteer, Region

_LEVELS = {"desa": ["desa", "kelurahan"], "kelurahan": ["kelurahan", "desa"], "kecamatan": ["kecamatan"],
           "kabupaten": ["kabupaten", "kota"], "kota": ["kota", "kabupaten"], "provinsi": ["provinsi"]}
_ORDER = ["provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan", "dusun"]


def _pick(cands: list[Region], context: list[str]) -> tuple[Optional[Region], str]:
    if len(cands) == 1:
        return cands[0], "unique"
    for ctx in context:
        inside = [c for c in cands if c.code.startswith(ctx + ".") or c.code == ctx]
        if len(inside) == 1:
            return inside[0], "context"
    return None, "ambiguous"


def link_places(mentions: list[PlaceMention], gz: Gazetteer) -> list[PlaceRow]:
    linked: dict[int, tuple[Optional[Region], str, int]] = {}
    context: list[str] = []  # codes known in the article, most specific first
    order = sorted(range(len(mentions)), key=lambda i: _ORDER.index(mentions[i].level))
    for i in order:
        m = mentions[i]
        if m.level == "dusun":
            linked[i] = (None, "no_code", 0)
            continue
        if m.code_hint:
            reg = gz.by_code.get(m.code_hint)
            linked[i] = (reg, "alias", 1)
            if reg:
                context.append(reg.code)
            continue
        levels = _LEVELS[m.level]
        cands = gz.lookup(m.name, levels[:1]) or gz.lookup(m.name, levels)
        local: list[str] = []
        for lvl in ("kecamatan", "kabupaten", "provinsi"):
            pname = m.parents.get(lvl)
            if pname:
                for r in gz.lookup(pname, _LEVELS[lvl]):
                    local.append(r.code)
        reg, method = _pick(cands, local + sorted(context, key=lambda c: -c.count(".")))
        if reg is None and not cands and m.level in ("desa", "kelurahan", "kecamatan"):
            parents = [c for c in local + context if c.count(".") == (2 if m.level != "kecamatan" else 1)]
            for p in parents:
                reg = gz.fuzzy_child(m.name, p, levels)
                if reg:
                    method = "fuzzy"
                    break
        linked[i] = (reg, method, len(cands))
        if reg is not None:
            context.append(reg.code)
            context.extend(a for a in reg.ancestors() if a not in context)
    rows = []
    for i, m in enumerate(mentions):
        reg, method, n = linked[i]
        row = PlaceRow(name=m.name, level=m.level, start_char=m.start, end_char=m.end, rule_id=m.rule_id,
                       link_method=method, n_candidates=n)
        if reg is not None:
            parents = gz.parent_names(reg)
            row.region_code = reg.code
            row.official_name = reg.official_name
            row.kecamatan = parents["kecamatan"]
            row.kabupaten = parents["kabupaten"]
            row.provinsi = parents["provinsi"]
            row.link_score = {"unique": 1.0, "alias": 1.0, "context": 0.9, "fuzzy": 0.7}.get(method, 0.5)
            if m.level == "kelurahan" or m.level == "desa":
                row.level = reg.level if reg.level in ("desa", "kelurahan") else m.level
        else:
            row.kecamatan = m.parents.get("kecamatan")
            row.kabupaten = m.parents.get("kabupaten")
            row.provinsi = m.parents.get("provinsi")
        rows.append(row)
    _dusun_parents(rows)
    return rows


def _dusun_parents(rows: list[PlaceRow]) -> None:
    desas = [r for r in rows if r.level in ("desa", "kelurahan") and r.region_code]
    for r in rows:
        if r.level == "dusun" and not r.kecamatan and desas:
            near = min(desas, key=lambda d: abs(d.start_char - r.start_char))
            r.kecamatan, r.kabupaten, r.provinsi = near.kecamatan, near.kabupaten, near.provinsi
