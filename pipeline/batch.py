"""One batch of input items through the stages, its rows written as part files.

:func:`process_batch` runs where the work happens (the main process, a pool worker or a Dask
worker): every article through :class:`~pipeline.process.Processor`, the rows turned into
Arrow tables and written to ``OUT/_parts`` (pipeline/write/parts.py). It returns only a small
summary (one :class:`~pipeline.write.manifest.Entry` per item, and the error rows), so no table
travels back to the process that commits the manifest.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Union

from .models import ErrorRow, RawRecord
from .process import Processor, StageError, article_id
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


def process_batch(proc: Processor, out: Path, batch: int, items: list[Item]) -> BatchDone:
    """Process ``items`` and write their rows as the part files of ``batch``; never raises for bad input."""
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "mentions", "people", "places", "dates", "quotes",
                                                   "errors")}
    done = BatchDone(batch)
    for item in items:
        if isinstance(item, ErrorRow):  # could not be read: no content to remember, read again next run
            done.errors.append(item)
            rows["errors"].append(asdict(item))
            done.entries.append(Entry(item.source, None, None, "error"))
            continue
        digest = content_hash(item)
        try:
            res = proc.process(item)
        except StageError as exc:
            err = ErrorRow(source=item.source, stage=exc.stage, error=type(exc.exc).__name__,
                           message=f"{item.source}: {exc.stage} failed: {exc.exc}", article_id=_safe_id(item))
            done.errors.append(err)
            rows["errors"].append(asdict(err))
            done.entries.append(Entry(item.source, err.article_id, digest, "error"))
            continue
        done.n_articles += 1
        rows["articles"].append(res.article)
        for t in ("mentions", "people", "places", "dates", "quotes"):
            rows[t].extend(getattr(res, t))
        done.entries.append(Entry(item.source, res.article["article_id"], digest, "article"))
    write_parts(out, batch, rows)
    return done


def _safe_id(rec: RawRecord):
    try:
        return article_id(rec)
    except Exception:  # noqa: BLE001 - an id is a courtesy on an error row
        return None
