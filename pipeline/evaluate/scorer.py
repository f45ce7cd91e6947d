"""Score the pipeline's tables against gold files, by the rules of ../shared/eval/README.md.

One gold dict per article (``load_gold``); ``score`` compares the tables with them part by part and returns an
``EvalResult``: counts and accuracies per part plus one ``Detail`` record per miss, false hit or wrong value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, TypedDict

import pandas as pd

PARTS: tuple[str, ...] = ("officials", "people", "places", "dates", "published_at",
                          "quotes_direct", "quotes_indirect")
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect")
DETAIL_KINDS: tuple[str, ...] = ("miss", "false_hit", "wrong_speaker", "wrong_rank", "wrong_position",
                                 "wrong_parent", "wrong_code", "wrong_published")

# A run of characters that are not letters or digits (str.isalnum); "_" is a word character to `\w`, not here.
_NON_ALNUM = re.compile(r"[\W_]+")
_UNIT_PREFIXES = frozenset({"desa", "kelurahan", "kecamatan", "kabupaten", "kab", "kota",
                            "polres", "polsek", "koramil"})
_DAY_PRECISE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VILLAGE_LEVELS = frozenset({"desa", "kelurahan"})


# ---------------------------------------------------------------------------------------------------- strings

def _missing(v: Any) -> bool:
    """None, NaN, pd.NA and NaT: a cell with no value."""
    return v is None or (pd.api.types.is_scalar(v) and bool(pd.isna(v)))


def _text(v: Any) -> Optional[str]:
    """The cell as a stripped string, or None when it is missing or blank."""
    if _missing(v):
        return None
    s = str(v).strip()
    return s or None


def normalize(s: Any) -> str:
    """NFKC, casefold, every run of non-letter-or-digit characters -> one space, trimmed. None -> ""."""
    t = _text(s)
    if t is None:
        return ""
    t = unicodedata.normalize("NFKC", t).casefold()
    return _NON_ALNUM.sub(" ", t).strip()


def normalize_unit(s: Any) -> str:
    """``normalize`` and then drop one leading desa/kelurahan/kecamatan/kabupaten/kab/kota/polres/polsek/koramil
    word, when something follows it ("Polsek Ponggok" -> "ponggok", but "Desa" stays "desa")."""
    n = normalize(s)
    head, _, rest = n.partition(" ")
    return rest if rest and head in _UNIT_PREFIXES else n


def _unit_key(unit: Any) -> str:
    """A unit compared with and without spaces ("Pal Merah" = "Palmerah"): ``normalize_unit``, spaces removed."""
    return normalize_unit(unit).replace(" ", "")


def _position_unit(position: Any, unit: Any) -> str:
    """The normalized "position unit" key of an unnamed official or speaker (the unit without spaces)."""
    return " ".join(p for p in (normalize(position), _unit_key(unit)) if p)


def official_key(name: Any, position: Any, unit: Any) -> str:
    """An official's key: its normalized name when named, else normalized position + " " + unit."""
    return normalize(name) if _text(name) else _position_unit(position, unit)


def _display(*parts: Any) -> str:
    return " ".join(t for t in (_text(p) for p in parts) if t)


# ---------------------------------------------------------------------------------------------------- results

class Detail(TypedDict):
    """One miss, false hit or wrong value. ``item`` names what a wrong_* record is about."""

    part: str
    article: str
    kind: str
    expected: Optional[str]
    predicted: Optional[str]
    item: Optional[str]


