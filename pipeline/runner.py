"""Run the stages over inputs and collect the tables. ``run`` is the plain function the
CLI wraps; Python users call it directly."""

from __future__ import annotations

import multiprocessing as mp
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import pandas as pd

from .ingest import iter_records
from .models import ErrorRow, RawRecord
from .process import ArticleResult, Processor, StageError
from .resolve.persons import link_persons
from .rules.loader import RuleSet, load_rules
from .write.tables import TABLES, frame, write_tables


@dataclass
class RunResult:
    tables: dict[str, pd.DataFrame]
    n_articles: int = 0
    errors: list[ErrorRow] = field(default_factory=list)


def _process_one(proc: Processor, rec: RawRecord) -> ArticleResult | ErrorRow:
    """One article, never raising: a failure becomes an errors row naming file and stage."""
    try:
        return proc.process(rec)
    except StageError as exc:
        return ErrorRow(source=rec.source, stage=exc.stage, error=type(exc.exc).__name__,
                        message=f"{rec.source}: {exc.stage} failed: {exc.exc}")


_WORKER: Optional[Processor] = None  # one Processor per worker process, built by _init_worker


def _init_worker(rules: RuleSet, ner: bool = True) -> None:
    global _WORKER
    _WORKER = Processor(rules, ner=ner)


def _work(rec: RawRecord) -> ArticleResult | ErrorRow:
    assert _WORKER is not None
    return _process_one(_WORKER, rec)


def _results(inputs: list[Path], rules: RuleSet, field_map: Optional[dict[str, str]], workers: int,
             processor: Optional[Processor], ner: bool = True) -> Iterator[tuple[RawRecord | ErrorRow, ArticleResult | ErrorRow]]:
    """(record, result) in input order; with ``workers`` > 1 the articles are processed in a
    pool of processes, each holding its own Processor (rules, spaCy, gazetteer)."""
    records = iter_records(inputs, field_map)
    if workers <= 1:
        proc = processor or Processor(rules, ner=ner)
        for rec in records:
            yield rec, (rec if isinstance(rec, ErrorRow) else _process_one(proc, rec))
        return
    ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(rules, ner)) as pool:
        pending: list[tuple[RawRecord | ErrorRow, Any]] = []
        for rec in records:
            if isinstance(rec, ErrorRow):
                pending.append((rec, None))
            else:
                pending.append((rec, pool.apply_async(_work, (rec,))))
            if len(pending) >= workers * 16:  # a bounded window keeps memory flat
                r, fut = pending.pop(0)
                yield r, (r if fut is None else fut.get())
        for r, fut in pending:
            yield r, (r if fut is None else fut.get())


def collect(inputs: Iterable[Path], rules: Optional[RuleSet] = None, field_map: Optional[dict[str, str]] = None,
            on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None,
            processor: Optional[Processor] = None, workers: int = 1, ner: bool = True) -> RunResult:
    """Process every article under ``inputs``; a bad one becomes an errors row. ``ner=False``
    runs the rules without the NER model."""
    rules = rules or (processor.rules if processor else load_rules())
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    errors: list[ErrorRow] = []
    n = 0
    for rec, res in _results([Path(p) for p in inputs], rules, field_map, workers, processor, ner):
        if isinstance(res, ErrorRow):
            errors.append(res)
            if on_article:
                on_article(res.source, res)
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
    _link_persons(tables, rules)
    return RunResult(tables=tables, n_articles=n, errors=errors)


def _link_persons(tables: dict[str, pd.DataFrame], rules: RuleSet) -> None:
    """The corpus-level step: one person_id per person across articles (resolve/persons.py)."""
    people = tables["people"]
    person_id, persons = link_persons(people, tables["articles"], tables["quotes"],
                                      shared_offices=rules.word_list("shared_offices"))
    people["person_id"] = person_id
    by_key = {(a, k): p for a, k, p in zip(people["article_id"], people["person_key"], person_id)}
    tables["officials"] = people[people["is_official"].fillna(False)].reset_index(drop=True)
    q = tables["quotes"]
    q["person_id"] = pd.array([by_key.get((a, k)) for a, k in zip(q["article_id"], q["speaker_key"])], dtype="string")
    tables["persons"] = frame("persons", persons.to_dict("records"))


def run(inputs: Iterable[Path], out: Path, rules: Optional[RuleSet] = None,
        formats: Iterable[str] = ("parquet", "csv", "duckdb"), field_map: Optional[dict[str, str]] = None,
        on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None, workers: int = 1,
        ner: bool = True) -> RunResult:
    result = collect(inputs, rules, field_map, on_article, workers=workers, ner=ner)
    write_tables(result.tables, Path(out), formats)
    return result
