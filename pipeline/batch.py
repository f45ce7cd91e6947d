"""One batch of input items through the stages, its rows written as part files.

:func:`process_batch` runs where the work happens (the main process, a pool worker or a Dask
worker): every article through :class:`~pipeline.process.Processor` (:func:`process_items`,
which the Python API's ``Extractor.extract_many`` runs too), the rows turned into
Arrow tables and written to ``OUT/_parts`` (pipeline/write/parts.py). It returns only a small
summary (one :class:`~pipeline.write.manifest.Entry` per item, and the error rows), so no table
travels back to the process that commits the manifest.
"""

from __future__ import annotations

import hashlib
import signal
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence, Union

from .models import ErrorRow, RawRecord
from .process import ArticleResult, Processor, StageError, article_id
from .resolve.minhash import signature_rows
from .write.manifest import Entry
from .write.parts import write_parts

Item = Union[RawRecord, ErrorRow]


@dataclass
class BatchDone:
    batch: int
    entries: list[Entry] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    n_articles: int = 0


def content_hash(rec: RawRecord) -> str:
    """What decides whether an article must be processed again: its text, format and fields."""
    h = hashlib.sha1()
    for part in (rec.fmt, rec.text, *(f"{k}={v}" for k, v in sorted(rec.fields.items()))):
        h.update(part.encode("utf-8", errors="surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Limits:
    """What one article may cost before it becomes an errors row instead of rows.

    ``max_chars``: longer texts are not processed (spaCy's own limit is 1,000,000);
    ``seconds``: an article still in the stages after this long is abandoned (enforced where
    the batch runs in a process's main thread: the local engine; 0 = no limit)."""

    max_chars: int = 1_000_000
    seconds: float = 120.0


class ArticleTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(_sig, _frame):
        raise ArticleTimeout(f"still running after {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def too_long(rec: RawRecord, limits: Limits, name: str) -> Optional[ErrorRow]:
    """The errors row of a record longer than ``limits.max_chars`` (None when it is not)."""
    if len(rec.text) <= limits.max_chars:
        return None
    return ErrorRow(source=name, stage="ingest", error="too_long", article_id=_safe_id(rec),
                    message=f"{name} has {len(rec.text):,} characters, more than the {limits.max_chars:,} "
                            f"an article may have; split it into articles or raise --max-chars.")


def error_row(rec: RawRecord, exc: StageError, name: str) -> ErrorRow:
    """The errors row of a record a stage failed on; ``name`` is its source in the row."""
    cause = exc.exc
    hint = " (raise --article-timeout to allow more)" if isinstance(cause, ArticleTimeout) else ""
    return ErrorRow(source=name, stage=exc.stage, error=type(cause).__name__,
                    message=f"{name}: {exc.stage} failed: {cause}{hint}", article_id=_safe_id(rec))


def process_items(proc: Processor, items: Sequence[Item], limits: Limits = Limits(),
                  names: Optional[Sequence[str]] = None) -> list[Union[ArticleResult, ErrorRow]]:
    """Each item's rows, or the error row that stopped it, in order; never raises for bad input.

    The articles go through :meth:`Processor.process_many` (the spaCy pipeline and the NER model
    run over them at once); ``limits.seconds`` holds for each article's ingest, normalize and
    extract, and for the nlp step as ``seconds`` times the number of articles (if that fails,
    each article is run alone with its own limit). An item that is already an error row (it
    could not be read) stays one. ``names`` (default: each item's ``source``) name the items in
    the error rows' ``source`` and message."""
    names = list(names) if names is not None else [item.source for item in items]
    out: list[Union[ArticleResult, ErrorRow, None]] = [None] * len(items)
    todo: list[tuple[int, RawRecord]] = []
    for k, item in enumerate(items):
        if isinstance(item, ErrorRow):
            out[k] = item
        else:
            out[k] = too_long(item, limits, names[k])
            if out[k] is None:
                todo.append((k, item))
    results = proc.process_many([rec for _k, rec in todo], guard=lambda n: _time_limit(limits.seconds * n))
    for (k, rec), res in zip(todo, results):
        out[k] = error_row(rec, res, names[k]) if isinstance(res, StageError) else res
    return out  # type: ignore[return-value]


def process_batch(proc: Processor, out: Path, batch: int, items: list[Item],
                  limits: Limits = Limits()) -> BatchDone:
    """Process ``items`` (:func:`process_items`) and write their rows as the part files of
    ``batch``; never raises for bad input."""
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "mentions", "people", "places", "dates", "quotes",
                                                   "errors")}
    done = BatchDone(batch)
    for item, res in zip(items, process_items(proc, items, limits)):
        if isinstance(res, ErrorRow):
            done.errors.append(res)
            rows["errors"].append(asdict(res))
            if isinstance(item, ErrorRow):  # could not be read: no content to remember, read again next run
                done.entries.append(Entry(res.source, None, None, "error"))
            else:
                done.entries.append(Entry(item.source, res.article_id, content_hash(item), "error"))
            continue
        done.n_articles += 1
        rows["articles"].append(res.article)
        for t in ("mentions", "people", "places", "dates", "quotes"):
            rows[t].extend(getattr(res, t))
        done.entries.append(Entry(item.source, res.article["article_id"], content_hash(item), "article"))
    rows["signatures"] = signature_rows(rows["articles"], rows["quotes"])  # for stories and statements, at the end
    write_parts(out, batch, rows)
    return done


def _safe_id(rec: RawRecord):
    try:
        return article_id(rec)
    except Exception:  # noqa: BLE001 - an id is a courtesy on an error row
        return None