@dataclass
class PartScore:
    """Counts for one part. ``extra`` maps an accuracy name to ``[right, total]``.

    Precision and recall are None when undefined (nothing predicted / nothing in gold); F1 is 2tp/(2tp+fp+fn),
    which equals the harmonic mean of P and R whenever both are defined.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    extra: dict[str, list[int]] = field(default_factory=dict)

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else None

    def count(self, name: str, ok: bool) -> None:
        """Record one right/wrong observation of the accuracy ``name``."""
        v = self.extra.setdefault(name, [0, 0])
        v[0] += int(ok)
        v[1] += 1

    def accuracy(self, name: str) -> Optional[float]:
        right, total = self.extra.get(name, (0, 0))
        return right / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision, "recall": self.recall,
                "f1": self.f1,
                "accuracy": {k: {"right": r, "total": t, "value": self.accuracy(k)}
                             for k, (r, t) in self.extra.items()}}


@dataclass
class EvalResult:
    """Per-part scores (keys of ``PARTS``), the detail records, and which gold articles were scored."""

    parts: dict[str, PartScore]
    details: list[Detail]
    articles: list[str] = field(default_factory=list)  # every gold article, in order
    missing: list[str] = field(default_factory=list)   # gold articles absent from the tables

    def to_dict(self) -> dict[str, Any]:
        return {"articles": {"gold": len(self.articles), "missing": list(self.missing)},
                "parts": {name: p.to_dict() for name, p in self.parts.items()},
                "details": [dict(d) for d in self.details]}


# ---------------------------------------------------------------------------------------------------- gold

def load_gold(folder: Path) -> dict[str, dict]:
    """Every gold ``*.json`` in ``folder``, keyed by its ``"article"`` field ("x.txt", "file.jsonl:2").

    A .json that is not a gold object (no "article" and "meta") is skipped: it may be an input article.
    A file that does not parse, or two gold files naming the same article, raise ValueError.
    """
    gold: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    for p in sorted(Path(folder).glob("*.json")):
        try:
            g = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{p}: not valid JSON ({exc})") from exc
        if not (isinstance(g, dict) and isinstance(g.get("article"), str) and isinstance(g.get("meta"), dict)):
            continue
        name = g["article"]
        if name in gold:
            raise ValueError(f"{p}: article {name!r} is already annotated in {origin[name]}")
        gold[name], origin[name] = g, p
    return gold


# ---------------------------------------------------------------------------------------------------- scoring

Note = Callable[..., None]


def _basename(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _match_articles(articles: Optional[pd.DataFrame], names: Iterable[str]) -> dict[str, Optional[dict]]:
    """Gold article name -> its articles row, by full source first, then by the source's basename."""
    by_full: dict[str, dict] = {}
    by_base: dict[str, dict] = {}
    if articles is not None and not articles.empty:
        for row in articles.to_dict("records"):
            src = str(row["source"]).replace("\\", "/")
            by_full.setdefault(src, row)
            by_base.setdefault(_basename(src), row)
    return {n: by_full.get(n.replace("\\", "/")) or by_base.get(_basename(n)) for n in names}


def _group(df: Optional[pd.DataFrame]) -> dict[str, list[dict]]:
    """Rows by article_id, in text order (start_char) where the table has offsets."""
    if df is None or df.empty:
        return {}
    if "start_char" in df.columns:
        df = df.sort_values("start_char", kind="stable", na_position="last")
    out: dict[str, list[dict]] = {}
    for row in df.to_dict("records"):
        out.setdefault(row["article_id"], []).append(row)
    return out


def _officials_table(tables: dict[str, pd.DataFrame]) -> Optional[pd.DataFrame]:
    off = tables.get("officials")
    if off is None and tables.get("people") is not None and "is_official" in tables["people"].columns:
        people = tables["people"]
        off = people[people["is_official"].fillna(False).astype(bool)]
    return off


def _score_officials(part: PartScore, gold: list[dict], rows: list[dict], note: Note) -> None:
    want: dict[str, dict] = {}
    for o in gold:
        want.setdefault(official_key(o.get("name"), o.get("position"), o.get("unit")), o)
    got: dict[str, dict] = {}
    for r in rows:  # text order: the first mention of a key stands for it
        got.setdefault(official_key(r.get("name"), r.get("position"), r.get("unit")), r)
    for key, o in want.items():
        shown = _text(o.get("name")) or _display(o.get("position"), o.get("unit"))
        r = got.get(key)
        if r is None:
            part.fn += 1
            note("miss", expected=shown)
            continue
        part.tp += 1
        if not _text(o.get("name")):
            continue
        for attr, kind in (("rank", "wrong_rank"), ("position", "wrong_position")):
            ok = normalize(o.get(attr)) == normalize(r.get(attr))
            part.count(attr, ok)
            if not ok:
                note(kind, expected=_text(o.get(attr)), predicted=_text(r.get(attr)), item=shown)
    for key, r in got.items():
        if key not in want:
            part.fp += 1
            note("false_hit", predicted=_text(r.get("name")) or _display(r.get("position"), r.get("unit")) or key)


def _score_sets(part: PartScore, want: dict[Any, str], got: dict[Any, str], note: Note) -> None:
    """Plain set scoring: keys -> how to show them in the details."""
    for k, shown in want.items():
        if k in got:
            part.tp += 1
        else:
            part.fn += 1
            note("miss", expected=shown)
    for k, shown in got.items():
        if k not in want:
            part.fp += 1
            note("false_hit", predicted=shown)


def _score_people(part: PartScore, gold: dict, rows: list[dict], note: Note) -> None:
    want: dict[str, str] = {}
    for o in [*gold.get("officials", []), *gold.get("persons", [])]:
        if _text(o.get("name")):
            want.setdefault(normalize(o["name"]), o["name"])
    got: dict[str, str] = {}
    for r in rows:
        if _text(r.get("name")):
            got.setdefault(normalize(r["name"]), str(r["name"]))
    _score_sets(part, want, got, note)


