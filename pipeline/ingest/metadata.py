"""Stage 1b: an article's own metadata (outlet, title, author, url, published date, dateline)
from its header lines or export fields.

The body is returned raw with the header removed; for txt/md files it is always a suffix of
the file's text, so offsets into it map back to the file.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlparse

from ..models import ArticleMeta, RawRecord
from .published import parse_published

# --- header formats ------------------------------------------------------------------------
# Markdown export: "# SECTION", "## Title", "Author - [SITE](url)", "Aug 9, 2023 - 18:00".
_SEED_TITLE = re.compile(r"^[ \t]*##[ \t]+(.+?)[ \t]*$", re.M)
_SEED_BYLINE = re.compile(r"^[ \t]*(?P<author>[^\n\[\]]*?)[ \t]*[-–—|][ \t]*\[(?P<site>[^\]\n]+)\]\((?P<url>[^)\s]+)\)[ \t]*$",
                          re.M)
_SEED_DATE = re.compile(r"^[ \t]*(?P<date>[^\n]*\d{4}[^\n]*?)[ \t]*$", re.M)
# Corpus export: "TITLE: ...", "DATE: ...", "SOURCE: where | url", blank line, body.
_HEADER = re.compile(r"^(?P<key>TITLE|DATE|SOURCE|AUTHOR|URL|OUTLET):[ \t]*(?P<val>.*?)[ \t]*\r?$")
_NOT_GIVEN = re.compile(r"^\(?\s*not given\b", re.I)
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)/")  # ".../2025/03/slug"

# --- outlet ------------------------------------------------------------------------------------
# Second-level labels under a country code that are not themselves the outlet (magz.co.id).
_SLD = {"co", "go", "ac", "or", "web", "my", "sch", "net", "mil", "biz", "desa", "ponpes", "com", "org", "gov",
        "edu"}
# Government and armed-forces sites: every subdomain is its own institution; keep the full host.
_INSTITUTION_SLD = {"go", "mil", "gov"}

# --- dateline ----------------------------------------------------------------------------------
_DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+"
_CAP = r"(?:[A-Z][a-z'’]+|[A-Z]{2,})"  # "Pancur", "MURUNG" (not "JADWALTimnas")
_WORD = rf"{_CAP}(?:-{_CAP})*"  # "Tanjung-Pinang"; "Gara-gara", "Covid-19" stop at the hyphen
_PLACE = rf"(?P<place>{_WORD}(?:[ \t]+{_WORD}){{0,3}})"
_CREDIT = r"[A-Za-z0-9][A-Za-z0-9.-]*(?:[ \t]+[A-Z][A-Za-z0-9.-]*){0,2}"  # "KOMPAS.com", "detikBali", "CNN Indonesia"
_ORG = r"(?:(?:Polres(?:ta|tabes)?|Polsek|Polda|Kodim|Koramil|Korem)[ \t]+)?"  # "Polres Bangkalan,-" -> Bangkalan
# The dash after the place: an en/em dash or bar, a hyphen after a comma ("Bangkalan,-") or with a space on
# one side ("Jakarta -Gubernur", "CIREBON- Kepala"), or a bare hyphen ("JAKARTA-Pemimpin") that
# find_dateline accepts only after an all-caps place or an outlet credit, never inside a word ("Laki-laki",
# "TEKA-teki").
_DASH = r"(?P<dash>[ \t]*,?[ \t]*[–—|]+|[ \t]*,[ \t]*-+|[ \t]+-+|-+(?=[ \t])|(?P<bare>-+)(?![a-z]))"
_DATELINE = re.compile(
    rf"^(?:(?P<lead>{_DOMAIN})[ \t]*,[ \t]*)?{_ORG}{_PLACE}"
    rf"(?:[ \t]*\((?P<paren>[^()\n]{{1,40}})\))?"  # "Denpasar (filesatu.co.id) -"
    rf"(?:[ \t]*,[ \t]*(?P<credit>{_CREDIT}))?"  # "JAKARTA, KOMPAS.com -", "KLUNGKUNG, detikBali -"
    rf"{_DASH}")
# A line that is only "Place, outlet.com" (the body follows on the next line).
_PLACE_ONLY = re.compile(rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}")
_PLACE_LINE = re.compile(rf"^{_ORG}{_PLACE}[ \t]*(?:,[ \t]*(?P<credit>{_DOMAIN})|\((?P<paren>{_DOMAIN})\))\.?[ \t]*$")
# Liputan6 glues the place to the first word: "Liputan6.com, JakartaKita semua ..." -> Jakarta.
_GLUED = re.compile(rf"^(?P<lead>{_DOMAIN})[ \t]*,[ \t]*(?P<place>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){{0,2}}?)(?=[A-Z])")
_NOT_PLACE = {"baca", "foto", "video", "ilustrasi", "advertisement", "scroll", "editor", "penulis", "reporter",
              "laporan", "sumber", "news", "berita", "oleh", "pewarta", "redaksi", "home", "beranda", "info", "daftar",
              "jadwal", "harga", "update", "breaking", "live", "galeri", "infografis"}
_MAX_OPENING_LINES = 8

# --- author from the body ------------------------------------------------------------------------
_REPORTER_LINE = re.compile(r"^(?:Laporan|Reporter|Penulis|Pewarta|Wartawan|Oleh)\s*:?\s*(?P<name>[A-Za-z][A-Za-z .'’]{1,40}?)\s*$",
                            re.I)
# "(Name Name)" as the last paragraph, or "[name]" closing its last sentence.
_TRAILER = re.compile(r"(?:^|[.!?\"”]\s+)[(\[]\s*(?P<name>[A-Za-z][A-Za-z'’]+(?:\s+[A-Za-z][A-Za-z'’]+){0,3})\s*[)\]]\s*$")
_NOT_AUTHOR = {"tim", "redaksi", "humas", "admin", "liputan", "rilis", "release", "sumber", "net"}


def outlet_of(url: Optional[str]) -> Optional[str]:
    """The outlet's domain from a URL: oto.detik.com -> detik.com, pasuruan.magz.co.id -> magz.co.id;
    government and military sites (*.go.id, *.mil.id) keep their full host."""
    if not url:
        return None
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower().removeprefix("www.")
    parts = [p for p in host.split(".") if p]
    if len(parts) < 2:
        return host or None
    if len(parts[-1]) == 2 and parts[-2] in _SLD and len(parts) >= 3:
        return host if parts[-2] in _INSTITUTION_SLD else ".".join(parts[-3:])
    return ".".join(parts[-2:])


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", s.casefold()).split())


def _opening_lines(body: str, title: Optional[str]) -> list[str]:
    """The first non-empty lines of the body, without a repeat of the title."""
    lines: list[str] = []
    t = _norm(title) if title else None
    for raw in body.splitlines():
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line or (t and _norm(line) == t):
            continue
        lines.append(line)
        if len(lines) >= _MAX_OPENING_LINES:
            break
    return lines


def _accept(m: re.Match) -> bool:
    """A dateline match that names a place, with a bare hyphen only after a caps place or a credit."""
    place = m.group("place")
    if place.split()[0].lower() in _NOT_PLACE or len(place) < 3:
        return False
    g = m.groupdict()
    return not g.get("bare") or place.isupper() or bool(g.get("lead") or g.get("credit"))


def _match_opening(lines: list[str], i: int) -> Optional[re.Match]:
    joined = " ".join(lines[i:i + 3])  # "Jakarta" / "-" / "Sebuah ..." on separate lines
    for m in (_DATELINE.match(joined), _GLUED.match(lines[i]), _PLACE_LINE.match(lines[i])):
        if m and m.end() < len(joined) and _accept(m):
            return m
    return None


def _compact(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _dateline_match(body: str, title: Optional[str]) -> Optional[re.Match]:
    """The dateline pattern that opens the body, passing over short lines and a title repeat."""
    lines = _opening_lines(body, title)
    for i, line in enumerate(lines):
        m = _match_opening(lines, i)
        if m:
            return m
        if len(line) > 80:  # a full paragraph without a dateline: there is none
            break
    return None


def find_dateline(body: str, title: Optional[str] = None, url: Optional[str] = None) -> Optional[str]:
    """The place that opens the body before a dash, as written: "PASURUAN - ..." -> "PASURUAN",
    "Liputan6.com, Jakarta - ..." -> "Jakarta", "Pancur Batu, desernews.com" -> "Pancur Batu".

    Short lines before it (a section label, a byline) are passed over; a repeat of ``title`` is
    ignored; the search stops at the first full paragraph that does not open with a dateline.
    When the first name is the outlet's own (``url`` prosiar.com: "Prosiar, Medan -"), the place
    is the name after it.
    """
    m = _dateline_match(body, title)
    if not m:
        return None
    place = m.group("place").strip()
    site = outlet_of(url)
    if site and _compact(place) == _compact(site.split(".")[0]):
        alt = (m.groupdict().get("credit") or m.groupdict().get("paren") or "").strip()
        return alt if _PLACE_ONLY.fullmatch(alt) else None
    return place


def _credit_outlet(body: str, title: Optional[str]) -> Optional[str]:
    """The outlet as a dateline credits it ("JAKARTA, KOMPAS.com -" -> "KOMPAS.com"), if it is a domain."""
    m = _dateline_match(body, title)
    for key in ("lead", "credit", "paren"):
        val = (m.groupdict().get(key) or "").strip() if m else ""
        if val and re.fullmatch(_DOMAIN, val):
            return val
    return None


def _name_case(name: str) -> str:
    return name.title() if name.islower() or name.isupper() else name


def _body_author(body: str, url: Optional[str]) -> Optional[str]:
    """A reporter credited in the body: a "Laporan : Name" line, or "(Name Name)" / "[name]" closing it
    (not the outlet's own name, "(jejakrekam)" on jejakrekam.com)."""
    paras = [p.strip() for p in body.strip().splitlines() if p.strip()]
    for line in paras[:6] + paras[-6:]:
        m = _REPORTER_LINE.match(line)
        if m and m.group("name").split()[0].lower() not in _NOT_AUTHOR:
            return _name_case(m.group("name").strip(" ."))
    if paras:
        m = _TRAILER.search(paras[-1])
        if m:
            name = m.group("name")
            words = name.split()
            site = outlet_of(url) or ""
            if (all(len(w) >= 3 for w in words) and len(name) >= 5 and words[0].lower() not in _NOT_AUTHOR
                    and _compact(name) != _compact(site.split(".")[0])):
                return _name_case(name)
    return None


def _skip_blank_lines(text: str, pos: int) -> int:
    """Advance ``pos`` over whitespace-only lines, keeping it at a line start."""
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if text[pos:end].strip():
            break
        pos = end + 1 if nl >= 0 else len(text)
    return min(pos, len(text))


def _seed(text: str, meta: ArticleMeta) -> bool:
    """The markdown export: '## Title', 'Author - [SITE](url)', 'Aug 9, 2023 - 18:00', body."""
    t = _SEED_TITLE.search(text, 0, 2000)
    b = _SEED_BYLINE.search(text, t.end() if t else 0, 4000)
    if not (t and b):
        return False
    meta.title = t.group(1).strip()
    meta.author = b.group("author").strip() or None
    meta.outlet = b.group("site").strip()
    meta.url = b.group("url").strip()
    end = _skip_blank_lines(text, b.end() + 1)
    d = _SEED_DATE.match(text, end)
    if d and len(d.group("date")) <= 60 and parse_published(d.group("date")):
        meta.published_raw = d.group("date").strip()
        end = d.end() + 1
    meta.body = text[_skip_blank_lines(text, end):]
    return True


def _corpus_header(text: str, meta: ArticleMeta) -> bool:
    """'TITLE:', 'DATE:', 'SOURCE: where | url' lines (any order), a blank line, the body."""
    pos = 0
    seen = False
    while pos < len(text):
        nl = text.find("\n", pos)
        m = _HEADER.match(text[pos:] if nl < 0 else text[pos:nl])
        if not m:
            break
        seen = True
        key, val = m.group("key"), m.group("val").strip() or None
        if val and _NOT_GIVEN.match(val):
            val = None
        if key == "TITLE":
            meta.title = val
        elif key == "DATE":
            meta.published_raw = val
        elif key == "AUTHOR":
            meta.author = val
        elif key == "OUTLET":
            meta.outlet = val
        elif key == "URL":
            meta.url = val
        elif key == "SOURCE" and val and "|" in val:
            url = val.rsplit("|", 1)[1].strip()
            if re.match(r"https?://", url):
                meta.url = url
        pos = len(text) if nl < 0 else nl + 1
    if not seen:
        return False
    meta.body = text[_skip_blank_lines(text, pos):]
    return True


_BODY_YEAR = re.compile(r"(?<![\d/.,-])((?:19|20)\d\d)(?![\d/.,-]\d)")


def _body_years(body: str) -> list[int]:
    """The years the body writes, most written first."""
    counts: dict[int, int] = {}
    for m in _BODY_YEAR.finditer(body):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return sorted(counts, key=lambda y: -counts[y])


_DATE_LINE_WORDS = re.compile(r"[A-Za-z]{3,}")


def _body_date_line(body: str, first_lines: int = 4) -> Optional[str]:
    """A line among the first of the body that is a date and nothing much else: the outlet's
    date line ("Senin 09 Dec 2024 - 10:15 WIB", "Kamis, 14 Desember 2023 | 10:00")."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()][:first_lines]
    for ln in lines:
        if len(ln) > 60 or not re.search(r"\d", ln):
            continue
        if len(_DATE_LINE_WORDS.findall(ln)) <= 3 and parse_published(ln):
            return ln
    return None


def _url_year(url: Optional[str]) -> Optional[int]:
    m = _URL_YEAR.search(urlparse(url).path) if url else None
    return int(m.group(1)) if m else None


_GIVEN = (("title", "title"), ("author", "author"), ("url", "url"), ("date", "published_raw"), ("outlet", "outlet"))


def _given(meta: ArticleMeta, fields: dict[str, str]) -> None:
    """The metadata a record carries beside its text (canonical keys) over what ``meta`` holds."""
    for key, attr in _GIVEN:
        value = (fields.get(key) or "").strip()
        if value:
            setattr(meta, attr, value)


def parse_metadata(rec: RawRecord) -> ArticleMeta:
    """Outlet, title, author, url, published date, dateline and the raw body of one record.

    A txt/md record's header lines are read first; fields it carries as well (the Python API's
    ``title=``, ``published=`` ...; files read from disk carry none) win over them."""
    meta = ArticleMeta()
    if rec.fmt in ("txt", "md"):
        if not (_seed(rec.text, meta) or _corpus_header(rec.text, meta)):
            meta.body = rec.text
    else:
        meta.body = rec.text
    _given(meta, rec.fields)
    if meta.title:
        meta.title = " ".join(meta.title.split())
    meta.published_at = parse_published(meta.published_raw, year_hint=_url_year(meta.url))
    if meta.published_at is None and meta.published_raw and meta.body:
        # "DATE: Kamis (14/12)": the year in which the weekday falls on that day, of the years
        # the body writes (most written first)
        for year in _body_years(meta.body):
            meta.published_at = parse_published(meta.published_raw, year_hint=year)
            if meta.published_at:
                break
    if meta.published_at is None and meta.body:
        # no date in the header, a date line at the top of the body ("Senin 09 Dec 2024 - 10:15 WIB")
        line = _body_date_line(meta.body)
        if line:
            meta.published_raw, meta.published_at = line, parse_published(line, year_hint=_url_year(meta.url))
    meta.dateline = find_dateline(meta.body, meta.title, meta.url)
    meta.outlet = meta.outlet or outlet_of(meta.url) or _credit_outlet(meta.body, meta.title)
    meta.author = meta.author or _body_author(meta.body, meta.url)
    return meta
