"""Run the stages over inputs, a batch at a time, and write the tables. ``run`` is the plain
function the CLI wraps; ``collect`` runs into a temporary folder and returns the tables as
DataFrames (for evaluation and small corpora).

Flow (docs/performance.md, docs/tables.md): the main process reads the inputs in order, skips
articles the manifest already holds with the same content, rules and model, and cuts the rest
into batches. An executor (in-process, a process pool, or Dask) runs
:func:`pipeline.batch.process_batch` on each batch, which writes the batch's part files; the
main process commits each finished batch to the manifest. At the end ``finalize`` builds the
user-facing tables from the committed parts. Nothing holds more than a bounded number of
batches in memory, and a run killed at any moment can simply be started again.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import queue
import shutil
import sys
import tempfile
from itertools import chain, islice
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pandas as pd

from . import __version__
from .batch import BatchDone, Item, Limits, content_hash, process_batch
from .ingest import iter_records
from .models import ErrorRow
from .process import MODEL_VERSION, Processor
from .rules.loader import RuleSet, load_rules
from .write.finalize import finalize, link_options
from .write.manifest import MANIFEST, Manifest
from .write.parts import PARTS_DIR, remove_uncommitted
from .write.tables import TABLES, to_frame

DEFAULT_BATCH_SIZE = 100


@dataclass
class RunResult:
    counts: dict[str, int] = field(default_factory=dict)  # rows per table in --out
    n_articles: int = 0  # articles processed in this run
    n_skipped: int = 0  # articles unchanged since an earlier run, not processed again
    errors: list[ErrorRow] = field(default_factory=list)  # errors met in this run
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # only filled by ``collect``


def model_version(ner: bool = True, parser: Optional[str] = None) -> str:
    """The code and model part of an article's version: the package version, the processor's
    MODEL_VERSION, the parser (``--parser``) if any and, when the NER model is used, its files."""
    h = hashlib.sha1(f"{__version__}\0{MODEL_VERSION}\0ner={ner}".encode())
    if parser:
        h.update(f"\0parser={parser}".encode())
    if not ner:
        return h.hexdigest()[:12]
    try:
        from .ner import model_path

        root = model_path()
        for p in sorted(root.rglob("*")) if root.is_dir() else []:
            if p.is_file():
                h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    except ImportError:  # pragma: no cover
        pass
    return h.hexdigest()[:12]


# ---- executors: run process_batch on batches, hand back BatchDone in batch order ----------------

class InProcess:
    def __init__(self, rules: RuleSet, out: Path, limits: Limits, processor: Optional[Processor] = None,
                 ner: bool = True, parser: Optional[str] = None):
        self.proc = processor or Processor(rules, ner=ner, parser=parser)
        self.out, self.limits = out, limits

    def map(self, batches: Iterable[tuple[int, list[Item]]]) -> Iterator[BatchDone]:
        for n, items in batches:
            yield process_batch(self.proc, self.out, n, items, self.limits)

    def close(self) -> None:
        pass


_WORKER: Optional[Processor] = None  # one Processor per pool process, built by _init_worker


def _init_worker(rules: RuleSet, ner: bool = True, parser: Optional[str] = None) -> None:
    global _WORKER
    _WORKER = Processor(rules, ner=ner, parser=parser)


def _work(out: Path, n: int, items: list[Item], limits: Limits) -> BatchDone:
    assert _WORKER is not None
    return process_batch(_WORKER, out, n, items, limits)


class ProcessPool:
    """A pool of processes, each with its own Processor; at most ``2 * workers`` batches in flight."""

    def __init__(self, rules: RuleSet, out: Path, workers: int, limits: Limits, ner: bool = True,
                 parser: Optional[str] = None):
        ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
        if sys.platform != "win32":  # workers fork from a server that has imported the stages once
            ctx.set_forkserver_preload(["pipeline.batch"])
        self.pool = ctx.Pool(workers, initializer=_init_worker, initargs=(rules, ner, parser))
        self.out, self.window, self.limits = out, 2 * workers, limits

    def map(self, batches: Iterable[tuple[int, list[Item]]]) -> Iterator[BatchDone]:
        """Results in the order batches finish (a slow batch never idles the other workers)."""
        done: queue.Queue = queue.Queue()
        in_flight = 0
        for n, items in batches:
            self.pool.apply_async(_work, (self.out, n, items, self.limits), callback=lambda r: done.put((True, r)),
                                  error_callback=lambda e: done.put((False, e)))
            in_flight += 1
            while in_flight >= self.window:
                yield self._next(done)
                in_flight -= 1
        while in_flight:
            yield self._next(done)
            in_flight -= 1

    @staticmethod
    def _next(done: queue.Queue) -> BatchDone:
        ok, value = done.get()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


def _batches(items: Iterator[Item], manifest: Manifest, size: int, skipped: list[int],
             on_skip: Optional[Callable[[str], None]]) -> Iterator[tuple[int, list[Item]]]:
    """Cut the items still to do into numbered batches (numbers grow across runs)."""
    n = manifest.next_batch()
    batch: list[Item] = []
    for item in items:
        if not isinstance(item, ErrorRow) and manifest.is_current(item.source, content_hash(item)):
            skipped[0] += 1
            if on_skip:
                on_skip(item.source)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield n, batch
            n, batch = n + 1, []
    if batch:
        yield n, batch


def run(inputs: Iterable[Path], out: Path, rules: Optional[RuleSet] = None,
        formats: Iterable[str] = ("parquet", "csv", "duckdb"), field_map: Optional[dict[str, str]] = None,
        on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None, workers: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE, engine: str = "local", scheduler: Optional[str] = None,
        processor: Optional[Processor] = None, fresh: bool = False, limits: Limits = Limits(),
        ner: bool = True, parser: Optional[str] = None) -> RunResult:
    """Process every article under ``inputs`` into the tables in ``out`` (docs/tables.md).

    Articles already in ``out``'s manifest with the same content, rules and model are not
    processed again; ``fresh`` starts from nothing. ``ner=False`` runs the rules without the NER
    model. ``parser="stanza"`` asks the dependency parse for the speakers the rules do not find
    (docs/stanza.md); its models are checked before any article is read. A bad input becomes an
    errors row."""
    out = Path(out)
    if parser is not None and processor is None:
        from .nlp.parser import check_parser

        check_parser(parser)  # StanzaModelsMissing / StanzaUnavailable now, not in every worker
    rules = rules or (processor.rules if processor else load_rules())
    records = iter_records([Path(p) for p in inputs], field_map)  # raises ValueError on a bad field map now
    if fresh:
        shutil.rmtree(out / PARTS_DIR, ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            (out / (MANIFEST + suffix)).unlink(missing_ok=True)
    manifest = Manifest(out, rules.version, model_version(ner, parser))
    try:
        remove_uncommitted(out, manifest.committed_batches())
        on_skip = (lambda s: on_article(s, None)) if on_article else None
        skipped = [0]
        batches = _batches(records, manifest, batch_size, skipped, on_skip)
        first = list(islice(batches, 2))
        batches = chain(first, batches)
        if engine == "dask":
            from .dask_engine import DaskExecutor

            executor = DaskExecutor(rules, out, workers, limits, scheduler, ner, parser)
        elif workers > 1 and len(first) > 1:  # one batch or none: not worth starting processes
            executor = ProcessPool(rules, out, workers, limits, ner, parser)
        else:
            executor = InProcess(rules, out, limits, processor, ner, parser)
        result = RunResult()
        try:
            for done in executor.map(batches):
                manifest.commit_batch(done.batch, done.entries)
                result.n_articles += done.n_articles
                result.errors.extend(done.errors)
                if on_article:
                    failed = {e.source: e for e in done.errors}
                    for e in done.entries:
                        on_article(e.source, failed.get(e.source))
        finally:
            executor.close()
        result.n_skipped = skipped[0]
        result.counts = finalize(manifest, out, formats, link_options(rules))
        return result
    finally:
        manifest.close()


def collect(inputs: Iterable[Path], rules: Optional[RuleSet] = None, field_map: Optional[dict[str, str]] = None,
            on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None,
            processor: Optional[Processor] = None, workers: int = 1, **kw) -> RunResult:
    """Process every article under ``inputs`` and return the tables as DataFrames (a bad
    article becomes an errors row). Runs into a temporary folder, so it suits corpora that fit
    in memory as tables; for large ones use :func:`run` and read the Parquet files."""
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="pipeline-collect-") as tmp:
        result = run(inputs, Path(tmp), rules, ("parquet",), field_map, on_article, workers, processor=processor,
                     **kw)
        result.tables = {name: to_frame(name, pq.read_table(Path(tmp) / f"{name}.parquet")) for name in TABLES}
    return result
