"""Stage 1a: find and read articles: txt/md files, JSONL/JSON/CSV exports, HTML pages.

Yields one :class:`RawRecord` per article, streaming (a JSONL or CSV file is read a line
at a time), in a deterministic order. Bad input never raises: it yields an
:class:`ErrorRow` whose message names the file (and record) and says what to do.
"""

from __future__ import annotations

import codecs
import csv
import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Optional

from ..models import ErrorRow, RawRecord

TEXT_EXT = {".txt", ".md", ".markdown"}
JSONL_EXT = {".jsonl", ".ndjson"}
ALL_EXT = TEXT_EXT | JSONL_EXT | {".json", ".csv", ".html", ".htm"}
SKIP_NAMES = {"INDEX.tsv"}

# Scraper field names -> canonical keys (first present wins).
FIELD_NAMES: dict[str, list[str]] = {
    "title": ["judul", "title", "headline"],
    "body": ["isi_berita", "isiberita", "berita", "paragraf", "text", "content", "body", "isi", "article"],
    "date": ["tanggal_publikasi", "tgl", "tanggal_berita", "tanggal", "date", "published", "published_at",
             "datetime", "waktu"],
    "author": ["author", "penulis", "reporter", "editor"],
    "outlet": ["sumber", "source", "outlet", "site", "media"],
    "url": ["url", "link", "link_judul", "link_berita"],
}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _decode(data: bytes, source: str) -> tuple[Optional[str], Optional[ErrorRow]]:
    if not data.strip():
        return None, ErrorRow(source, "ingest", "empty", f"{source}: the file is empty; nothing to extract.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    head = data[:1024]
    if b"\x00" in head:
        return None, ErrorRow(source, "ingest", "binary",
                              f"{source}: looks like a binary file, not text; remove it or convert it to UTF-8 text.")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, ErrorRow(source, "ingest", "decode",
                              f"{source}: not valid UTF-8 (byte {exc.start}); re-save it as UTF-8.")


def _canonical(record: dict, field_map: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    lower = {str(k).lower(): v for k, v in record.items()}
    for key, names in FIELD_NAMES.items():
        names = [field_map[key]] if key in field_map else names
        for n in names:
            v = record.get(n, lower.get(n.lower()))
            if v is not None and str(v).strip():
                out[key] = v if isinstance(v, str) else ("\n".join(map(str, v)) if isinstance(v, list) else str(v))
                break
    return out


def _structured(record: object, source: str, fmt: str, field_map: dict[str, str]):
    if not isinstance(record, dict):
        return ErrorRow(source, "ingest", "json", f"{source}: a record must be a JSON object, got {type(record).__name__}.")
    fields = _canonical(record, field_map)
    body = fields.get("body", "")
    if not body.strip():
        known = ", ".join(sorted(map(str, record.keys()))[:12])
        return ErrorRow(source, "ingest", "no_body",
                        f"{source}: no article text found (fields: {known}); name the text column with --field body=COLUMN.")
    return RawRecord(source=source, fmt=fmt, text=body, fields=fields)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.paras: list[str] = []
        self._stack: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "nav", "footer", "aside"):
            self._skip += 1
        if tag == "meta":
            k = a.get("property") or a.get("name") or a.get("itemprop")
            if k and a.get("content"):
                self.meta[k.lower()] = a["content"]
        elif tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag in ("p", "h1", "title", "li"):
            self._stack.append(tag)
            self._buf = []
        elif tag == "br" and self._stack:
            self._buf.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "footer", "aside") and self._skip:
            self._skip -= 1
        if self._stack and tag == self._stack[-1]:
            self._stack.pop()
            text = " ".join("".join(self._buf).split())
            if tag == "title":
                self.title = text
            elif tag == "h1":
                self.h1 = self.h1 or text
            elif text:
                self.paras.append(text)
            self._buf = []

    def handle_data(self, data):
        if self._stack and not self._skip:
            self._buf.append(data)