def _place_key(name: Any, level: Any, code: Any) -> tuple[str, str]:
    """(name, level); a province with a code is keyed by its code, so "Jatim" = "Jawa Timur"."""
    lv = normalize(level)
    if lv == "provinsi" and _text(code):
        return ("code " + normalize(code), lv)
    return (normalize(name), lv)


def _score_places(part: PartScore, gold: list[dict], rows: list[dict], note: Note) -> None:
    want: dict[tuple[str, str], dict] = {}
    for p in gold:
        want.setdefault(_place_key(p.get("name"), p.get("level"), p.get("code")), p)
    got: dict[tuple[str, str], dict] = {}
    for r in rows:
        got.setdefault(_place_key(r.get("name"), r.get("level"), r.get("region_code")), r)
    for key, p in want.items():
        shown = f"{p.get('name')} ({p.get('level')})"
        r = got.get(key)
        if r is None:
            part.fn += 1
            note("miss", expected=shown)
            continue
        part.tp += 1
        if key[1] in _VILLAGE_LEVELS and _text(p.get("kecamatan")):
            ok = _unit_key(p["kecamatan"]) == _unit_key(r.get("kecamatan"))
            part.count("parent_kecamatan", ok)
            if not ok:
                note("wrong_parent", expected=p["kecamatan"], predicted=_text(r.get("kecamatan")), item=shown)
        if _text(p.get("code")):
            ok = normalize(p["code"]) == normalize(r.get("region_code"))
            part.count("region_code", ok)
            if not ok:
                note("wrong_code", expected=p["code"], predicted=_text(r.get("region_code")), item=shown)
    for key, r in got.items():
        if key not in want:
            part.fp += 1
            note("false_hit", predicted=f"{r.get('name')} ({r.get('level')})")


def _score_dates(part: PartScore, gold: list[dict], rows: list[dict], note: Note) -> None:
    want: dict[str, str] = {}
    for d in gold:
        if _text(d.get("value")):
            want.setdefault(d["value"].strip(), _display(d["value"], f"({d['text']})" if d.get("text") else None))
    got: dict[str, str] = {}
    for r in rows:
        value = _text(r.get("value"))
        if _text(r.get("kind")) == "publication" or value is None or not _DAY_PRECISE.fullmatch(value):
            continue
        got.setdefault(value, _display(value, f"({r['text']})" if _text(r.get("text")) else None))
    _score_sets(part, want, got, note)


def _iso(v: Any) -> Optional[str]:
    if isinstance(v, (dt.datetime, dt.date)):  # pd.Timestamp is a datetime
        return v.isoformat()
    return _text(v)


def published_matches(gold: Any, predicted: Any) -> bool:
    """Gold ``meta.published`` against ``articles.published_at``: the date part must be equal and, when the
    gold has a time, the time (HH:MM) too. A gold null matches only a predicted null."""
    want, got = _text(gold), _iso(predicted)
    if want is None or got is None:
        return want is None and got is None
    w_date, _, w_time = want.partition("T")
    g_date, _, g_time = got.replace(" ", "T", 1).partition("T")
    return w_date == g_date and (not w_time or w_time[:5] == g_time[:5])


def speaker_matches(gold_speaker: Any, row: dict) -> bool:
    """A predicted quote's speaker against the gold ``speaker``: its resolved name; for an unnamed speaker its
    position + unit (unit prefixes dropped); or, either way, the ``speaker`` column as written."""
    want = normalize(gold_speaker)
    if not want:
        return not any(_text(row.get(c)) for c in ("speaker_name", "speaker", "speaker_position"))
    if _text(row.get("speaker_name")):
        if normalize(row["speaker_name"]) == want:
            return True
    elif _position_unit(row.get("speaker_position"), row.get("speaker_unit")) == want:
        return True
    return normalize(row.get("speaker")) == want


def _speaker_shown(row: dict) -> Optional[str]:
    return (_text(row.get("speaker_name")) or _display(row.get("speaker_position"), row.get("speaker_unit"))
            or _text(row.get("speaker")))


_CUE_WINDOW_PRED = 60  # the gold starts may lie this far into the prediction
_CUE_WINDOW_TEXT = 80  # the prediction may begin this far after the gold starts in the article text
_FIRST_WORDS = 5


