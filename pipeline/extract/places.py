"""Administrative places: cue word + name ("Desa Kronto", "Kec. Lumbang"), lists after a
cue ("Desa (A, B, C)", "Desa A, B dan C"), civil titles ("Bupati Batanghari"), province
names and aliases ("Jawa Timur", "Jatim"), bare names confirmed by a following parent
("di Wonoasih, Kota Probolinggo"), and the dateline. Linking to codes is the resolve stage.

Words a scraper glued to a place name are split off first ("SurabayaEri", "Bandar
Lampungditemukan"), but only where the gazetteer knows the part before and not the whole.
A province, kabupaten or kota after its cue word must be a name the gazetteer or an alias
knows ("Kota Malang Cuaca" is Kota Malang; "Kota Tua" is no kota).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from spacy.tokens import Doc

from ..nlp.tokens import doc_tokens
from ..resources.gazetteer import Gazetteer
from .lexicon import Lexicon
from .names import PLACE_ORG, PROPER, UNKNOWN, NameModel

_CAP = re.compile(r"^[A-Z][A-Za-z'-]*$|^[A-Z]{2,}$")
_BARE_PREPS = {"di", "wilayah", "asal", "daerah", "kawasan"}
_CAMEL = re.compile(r"^([A-Z][a-z]{2,}|[A-Z]{2,})([A-Z][a-z].*)$")  # "SurabayaEri", "DKIJakarta"
_REGENCY_LEVELS = {"provinsi": ("provinsi",), "kabupaten": ("kabupaten", "kota"), "kota": ("kota", "kabupaten")}


class _Tok:
    """Part of a spaCy token split at a glue, with the token attributes the finder reads."""

    __slots__ = ("text", "idx", "lower_")

    def __init__(self, text: str, idx: int):
        self.text, self.idx, self.lower_ = text, idx, text.lower()


@dataclass
class PlaceMention:
    name: str
    level: str
    start: int
    end: int
    sentence: int
    rule_id: str
    parents: dict[str, str] = field(default_factory=dict)  # level -> name stated next to it
    code_hint: Optional[str] = None  # from a region alias
    level_stated: bool = True  # False for a bare "Pasuruan": kabupaten or kota, the linker decides
    written_after: Optional[str] = None  # "Cileungsi" of "Cileungsi, Bogor": a smaller place it may hold


class PlaceFinder:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, names: Optional[NameModel] = None,
                 max_whole_cap: Optional[int] = None):
        self.lx = lexicon
        self.gz = gazetteer
        self.names = names  # word kinds from corpus statistics: may a bare regency name stand alone
        # a word the corpus writes capitalised more often than this is a word, not two glued
        # ("Persebaya" is no "Per" + "sebaya"); glued_split.max_whole_cap in rules/noise.yaml
        self.max_whole_cap = max_whole_cap
        # first words of province/regency names and aliases: most tokens can skip the lookups
        self.region_starts = {r.name.split()[0].lower() for r in gazetteer.by_code.values()
                              if r.level in ("provinsi", "kabupaten", "kota")}
        self.region_starts |= {a.split()[0] for a in lexicon.region_aliases}
        words = "|".join(sorted(map(re.escape, lexicon.glued_after_place), key=len, reverse=True)) or "(?!)"
        prefixes = "|".join(sorted(map(re.escape, lexicon.glued_prefixes_after_place), key=len, reverse=True)) or "(?!)"
        # positions (three letters in at least) where a glued word or a prefixed verb of 4+ letters begins
        self.glue_at = re.compile(rf"(?<=[a-z]{{3}})(?=(?:{words})$|(?:{prefixes})[a-z]{{4,}}$)")
        self.outlet_patterns = [(re.compile(o.pattern), o) for o in lexicon.outlet_regions]

    def outlet_region(self, outlet: Optional[str], url: Optional[str]) -> list[str]:
        """Codes of the region the outlet reports on (rules/places.yaml ``outlet_regions``)."""
        where = f"{outlet or ''} {url or ''}".lower()
        codes: list[str] = []
        for pat, o in self.outlet_patterns:
            m = pat.search(where)
            if not m:
                continue
            if o.codes:
                codes.extend(c for c in o.codes if c in self.gz.by_code)
            elif o.level and "name" in pat.groupindex:
                levels = _REGENCY_LEVELS.get(o.level, (o.level,))
                codes.extend(r.code for r in self.gz.lookup(m.group("name"), levels))
        return list(dict.fromkeys(codes))

    def _split_glued(self, toks) -> list[_Tok]:
        """Tokens with glued words split off a place name: "SurabayaEri" -> Surabaya | Eri,
        "Lampungditemukan" -> Lampung | ditemukan (the gazetteer knows the part before, with
        the word before it if need be, and does not know the whole)."""
        out: list = []
        for t in toks:
            w = t.text
            cut = None
            if len(w) >= 6 and w[:1].isupper() and (_CAMEL.match(w) or self.glue_at.search(w.lower())) \
                    and not self.gz.has(w) and not self._seen_whole(w):
                prev = out[-1].text + " " if out else ""
                m = _CAMEL.match(w)
                if m and (self.gz.has(m.group(1)) or m.group(1).lower() in self.lx.region_aliases):
                    cut = len(m.group(1))
                else:
                    cut = self._glue_cut(w, prev)
            if cut:
                out.append(_Tok(w[:cut], t.idx))
                rest = _Tok(w[cut:], t.idx + cut)
                out.extend(self._split_glued([rest]) if rest.text[:1].isupper() else [rest])
            else:
                out.append(t)
        return out

    def _seen_whole(self, w: str) -> bool:
        return self.names is not None and self.max_whole_cap is not None \
            and self.names.stats.get(w).cap > self.max_whole_cap

    def _glue_cut(self, w: str, prev: str) -> Optional[int]:
        cuts = [m.start() for m in self.glue_at.finditer(w.lower())]
        for c in sorted(cuts, reverse=True):
            head = w[:c]
            if w[c - 1].islower() and w[c].islower() and (self.gz.has(head) or self.gz.has(prev + head)
                                                          or head.lower() in self.lx.region_aliases):
                return c
        return None

    def _regency_end(self, texts, j, e, level) -> Optional[tuple[int, Optional[str]]]:
        """The end of the longest name from j (up to e) the gazetteer or an alias knows at a
        provinsi/kabupaten/kota level, and the alias code; None when none is known."""
        for k in range(e, j, -1):
            name = " ".join(texts[j:k])
            alias = self.lx.region_aliases.get(name.lower())
            if alias is not None and alias.level in _REGENCY_LEVELS[level] + ("provinsi",) * (level == "provinsi"):
                return k, alias.code
            if self.gz.lookup(name, _REGENCY_LEVELS[level]):
                return k, None
        return None

    def _blocked(self, keys, k) -> bool:
        """A word that cannot start or continue a place name: ranks, offices, cue words."""
        lx = self.lx
        return bool(lx.place_cues.match(keys, k) or lx.ranks.match(keys, k) or lx.positions.match(keys, k)
                    or lx.unit_prefixes.match(keys, k) or lx.heads.match(keys, k) or keys[k] in lx.honorifics)

    def _name_end(self, texts, keys, j, n, max_words=4):
        """End of a place name starting at j: the longest gazetteer name (a stop word or a
        lower-case last word allowed when the gazetteer confirms it), else the capitalised run
        up to the first stop word. Acronyms and known words are not names."""
        if j >= n or not _CAP.match(texts[j]) or keys[j] in self.lx.not_places or self._blocked(keys, j):
            return None
        run = j
        while run < n and run - j < max_words and texts[run][:1].isalpha() and keys[run] not in self.lx.not_places:
            if run > j and self._blocked(keys, run):
                break
            if not _CAP.match(texts[run]) and not self.gz.has(" ".join(texts[j:run + 1])):
                break
            run += 1
        for e in range(run, j, -1):
            if self.gz.has(" ".join(texts[j:e])):
                rest = " ".join(texts[e:run])
                if e - j == 1 and run > e and not self.gz.lookup(
                        rest, ("provinsi", "kabupaten", "kota", "kecamatan")):
                    break  # "Pulau Mandangin": a one-word village inside a longer name
                return e
        e = j
        while e < run and keys[e] not in self.lx.name_stop and _CAP.match(texts[e]):
            e += 1
        if e == j:
            return None
        if e - j == 1 and (texts[j].isupper() and len(texts[j]) <= 4):
            return None  # "Desa (DD)", "Desa TMMD": an acronym, not a village
        return min(e, j + 3)

    def find(self, doc: Doc, dateline: Optional[str]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        dt = doc_tokens(doc)
        for s_idx, (s0, s1) in enumerate(dt.sents):
            toks = self._split_glued([_Tok(dt.texts[k], dt.idx[k]) for k in range(s0, s1)])
            texts = [t.text for t in toks]
            keys = [t.lower_ for t in toks]
            n = len(toks)
            sent_places: list[PlaceMention] = []
            i = 0
            while i < n:
                # organisation + place: not a place mention ("Polres Blitar", "Kodim 0415")
                om = self.lx.org_before_place.match(keys, i)
                if om and (texts[i][:1].isupper() or om[1] == texts[i]):  # "Polres", or "detik" as listed
                    j = om[0]
                    cm = self.lx.place_cues.match(keys, j)
                    j = cm[0] if cm else j
                    e = self._name_end(texts, keys, j, n) if j < n else None
                    i = e if e else j
                    continue
                cm = self.lx.place_cues.match(keys, i)
                if cm and texts[i][:1].isupper():
                    level = cm[1].level
                    j = cm[0]
                    if j < n and texts[j] == "(":  # Desa (A, B, C)
                        k = j + 1
                        while k < n and texts[k] != ")":
                            e = self._name_end(texts, keys, k, n)
                            if e and level in _REGENCY_LEVELS:  # "Provinsi (Pemprov) Jawa Barat": known names only
                                known = self._regency_end(texts, k, e, level)
                                e = known[0] if known else None
                            if e:
                                sent_places.append(self._mk(toks, k, e, level, s_idx, "places.cue_list_parenthesized"))
                                k = e
                            else:
                                k += 1
                        i = k + 1
                        continue
                    e = self._name_end(texts, keys, j, n) if j < n else None
                    code = None
                    if e and level in _REGENCY_LEVELS:
                        known = self._regency_end(texts, j, e, level)
                        e, code = known if known else (None, None)
                        if e is None:
                            i = j
                            continue
                    elif e:
                        alias = self.lx.region_aliases.get(" ".join(texts[j:e]).lower())
                        code = alias.code if alias is not None and alias.level == level else None
                    if e:
                        sent_places.append(self._mk(toks, j, e, level, s_idx, "places.cue_name", code))
                        i = self._parent_chain(toks, texts, keys, e, n, sent_places, s_idx)
                        if i != e:
                            continue
                        # Desa A, B dan C: more names of the same level the gazetteer confirms
                        while i + 1 < n and texts[i] in (",", "dan", "serta") and level in ("desa", "kelurahan", "kecamatan", "dusun"):
                            k = i + 1
                            if k < n and texts[k] == "dan":
                                k += 1
                            if k >= n or self.lx.place_cues.match(keys, k):
                                break
                            e2 = self._name_end(texts, keys, k, n)
                            if not e2:
                                break
                            name = " ".join(texts[k:e2])
                            higher = self._known_region(texts, keys, k, n, ("provinsi", "kabupaten", "kota"))
                            if higher and higher[0] == e2:
                                break  # "Kecamatan Sukawati, Gianyar, Bali": the parents, not a list
                            prev = sent_places[-1]
                            if level in ("desa", "kelurahan") and any(
                                    self.gz.descendants_named(prev.name, kec.code, ("desa", "kelurahan"))
                                    for kec in self.gz.lookup(name, ("kecamatan",))):
                                # "Desa Munggu, Mengwi, Badung": Mengwi is Munggu's kecamatan
                                sent_places.append(self._mk(toks, k, e2, "kecamatan", s_idx, "places.parent_chain"))
                                i = e2
                                break
                            levels = ["desa", "kelurahan"] if level in ("desa", "kelurahan") else [level]
                            if not self.gz.lookup(name, levels):
                                break
                            sent_places.append(self._mk(toks, k, e2, level, s_idx, "places.cue_list_confirmed"))
                            i = e2
                        continue
                # civil title + place: "Bupati Batanghari", "Gubernur Jatim"
                tm = self.lx.civil_titles.match(keys, i)
                if tm and texts[i][:1].isupper() and tm[0] < n:
                    j = tm[0]
                    if self.lx.place_cues.match(keys, j):
                        i = j
                        continue
                    pm = self._known_region(texts, keys, j, n, ("provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan"))
                    if pm:
                        e, level, code = pm
                        implied = tm[1]  # the level the title says (rules/places.yaml civil_titles_<level>)
                        stated = level not in ("kabupaten", "kota")
                        if implied in ("kabupaten", "kota"):
                            if level in ("kabupaten", "kota"):  # "Wali Kota Pasuruan": the kota, stated
                                level, stated = implied, True
                            elif level in ("kecamatan", "desa", "kelurahan"):
                                level = implied
                        elif implied:  # Camat, Kades, Lurah
                            level = implied
                        sent_places.append(self._mk(toks, j, e, level, s_idx, "places.civil_title", code))
                        sent_places[-1].level_stated = stated or bool(code)
                        i = e
                        continue
                # province names and aliases; bare kabupaten/kota names after "di"/"wilayah"
                if i > 1 and texts[i - 1] == "(" and sent_places and sent_places[-1].end == toks[i - 1].idx \
                        or (i > 0 and texts[i - 1] == "(" and sent_places and sent_places[-1].end + 1 >= toks[i - 1].idx):
                    i += 1  # "Jawa Timur (Jatim)": the abbreviation of the place just named
                    continue
                if texts[i][:1].isupper() and (i == 0 or keys[i - 1] not in ("polda", "polres", "kodam", "pt", "universitas")):
                    pm = self._known_region(texts, keys, i, n, ("provinsi",))
                    longer = self._known_region(texts, keys, i, n, ("kabupaten", "kota"))
                    if longer and pm and longer[0] > pm[0]:
                        sent_places.append(self._mk(toks, i, longer[0], longer[1], s_idx, "places.regency_name", longer[2]))
                        sent_places[-1].level_stated = bool(longer[2])
                        i = longer[0]
                        continue
                    if pm:
                        sent_places.append(self._mk(toks, i, pm[0], "provinsi", s_idx, "places.province", pm[2]))
                        i = pm[0]
                        continue
                    if i > 0 and keys[i - 1] in _BARE_PREPS:
                        pm = self._known_region(texts, keys, i, n, ("kabupaten", "kota"))
                        if pm:
                            sent_places.append(self._bare_regency(toks, texts, i, pm, s_idx))
                            i = pm[0]
                            continue
                        # "di Parung Panjang": a multi-word name that is one kecamatan in the country
                        e = self._name_end(texts, keys, i, n)
                        if e and e - i >= 2 and len(self.gz.lookup(" ".join(texts[i:e]), ("kecamatan",))) == 1:
                            sent_places.append(self._mk(toks, i, e, "kecamatan", s_idx, "places.bare_district"))
                            i = e
                            continue
                    # "menuju Surabaya", "meliputi Surabaya, Sidoarjo": a bare regency standing alone
                    # that the corpus writes as a place
                    pm = self._standalone_regency(texts, keys, i, n)
                    if pm:
                        sent_places.append(self._bare_regency(toks, texts, i, pm, s_idx))
                        i = pm[0]
                        continue
                    # "Wonoasih, Kota Probolinggo": a bare name confirmed by the parent after it
                    e = self._name_end(texts, keys, i, n)
                    if e and e + 2 < n and texts[e] == "," and self.lx.place_cues.match(keys, e + 1):
                        pc = self.lx.place_cues.match(keys, e + 1)
                        e2 = self._name_end(texts, keys, pc[0], n) if pc[0] < n else None
                        if e2:
                            parent = " ".join(texts[pc[0]:e2])
                            child = " ".join(texts[i:e])
                            lvl = self._child_level(child, parent, pc[1].level)
                            if lvl:
                                sent_places.append(self._mk(toks, i, e, lvl, s_idx, "places.bare_with_parent"))
                                i = e
                                continue
                i += 1
            self._attach_parents(sent_places)
            out.extend(sent_places)
        if dateline:
            self._dateline(dateline, doc, out)
        _agree_regency_level(out, self._regency_orgs(doc))
        return out

    def _regency_orgs(self, doc: Doc) -> dict[str, str]:
        """Name -> level from bodies named after a regency ("Polres Pasuruan" -> kabupaten,
        "Polres Pasuruan Kota" and "Polresta Malang" -> kota); names with both are left out."""
        if not self.lx.regency_orgs:
            return {}
        dt = doc_tokens(doc)
        texts, keys = dt.texts, dt.keys
        n = len(texts)
        found: dict[str, set[str]] = {}
        for i, k in enumerate(keys[:-1]):
            level = self.lx.regency_orgs.get(k)
            if level is None:
                continue
            pm = self._known_region(texts, keys, i + 1, n, ("kabupaten", "kota"))
            if not pm:
                continue
            if pm[0] < n and keys[pm[0]] == "kota":
                level = "kota"
            found.setdefault(" ".join(texts[i + 1:pm[0]]).lower(), set()).add(level)
        return {name: next(iter(lv)) for name, lv in found.items() if len(lv) == 1}

    def _parent_chain(self, toks, texts, keys, i, n, sent_places, s_idx) -> int:
        """"Kecamatan Karang Jaya Muratara", "Desa Ujung, Saronggi, Sumenep": bare names right
        after a place that the gazetteer confirms as its ancestors."""
        child = sent_places[-1]
        child_levels = {"desa": ("desa", "kelurahan"), "kelurahan": ("kelurahan", "desa")}.get(
            child.level, (child.level,))
        cands = self.gz.lookup(child.name, child_levels)
        while cands and i < n:
            k = i + 1 if texts[i] == "," else i
            if k >= n or self.lx.place_cues.match(keys, k) or not texts[k][:1].isupper():
                break
            found = None
            stop = k
            while stop < n and stop - k < 4 and _CAP.match(texts[stop]):
                stop += 1
            for e in range(stop, k, -1):
                name = " ".join(texts[k:e])
                alias = self.lx.region_aliases.get(name.lower())
                regs = [self.gz.by_code[alias.code]] if alias is not None and alias.code in self.gz.by_code \
                    else self.gz.lookup(name, ("provinsi", "kabupaten", "kota", "kecamatan"))
                up = [r for r in regs if any(c.code.startswith(r.code + ".") for c in cands)]
                if up:
                    found = (e, up[0])
                    break
            if found is None:
                break
            e, reg = found
            sent_places.append(self._mk(toks, k, e, reg.level, s_idx, "places.parent_chain",
                                        reg.code if self.lx.region_aliases.get(" ".join(texts[k:e]).lower()) else None))
            cands = [reg]
            i = e
        return i

    def _child_level(self, child: str, parent: str, parent_level: str) -> Optional[str]:
        """The level of ``child`` under ``parent``; a name that is both a kecamatan and a
        kelurahan there is the kecamatan (the annotation convention)."""
        levels = set()
        for p in self.gz.lookup(parent, [parent_level] if parent_level != "kabupaten" else ["kabupaten", "kota"]):
            levels.update(r.level for r in self.gz.descendants_named(child, p.code))
        for lv in ("kecamatan", "desa", "kelurahan"):
            if lv in levels:
                return lv
        return None

    def _bare_regency(self, toks, texts, i, pm, s_idx) -> PlaceMention:
        """A kabupaten/kota written without its cue word: the linker decides its level."""
        p = self._mk(toks, i, pm[0], pm[1], s_idx, "places.bare_regency", pm[2])
        p.level_stated = bool(pm[2])
        p.written_after = _name_before_comma(texts, i)
        return p

    def _standalone_regency(self, texts, keys, i, n):
        """A kabupaten/kota name with no capitalised word right before or after it (not part of
        "Persebaya Surabaya", "Polres Malang", "Malang Raya"), in Title case (not a headline), whose
        words the corpus never writes inside persons' names and rarely in lower case."""
        if self.names is None or not texts[i][:1].isupper() or texts[i].isupper():
            return None
        if i > 0 and (any(ch.isupper() for ch in texts[i - 1]) or texts[i - 1] in ("(", ")")):
            return None  # also "kePersebaya Surabaya", "Pengadilan Negeri (PN) Surabaya", "(Bondowoso, ..."
        pm = self._known_region(texts, keys, i, n, ("kabupaten", "kota"))
        if not pm or pm[2]:
            return None
        e = pm[0]
        if e < n and (texts[e][:1].isupper() or texts[e] in ("(", "-") or "." in texts[e][:-1]):
            return None
        p = self.names.p
        for w in texts[i:e]:
            if self.names.word(w).kind not in (PLACE_ORG, PROPER, UNKNOWN):
                return None
            c = self.names.stats.get(w)
            if c.per + c.strong > 0 or c.lower > p.standalone_place_max_lower * (c.lower + c.cap) \
                    or c.place_org + c.other < max(1.0, p.standalone_place_share * c.cap):
                return None
        if e + 1 < n and texts[e] == ",":  # "Kuningan, Jakarta Selatan": a smaller place of that one
            up = self._known_region(texts, keys, e + 1, n, ("provinsi", "kabupaten", "kota"))
            if up:
                ups = [self.gz.by_code[up[2]]] if up[2] in self.gz.by_code else \
                    self.gz.lookup(" ".join(texts[e + 1:up[0]]), ("provinsi", "kabupaten", "kota"))
                mine = self.gz.lookup(" ".join(texts[i:e]), ("kabupaten", "kota"))
                if ups and not any(_under(m, u) or _under(u, m) for m in mine for u in ups):
                    # a province it is not in, or a regency of another province that ends the
                    # run: no list of siblings ("Surabaya, Sidoarjo, Gresik")
                    j = up[0] + 1
                    more = j < n and keys[j - 1] in (",", "dan", "serta", "hingga") \
                        and self._known_region(texts, keys, j, n, ("provinsi", "kabupaten", "kota"))
                    same_province = any(m.code[:2] == u.code[:2] for m in mine for u in ups)
                    if any(u.level == "provinsi" for u in ups) or not same_province and not more:
                        return None
        return pm

    def _known_region(self, texts, keys, j, n, levels):
        """(end, level, code-hint) of a region name or alias starting at j."""
        if keys[j] not in self.region_starts and not (set(levels) - {"provinsi", "kabupaten", "kota"}):
            return None
        for e in range(min(n, j + 4), j, -1):
            name = " ".join(texts[j:e])
            alias = self.lx.region_aliases.get(name.lower())
            if alias is not None and texts[j][:1].isupper():
                if alias.level in levels or (alias.level == "provinsi" and "provinsi" in levels):
                    return e, alias.level, alias.code
            if not all(_CAP.match(t) for t in texts[j:e]) and not (
                    e - j >= 2 and _CAP.match(texts[j]) and all(t.isalpha() for t in texts[j + 1:e])
                    and keys[e - 1] not in self.lx.name_stop):
                continue  # "Camat Karang jaya": a lower-case word only inside a name the list knows
            regs = self.gz.lookup(name, levels)
            if regs:
                lv = "kabupaten" if any(r.level == "kabupaten" for r in regs) else regs[0].level
                return e, lv, None
        return None

    def _mk(self, toks, a, b, level, s_idx, rule, code=None) -> PlaceMention:
        start = toks[a].idx
        end = toks[b - 1].idx + len(toks[b - 1].text)
        name = " ".join(t.text for t in toks[a:b])
        return PlaceMention(name, level, start, end, s_idx, rule, code_hint=code)

    @staticmethod
    def _attach_parents(places: list[PlaceMention]) -> None:
        """A place's parents are the higher-level places written after it in the sentence."""
        rank = {"dusun": 5, "desa": 4, "kelurahan": 4, "kecamatan": 3, "kabupaten": 2, "kota": 2, "provinsi": 1}
        for i, p in enumerate(places):
            for q in places[i + 1:]:
                if rank[q.level] < rank[p.level]:
                    key = "kabupaten" if q.level in ("kabupaten", "kota") else q.level
                    p.parents.setdefault(key, q.name)

    def _dateline(self, dateline: str, doc: Doc, out: list[PlaceMention]) -> None:
        text = doc_tokens(doc).text
        d = re.escape(dateline)
        # at the start of a paragraph ("Outlet.com, " before it), or before a dash ("... Jakarta - ")
        m = re.search(rf"(?m)^\W*(?:[\w.]+, *)?({d})(?![a-z])|(?<=\s)({d})\s*[-\u2013\u2014]", text[:600])
        if not m:
            return
        pos = m.start(1) if m.group(1) else m.start(2)
        before = text[:pos].split()[-1:]
        if before and self.lx.org_before_place.match([before[0].lower()], 0):
            return  # "Polres Pekalongan - ": an organisation, not the dateline
        name = dateline.title() if dateline.isupper() else dateline
        alias = self.lx.region_aliases.get(name.lower())
        if alias is not None:
            out.insert(0, PlaceMention(name, alias.level, pos, pos + len(dateline), 0, "places.dateline", code_hint=alias.code))
            return
        regs = self.gz.lookup(name, ["provinsi", "kabupaten", "kota"])
        if not regs:
            regs = self.gz.lookup(name, ["kecamatan"])
        if not regs:
            return
        levels = {r.level for r in regs}
        # datelines name cities: "JAMBI" is Kota Jambi, "JAKARTA" (no kota of that name) the province
        level = "kabupaten" if "kabupaten" in levels else "kota" if "kota" in levels \
            else "provinsi" if "provinsi" in levels else regs[0].level
        end = pos + len(dateline)
        out[:] = [p for p in out if p.end <= pos or p.start >= end]  # the body scan read it as well
        out.insert(0, PlaceMention(name, level, pos, end, 0, "places.dateline",
                                   level_stated=level not in ("kabupaten", "kota")))


