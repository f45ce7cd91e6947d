"""Stage 1a: find and read articles: txt/md files, JSONL/JSON/CSV/Parquet exports, HTML pages.

Yields one :class:`RawRecord` per article in a deterministic order (folders are walked in
sorted order), streaming JSONL and CSV a line at a time. Bad input never raises: it becomes
an :class:`ErrorRow` whose message names the file (and record) and says what to do.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Union

from ..models import ErrorRow, RawRecord

Item = Union[RawRecord, ErrorRow]

TEXT_EXT = {".txt": "txt", ".md": "md", ".markdown": "md"}
JSONL_EXT = {".jsonl", ".ndjson"}
HTML_EXT = {".html", ".htm"}
READ_EXT = set(TEXT_EXT) | JSONL_EXT | HTML_EXT | {".json", ".csv", ".parquet"}
OUTPUT_MARKER = "_manifest.sqlite"  # a folder holding this is a pipeline --out folder: never read as input
SKIP_NAMES = {"INDEX.tsv"}
# Never articles: passed over silently even when named directly.
NOT_ARTICLE_EXT = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".heic",
    ".mp3", ".mp4", ".wav", ".ogg", ".mov", ".avi", ".webm", ".pdf", ".feather", ".arrow",
    ".duckdb", ".db", ".sqlite", ".pkl", ".pickle", ".npy", ".npz", ".zip", ".gz", ".bz2", ".xz", ".tar",
    ".7z", ".rar", ".pyc", ".so", ".dll", ".exe", ".bin", ".woff", ".woff2", ".ttf", ".otf", ".css", ".js",
    ".xlsx", ".xls", ".docx", ".doc", ".pptx", ".odt", ".ods", ".tsv", ".yaml", ".yml", ".toml", ".ini",
    ".cfg", ".lock", ".py", ".log",
}

# Scraper field names -> canonical keys; the first one present and non-empty wins.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("judul", "title", "headline", "judul_berita"),
    "body": ("isi_berita", "isiberita", "berita", "paragraf", "text", "content", "body", "isi", "article",
             "konten", "artikel"),
    "date": ("tanggal_publikasi", "tgl", "tanggal_berita", "tanggal", "date", "published", "published_at",
             "datetime", "date_published", "pubdate", "tgl_publikasi"),
    "author": ("author", "penulis", "reporter", "wartawan", "pewarta"),
    "outlet": ("sumber", "source", "outlet", "site", "media", "portal"),
    "url": ("url", "link", "link_judul", "link_berita", "href"),
}
# A separate time column is joined to the date ("06 Jun 2025" + "21:02").
TIME_NAMES = ("time", "jam", "waktu", "pukul")
_BINARY_CONTROL_SHARE = 0.1  # more control bytes than this in the first KB -> binary

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _error(source: str, kind: str, message: str) -> ErrorRow:
    return ErrorRow(source=source, stage="ingest", error=kind, message=message)


def _encoding_of(head: bytes) -> str:
    """utf-16 when the data starts with a UTF-16 BOM, else utf-8-sig (UTF-8 with or without BOM)."""
    return "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


def _sniff(head: bytes, source: str, what: str) -> Optional[ErrorRow]:
    """An error row if the first bytes show an empty or binary file."""
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return _error(source, "empty", f"{source} is empty; there is nothing to read, so remove it or fill it.")
    if _encoding_of(head) == "utf-16":
        return None
    sample = head[:1024]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or control > _BINARY_CONTROL_SHARE * len(sample):
        return _error(source, "binary", f"{source} is a binary file, not {what}; remove it or export it as UTF-8 text.")
    return None


def _decode_error(source: str, exc: UnicodeDecodeError) -> ErrorRow:
    return _error(source, "decode", f"{source} is not valid UTF-8 (bad byte at offset {exc.start}); "
                                    f"re-save it as UTF-8 (or UTF-16 with a BOM).")


def _valid_unicode(s: str) -> str:
    """``s`` with lone surrogates (JSON can escape them: "\\ud800") replaced, so it can be stored as UTF-8."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return _valid_unicode(value)
    if isinstance(value, list):
        return "\n\n".join(_as_text(v) for v in value if v is not None)
    return "" if value is None else str(value)


def canonical_fields(record: dict, field_map: dict[str, str]) -> dict[str, str]:
    """Map a scraper's own field names to title/body/date/author/outlet/url (``field_map`` first)."""
    lower = {str(k).strip().lower(): v for k, v in record.items()}
    out: dict[str, str] = {}
    for key, names in list(FIELD_NAMES.items()) + [("time", TIME_NAMES)]:
        for name in ([field_map[key]] if key in field_map else names):
            value = _as_text(record.get(name, lower.get(name.lower())))
            if value.strip():
                out[key] = value
                break
    time = out.pop("time", None)
    if time and "date" in out and ":" not in out["date"]:
        out["date"] = f"{out['date']} {time.strip()}"
    return out


