"""An office and its holder written in apposition are one person.

Indonesian news names an official as office first, holder after, with the office's own
qualifiers in between: "Menteri Luar Negeri (Menlu) Indonesia, Sugiono, mengatakan",
"Komandan Rayon Militer (Danramil) 23 Magelang Utara, Mayor (Inf) Joko Nugroho",
"Direktur World Competitive Center (WCC) IMD, Arturo Bris", "kata juru bicara KPK, Budi
Prasetyo". The scanner sees two mentions (an office with no name, then a name with no office) or
one office and a bare name after a comma. :func:`join_office_appositions` makes them one: the
holder's mention takes the office, the office's mention takes the name, so the resolve stage puts
them in one entity and a quote attributed to the office is the holder's.

What may stand between the two is narrow: the office's abbreviation in brackets, its body or place
(capitalised words, codes like "0602-02/Kasemen", "dan" between capitalised words) and one comma.
Any lower-case word, a second office or a sentence end breaks the apposition.
"""

from __future__ import annotations

import re
from typing import Optional

from ..extract.names import NameModel
from ..extract.people import APPOSITION_MAX, PersonMention, _title, apposition_gap

# a name never runs over a line break ("kata Sekda Kota Depok, Nina Suzana\n\nNina mengatakan")
_NAME_AFTER = re.compile(r"\s*,\s*((?:[A-Z][\w'-]*\.?[ \t]+){0,3}[A-Z][\w'-]*)(?=\s*,|\s+[a-z]|[ \t]*(?:\n|$))")
_MAX_GAP = APPOSITION_MAX


def _holder_fits(office: PersonMention, holder: PersonMention) -> bool:
    if not holder.name or holder.in_list or holder.is_object:
        return False
    if holder.position and holder.position != office.position:
        return False  # "Kapolsek X, Kanit Binmas Y": two offices, two people
    return holder.sentence == office.sentence


def join_office_appositions(mentions: list[PersonMention], text: str,
                            names: Optional[NameModel] = None) -> None:
    """Give each office mention without a name the holder written right after it (in place).
    ``mentions`` are in text order. Without a following mention, a name run after a comma that
    the name model accepts ("..., Sugiono, mengatakan") becomes the office's name."""
    for k, office in enumerate(mentions):
        if office.name or not office.position or office.in_list or office.position_kind == "collective":
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if nxt is not None and nxt.start >= office.end and apposition_gap(text[office.end:nxt.start]) \
                and _holder_fits(office, nxt):
            office.name = nxt.name
            office.name_tokens = list(nxt.name_tokens)
            for attr in ("rank", "rank_full", "rank_level", "rank_service"):
                if getattr(office, attr) is None:
                    setattr(office, attr, getattr(nxt, attr))
            if nxt.position is None:
                nxt.position, nxt.position_full = office.position, office.position_full
                nxt.position_kind, nxt.institution = office.position_kind, office.institution
                if nxt.unit is None:
                    nxt.unit = office.unit
            office.rule_id = office.rule_id + "+apposition"
            continue
        if names is None:
            continue
        limit = nxt.start if nxt is not None else len(text)
        window = text[office.end:min(limit, office.end + _MAX_GAP + 40)]
        for m in _NAME_AFTER.finditer(window):
            if not apposition_gap(window[:m.start()]):
                break
            words = m.group(1).split()
            if names.lx.bodies.match([w.lower() for w in words], 0):
                break  # "..., Badan Pengawas MA yang diwakili ...": the next attendee is a body
            if len(words) > 2 and words[-1].isupper() and words[-1].isalpha() and 2 <= len(words[-1]) <= 5:
                words = words[:-1]  # "Ateng Hartono BPS mengatakan": the body's acronym after the name
            v = names.judge(words)
            if v.ok and v.start == 0 and v.end == len(words):
                office.name = _title(" ".join(words))
                office.rule_id = office.rule_id + "+apposition"
            break


_ABBREV_AFTER = re.compile(r"\s*\(\s*([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)\s*\)")


def is_abbreviation(short: str, full: str) -> bool:
    """Is ``short`` an abbreviation of ``full``: its letters in order inside ``full``, its first
    letter in the first word ("Menlu" of "Menteri Luar Negeri", "Danramil" of "Komandan Rayon
    Militer", "Menteri PDTT" of "Menteri Desa, Pembangunan Daerah Tertinggal dan Transmigrasi")?"""
    s = [c for c in short.lower() if c.isalnum()]
    f = full.lower()
    words = f.split()
    if len(s) < 2 or len(s) >= len(f.replace(" ", "")) or not words or s[0] not in words[0]:
        return False
    j = 0
    for c in f:
        if j < len(s) and c == s[j]:
            j += 1
    return j == len(s)


def abbreviated_positions(mentions: list[PersonMention], text: str) -> None:
    """Where the article writes "Full form (Abbrev)" the position is the abbreviation (the gold
    convention): "Kepala Desa (Kades) Keroya" is Kades, "Menteri Luar Negeri (Menlu)" is Menlu.
    ``position_full`` keeps the full form."""
    low = text.lower()
    for m in mentions:
        if not m.position or len(m.position.split()) < 2:
            continue
        at = low.find(m.position.lower(), max(0, m.start - 1), m.end + 80)
        if at < 0:
            continue
        mm = _ABBREV_AFTER.match(text, at + len(m.position))
        if mm and is_abbreviation(mm.group(1), m.position):
            m.position_full = m.position_full or m.position
            m.position = mm.group(1)