def _name_before_comma(texts: list[str], i: int) -> Optional[str]:
    """The capitalised words right before ", <token i>" ("Cileungsi" of "Cileungsi, Bogor")."""
    if i < 2 or texts[i - 1] != ",":
        return None
    k = i - 2
    while k >= 0 and i - 2 - k < 3 and texts[k][:1].isupper() and texts[k].isalpha():
        k -= 1
    return " ".join(texts[k + 1:i - 1]) or None


def _under(a, b) -> bool:
    """Region ``a`` is ``b`` or lies inside it."""
    return a.code == b.code or a.code.startswith(b.code + ".")


def _agree_regency_level(places: list[PlaceMention], orgs: Optional[dict[str, str]] = None) -> None:
    """A bare "Bandung" (dateline, "Sekda Bandung") in an article that writes "Kota Bandung"
    is the kota; with "Kabupaten Bandung" it is the kabupaten. "Bupati Pasuruan" keeps its
    level; failing that, a body named after it ("Polres Pasuruan", ``orgs``) says which; a bare
    name stated neither way is left to the linker (the kota when nothing decides)."""
    stated = dict(orgs or {})
    stated.update({p.name.lower(): p.level for p in places
                   if p.rule_id == "places.cue_name" and p.level in ("kabupaten", "kota")})
    for p in places:
        if not p.level_stated and p.level in ("kabupaten", "kota") and p.name.lower() in stated:
            p.level, p.level_stated = stated[p.name.lower()], True