def _structured(record: object, source: str, fmt: str, field_map: dict[str, str]) -> Item:
    if not isinstance(record, dict):
        return _error(source, "json", f"{source} is a JSON {type(record).__name__}, not an object with fields; "
                                      f"give one article per object.")
    fields = canonical_fields(record, field_map)
    body = fields.get("body", "")
    if not body.strip():
        names = ", ".join(repr(str(k)) for k in list(record)[:12]) or "none"
        hint = (f"the field {field_map['body']!r} is missing or empty" if "body" in field_map
                else "no known text field")
        return _error(source, "no_body", f"{source} has no article text ({hint}; fields: {names}); "
                                         f"name the text field with --field body=NAME.")
    return RawRecord(source=source, fmt=fmt, text=body, fields=fields)


class _HTMLArticle(HTMLParser):
    """Title, paragraphs and meta tags of one HTML page (stdlib parser, lenient)."""

    SKIP = {"script", "style", "nav", "footer", "aside", "form", "noscript", "template", "svg", "figcaption"}
    BLOCK = {"p", "h1", "title"}
    BREAK = {"div", "br", "li", "section", "h2", "h3", "h4", "tr", "blockquote"} | BLOCK

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.paras: list[str] = []  # every <p> outside skipped parts
        self.article_paras: list[str] = []  # <p> inside <article>
        self._article_buf: list[str] = []  # all text inside <article>, for pages without <p>
        self._skip = 0
        self._article = 0
        self._block: Optional[str] = None
        self._buf: list[str] = []

    @property
    def article_text(self) -> str:
        lines = (" ".join(ln.split()) for ln in "".join(self._article_buf).split("\n"))
        return "\n\n".join(ln for ln in lines if ln)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"]
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "article":
            self._article += 1
        elif tag in self.BLOCK and not self._skip:
            self._flush()
            self._block = tag
        elif tag == "br" and self._block:
            self._buf.append("\n")
        if tag in self.BREAK and self._article and not self._skip:
            self._article_buf.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "article" and self._article:
            self._article -= 1
        elif tag == self._block:
            self._flush()
        if tag in self.BREAK and self._article and not self._skip:
            self._article_buf.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._block:
            self._buf.append(data)
        if self._article:
            self._article_buf.append(data)

    def finish(self) -> None:
        """Keep the text of a block the page never closed."""
        self._flush()

    def _flush(self) -> None:
        text = "\n".join(" ".join(part.split()) for part in "".join(self._buf).split("\n")).strip()
        if self._block == "title":
            self.title = self.title or text
        elif self._block == "h1":
            self.h1 = self.h1 or text
        elif self._block == "p" and text:
            self.paras.append(text)
            if self._article:
                self.article_paras.append(text)
        self._block, self._buf = None, []


def _html_record(text: str, source: str, field_map: dict[str, str]) -> Item:
    p = _HTMLArticle()
    try:
        p.feed(text)
        p.close()
    except (AssertionError, ValueError):  # markup html.parser gives up on; keep what was read
        pass
    p.finish()
    m = p.meta
    author = m.get("author") or m.get("article:author") or ""
    record = {
        "title": m.get("og:title") or p.h1 or p.title,
        "body": "\n\n".join(p.article_paras) or "\n\n".join(p.paras) or p.article_text,
        "date": m.get("article:published_time") or m.get("datepublished") or m.get("time") or m.get("pubdate")
        or m.get("date"),
        "author": "" if author.startswith("http") else author,
        "outlet": m.get("og:site_name"),
        "url": m.get("canonical") or m.get("og:url"),
    }
    return _structured({k: v for k, v in record.items() if v}, source, "html", field_map)


def _json_records(text: str, source: str, field_map: dict[str, str]) -> Iterator[Item]:
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
        yield _error(source, "json", f"{source} is not valid JSON ({where}); fix it or export one record a line "
                                     f"as .jsonl.")
        return
    if isinstance(obj, dict) and "article" in obj and "meta" in obj:
        return  # a gold annotation file, not an article
    if isinstance(obj, dict) and not canonical_fields(obj, field_map).get("body"):
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
        if len(lists) == 1:  # {"data": [{...}, ...]}
            obj = lists[0]
    records = obj if isinstance(obj, list) else [obj]
    for i, r in enumerate(records, 1):
        yield _structured(r, f"{source}:{i}", "json", field_map)


