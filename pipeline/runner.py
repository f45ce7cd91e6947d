"""Run the stages over inputs and collect the tables. ``run`` is the plain function the
CLI wraps; Python users call it directly."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import pandas as pd

from .ingest import iter_records
from .models import ErrorRow
from .process import Processor, StageError
from .resolve.persons import link_persons
from .rules.loader import RuleSet, load_rules
from .write.tables import TABLES, frame, write_tables


@dataclass
class RunResult:
    tables: dict[str, pd.DataFrame]
    n_articles: int = 0
    errors: list[ErrorRow] = field(default_factory=list)


def collect(inputs: Iterable[Path], rules: Optional[RuleSet] = None, field_map: Optional[dict[str, str]] = None,
            on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None,
            processor: Optional[Processor] = None) -> RunResult:
    """Process every article under ``inputs``; a bad one becomes an errors row."""
    proc = processor or Processor(rules or load_rules())
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    errors: list[ErrorRow] = []
    n = 0
    for rec in iter_records([Path(p) for p in inputs], field_map):
        if isinstance(rec, ErrorRow):
            errors.append(rec)
            if on_article:
                on_article(rec.source, rec)
            continue
        try:
            res = proc.process(rec)
        except StageError as exc:
            err = ErrorRow(source=rec.source, stage=exc.stage, error=type(exc.exc).__name__,
                           message=f"{rec.source}: {exc.stage} failed: {exc.exc}")
            errors.append(err)
            if on_article:
                on_article(rec.source, err)
            continue
        n += 1
        rows["articles"].append(res.article)
        rows["mentions"].extend(res.mentions)
        rows["people"].extend(res.people)
        rows["places"].extend(res.places)
        rows["dates"].extend(res.dates)
        rows["quotes"].extend(res.quotes)
        if on_article:
            on_article(rec.source, None)
    rows["errors"] = [asdict(e) for e in errors]
    rows["persons"] = []
    tables = {name: frame(name, rows[name]) for name in TABLES}
    _link_persons(tables)
    return RunResult(tables=tables, n_articles=n, errors=errors)


def _link_persons(tables: dict[str, pd.DataFrame]) -> None:
    """The corpus-level step: one person_id per person across articles (resolve/persons.py)."""
    people = tables["people"]
    person_id, persons = link_persons(people, tables["articles"], tables["quotes"])
    people["person_id"] = person_id
    by_key = {(a, k): p for a, k, p in zip(people["article_id"], people["person_key"], person_id)}
    tables["officials"] = people[people["is_official"].fillna(False)].reset_index(drop=True)
    q = tables["quotes"]
    q["person_id"] = pd.array([by_key.get((a, k)) for a, k in zip(q["article_id"], q["speaker_key"])], dtype="string")
    tables["persons"] = frame("persons", persons.to_dict("records"))


def run(inputs: Iterable[Path], out: Path, rules: Optional[RuleSet] = None,
        formats: Iterable[str] = ("parquet", "csv", "duckdb"), field_map: Optional[dict[str, str]] = None,
        on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None) -> RunResult:
    result = collect(inputs, rules, field_map, on_article)
    write_tables(result.tables, Path(out), formats)
    return result