def _html_record(text: str, source: str, field_map: dict[str, str]):
    p = _HTMLText()
    try:
        p.feed(text)
        p.close()
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient, but be safe
        return ErrorRow(source, "ingest", "html", f"{source}: HTML could not be parsed ({exc}).")
    m = p.meta
    rec = {
        "title": m.get("og:title") or p.h1 or p.title,
        "body": "\n\n".join(p.paras),
        "date": m.get("article:published_time") or m.get("datepublished") or m.get("time") or m.get("date"),
        "author": m.get("author") or m.get("article:author"),
        "outlet": m.get("og:site_name"),
        "url": m.get("canonical") or m.get("og:url"),
    }
    rec = {k: v for k, v in rec.items() if v}
    return _structured(rec, source, "html", field_map)


def _read_file(path: Path, source: str, field_map: dict[str, str]) -> Iterator[RawRecord | ErrorRow]:
    ext = path.suffix.lower()
    try:
        if ext in JSONL_EXT:
            yield from _read_jsonl(path, source, field_map)
            return
        if ext == ".csv":
            yield from _read_csv(path, source, field_map)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ErrorRow(source, "ingest", "io", f"{source}: cannot read the file ({exc.strerror or exc}).")
        return
    text, err = _decode(data, source)
    if err:
        yield err
        return
    assert text is not None
    if ext in TEXT_EXT:
        yield RawRecord(source=source, fmt=ext.lstrip(".").replace("markdown", "md"), text=text)
    elif ext in (".html", ".htm"):
        yield _html_record(text, source, field_map)
    elif ext == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ErrorRow(source, "ingest", "json", f"{source}: invalid JSON at line {exc.lineno}: {exc.msg}.")
            return
        if isinstance(obj, dict) and "article" in obj and "meta" in obj:
            return  # a gold annotation file, not an article
        records = obj if isinstance(obj, list) else [obj]
        for i, r in enumerate(records, 1):
            yield _structured(r, f"{source}:{i}", "json", field_map)


def _read_jsonl(path: Path, source: str, field_map: dict[str, str]):
    with open(path, "rb") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rid = f"{source}:{i}"
            text, err = _decode(line, rid)
            if err:
                yield err
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield ErrorRow(rid, "ingest", "json", f"{rid}: malformed JSON line ({exc.msg}); the other lines go on.")
                continue
            yield _structured(obj, rid, "jsonl", field_map)


def _read_csv(path: Path, source: str, field_map: dict[str, str]):
    with open(path, "rb") as probe:
        head = probe.read(4096)
    if not head.strip():
        yield ErrorRow(source, "ingest", "empty", f"{source}: the file is empty; nothing to extract.")
        return
    if b"\x00" in head:
        yield ErrorRow(source, "ingest", "binary", f"{source}: looks like a binary file, not CSV text.")
        return
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            for i, row in enumerate(reader, 1):
                yield _structured(row, f"{source}:{i}", "csv", field_map)
    except UnicodeDecodeError as exc:
        yield ErrorRow(source, "ingest", "decode", f"{source}: not valid UTF-8 (byte {exc.start}); re-save it as UTF-8.")
    except csv.Error as exc:
        yield ErrorRow(source, "ingest", "csv", f"{source}: malformed CSV ({exc}).")


def _walk(root: Path) -> Iterator[Path]:
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        if p.name in SKIP_NAMES or p.name.upper().startswith("README") or p.suffix.lower() not in ALL_EXT:
            continue
        yield p


def iter_records(inputs: list[Path], field_map: Optional[dict[str, str]] = None) -> Iterator[RawRecord | ErrorRow]:
    """Every article under ``inputs`` (files or folders, recursive, sorted)."""
    fmap = field_map or {}
    for inp in inputs:
        inp = Path(inp)
        if inp.is_dir():
            for p in _walk(inp):
                yield from _read_file(p, p.relative_to(inp).as_posix(), fmap)
        elif inp.is_file():
            yield from _read_file(inp, inp.name, fmap)
        else:
            yield ErrorRow(str(inp), "ingest", "io", f"{inp}: no such file or folder.")
