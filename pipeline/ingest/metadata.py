"""Stage 1b: the article's own metadata (outlet, title, author, url, published date,
dateline) from its header lines or export fields. The body is returned raw, as a suffix
of the file's text, so offsets can be mapped back."""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlparse

from ..models import ArticleMeta, RawRecord
from .published import parse_published

_SEED_TITLE = re.compile(r"^##\s+(.+)$", re.M)
_SEED_BYLINE = re.compile(r"^(?P<author>[^\n\[]*?)\s*-\s*\[(?P<site>[^\]]+)\]\((?P<url>[^)]+)\)\s*$", re.M)
_SEED_DATE = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})(?: - \d{1,2}:\d{2})?\s*$", re.M)
_HEADER = re.compile(r"^(TITLE|DATE|SOURCE|AUTHOR|URL):[ \t]*(.*)$")
_SLD = {"co", "go", "ac", "or", "web", "my", "sch", "net", "mil", "biz", "ponpes", "desa"}
_DATELINE = re.compile(
    r"^(?:(?:[A-Za-z0-9-]+\.)+(?:com|id|net|org|co)\s*,\s*)?"  # "Liputan6.com, "
    r"(?P<place>[A-Z][A-Za-z'.]+(?:\s+[A-Z][A-Za-z'.]+){0,2})"
    r"(?:\s*\([^)]{1,40}\))?"  # "Denpasar (filesatu.co.id)"
    r"(?:\s*,\s*(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+(?:\.[a-z]{2,4})?)?"  # ", KOMPAS.com", ", detikBali"
    r"\s*[-|]\s*")


def outlet_of(url: Optional[str]) -> Optional[str]:
    """Registered domain of a URL: oto.detik.com -> detik.com, pasuruan.magz.co.id -> magz.co.id."""
    if not url:
        return None
    host = urlparse(url if "//" in url else "//" + url).hostname or ""
    host = host.lower().removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in _SLD and parts[-1] == "id":
        if parts[-3] == "polri" or parts[-2] == "go":
            return host
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) if len(parts) >= 2 else host or None


def find_dateline(body: str) -> Optional[str]:
    """The place that opens the body before a dash: "PASURUAN - ", "Liputan6.com, Jakarta - "."""
    for para in re.split(r"\n\s*\n|\n", body.strip())[:3]:
        line = " ".join(para.split())
        if not line:
            continue
        m = _DATELINE.match(line)
        if m and len(line) > m.end():
            place = m.group("place").strip(" .")
            if place.lower().endswith((".com", ".id")):
                continue
            return place
    return None


def _seed(text: str, meta: ArticleMeta) -> bool:
    """The markdown export: '## Title', 'Author - [SITE](url)', 'Aug 9, 2023 - 18:00'."""
    t = _SEED_TITLE.search(text[:2000])
    b = _SEED_BYLINE.search(text[:3000])
    if not (t and b):
        return False
    meta.title = t.group(1).strip()
    meta.author = b.group("author").strip() or None
    meta.outlet = b.group("site").strip()
    meta.url = b.group("url").strip()
    end = b.end()
    d = _SEED_DATE.search(text, end, end + 200)
    if d:
        meta.published_raw = d.group(0).strip()
        end = d.end()
    meta.body = text[end:]
    return True


def _corpus_header(text: str, meta: ArticleMeta) -> bool:
    """'TITLE:', 'DATE:', 'SOURCE: where | url' lines, then a blank line, then the body."""
    pos = 0
    seen = False
    while True:
        nl = text.find("\n", pos)
        line = text[pos:] if nl < 0 else text[pos:nl]
        m = _HEADER.match(line)
        if not m:
            break
        seen = True
        key, val = m.group(1), m.group(2).strip()
        if key == "TITLE":
            meta.title = val or None
        elif key == "DATE":
            meta.published_raw = val or None
        elif key == "AUTHOR":
            meta.author = val or None
        elif key == "URL":
            meta.url = val or None
        elif key == "SOURCE":
            url = val.rsplit("|", 1)[-1].strip() if "|" in val else ""
            if url.startswith("http"):
                meta.url = url
        if nl < 0:
            pos = len(text)
            break
        pos = nl + 1
    if not seen:
        return False
    meta.body = text[pos:]
    meta.outlet = outlet_of(meta.url)
    return True


def parse_metadata(rec: RawRecord) -> ArticleMeta:
    meta = ArticleMeta()
    if rec.fmt in ("txt", "md"):
        if not (_seed(rec.text, meta) or _corpus_header(rec.text, meta)):
            meta.body = rec.text
    else:
        f = rec.fields
        meta.title = f.get("title")
        meta.author = f.get("author")
        meta.url = f.get("url")
        meta.published_raw = f.get("date")
        meta.outlet = f.get("outlet") or outlet_of(meta.url)
        meta.body = rec.text
    meta.published_at = parse_published(meta.published_raw)
    meta.dateline = find_dateline(meta.body)
    return meta
