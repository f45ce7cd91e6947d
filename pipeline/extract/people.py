"""Officials and other named people, as mentions: rank + name + degrees, position + unit,
honorific + name + position, role noun + name, name + (age).

One left-to-right scan over the tokens of each sentence. A mention is a chain of parts
that belong to one person; each part comes from a lexicon built from ``rules/*.yaml``:

    [prefix] POSITION [unit-prefix] [UNIT] [RANK [CORPS]] [HONORIFIC] [NAME] [DEGREES]
    RANK [CORPS] NAME [DEGREES] [, selaku POSITION [UNIT]]
    HONORIFIC NAME [POSITION [UNIT]]
    NAME (AGE) | role-noun NAME | NAME role-noun

Resolution (who is who across mentions) is the resolve stage's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from spacy.tokens import Doc

from ..nlp.tokens import doc_tokens
from ..resources.gazetteer import Gazetteer
from ..rules.schema import Position
from .lexicon import Lexicon
from .names import NameModel

_AGE = re.compile(r"^\(?\d{1,3}\)?$")
_UNIT_CODE = re.compile(r"^\d{2,4}(?:-\d{1,3})?$")
_INITIAL = re.compile(r"^[A-Z](?:\.[A-Z])*\.?$")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.'-]*(?:['.-][^\W\d_]*)*\.?$")
_APPOSITION = {"selaku", "sebagai"}
_ROMAN = re.compile(r"^[IVXLC]+$")
_BRACKET_SPACE = re.compile(r"(?<=\()\s+|\s+(?=[).])")  # tokens "( P )", "Purn ." written back as "(P)", "Purn."


class OfficeMatch(NamedTuple):
    end: int
    written: str
    position: Optional[Position]  # the rule entry, None for a compound office (Ketua + BPD)
    kind: str
    institution: Optional[str]
    unit_level: Optional[str]
    unit: Optional[str] = None  # the unit the office's own words give ("Kepala Badan ... (BPOM)")


@dataclass
class PersonMention:
    start: int  # char offsets into the normalized text
    end: int
    sentence: int
    rule_id: str
    name: Optional[str] = None
    rank: Optional[str] = None  # as written (with corps)
    rank_full: Optional[str] = None
    rank_level: Optional[int] = None
    rank_service: Optional[str] = None
    position: Optional[str] = None  # as written, without unit
    position_full: Optional[str] = None
    position_kind: str = "official"  # official | non_official | collective
    institution: Optional[str] = None
    unit: Optional[str] = None
    degrees: list[str] = field(default_factory=list)
    honorific: Optional[str] = None
    role: Optional[str] = None
    is_object: bool = False  # right after "kepada", "bersama" ...: not the one speaking next
    holder_link: bool = False  # "X juga menjabat sebagai <office>": the office is X's
    link_subject: Optional[str] = None  # the "X" written right before the link words
    in_list: bool = False  # one of a list of offices ("Kanit Intelkam, Kanit Samapta, Bhabinkamtibmas ...")
    in_quote: bool = False
    in_building: bool = False  # "Kantor Camat Abab", "Pendopo Gubernur Aceh": names a holder's building
    one_holder: bool = False  # an office with one holder in the country ("Presiden", "Menteri Dalam Negeri")
    name_tokens: list[str] = field(default_factory=list)

    @property
    def is_official(self) -> bool:
        if self.position_kind != "official":
            return False
        return self.position is not None or self.rank is not None


APPOSITION_MAX = 90
# one piece of what may stand between an office and its holder ("(Danramil) 23 Magelang Utara,")
_APPOSITION_PIECE = re.compile(r"\s*(?:\([^()\n]{1,40}\)|\)|[A-Z0-9][\w.'/&-]*|(?<=\s)(?:dan|&|of|and)(?=\s+[A-Z]))")


def apposition_gap(gap: str) -> bool:
    """Can ``gap`` stand between an office and its holder's name? Only the office's own
    qualifiers: its abbreviation in brackets, its body or place (capitalised words, codes like
    "0602-02/Kasemen", "dan" between capitalised words), a rank, and one comma. Any lower-case
    word, a second comma or a line break says the two are not in apposition."""
    if len(gap) > APPOSITION_MAX or "\n" in gap or gap.count(",") > 1:
        return False
    body = gap.replace(",", " ")
    pos = 0
    while pos < len(body):
        m = _APPOSITION_PIECE.match(body, pos)
        if not m or m.end() == pos:
            return body[pos:].strip() == ""
        pos = m.end()
    return True


def _is_cap(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def _title(name: str) -> str:
    """ALL-CAPS names in Title Case; mixed case kept."""
    words = name.split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in words)


_LEVEL_WORDS = {"province": ["provinsi"], "provinsi": ["provinsi"], "kabupaten": ["kabupaten", "kota"],
                "kota": ["kota", "kabupaten"], "kecamatan": ["kecamatan"], "desa": ["desa", "kelurahan"],
                "kelurahan": ["kelurahan", "desa"], "dusun": ["desa", "kelurahan"]}
_DEFAULT_UNIT_LEVELS = ("provinsi", "kabupaten", "kota", "kecamatan")


def unit_levels(unit_level: Optional[str]) -> tuple[str, ...]:
    """Gazetteer levels a position's unit may be, from rules' ``unit_level`` ("kabupaten/kota",
    "national" -> none). Unknown or compound offices: province, regency or district."""
    if not unit_level:
        return _DEFAULT_UNIT_LEVELS
    if unit_level.strip() in ("national", "-", "any"):
        return ()
    out: list[str] = []
    for part in unit_level.replace("(s)", "").split("/"):
        out.extend(_LEVEL_WORDS.get(part.strip(), []))
    return tuple(dict.fromkeys(out)) or _DEFAULT_UNIT_LEVELS


def text_between(doc: Doc, a: int, b: int) -> str:
    return doc_tokens(doc).text[a:b]  # Doc.text would join every token on each call


def _paren_end(texts, k: int) -> Optional[int]:
    """The index after "( Abbrev Words )" starting at k (one to three capitalised words)."""
    if k >= len(texts) or texts[k] != "(":
        return None
    for j in range(k + 2, min(k + 5, len(texts))):
        if texts[j] == ")":
            inner = texts[k + 1:j]
            return j + 1 if inner and all(w[:1].isupper() for w in inner) else None
    return None


def _clean_degree(written: str) -> str:
    return written + "." if "." in written and not written.endswith(".") else written


class PeopleScanner:
    """``names`` (the name model, ``names.py``) decides where a run of capitalised words stops
    being a name and whether it is one at all; without it only the word lists of the rules do."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, names: Optional[NameModel] = None):
        self.lx = lexicon
        self.gz = gazetteer
        self.names = names

    # -- token classes -------------------------------------------------------------
    def _rank_at(self, keys, texts, i, office: Optional[OfficeMatch] = None):
        """(end of rank, end of its corps, rank) at i; ``office`` (the office written before)
        picks, of the ranks one spelling names ("Jenderal": police or army), one that fits it."""
        if i >= len(keys) or not _is_cap(texts[i]):
            return None
        if i > 0 and keys[i - 1] in self.lx.not_rank_after:
            return None
        m = self.lx.ranks.match(keys, i)
        if not m:
            m = self._full_rank_at(keys, i)
        if not m:
            return None
        end, rank = m
        if office is not None and not self._rank_fits(office, rank):
            rank = next((r for r in self.lx.rank_choices.get(tuple(keys[i:end]), [])
                         if self._rank_fits(office, r)), rank)
        # "Sersan Dua (Serda)", "Mayor (Inf)": the rank's abbreviation or its corps in brackets
        if end + 2 < len(texts) and texts[end] == "(" and texts[end + 2] == ")":
            inner = self.lx.ranks.match(keys, end + 1) or self.lx.corps.match(keys, end + 1)
            if inner and inner[0] == end + 2:
                end += 3
        # "Mayor", "Kapten", "Brigadir" are also words: a rank needs a name after it.
        if end < len(texts) and not (_is_cap(texts[end]) or self.lx.corps.match(keys, end)):
            return None
        corps_end = end  # corps, as the tokenizer reads them: "Inf", "Laut ( P )", "Inf ( K )"
        while corps_end < len(keys) and (_is_cap(texts[corps_end]) or texts[corps_end] == "(") \
                and texts[corps_end] not in ("Pol", "Pol.", "Polisi"):
            cm = self.lx.corps.match(keys, corps_end)
            if not cm:
                break
            corps_end = cm[0]
        return end, corps_end, rank

    def _full_rank_at(self, keys, i):
        """A rank written in full with its abbreviation after it: "Sersan Dua (Serda)"."""
        for p in range(i + 1, min(i + 4, len(keys) - 2)):
            if keys[p] != "(":
                continue
            inner = self.lx.ranks.match(keys, p + 1)
            if inner and inner[0] < len(keys) and keys[inner[0]] == ")" \
                    and " ".join(keys[i:p]) == inner[1].full_name.lower():
                return inner[0] + 1, inner[1]
            return None
        return None

    def _position_at(self, keys, texts, i):
        """The office (rule entry or head + body) starting at i, or None."""
        if i >= len(keys) or not _is_cap(texts[i]):
            return None
        j = i
        while j < len(keys) and keys[j] in self.lx.office_prefixes:
            j += 1
        pm = self.lx.positions.match(keys, j)
        hm = self.lx.heads.match(keys, j)
        best = None
        named_unit = None  # (end, words) of a state body right after the head ("CEO Danantara")
        if pm:
            end = _paren_end(texts, pm[0]) or pm[0]  # "Kepala Desa (Kades) Salabulan"
            best = (end, pm[1], pm[1].kind, pm[1].org, pm[1].unit_level)
        if hm:
            spelled = self._spelled_acronym(keys, texts, hm[0])
            if spelled is not None:
                # "Menteri Pembangunan Daerah Tertinggal dan Transmigrasi (PDTT)": the office as
                # its abbreviation (the gold conventions), "Menteri PDTT"
                close, acronym = spelled
                head = " ".join(texts[j:hm[0]])
                # the kind of body: the acronym's, else the spelled-out words' ("Asosiasi ...");
                # a body the rules do not know ("Perhimpunan Hotel dan Restoran Indonesia (PHRI)")
                # is read as before
                bm = self.lx.bodies.match([acronym.lower()], 0) or self.lx.bodies.match(keys, hm[0])
                if bm and bm[1].unit:  # "Kepala Badan Pengawas Obat dan Makanan (BPOM)": Kepala, unit BPOM
                    return OfficeMatch(close, head, None, "official", acronym, None, unit=acronym)
                if bm:
                    return OfficeMatch(close, f"{head} {acronym}", None, bm[1].kind, acronym, bm[1].unit_level)
            # head + body words: Ketua BPD, Kepala Seksi Humas, Wakil Ketua DPRD
            k = hm[0]
            kind = "official"
            body_words = []
            level = None
            last_named = False
            unit_body = False  # the body right after the head is the office's unit ("Jubir KPK")
            while k < len(keys):
                close = _paren_end(texts, k)
                if close and (body_words or k == hm[0]):
                    # "Kepala Seksi (Kasi) Humas", "(Kabag Pemdes)", "Sekretaris Jenderal (Sekjen)
                    # Kemensos": the abbreviation inside
                    k = close
                    continue
                if not _is_cap(texts[k]):
                    break
                bm = self.lx.bodies.match(keys, k)
                if bm and bm[1].unit:
                    unit_body = not body_words
                    if unit_body and not texts[k].isupper():
                        # "CEO Danantara": a state body not in capitals (acronyms are _acronym_unit's)
                        named_unit = (bm[0], " ".join(texts[k:bm[0]]))
                    break
                if not bm:
                    if last_named:
                        e = self._division_name_end(keys, texts, k)
                        if e:
                            body_words[-1] += " " + " ".join(texts[k:e])
                            k = e
                    break
                last_named = bm[1].named
                body_words.append(" ".join(texts[k:bm[0]]))
                if bm[1].kind != "official":
                    kind = bm[1].kind
                level = bm[1].unit_level or level
                k = bm[0]
                if k < len(keys) and _ROMAN.match(texts[k]) and len(texts[k]) <= 4:
                    body_words[-1] += " " + texts[k]  # "Komisi II DPR RI": the body's number
                    k += 1
            if body_words and (best is None or k > best[0]):
                best = (k, None, kind, " ".join(body_words), hm[1].unit_level or level)
            elif not body_words and best is None and (not hm[1].requires_body or unit_body
                                                      or (k < len(keys) and self._ministry_word(keys[k], texts[k]))):
                # "Jubir KPK": a state body that is the unit; "Sekretaris Jenderal Kementerian ESDM"
                best = (_paren_end(texts, hm[0]) or hm[0], None, "official", None, None)
            if best is None:
                # "Wakil Menteri Perindustrian", "Asisten Sekretaris Daerah": a head before an office
                # of the rules (from inside the head or right after it) is another office, the deputy's
                for t in range(j + 1, hm[0] + 1):
                    inner = self.lx.positions.match(keys, t)
                    if inner and inner[0] > hm[0]:
                        end = _paren_end(texts, inner[0]) or inner[0]
                        best = (end, None, inner[1].kind, inner[1].org, inner[1].unit_level)
                        break
        if best is None:
            return None
        if named_unit is not None and best[0] == (_paren_end(texts, hm[0]) or hm[0]):
            return OfficeMatch(named_unit[0], " ".join(texts[j:hm[0]]), None, "official", named_unit[1], None,
                               unit=named_unit[1])
        end, pos, kind, inst, level = best
        kept, depth = [], 0
        for w in texts[j:end]:  # the office as written, without "(Abbrev)"
            depth += (w == "(") - (w == ")")
            if depth == 0 and w != ")":
                kept.append(w)
        written = " ".join(kept)
        opening = pm[0] if pm and pos is pm[1] else (hm[0] if hm else None)
        close = _paren_end(texts, opening) if opening is not None else None
        if close is not None and close <= end:
            # "Sekretaris Jenderal (Sekjen) Kemensos", "Kepala Desa (Kades)": the office by the
            # abbreviation the article gives right after it (the gold conventions; an abbreviation
            # inside the office's words is left: "Kepala Seksi (Kasi) Humas")
            written = " ".join([*texts[opening + 1:close - 1], *texts[close:end]])
        return OfficeMatch(end, written, pos, kind, inst, level)

    def _spelled_acronym(self, keys, texts, k: int) -> Optional[tuple[int, str]]:
        """(index after the bracket, acronym) where the words at k spell out the acronym in
        brackets after them: "Pembangunan Daerah Tertinggal dan Transmigrasi (PDTT)", "Badan
        Pengawas Obat dan Makanan (BPOM)". The initials of the capitalised words (connectors
        skipped) end with the acronym's letters; ``division_name_connectors`` and commas may
        join them."""
        initials = []
        e = k
        while e < len(texts) and e - k < 10:
            t = texts[e]
            if t == "(":
                break
            if _is_cap(t) and t.isalpha() and not t.isupper():
                initials.append(t[0])
            elif not (t == "," or keys[e] in self.lx.division_connectors) or not initials:
                return None
            e += 1
        if len(initials) < 2 or e + 2 >= len(texts) or texts[e] != "(" or texts[e + 2] != ")":
            return None
        acronym = texts[e + 1]
        letters = acronym.replace("-", "").replace("/", "")
        if not (letters.isalpha() and letters.isupper() and len(letters) >= 2) \
                or not "".join(initials).upper().endswith(letters) or len(letters) < len(initials) - 2:
            return None
        return e + 3, acronym

    def _titles_at(self, keys, texts, j, n):
        """(end, honorific, degrees) of what is written before a name: an honorific ("Pak"), then
        degrees ("Drs.", "Prof. Dr.", "Profesor", "Prof"; a dotless abbreviation of two or three
        letters, "Dr", "Ir", is left alone: it may be a name)."""
        honorific = None
        if j < n and keys[j] in self.lx.honorifics and _is_cap(texts[j]):
            honorific = texts[j].rstrip(".")
            j += 1
        found = []
        while j < n and keys[j] in self.lx.degrees and (
                texts[j].endswith(".") or (len(texts[j]) >= 4 or found or honorific)
                and j + 1 < n and _is_cap(texts[j + 1])):  # "Prof Dr Ir X": after a title, "Dr" is one too
            found.append(texts[j])
            j += 1
        return j, honorific, found

    def _division_name_end(self, keys, texts, i, longest=8):
        """End of a division's name at i ("Hubungan Luar Negeri" after "Bidang"): capitalised
        words (and the connectors of rules/people.yaml ``division_name_connectors``) that are no
        unit, place, rank, office, honorific or degree, ending at a comma; None when no comma
        closes them (then the words may be a person's name)."""
        j = i
        while j < len(keys) and j - i < longest:
            if keys[j] in self.lx.division_connectors and j > i and j + 1 < len(keys) and _is_cap(texts[j + 1]):
                j += 1
                continue
            close = _paren_end(texts, j) if j > i else None
            if close:  # "Bidang Statistik Sosial Badan Pusat Statistik (BPS),"
                j = close
                continue
            if not _is_cap(texts[j]) or not _NAME_WORD.match(texts[j]):
                break
            if (keys[j] in self.lx.honorifics or keys[j] in self.lx.degrees or self.lx.ranks.match(keys, j)
                    or self.lx.positions.match(keys, j) or self.lx.heads.match(keys, j)
                    or self.lx.unit_prefixes.match(keys, j) or self.lx.place_cues.match(keys, j)):
                return None
            j += 1
        return j if j > i and j < len(keys) and texts[j] == "," else None

    def _name_at(self, keys, texts, i, limit, allow_single=True, judge=True):
        """End index of a name starting at i (capitalised words, initials, particles). With
        ``judge`` the name model ends the run and may reject it; callers pass ``judge=False``
        where the context already says a name comes (after a rank or an honorific, in
        apposition "Kades Keroya, Agus,"): there a common word is a name ("Staf Ahli, Agen"). One word
        of two letters is initials ("Kades Keroya, Is,"), never a name."""
        j = i
        n = 0
        while j < limit and n < 7:
            t = texts[j]
            k = keys[j]
            if k in self.lx.name_particles and n > 0 and j + 1 < limit and _is_cap(texts[j + 1]):
                j += 1
                continue
            if not t[:1].isupper() or not _NAME_WORD.match(t):
                break  # names are words: no digits ("A3"), no symbols
            if k in self.lx.name_stop or k in self.lx.degrees and n > 0 or k in self.lx.honorifics:
                break
            if n == 0 and k in self.lx.name_opening_stop:
                break  # "Hakim Ketua ...": an office; "Lukman Hakim": a name
            if n == 0 and self.lx.person_roles.match(keys, j):
                break  # "Pengemudi Moh Sholehoddin": the role is not part of the name ("Ida Bagus Putra" is)
            if n == 0 and self.lx.bodies.match(keys, j):
                break  # "dosen Fakultas Ilmu Sosial": an organisation, not a name
            if n == 0 and t.isupper() and len(t) >= 2 and not t.endswith("."):
                k2 = j
                while k2 < limit and texts[k2].isupper() and texts[k2].isalpha():
                    k2 += 1
                if k2 < limit and texts[k2][:1].isupper() and not texts[k2].isupper():
                    return None  # "DPR RI PKB Irsyad": acronyms open an organisation, not a name
            if self.lx.not_name_shape is not None and self.lx.not_name_shape.match(k):
                break  # "Perindustrian", "Pertanahan": nouns of agency names
            if self.lx.ranks.match(keys, j) or self.lx.positions.match(keys, j) or self.lx.heads.match(keys, j):
                break
            if self.lx.place_cues.match(keys, j) or self.lx.unit_prefixes.match(keys, j):
                break
            if t.endswith(".") and not _INITIAL.match(t):
                break
            if judge and self.names is not None and self.names.breaks_name(t):
                break  # "Hartono Dalam ...", "Prabowo Tegaskan": a function word or verb of a title-case line
            j += 1
            n += 1
        if n and judge and self.names is not None:
            words = [k for k in range(i, j) if keys[k] not in self.lx.name_particles]
            v = self.names.judge([texts[k] for k in words])
            if not v.ok:
                return None  # "pelatih Parma", "pelaku Usaha Mikro": no word of it can be a name's
            j = words[v.end - 1] + 1  # "Hartono Wilayah": the common word after the name is cut
            n = sum(1 for k in range(i, j) if keys[k] not in self.lx.name_particles)
            if self.names.known_thing(texts[i:j]):
                return None  # "Presiden Inter Milan": a club, a product or a place the corpus knows
        if n and j < limit and self.lx.company_words and texts[j].startswith(self.lx.company_words):
            return None  # "Direktur PT Kedoya Adyaraya Tbk": the firm's name
        if n and judge and j < limit and _is_cap(texts[j]) and keys[j] in self.lx.not_name_words:
            return None  # "pemain Swansea City": the run goes on into a club's or a title's name
        if n == 0 or (n == 1 and not allow_single):
            return None
        if all(texts[k].isupper() and len(texts[k].rstrip(".")) <= 3 for k in range(i, j)):
            return None  # initials ("SL", "IKS") are not a person's name
        if j - i == 1 and len(texts[i].rstrip(".")) <= 2:
            return None  # "Kades Keroya, Is,": initials in title case
        if j - i >= 2 and texts[j - 1].isupper() and len(texts[j - 1]) <= 3 and not texts[j - 1].endswith("."):
            j -= 1  # "Syahirsah SY": a trailing abbreviation is not part of the name
        return j

    def _degrees_at(self, keys, texts, i, limit):
        """(end, [degrees]) of a degree list after a name: ", S.H., S.I.K., M.Si." or " SH MH"."""
        j = i
        found: list[str] = []
        last = i
        while j < limit:
            if texts[j] == "," and j + 1 < limit and keys[j + 1] in self.lx.degrees:
                j += 1
                continue
            if keys[j] in self.lx.degrees:
                found.append(_clean_degree(texts[j]))
                j += 1
                last = j
                continue
            break
        return (last, found) if found else (i, [])

    def _unit_at(self, keys, texts, i, limit, levels=_DEFAULT_UNIT_LEVELS):
        """(end, unit) after an office: unit prefixes are skipped ("Polsek Ponggok" -> Ponggok).
        Without a prefix, a unit must be an alias or a gazetteer name of one of ``levels``."""
        j = i
        had_prefix = False
        while j < limit:
            um = self.lx.unit_prefixes.match(keys, j)
            if not um or not _is_cap(texts[j]):
                break
            j = um[0]
            had_prefix = True
        if j >= limit:
            return i, None
        # Kodim 0415/Batanghari, Koramil 1013-12/Dirung Lingkin (tokens "1013", "-", "12", "/")
        if texts[j].isdigit():
            k = j
            while k < limit and (texts[k].isdigit() or texts[k] == "-") and k - j < 4:
                k += 1
            code = "".join(texts[j:k])
            if _UNIT_CODE.match(code) and k + 1 < limit and texts[k] == "/":
                e = self._name_at(keys, texts, k + 1, limit, judge=False) or k + 1
                for g in range(min(e, k + 5), k + 1, -1):  # the gazetteer bounds the place name
                    if self.gz.has(" ".join(texts[k + 1:g])):
                        e = g
                        break
                else:
                    e = min(e, k + 3)
                if e > k + 1:
                    return e, code + "/" + " ".join(texts[k + 1:e])
        run_end = j
        while run_end < limit and run_end - j < 5:
            t = texts[run_end]
            if not _is_cap(t) or not any(c.isalnum() for c in t):
                break
            if keys[run_end] in self.lx.honorifics:
                break
            if keys[run_end] in self.lx.name_stop and keys[run_end] not in ("kota", "jakarta") \
                    and not self.gz.has(" ".join(texts[j:run_end + 1])):
                break
            if self._rank_at(keys, texts, run_end) or self.lx.positions.match(keys, run_end):
                break
            if self.lx.unit_prefixes.match(keys, run_end) and run_end > j:
                nxt = run_end + 2 if run_end + 1 < limit and texts[run_end + 1] == "," else run_end + 1
                if not (keys[run_end] == "kota" and self._rank_at(keys, texts, nxt)):
                    break  # "Polres Metro Tangerang Kota(,) AKP ...": Kota closes the unit
            run_end += 1
        # a lower-case last word the gazetteer confirms: "Camat Karang jaya"
        while j < run_end < limit and run_end - j < 5 and texts[run_end][:1].islower() \
                and self.gz.has(" ".join(texts[j:run_end + 1])):
            run_end += 1
        if run_end == j:
            return (j, None) if had_prefix else (i, None)
        after = run_end + 1 if run_end < limit and texts[run_end] == "," else run_end
        followed_by_rank = after < limit and (self._rank_at(keys, texts, after) is not None
                                              or keys[after] in self.lx.honorifics)
        if followed_by_rank and run_end - j <= 4:
            return run_end, " ".join(texts[j:run_end])
        # The longest gazetteer name or alias at the start of the run is the unit; the rest is a name.
        alias = self.lx.unit_aliases.match(keys, j)
        if alias and alias[0] <= run_end:
            return alias[0], " ".join(texts[j:alias[0]])
        for e in range(min(run_end, j + 3), j, -1):  # "Wakil Gubernur Jakarta": a region alias
            ra = self.lx.region_aliases.get(" ".join(keys[j:e]))
            if ra is not None and (ra.level in levels or not levels and had_prefix):
                return e, " ".join(texts[j:e])
        for e in range(min(run_end, j + 4), j, -1):
            cand = " ".join(texts[j:e])
            if self.gz.lookup(cand, levels if not had_prefix else None):
                return e, cand
        if had_prefix and run_end - j <= 2 and (run_end >= limit or not _is_cap(texts[run_end])):
            return run_end, " ".join(texts[j:run_end])
        if had_prefix:
            return j + 1, texts[j]
        return i, None

    def _skip_org_path(self, keys, texts, i, limit):
        """Skip "Polres Blitar Kota Polda Jawa Timur" after a unit (the chain of command)."""
        j = i
        while j < limit:
            um = self.lx.unit_prefixes.match(keys, j)
            if not um or not _is_cap(texts[j]) or keys[j] in ("desa", "kecamatan", "kabupaten", "kota", "provinsi", "kelurahan", "dusun"):
                break
            e, unit = self._unit_at(keys, texts, j, limit)
            if unit is None:
                break
            j = e
        return j

    # -- the scan ------------------------------------------------------------------
    def _thing_named(self, keys: list[str], k: int, reach: int = 4) -> bool:
        """"lapak pastry kaki lima bernama Morning Person": a naming word at ``k`` with a thing noun
        a few words before it, in the same clause."""
        if not self.lx.naming_words.match(keys, k):
            return False
        for j in range(k - 1, max(-1, k - 1 - reach), -1):
            if not keys[j].isalpha():
                return False
            if keys[j] in self.lx.thing_nouns:
                return True
        return False

    def _holder_before_selaku(self, pm: PersonMention) -> None:
        """"Munir selaku Ketua Gapoktan Sumber Tani", "Marc Luet selaku Presiden Citi Japan": the
        name written right before "selaku" ("in the capacity of") holds the office; capitalised
        words after the office are its body, not a second holder."""
        if self.names is None:
            return
        words = pm.link_subject.split()
        while len(words) > 1 and self.names.word(words[0]).kind in ("common", "function") \
                and self.names.word(words[0]).evidence == 0:
            words = words[1:]  # "Terdakwa Rudi Suparmono selaku ...": the noun before the name
        v = self.names.judge(words)
        if not v.ok or v.start != 0 or v.end != len(words) or len(words) > 3:
            return  # "Bertabur Bintang Dewi Mulya Sari": no telling where the name starts
        subject = _title(" ".join(words))
        if pm.name and not set(pm.name.lower().split()) & set(subject.lower().split()):
            if pm.unit is None:
                pm.unit = pm.name
            pm.name = None
        if pm.name is None:
            pm.name = subject
            pm.rule_id += "+selaku"

    def scan(self, doc: Doc, quote_spans: list[tuple[int, int]]) -> list[PersonMention]:
        out: list[PersonMention] = []
        dt = doc_tokens(doc)
        text = dt.text
        for s_idx, (s0, s1) in enumerate(dt.sents):
            texts = dt.texts[s0:s1]
            keys = dt.keys[s0:s1]
            idx = dt.idx[s0:s1]
            n = len(texts)
            i = 0
            while i < n:
                m, nxt = self._chain(keys, texts, i, n)
                if m is None:
                    i += 1
                    continue
                a, b, parts = m
                if parts.get("position") and not parts.get("name") and a > 0 and (
                        keys[a - 1] in self.lx.not_holder_prefixes
                        or " ".join(keys[max(0, a - 2):a]) in self.lx.not_holder_prefixes):
                    i = max(nxt, i + 1)  # "Calon Kades Kronto", "para Camat": no one holder
                    continue
                start = idx[a]
                end = idx[b - 1] + len(texts[b - 1])
                parts.pop("_levels", None)
                prev_m = out[-1] if out and out[-1].sentence == s_idx else None
                if prev_m is not None and prev_m.position and not prev_m.name and not prev_m.unit \
                        and parts.get("position") and text[prev_m.end:start] == " ":
                    # "Ketua Asosiasi Kepala Desa (AKD) Kabupaten Pasuruan": one office of an organisation
                    prev_m.position = f"{prev_m.position} {parts['position']}"
                    prev_m.unit = parts.get("unit")
                    prev_m.name = parts.get("name")
                    prev_m.end = end
                    i = max(nxt, i + 1)
                    continue
                if not parts.get("position") and not parts.get("rank") and parts.get("name") and \
                        self.gz.lookup(parts["name"], ("provinsi", "kabupaten", "kota")):
                    i = max(nxt, i + 1)  # "Banyuwangi (45)": a place, not a person
                    continue
                k = a - 1
                while k >= 0 and (keys[k] in self.lx.degrees or keys[k] in self.lx.honorifics):
                    k -= 1
                if not parts.get("position") and not parts.get("rank") and k >= 0 and (
                        keys[k] in self.lx.thing_nouns or self._thing_named(keys, k)):
                    i = max(nxt, i + 1)  # "Jl. Ir. H. Juanda", "kapal bernama Morning Midas": a street, a thing
                    continue
                prev = keys[a - 1] if a > 0 else ""
                pm = PersonMention(start=start, end=end, sentence=s_idx, **parts)
                # "Kantor Camat Abab": a building; it tells the holder's unit, it is no person
                d = a  # "Surat Edaran (SE) Menteri Ketenagakerjaan": the document's abbreviation between
                if d >= 3 and keys[d - 1] == ")" and keys[d - 3] == "(":
                    d -= 3
                pm.in_building = bool(pm.position and not pm.name and not pm.rank and (
                    (d > 0 and keys[d - 1] in self.lx.named_after_office)
                    or " ".join(keys[max(0, d - 2):d]) in self.lx.named_after_office))
                if pm.one_holder and (pm.name or pm.in_building or b < n and _is_cap(texts[b])
                                      or a > 0 and _is_cap(texts[a - 1]) and keys[a - 1] in self.lx.heads.root):
                    # "Wakil Presiden Senior ASEAN TVS Motor": a company's post; "Kantor Presiden":
                    # a building; "Wakil Menteri Sekretaris Negara": another office
                    pm.one_holder = False
                pm.is_object = self.lx.marks_object(prev)
                pm.holder_link = prev in self.lx.holder_links or " ".join(keys[max(0, a - 2):a]) in self.lx.holder_links
                if pm.holder_link:
                    k = a - 1
                    while k >= 0 and keys[k] in self.lx.holder_links or (k >= 0 and keys[k] in ("yang", "juga")):
                        k -= 1
                    e = k + 1
                    while k >= 0 and texts[k][:1].isupper() and texts[k].isalpha() and keys[k] not in self.lx.name_stop:
                        k -= 1
                    if e > k + 1:
                        pm.link_subject = " ".join(texts[k + 1:e])
                    if pm.link_subject and prev in self.lx.capacity_words and not pm.rank:
                        self._holder_before_selaku(pm)
                pm.in_quote = any(qs <= start < qe for qs, qe in quote_spans)
                # "Sekretaris Desa dan Kaur Pembangunan Desa Salabulan": coordinated offices share the unit
                if out and pm.unit and out[-1].position and not out[-1].unit and not out[-1].name \
                        and out[-1].sentence == s_idx and out[-1].institution == pm.institution \
                        and text[out[-1].end:pm.start].strip() in ("dan", "serta"):
                    out[-1].unit = pm.unit
                if out and out[-1].sentence == s_idx and text[out[-1].end:pm.start].strip() in (",", "dan", "serta"):
                    out[-1].in_list = pm.in_list = True
                out.append(pm)
                i = max(nxt, i + 1)
        return out

    def _org_word(self, w: str) -> bool:
        """A capitalised word the corpus sees after place and organisation words ("di", "klub")
        ``place_org_min`` times and more often than inside names: "Liverpool", "Manchester"."""
        if self.names is None or not _is_cap(w):
            return False
        c = self.names.stats.get(w)
        return c.place_org >= self.names.p.place_org_min and c.place_org > c.strong + c.per + c.said

    def _name_after_org(self, words: list[str]) -> bool:
        """After a club or a town ("pemain Liverpool ..."), is ``words`` a person's full name: two
        words or more, no place the gazetteer knows, no place, organisation or common word, no
        firm ("Panin Sekuritas")?"""
        if len(words) < 2 or self.gz.has(" ".join(words)) or words[-1] in self.lx.company_words:
            return False
        return all(self.names.word(w).kind not in ("place_org", "common") for w in words)

    def _lower_office_name(self, keys, texts, i: int, n: int):
        """An office written in lower case with its holder in apposition: "kata juru bicara KPK,
        Budi Prasetyo,", "jubir KPK saat itu, Tessa Mahardhika,". Without the name after the
        comma a lower-case office is a generic noun ("para kepala desa") and no mention."""
        tt = list(texts)
        k = i
        while k < n and k < i + 6 and texts[k][:1].islower() and texts[k].isalpha():
            tt[k] = texts[k][:1].upper() + texts[k][1:]
            k += 1
        p = self._position_at(keys, tt, i)
        if not p or p.kind == "collective":
            return None, i + 1
        parts: dict = {}
        self._apply_position(parts, p)
        j, unit = self._unit_at(keys, tt, p.end, n, parts["_levels"])
        if not unit:
            j, unit = self._acronym_unit(keys, tt, j, n, parts["_levels"])
        if unit:
            parts["unit"] = unit
        for q in self.lx.apposition_qualifiers:  # "jubir KPK saat itu, Tessa ...", "kepala desa setempat, ..."
            if keys[j:j + len(q)] == q:
                j += len(q)
                break
        if j + 1 >= n or texts[j] != ",":
            return None, i + 1
        e = self._name_at(keys, texts, j + 1, n)
        if not e or e - (j + 1) < 2 or not (e >= n or texts[e] in (",", ".") or texts[e][:1].islower()):
            return None, i + 1
        parts["name"] = _title(" ".join(texts[j + 1:e]))
        parts.pop("_levels", None)
        return (i, e, {**parts, "rule_id": "people.office_comma_name"}), e

    def _sibling_district(self, unit: str, word: str) -> bool:
        """Is ``word`` a kecamatan of the same kabupaten as the kecamatan ``unit``? Then it
        continues the unit ("Polsek Penukal Abab"), it is not the holder's name."""
        if not word[:1].isupper() or not word.isalpha():
            return False
        parents = {r.parent_code for r in self.gz.lookup(unit, ("kecamatan",))}
        return bool(parents) and any(r.parent_code in parents for r in self.gz.lookup(word, ("kecamatan",)))

    def _chain(self, keys, texts, i, n):
        lx = self.lx
        if not _is_cap(texts[i]) and (lx.positions.match(keys, i) or lx.heads.match(keys, i)) \
                and (i == 0 or keys[i - 1] in lx.direct_cues or keys[i - 1] in lx.according_to
                     or keys[i - 1] in lx.object_markers or not texts[i - 1][:1].isalpha()):
            # after a cue, a preposition or punctuation ("kata juru bicara KPK, ..."; not "putra
            # sulung presiden, Donald Trump Jr": the president's son)
            return self._lower_office_name(keys, texts, i, n)
        if not _is_cap(texts[i]) and keys[i] not in lx.naming_words.root and keys[i] not in lx.person_roles.root:
            return None, i + 1  # every pattern below starts at a capital, a naming word or a role noun
        parts: dict = {}
        a = i
        j = i
        rule = None
        # HONORIFIC NAME [POSITION UNIT]
        if keys[i] in lx.honorifics and _is_cap(texts[i]) and i + 1 < n:
            e = self._name_at(keys, texts, i + 1, n, judge=False)
            if e:
                parts["honorific"] = texts[i].rstrip(".") if texts[i] not in ("H.", "Hj.", "KH.") else texts[i]
                parts["name"] = _title(" ".join(texts[i + 1:e]))
                j = e
                rule = "people.honorific_name"
                after = self._office_at(parts, keys, texts, j, n)
                if after is not None:
                    j, rule = after, "people.honorific_name_position"
                return (a, j, {**parts, "rule_id": rule}), j
        # POSITION [UNIT] [RANK] [HONORIFIC] [NAME] [DEGREES]
        p = self._position_at(keys, texts, i)
        if p:
            self._apply_position(parts, p)
            j, unit = self._unit_at(keys, texts, p[0], n, parts["_levels"])
            acronym = False
            if not unit:
                j, unit = self._acronym_unit(keys, texts, j, n, parts["_levels"])
                acronym = unit is not None
            if not unit:
                j, unit = self._ministry_unit(keys, texts, j, n)
            if unit:
                parts["unit"] = unit
            j = self._skip_org_path(keys, texts, j, n)
            rule = "people.position"
            r = self._rank_at(keys, texts, j, p)
            if r and not self._rank_fits(p, r[2]):
                return (a, j, {**parts, "rule_id": rule}), j  # "Camat X Letkol Y": two people
            if r:
                self._apply_rank(parts, texts, j, r)
                j = r[1]
                rule = "people.position_rank_name"
            if not r and not unit:
                k = j
                while k < n and k - j < 2 and (self._org_word(texts[k]) or keys[k] in lx.not_name_words) \
                        and not lx.place_cues.match(keys, k) and not lx.unit_prefixes.match(keys, k):
                    k += 1
                e = self._name_at(keys, texts, k, n) if k > j else None
                if e and self._name_after_org(texts[k:e]):
                    # "Menteri Luar Negeri Italia Antonio Tajani", "Wakil Presiden WhatsApp Chris
                    # Daniels": the organisation or country of the office, then the name
                    parts["unit"] = " ".join(texts[j:k])
                    j = k
            j, honorific, pre_degrees = self._titles_at(keys, texts, j, n)  # "Jenderal Polisi Drs. Listyo Sigit Prabowo"
            if honorific:
                parts["honorific"] = honorific
            e = self._name_at(keys, texts, j, n, judge=not r) if (j < n) else None
            if e and e - j == 1 and not r and parts.get("unit") and self._sibling_district(parts["unit"], texts[j]):
                parts["unit"] = f"{parts['unit']} {texts[j]}"  # "Kapolsek Penukal Abab": a Polsek of two kecamatan
                j, e = e, None
            single_ok = bool(e) and e - j == 1 and (e >= n or not _is_cap(texts[e])) \
                and not self.gz.lookup(texts[j], ("provinsi", "kabupaten", "kota"))
            if e and (r or ("unit" in parts and not acronym) or e - j >= 2 or parts.get("honorific") or pre_degrees or single_ok):
                parts["name"] = _title(" ".join(texts[j:e]))
                j = e
                rule = rule if r else "people.position_name"
                j, degs = self._degrees_at(keys, texts, j, n)
                if degs or pre_degrees:
                    parts["degrees"] = pre_degrees + degs
            elif r:
                return None, i + 1
            elif j + 2 < n and texts[j] == "," and self._rank_at(keys, texts, j + 1, p) \
                    and self._rank_fits(p, self._rank_at(keys, texts, j + 1, p)[2]):
                # "Wakapolda Jabar, Brigjen Adi Vivid Gustiadi Bachtiar, dan ..."
                r = self._rank_at(keys, texts, j + 1, p)
                e = self._name_at(keys, texts, r[1], n, judge=False)
                if e:
                    self._apply_rank(parts, texts, j + 1, r)
                    parts["name"] = _title(" ".join(texts[r[1]:e]))
                    e, degs = self._degrees_at(keys, texts, e, n)
                    if degs:
                        parts["degrees"] = degs
                    return (a, e, {**parts, "rule_id": "people.position_comma_rank_name"}), e
            elif j + 2 < n and texts[j] == ",":
                # "Kepala Desa Kujon, Agus Priyanto, menjelaskan": the name in apposition
                # ("Ketua MUI Bidang ..., Profesor Sudarnoto Abdul Hakim": a title before it)
                s0, honorific, pre_degrees = self._titles_at(keys, texts, j + 1, n)
                e = self._name_at(keys, texts, s0, n, judge=False) if s0 < n else None
                if e and (e >= n or texts[e] in (",", ".") or texts[e][:1].islower()):
                    parts["name"] = _title(" ".join(texts[s0:e]))
                    if honorific:
                        parts["honorific"] = honorific
                    if pre_degrees:
                        parts["degrees"] = pre_degrees
                    return (a, e, {**parts, "rule_id": "people.position_comma_name"}), e
            return (a, j, {**parts, "rule_id": rule}), j
        # DEGREES NAME [DEGREES]: "Prof Dr Ir Mochamad Wahyudi, M.Kom"
        if keys[i] in lx.name_titles and keys[i] in lx.degrees:
            e0, honorific, degs = self._titles_at(keys, texts, i, n)
            e = self._name_at(keys, texts, e0, n) if degs and e0 < n else None
            if e:
                parts["name"] = _title(" ".join(texts[e0:e]))
                if honorific:
                    parts["honorific"] = honorific
                j, more = self._degrees_at(keys, texts, e, n)
                parts["degrees"] = [_clean_degree(d) for d in degs] + more
                return (a, j, {**parts, "rule_id": "people.degree_name"}), j
        # RANK [CORPS] NAME [DEGREES] [, selaku POSITION UNIT]
        r = self._rank_at(keys, texts, i)
        if r:
            e = self._name_at(keys, texts, r[1], n, judge=False)
            if e:
                self._apply_rank(parts, texts, i, r)
                parts["name"] = _title(" ".join(texts[r[1]:e]))
                j, degs = self._degrees_at(keys, texts, e, n)
                if degs:
                    parts["degrees"] = degs
                rule = "people.rank_name"
                k = j + 1 if j < n and texts[j] == "," else j
                if k < n and keys[k] in _APPOSITION:
                    after = self._office_at(parts, keys, texts, k + 1, n)
                    if after is not None:
                        j, rule = after, "people.rank_name_selaku_position"
                return (a, j, {**parts, "rule_id": rule}), j
            return None, r[1]
        # role-noun [bernama] NAME  |  bernama NAME  |  NAME (AGE)  |  NAME role-noun
        rm = lx.person_roles.match(keys, i)
        if rm and (texts[i][:1].islower() or i == 0 or not _is_cap(texts[i - 1])):
            nw = lx.naming_words.match(keys, rm[0])
            k = nw[0] if nw else rm[0]
            k0 = k
            while k < n and k - k0 < 2 and not nw and self._org_word(texts[k]) \
                    and not lx.place_cues.match(keys, k) and not lx.unit_prefixes.match(keys, k):
                k += 1  # "pemain Liverpool Luis Diaz": the role's club or town, then the name
            e = self._name_at(keys, texts, k, n)
            if e and k > k0 and not self._name_after_org(texts[k:e]):
                e = None  # "Pemain Manchester City": a club, no name after it
            if e:
                parts["role"] = " ".join(texts[i:rm[0]])
                parts["name"] = _title(" ".join(texts[k:e]))
                return (k, e, {**parts, "rule_id": "people.role_name"}), e
        nw = lx.naming_words.match(keys, i)
        if nw and nw[0] < n:
            e = self._name_at(keys, texts, nw[0], n)
            if e:
                parts["name"] = _title(" ".join(texts[nw[0]:e]))
                return (nw[0], e, {**parts, "rule_id": "people.named"}), e
        if _is_cap(texts[i]) and (i == 0 or not _is_cap(texts[i - 1]) or keys[i - 1] in lx.name_stop
                                  or self.names is not None and self.names.breaks_name(texts[i - 1])):
            e = self._name_at(keys, texts, i, n)
            if e:
                if e + 2 < n and texts[e] == "(" and texts[e + 1].isdigit() and texts[e + 2] == ")" and 0 < int(texts[e + 1]) < 120:
                    parts["name"] = _title(" ".join(texts[i:e]))
                    return (i, e, {**parts, "rule_id": "people.name_age"}), e + 3
                if e < n and texts[e][:1].islower():
                    rm = lx.person_roles.match(keys, e)
                    if rm and e - i >= 2 and keys[e] in lx.residence_roles:
                        k = rm[0]
                        while k < n and (_is_cap(texts[k]) or keys[k] in ("dusun", "desa")) and k - rm[0] < 4:
                            k += 1
                        parts["name"] = _title(" ".join(texts[i:e]))
                        parts["role"] = " ".join(texts[e:k])
                        return (i, e, {**parts, "rule_id": "people.name_role"}), k
        return None, i + 1

    def _ministry_word(self, key: str, text: str) -> bool:
        """"Kementerian", or a ministry's short name by the ``kemen*`` globs ("Kemensos")."""
        return key in self.lx.ministry_words or (
            _is_cap(text) and text.isalpha() and len(key) > 6 and key.startswith(self.lx.ministry_prefixes or ("\0",)))

    def _ministry_unit(self, keys, texts, j: int, n: int) -> tuple[int, Optional[str]]:
        """(end, unit) of a ministry after an office ("Sekretaris Jenderal Kementerian ESDM Ego
        Syahrial", "Kementerian Dalam Negeri"): a ``ministry_words`` word, then acronyms and
        words the corpus writes in lower case (and "dan"); the name starts at the first word
        that is neither."""
        if j < n and keys[j] not in self.lx.ministry_words and self._ministry_word(keys[j], texts[j]):
            return j + 1, texts[j]  # "Sekjen Kemendagri"
        if j >= n or keys[j] not in self.lx.ministry_words or not _is_cap(texts[j]) or self.names is None:
            return j, None
        e = j + 1
        while e < n and e - j < 8:
            t = texts[e]
            if t.isupper() and t.isalpha() and len(t) >= 2:
                e += 1
                break  # "Kementerian ESDM": the acronym is the ministry's whole name
            elif keys[e] == "dan" and e + 1 < n and _is_cap(texts[e + 1]):
                e += 1
            elif _is_cap(t) and keys[e] not in self.lx.honorifics and self.names.word(t).kind in ("common", "function", "rule"):
                e += 1
            else:
                break
        if e == j + 1:
            return j, None
        return e, " ".join(texts[j:e])

    def _acronym_unit(self, keys, texts, j: int, n: int, levels) -> tuple[int, Optional[str]]:
        """(end, unit) of an organisation's acronym right after an office ("Presiden FIFA
        Gianni Infantino", "Presiden FIFA", "Kepala Dinas ESDM Kaltim"): all caps, three letters
        or more, no rank, corps, degree, office or roman numeral ("Komisi III"); a place right
        after it belongs to the unit; the name, if any, comes after that."""
        t = texts[j] if j < n else ""
        if len(t) < 3 or not t.isalpha() or not t.isupper() or _ROMAN.match(t) or keys[j] in self.lx.degrees \
                or keys[j] in self.lx.honorifics or self.lx.ranks.match(keys, j) or self.lx.corps.match(keys, j) \
                or self.lx.positions.match(keys, j) or self.lx.heads.match(keys, j):
            return j, None
        nxt = texts[j + 1] if j + 1 < n else ""
        if nxt.isupper() and nxt.isalpha():
            return j, None  # "Kades IKS SL": initials, or an organisation of several acronyms
        e, place = self._unit_at(keys, texts, j + 1, n, levels)
        return (e, f"{t} {place}") if place else (j + 1, t)

    def _office_at(self, parts: dict, keys, texts, k: int, n: int) -> Optional[int]:
        """An office and its unit starting at k, written into ``parts``; the end, or None."""
        p = self._position_at(keys, texts, k)
        if not p:
            return None
        self._apply_position(parts, p)
        j, unit = self._unit_at(keys, texts, p.end, n, parts["_levels"])
        if unit:
            parts["unit"] = unit
        return j

    def _rank_fits(self, office: OfficeMatch, rank) -> bool:
        """A civilian office takes no rank; police offices police ranks, military offices military ones."""
        org = (office.institution or "").strip()
        if office.position is None or not org or org.lower() == "any":
            return True
        if org.lower() in self.lx.unranked_orgs:
            return False
        service = rank.service.upper()
        if "POLRI" in org.upper():
            return "POLRI" in service
        if org.upper().startswith("TNI"):
            return "TNI" in service
        return True

    def _apply_position(self, parts: dict, p: OfficeMatch) -> None:
        parts["position"] = p.written
        parts["position_kind"] = p.kind
        parts["_levels"] = unit_levels(p.unit_level)
        if p.position is not None:
            parts["position_full"] = p.position.expansion
            if p.position.one_holder and p.written.lower() in {f.lower() for f in
                                                               (p.position.acronym, *p.position.variants,
                                                                p.position.expansion or "")}:
                parts["one_holder"] = True  # not "Presiden Direktur PT": the office alone
        if p.institution:
            parts["institution"] = p.institution
        if p.unit:
            parts["unit"] = p.unit

    def _apply_rank(self, parts: dict, texts, i, r) -> None:
        end, corps_end, rank = r
        parts["rank"] = _BRACKET_SPACE.sub("", " ".join(texts[i:corps_end])).rstrip(".")  # "Laut (P)"
        if end - i >= 4 and texts[end - 3] == "(" and texts[end - 1] == ")" and texts[end - 2].lower() == rank.abbr.lower():
            # "Sersan Dua (Serda)": the rank as the article abbreviates it
            parts["rank"] = _BRACKET_SPACE.sub("", " ".join([texts[end - 2], *texts[end:corps_end]])).rstrip(".")
        parts["rank_full"] = rank.full_name
        parts["rank_level"] = rank.level
        parts["rank_service"] = rank.service