def _quote_matches(starts: str, pred: str, article: str) -> bool:
    """The README's rule: the prediction starts with the gold ``starts``, or the two begin on either side of a
    mid-sentence cue ("Di Jatim, lanjut Arman, sejumlah ..."): the gold ``starts`` lies within the first 60
    characters of the prediction, or the prediction's first five words lie within 80 characters after the
    gold ``starts`` in the article text (all strings normalized)."""
    if not starts or not pred:
        return False
    if 0 <= pred.find(starts) <= _CUE_WINDOW_PRED:
        return True
    head = " ".join(pred.split()[:_FIRST_WORDS])
    if not article or not head:
        return False
    at = article.find(starts)
    while at >= 0:
        found = article.find(head, at)
        if at <= found <= at + len(starts) + _CUE_WINDOW_TEXT:
            return True
        at = article.find(starts, at + 1)
    return False


def _score_quotes(part: PartScore, gold: list[dict], rows: list[dict], note: Note, article: str = "") -> None:
    """One-to-one greedy matching: each gold quote, in gold order, takes the first unused predicted quote in
    text order that matches it, first by the prediction starting with the gold ``starts``, then by the cue
    windows of :func:`_quote_matches` (``article``: the normalized article text)."""
    texts = [normalize(r.get("text")) for r in rows]
    used = [False] * len(rows)
    for q in gold:
        starts = normalize(q.get("starts"))
        hit = next((i for i, t in enumerate(texts) if not used[i] and starts and t.startswith(starts)), None)
        if hit is None:
            hit = next((i for i, t in enumerate(texts) if not used[i] and _quote_matches(starts, t, article)), None)
        if hit is None:
            part.fn += 1
            note("miss", expected=f"{q.get('starts')} [{q.get('speaker')}]")
            continue
        used[hit] = True
        part.tp += 1
        ok = speaker_matches(q.get("speaker"), rows[hit])
        part.count("speaker", ok)
        if not ok:
            note("wrong_speaker", expected=_text(q.get("speaker")), predicted=_speaker_shown(rows[hit]),
                 item=q.get("starts"))
    for i, r in enumerate(rows):
        if not used[i]:
            part.fp += 1
            text = _text(r.get("text")) or ""
            note("false_hit", predicted=f"{text[:80]}{'...' if len(text) > 80 else ''} [{_speaker_shown(r)}]")


def score(tables: dict[str, pd.DataFrame], gold: dict[str, dict]) -> EvalResult:
    """Score ``tables`` against ``gold`` (from ``load_gold``) by the README's rules.

    Articles are matched by ``articles.source`` (full, then basename) to the gold names; articles without gold
    are ignored, and gold articles missing from the tables count as all-missed (published_at wrong included).
    """
    parts = {name: PartScore() for name in PARTS}
    details: list[Detail] = []
    matched = _match_articles(tables.get("articles"), gold)
    officials, people = _group(_officials_table(tables)), _group(tables.get("people"))
    places, dates, quotes = _group(tables.get("places")), _group(tables.get("dates")), _group(tables.get("quotes"))

    for name, g in gold.items():
        art = matched[name]
        aid = art["article_id"] if art is not None else None

        def note_for(part: str) -> Note:
            def note(kind: str, expected: Optional[str] = None, predicted: Optional[str] = None,
                     item: Optional[str] = None) -> None:
                details.append(Detail(part=part, article=name, kind=kind, expected=expected,
                                      predicted=predicted, item=item))
            return note

        def rows(grouped: dict[str, list[dict]]) -> list[dict]:
            return grouped.get(aid, []) if aid is not None else []

        want_pub = (g.get("meta") or {}).get("published")
        got_pub = art.get("published_at") if art is not None else None
        ok = art is not None and published_matches(want_pub, got_pub)
        parts["published_at"].count("right", ok)
        if not ok:
            note_for("published_at")("wrong_published", expected=_text(want_pub),
                                     predicted=_iso(got_pub) if art is not None else "(article missing)")

        _score_officials(parts["officials"], g.get("officials", []), rows(officials), note_for("officials"))
        _score_people(parts["people"], g, rows(people), note_for("people"))
        _score_places(parts["places"], g.get("places", []), rows(places), note_for("places"))
        _score_dates(parts["dates"], g.get("dates", []), rows(dates), note_for("dates"))
        article_text = normalize(art.get("text")) if art is not None else ""
        for kind in QUOTE_KINDS:
            _score_quotes(parts[f"quotes_{kind}"], [q for q in g.get("quotes", []) if q.get("kind") == kind],
                          [r for r in rows(quotes) if _text(r.get("kind")) == kind], note_for(f"quotes_{kind}"),
                          article_text)

    return EvalResult(parts=parts, details=details, articles=list(gold),
                      missing=[n for n, a in matched.items() if a is None])
