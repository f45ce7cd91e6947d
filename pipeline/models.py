"""Plain, typed objects that flow between the stages.

ingest -> RawRecord -> (metadata) -> ArticleMeta
normalize -> NormalizedText (text + offset map back to the raw body)
extract/resolve -> Mention, PersonRow, PlaceRow, DateRow, QuoteRow (and ArticleRow)
write -> tables

Every extracted row carries ``start_char``/``end_char`` into ``articles.text`` (the
normalized body) and the ``rule_id`` of the rule or model that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class RawRecord:
    """One article as read from disk, before anything is interpreted.

    ``text`` is the full file for txt/md (header lines included) and the body field for
    JSONL/CSV/HTML records. ``fields`` holds metadata a structured export already
    carries, under canonical keys: title, body, date, author, outlet, url.
    """

    source: str  # path relative to the input root, "file.jsonl:12" for record 12
    fmt: str  # txt, md, jsonl, csv, html
    text: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ArticleMeta:
    outlet: Optional[str] = None
    title: Optional[str] = None
    author: Optional[str] = None
    url: Optional[str] = None
    published_raw: Optional[str] = None
    published_at: Optional[str] = None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM
    dateline: Optional[str] = None
    body: str = ""  # the body, raw (header stripped); normalize works on this


@dataclass
class ErrorRow:
    source: str
    stage: str
    error: str  # short machine-readable kind, e.g. "empty", "decode", "json"
    message: str
    article_id: Optional[str] = None


@dataclass
class ArticleRow:
    """One row of the ``articles`` table (docs/tables.md)."""

    article_id: str
    source: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    author: Optional[str] = None
    url: Optional[str] = None
    published_at: Optional[str] = None
    dateline: Optional[str] = None
    text: str = ""  # the normalized body: every row's start_char/end_char index it
    n_tokens: int = 0


@dataclass
class Mention:
    label: str  # OFFICIAL, PERSON, POSITION, RANK, PLACE, DATE, QUOTE, CUE, ...
    text: str
    start_char: int
    end_char: int
    sentence: int
    rule_id: str
    raw_start: Optional[int] = None  # the same span in the raw body (the mentions table's raw_start/raw_end)
    raw_end: Optional[int] = None


@dataclass
class PersonRow:
    person_key: str
    name: Optional[str] = None
    rank: Optional[str] = None
    rank_full: Optional[str] = None
    rank_level: Optional[int] = None
    position: Optional[str] = None
    position_full: Optional[str] = None
    unit: Optional[str] = None
    institution: Optional[str] = None
    degrees: list[str] = field(default_factory=list)
    honorific: Optional[str] = None
    role: Optional[str] = None
    is_official: bool = False
    start_char: int = 0
    end_char: int = 0
    rule_id: str = ""
    n_mentions: int = 1


@dataclass
class PlaceRow:
    name: str
    level: str
    kecamatan: Optional[str] = None
    kabupaten: Optional[str] = None
    provinsi: Optional[str] = None
    region_code: Optional[str] = None
    official_name: Optional[str] = None
    link_method: Optional[str] = None
    link_score: Optional[float] = None
    n_candidates: int = 0
    start_char: int = 0
    end_char: int = 0
    rule_id: str = ""


@dataclass
class DateRow:
    text: str
    value: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    kind: str  # publication, event, mentioned, relative
    weekday_consistent: Optional[bool] = None
    start_char: int = 0
    end_char: int = 0
    rule_id: str = ""


@dataclass
class QuoteRow:
    kind: str  # direct, indirect
    text: str
    cue: Optional[str] = None
    speaker: Optional[str] = None  # as written
    speaker_name: Optional[str] = None
    speaker_position: Optional[str] = None
    speaker_unit: Optional[str] = None
    speaker_key: Optional[str] = None
    paragraph: int = 0
    start_char: int = 0
    end_char: int = 0
    rule_id: str = ""
