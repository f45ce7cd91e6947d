"""The extractions of one article as labelled spans of its text, and their nesting.

Every entity span of ``mentions`` becomes a :class:`Span` carrying the row of its table
(people, places, dates, quotes) when one starts there or names the same thing, so a reader
sees which table a highlight feeds, with which fields, made by which rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..process import ArticleResult

# label -> (table, the fields shown for that table)
TABLE_OF = {"OFFICIAL": "officials", "PERSON": "people", "COLLECTIVE": "people", "PLACE": "places",
            "DATE": "dates", "QUOTE": "quotes",
            # spans of the NER model that no rule claimed: only in the mentions table
            "PER": "mentions", "ORG": "mentions", "LOC": "mentions"}
FIELDS = {
    "officials": ("name", "rank", "position", "position_full", "unit", "institution", "degrees", "person_key"),
    "people": ("name", "honorific", "role", "position", "unit", "degrees", "person_key"),
    "places": ("name", "level", "kecamatan", "kabupaten", "provinsi", "region_code", "link_method"),
    "dates": ("value", "kind", "weekday_consistent"),
    "quotes": ("kind", "speaker", "speaker_name", "speaker_position", "speaker_unit", "cue", "speaker_key"),
}


@dataclass
class Span:
    start: int
    end: int
    label: str  # OFFICIAL, PERSON, COLLECTIVE, PLACE, DATE, QUOTE
    rule_id: str
    table: str
    fields: dict[str, Any] = field(default_factory=dict)  # from the table row, when one matches


@dataclass
class Node:
    """A piece of a span in the nesting tree; a span crossing its parent's end is cut in two
    pieces, and only its last piece (``last``) carries the label."""

    span: Span
    start: int
    end: int
    last: bool
    children: list["Node"] = field(default_factory=list)


def _shown(row: dict[str, Any], table: str) -> dict[str, Any]:
    out = {}
    for k in FIELDS[table]:
        v = row.get(k)
        if v is None or v == [] or v == "":
            continue
        out[k] = "; ".join(v) if isinstance(v, (list, tuple)) else v
    return out


def _person_row(res: ArticleResult, s: int, e: int, text: str) -> Optional[dict[str, Any]]:
    for p in res.people:
        if p["start_char"] == s:
            return p
    mention = text[s:e].lower()
    named = [p for p in res.people if p.get("name") and p["name"].lower() in mention]
    if named:
        return max(named, key=lambda p: len(p["name"]))
    return None


def _place_row(res: ArticleResult, s: int, e: int, text: str) -> Optional[dict[str, Any]]:
    same = [p for p in res.places if p["start_char"] == s]
    if same:
        return same[0]
    written = text[s:e].lower()
    return next((p for p in res.places if p["name"].lower() == written), None)


def article_spans(res: ArticleResult) -> list[Span]:
    """Every mention of the article as a Span, with the fields of its table row."""
    text = res.article["text"]
    quotes = {q["start_char"]: q for q in res.quotes}
    dates = {d["start_char"]: d for d in res.dates if d["kind"] != "publication"}
    out = []
    for m in res.mentions:
        s, e, label = m["start_char"], m["end_char"], m["label"]
        if e <= s:
            continue
        row: Optional[dict[str, Any]] = None
        if label in ("OFFICIAL", "PERSON", "COLLECTIVE"):
            row = _person_row(res, s, e, text)
        elif label == "PLACE":
            row = _place_row(res, s, e, text)
        elif label == "DATE":
            row = dates.get(s)
        elif label == "QUOTE":
            row = quotes.get(s)
        table = TABLE_OF.get(label, "mentions")
        if table == "officials" and row is not None and not row.get("is_official"):
            table = "people"
        out.append(Span(s, e, label, m["rule_id"], table, _shown(row, table) if row else {}))
    return out


def nest(spans: list[Span], lo: int, hi: int) -> list[Node]:
    """Spans as a tree of properly nested pieces within [lo, hi): the earliest, longest span
    is the outer one; a span that starts inside another and ends after it is cut at its end."""
    items = sorted(((max(s.start, lo), min(s.end, hi), s) for s in spans), key=lambda t: (t[0], -t[1]))
    return _build([(a, b, s) for a, b, s in items if a < b], lo, hi)


def _build(items: list[tuple[int, int, Span]], lo: int, hi: int) -> list[Node]:
    out: list[Node] = []
    while items:
        s, e, sp = items.pop(0)
        inside: list[tuple[int, int, Span]] = []
        rest: list[tuple[int, int, Span]] = []
        for s2, e2, sp2 in items:
            if s2 < e:
                inside.append((s2, min(e2, e), sp2))
                if e2 > e:
                    rest.append((e, e2, sp2))
            else:
                rest.append((s2, e2, sp2))
        node = Node(sp, s, e, last=e == sp.end)
        node.children = _build(sorted(inside, key=lambda t: (t[0], -t[1])), s, e)
        out.append(node)
        items = sorted(rest, key=lambda t: (t[0], -t[1]))
    return out
