"""One batch of input items through the stages, its rows written as part files.

:func:`process_batch` runs where the work happens (the main process, a pool worker or a Dask
worker): every article through :class:`~pipeline.process.Processor`, the rows turned into
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
from typing import Iterator, Optional, Union

from .models import ErrorRow, RawRecord
from .process import Processor, StageError, article_id
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


def _too_long(rec: RawRecord, limits: Limits) -> Optional[ErrorRow]:
    if len(rec.text) <= limits.max_chars:
        return None
    return ErrorRow(source=rec.source, stage="ingest", error="too_long", article_id=_safe_id(rec),
                    message=f"{rec.source} has {len(rec.text):,} characters, more than the {limits.max_chars:,} "
                            f"an article may have; split it into articles or raise --max-chars.")


def process_batch(proc: Processor, out: Path, batch: int, items: list[Item],
                  limits: Limits = Limits()) -> BatchDone:
    """Process ``items`` and write their rows as the part files of ``batch``; never raises for bad input.

    The articles go through :meth:`Processor.process_many` (the spaCy pipeline and the NER model
    run over the batch at once); ``limits.seconds`` holds for each article's ingest, normalize and
    extract, and for the batch's nlp step as ``seconds`` times the number of articles (if that
    fails, each article is run alone with its own limit)."""
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "mentions", "people", "places", "dates", "quotes",
                                                   "errors")}
    done = BatchDone(batch)
    slots: list[tuple[Item, Optional[str], Optional[ErrorRow]]] = []  # item, content hash, error known before
    todo: list[RawRecord] = []
    for item in items:
        if isinstance(item, ErrorRow):  # could not be read: no content to remember, read again next run
            slots.append((item, None, item))
            continue
        too_long = _too_long(item, limits)
        slots.append((item, content_hash(item), too_long))
        if too_long is None:
            todo.append(item)
    results = iter(proc.process_many(todo, guard=lambda n: _time_limit(limits.seconds * n)))
    for item, digest, err in slots:
        if err is not None:
            done.errors.append(err)
            rows["errors"].append(asdict(err))
            done.entries.append(Entry(err.source, err.article_id if digest else None, digest, "error"))
            continue
        res = next(results)
        if isinstance(res, StageError):
            stage, cause = res.stage, res.exc
            hint = " (raise --article-timeout to allow more)" if isinstance(cause, ArticleTimeout) else ""
            err = ErrorRow(source=item.source, stage=stage, error=type(cause).__name__,
                           message=f"{item.source}: {stage} failed: {cause}{hint}", article_id=_safe_id(item))
            done.errors.append(err)
            rows["errors"].append(asdict(err))
            done.entries.append(Entry(item.source, err.article_id, digest, "error"))
            continue
        done.n_articles += 1
        rows["articles"].append(res.article)
        for t in ("mentions", "people", "places", "dates", "quotes"):
            rows[t].extend(getattr(res, t))
        done.entries.append(Entry(item.source, res.article["article_id"], digest, "article"))
    rows["signatures"] = signature_rows(rows["articles"], rows["quotes"])  # for stories and statements, at the end
    write_parts(out, batch, rows)
    return done


def _safe_id(rec: RawRecord):
    try:
        return article_id(rec)
    except Exception:  # noqa: BLE001 - an id is a courtesy on an error row
        return None