def _read_whole(path: Path, source: str, field_map: dict[str, str]) -> Iterator[Item]:
    """txt/md/html/json (and unknown text files named directly): one read, then decode."""
    ext = path.suffix.lower()
    data = path.read_bytes()
    err = _sniff(data[:4096], source, "text")
    if err:
        yield err
        return
    try:
        text = data.decode(_encoding_of(data[:4]))
    except UnicodeDecodeError as exc:
        yield _decode_error(source, exc)
        return
    if ext in HTML_EXT:
        yield _html_record(text, source, field_map)
    elif ext == ".json":
        yield from _json_records(text, source, field_map)
    else:
        yield RawRecord(source=source, fmt=TEXT_EXT.get(ext, "txt"), text=text)


def _read_jsonl(path: Path, source: str, field_map: dict[str, str]) -> Iterator[Item]:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    err = _sniff(head, source, "JSON lines")
    if err:
        yield err
        return
    if _encoding_of(head) == "utf-16":
        with open(path, encoding="utf-16", newline="") as fh:
            yield from _jsonl_lines(((i, ln, None) for i, ln in enumerate(fh, 1)), source, field_map)
        return
    with open(path, "rb") as fh:
        yield from _jsonl_lines(_decoded_lines(fh), source, field_map)


def _decoded_lines(fh: IO[bytes]) -> Iterator[tuple[int, str, Optional[UnicodeDecodeError]]]:
    """(line number, text, decode error) for each line, so one bad line does not stop the rest."""
    for i, raw in enumerate(fh, 1):
        try:
            yield i, raw.decode("utf-8-sig" if i == 1 else "utf-8"), None
        except UnicodeDecodeError as exc:
            yield i, "", exc


def _jsonl_lines(lines: Iterable[tuple[int, str, Optional[UnicodeDecodeError]]], source: str,
                 field_map: dict[str, str]) -> Iterator[Item]:
    for i, line, exc in lines:
        rid = f"{source}:{i}"
        if exc is not None:
            yield _decode_error(rid, exc)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as e:
            where = f"{e.msg} at column {e.colno}" if isinstance(e, json.JSONDecodeError) else type(e).__name__
            yield _error(rid, "json", f"{rid} is not valid JSON ({where}); fix or delete that line, the other "
                                      f"lines are read.")
            continue
        yield _structured(obj, rid, "jsonl", field_map)


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, source: str, field_map: dict[str, str]) -> Iterator[Item]:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    err = _sniff(head, source, "CSV")
    if err:
        yield err
        return
    n = 0
    try:
        with open(path, encoding=_encoding_of(head), newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            reader = csv.DictReader(fh, delimiter=_delimiter(first))
            columns = [c for c in (reader.fieldnames or []) if c is not None]
            probe = {c: "x" for c in columns}
            if "body" not in canonical_fields(probe, field_map):
                want = f"the column {field_map['body']!r}" if "body" in field_map else "no known text column"
                yield _error(source, "no_body", f"{source} has {want} (columns: {', '.join(map(repr, columns[:12]))});"
                                                f" name the text column with --field body=NAME.")
                return
            for n, row in enumerate(reader, 1):
                yield _structured(row, f"{source}:{n}", "csv", field_map)
    except UnicodeDecodeError as exc:
        yield _decode_error(f"{source}:{n + 1}" if n else source, exc)
    except csv.Error as exc:
        yield _error(f"{source}:{n + 1}", "csv", f"{source} is malformed CSV after record {n} ({exc}); "
                                                 f"fix the quoting there or re-export the file.")


def _read_parquet(path: Path, source: str, field_map: dict[str, str]) -> Iterator[Item]:
    """One record per row, a row group at a time; columns named as in CSV exports (--field maps them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, ValueError) as exc:
        yield _error(source, "parquet", f"{source} is not a readable Parquet file ({exc}); re-export it or remove it.")
        return
    columns = list(pf.schema_arrow.names)
    if "body" not in canonical_fields({c: "x" for c in columns}, field_map):
        want = f"the column {field_map['body']!r}" if "body" in field_map else "no known text column"
        yield _error(source, "no_body", f"{source} has {want} (columns: {', '.join(map(repr, columns[:12]))}); "
                                        f"name the text column with --field body=NAME.")
        return
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=1000):
            for row in batch.to_pylist():
                n += 1
                yield _structured(row, f"{source}:{n}", "parquet", field_map)
    except (pa.ArrowException, ValueError) as exc:
        yield _error(f"{source}:{n + 1}", "parquet", f"{source} cannot be read after record {n} ({exc}); "
                                                     f"re-export the file.")


def _read_file(path: Path, source: str, field_map: dict[str, str]) -> Iterator[Item]:
    ext = path.suffix.lower()
    try:
        if ext == ".parquet":
            yield from _read_parquet(path, source, field_map)
        elif ext in JSONL_EXT:
            yield from _read_jsonl(path, source, field_map)
        elif ext == ".csv":
            yield from _read_csv(path, source, field_map)
        else:
            yield from _read_whole(path, source, field_map)
    except UnicodeDecodeError as exc:  # a UTF-16 stream with a bad sequence
        yield _decode_error(source, exc)
    except OSError as exc:
        yield _error(source, "io", f"{source} cannot be read ({exc.strerror or exc}); check that it exists and "
                                   f"that you may read it.")


def _is_candidate(name: str) -> bool:
    return not (name.startswith(".") or name in SKIP_NAMES or name.upper().startswith("README"))


def _walk(root: Path) -> Iterator[Path]:
    """Readable article files under ``root`` in sorted order, skipping hidden files and folders."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        if OUTPUT_MARKER in filenames:  # the tables of an earlier run, not articles
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        for name in filenames:
            if _is_candidate(name) and Path(name).suffix.lower() in READ_EXT:
                p = Path(dirpath) / name
                found.append((p.relative_to(root).parts, p))
    for _parts, p in sorted(found):
        yield p


def iter_records(inputs: list[Path], field_map: Optional[dict[str, str]] = None) -> Iterator[Item]:
    """Every article under ``inputs`` (files or folders, folders recursively in sorted order),
    as RawRecords, with an ErrorRow for each file or record that cannot be read.

    ``field_map`` names your own columns for canonical keys ({"body": "naskah"}); an unknown
    key raises ValueError at once (a typo would otherwise be ignored silently).
    """
    fmap = dict(field_map or {})
    unknown = sorted(set(fmap) - set(FIELD_NAMES) - {"time"})
    if unknown:
        raise ValueError(f"unknown field name {unknown[0]!r} in the field map; use one of "
                         f"{', '.join(list(FIELD_NAMES) + ['time'])}")
    return _iter_inputs([Path(p) for p in inputs], fmap)


def _iter_inputs(inputs: list[Path], fmap: dict[str, str]) -> Iterator[Item]:
    for inp in inputs:
        if _is_glob(inp):
            for p, source in _glob_files(inp):
                yield from _read_file(p, source, fmap)
        elif inp.is_dir():
            for p in _walk(inp):
                yield from _read_file(p, p.relative_to(inp).as_posix(), fmap)
        elif inp.is_file():
            if inp.suffix.lower() not in NOT_ARTICLE_EXT:
                yield from _read_file(inp, inp.name, fmap)
        else:
            yield _error(str(inp), "io", f"{inp} does not exist; check the path.")



_GLOB_CHARS = set("*?[")


def _is_glob(p: Path) -> bool:
    return not p.exists() and bool(_GLOB_CHARS & set(str(p)))


def _glob_root(pattern: str) -> Path:
    """The folder a glob starts in: its leading parts without wildcards (``data/raw`` of ``data/raw/**/*.txt``)."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _glob_files(pattern: Path) -> Iterator[tuple[Path, str]]:
    """(file, source) for the files a glob matches, sorted; source is relative to the glob's root."""
    import glob

    root = _glob_root(str(pattern))
    for hit in sorted(glob.glob(str(pattern), recursive=True)):
        p = Path(hit)
        if p.is_file() and _is_candidate(p.name) and p.suffix.lower() in READ_EXT:
            yield p, p.relative_to(root).as_posix()


def check_inputs(inputs: Iterable[Path]) -> None:
    """Raise FileNotFoundError naming the first input that is neither a path nor a glob matching a file."""
    for p in inputs:
        p = Path(p)
        if _is_glob(p):
            if next(_glob_files(p), None) is None:
                raise FileNotFoundError(f"{p}: the pattern matches no readable file")
        elif not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder")


def at_most(inputs: Iterable[Path], limit: int) -> bool:
    """True when ``inputs`` surely hold at most ``limit`` articles: counted as one per article
    file (txt, md, html), without reading any; an export (jsonl, json, csv, parquet) may hold
    any number and counts as more. Stops counting past ``limit``."""
    n = 0
    per_file = set(TEXT_EXT) | HTML_EXT
    for inp in inputs:
        inp = Path(inp)
        if _is_glob(inp):
            files: Iterable[Path] = (p for p, _s in _glob_files(inp))
        elif inp.is_dir():
            files = _walk(inp)
        else:
            files = [inp] if inp.suffix.lower() not in NOT_ARTICLE_EXT else []
        for p in files:
            if p.suffix.lower() not in per_file:
                return False
            n += 1
            if n > limit:
                return False
    return True
