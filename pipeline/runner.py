"""Run the stages over inputs, a batch at a time, and write the tables. ``run`` is the plain
function the CLI wraps; ``collect`` runs into a temporary folder and returns the tables as
DataFrames (for evaluation and small corpora).

Flow (docs/performance.md, docs/tables.md): the main process reads the inputs in order, skips
articles the manifest already holds with the same content, rules and model, and cuts the rest
into batches (smaller ones at the end of the input when several workers share it). An executor (in-process, a process pool, or Dask) runs
:func:`pipeline.batch.process_batch` on each batch, which writes the batch's part files; the
main process commits each finished batch to the manifest. At the end ``finalize`` builds the
user-facing tables from the committed parts. Nothing holds more than a bounded number of
batches in memory, and a run killed at any moment can simply be started again.
"""

from __future__ import annotations

import hashlib
import math
import os
import queue
import shutil
import tempfile
import time
from collections import deque
from itertools import chain, islice
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pandas as pd

from . import __version__
from .batch import BatchDone, Item, Limits, content_hash, process_batch
from .ingest import iter_records
from .models import ErrorRow
from .pool import context as pool_context, stop_forkserver
from .process import MODEL_VERSION, Processor
from .rules.loader import RuleSet, load_rules
from .resolve.copies import CopyOptions
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
    profile: "RunProfile" = field(default_factory=lambda: RunProfile())  # where the wall time went
    copy_stats: dict[str, int] = field(default_factory=dict)  # near-copy step: articles/quotes added, pairs found


@dataclass
class BatchTiming:
    """When and where one batch ran (wall clock as ``time.time()``, comparable across processes)."""

    batch: int
    pid: int
    start: float
    end: float
    cpu_s: float  # CPU seconds of the process that ran it, during the batch
    n_items: int


@dataclass
class RunProfile:
    """Phase timestamps of a run (seconds since the run started) and per-batch timings, for
    ``pipeline run --profile``. The serial parts of a run are start-up (until the first batch
    starts in a worker), the tail (after the first worker runs out of batches) and finalize."""

    started: float = 0.0  # time.time() when run() was called
    phases: dict[str, float] = field(default_factory=dict)  # name -> seconds since ``started``
    finalize: dict[str, float] = field(default_factory=dict)  # finalize step -> wall seconds
    batches: list[BatchTiming] = field(default_factory=list)
    worker_init_s: dict[int, float] = field(default_factory=dict)  # pid -> seconds to build its Processor
    main_cpu_s: float = 0.0  # CPU seconds of the main process over the whole run
    process_started: Optional[float] = None  # time.time() when this process started (Linux), if known

    def mark(self, name: str) -> None:
        self.phases[name] = round(time.time() - self.started, 3)

    def summary(self) -> dict:
        """Durations of the phases, and how busy the workers were while batches ran."""
        p = self.phases
        out: dict = {"phases_s": dict(p), "finalize_s": dict(self.finalize), "main_cpu_s": round(self.main_cpu_s, 2),
                     "worker_init_s": {str(k): round(v, 2) for k, v in self.worker_init_s.items()}}
        if self.process_started is not None:  # interpreter start, imports, rules: before run() was called
            out["before_run_s"] = round(self.started - self.process_started, 2)
        if self.batches:
            first = min(b.start for b in self.batches) - self.started
            last_by_pid: dict[int, float] = {}
            busy: dict[int, float] = {}
            cpu: dict[int, float] = {}
            for b in self.batches:
                last_by_pid[b.pid] = max(last_by_pid.get(b.pid, 0.0), b.end)
                busy[b.pid] = busy.get(b.pid, 0.0) + (b.end - b.start)
                cpu[b.pid] = cpu.get(b.pid, 0.0) + b.cpu_s
            end = max(last_by_pid.values()) - self.started
            tail = end - (min(last_by_pid.values()) - self.started) if len(last_by_pid) > 1 else 0.0
            out.update(first_batch_start_s=round(first, 2), last_batch_end_s=round(end, 2), tail_s=round(tail, 2),
                       n_batches=len(self.batches),
                       workers={str(pid): {"batches": sum(1 for b in self.batches if b.pid == pid),
                                           "busy_s": round(busy[pid], 2), "cpu_s": round(cpu[pid], 2),
                                           "busy_share": round(busy[pid] / max(end - first, 1e-9), 3)}
                                for pid in sorted(busy)})
        return out


def _process_start_time() -> Optional[float]:
    """When this process started, as time.time() (from /proc; None elsewhere)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
        return time.time() - age
    except (OSError, ValueError, IndexError, AttributeError):
        return None


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
        self.proc: Optional[Processor] = processor  # built at the first batch: a run with nothing to do needs none
        self.rules, self.ner, self.parser = rules, ner, parser
        self.init_s: dict[int, float] = {}
        self.out, self.limits = out, limits

    def map(self, batches: Iterable[tuple[int, list[Item]]]) -> Iterator[tuple[BatchDone, BatchTiming]]:
        for n, items in batches:
            if self.proc is None:
                t0 = time.perf_counter()
                self.proc = Processor(self.rules, ner=self.ner, parser=self.parser)
                self.init_s[os.getpid()] = time.perf_counter() - t0
            yield _timed(self.proc, self.out, n, items, self.limits)

    def close(self) -> None:
        self.proc = None  # its memory (model, gazetteer) is free before finalize, unless the caller holds it


def _timed(proc: Processor, out: Path, n: int, items: list[Item], limits: Limits) -> tuple[BatchDone, BatchTiming]:
    t0, c0 = time.time(), time.process_time()
    done = process_batch(proc, out, n, items, limits)
    return done, BatchTiming(n, os.getpid(), t0, time.time(), time.process_time() - c0, len(items))


_WORKER: Optional[Processor] = None  # one Processor per pool process, built by _init_worker
_WORKER_INIT_S: Optional[float] = None  # how long building it took (reported once, with the first batch)


def _init_worker(rules: RuleSet, ner: bool = True, parser: Optional[str] = None) -> None:
    global _WORKER, _WORKER_INIT_S
    from .preload import processor_for

    t0 = time.perf_counter()
    preloaded = processor_for(rules, ner) if parser is None else None  # the forkserver's has no parser
    _WORKER = preloaded or Processor(rules, ner=ner, parser=parser)
    _WORKER_INIT_S = time.perf_counter() - t0


def _work(out: Path, n: int, items: list[Item], limits: Limits) -> tuple[BatchDone, BatchTiming, Optional[float]]:
    global _WORKER_INIT_S
    assert _WORKER is not None
    init_s, _WORKER_INIT_S = _WORKER_INIT_S, None
    return (*_timed(_WORKER, out, n, items, limits), init_s)


class ProcessPool:
    """A pool of processes, each with its own Processor; at most ``2 * workers`` batches in flight."""

    def __init__(self, rules: RuleSet, out: Path, workers: int, limits: Limits, ner: bool = True,
                 parser: Optional[str] = None):
        ctx = pool_context()  # workers fork from a server that has imported the stages (pipeline/pool.py)
        self.pool = ctx.Pool(workers, initializer=_init_worker, initargs=(rules, ner, parser))
        self.out, self.window, self.limits = out, 2 * workers, limits
        self.init_s: dict[int, float] = {}  # pid -> seconds the worker took to build its Processor

    def map(self, batches: Iterable[tuple[int, list[Item]]]) -> Iterator[tuple[BatchDone, BatchTiming]]:
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

    def _next(self, done: queue.Queue) -> tuple[BatchDone, BatchTiming]:
        ok, value = done.get()
        if not ok:
            raise value
        batch, timing, init_s = value
        if init_s is not None:
            self.init_s[timing.pid] = init_s
        return batch, timing

    def close(self) -> None:
        self.pool.close()
        self.pool.join()
        stop_forkserver()  # its preloaded Processor would stay in memory through finalize


def _batches(items: Iterator[Item], manifest: Manifest, size: int, skipped: list[int],
             on_skip: Optional[Callable[[str], None]], workers: int = 1) -> Iterator[tuple[int, list[Item]]]:
    """Cut the items still to do into numbered batches (numbers grow across runs).

    With several workers, ``size * workers`` items are held back so the end of the input is
    seen coming: the last items are cut into shrinking batches (each about a ``2 * workers``-th
    of what is left, at least a tenth of ``size``), so at the end no worker waits long for another
    to finish a full batch. Rows keep the order of the input either way."""
    n = manifest.next_batch()
    hold = size * workers if workers > 1 else 0
    pending: deque[Item] = deque()
    emitted = False
    for item in items:
        if not isinstance(item, ErrorRow) and manifest.is_current(item.source, content_hash(item)):
            skipped[0] += 1
            if on_skip:
                on_skip(item.source)
            continue
        pending.append(item)
        if len(pending) >= size + hold:
            yield n, [pending.popleft() for _ in range(size)]
            n, emitted = n + 1, True
    if workers <= 1 or (not emitted and len(pending) <= size):  # one worker, or a small input: one batch (or none)
        if pending:
            yield n, list(pending)
        return
    smallest = max(1, size // 10)
    while pending:
        take = min(len(pending), size, max(smallest, math.ceil(len(pending) / (2 * max(workers, 1)))))
        yield n, [pending.popleft() for _ in range(take)]
        n += 1


def run(inputs: Iterable[Path], out: Path, rules: Optional[RuleSet] = None,
        formats: Iterable[str] = ("parquet", "csv", "duckdb"), field_map: Optional[dict[str, str]] = None,
        on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None, workers: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE, engine: str = "local", scheduler: Optional[str] = None,
        processor: Optional[Processor] = None, fresh: bool = False, limits: Limits = Limits(),
        ner: bool = True, parser: Optional[str] = None, copies: CopyOptions = CopyOptions()) -> RunResult:
    """Process every article under ``inputs`` into the tables in ``out`` (docs/tables.md).

    Articles already in ``out``'s manifest with the same content, rules and model are not
    processed again; ``fresh`` starts from nothing. ``ner=False`` runs the rules without the NER
    model. ``parser="stanza"`` asks the dependency parse for the speakers the rules do not find
    (docs/stanza.md); its models are checked before any article is read. ``copies`` holds the
    thresholds of near-copy articles (stories) and quotes (statements). A bad input becomes an
    errors row."""
    profile = RunProfile(started=time.time(), process_started=_process_start_time())
    cpu0 = time.process_time()
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
        batches = _batches(records, manifest, batch_size, skipped, on_skip, workers)
        first = list(islice(batches, 2))
        batches = chain(first, batches)
        profile.mark("first_batches_read")
        if engine == "dask":
            from .dask_engine import DaskExecutor

            executor = DaskExecutor(rules, out, workers, limits, scheduler, ner, parser)
        elif workers > 1 and len(first) > 1:  # one batch or none: not worth starting processes
            executor = ProcessPool(rules, out, workers, limits, ner, parser)
        else:
            executor = InProcess(rules, out, limits, processor, ner, parser)
        profile.mark("executor_started")
        result = RunResult(profile=profile)
        try:
            for item in executor.map(batches):
                done, timing = item if isinstance(item, tuple) else (item, None)  # dask hands back BatchDone only
                if timing is not None:
                    profile.batches.append(timing)
                manifest.commit_batch(done.batch, done.entries)
                result.n_articles += done.n_articles
                result.errors.extend(done.errors)
                if on_article:
                    failed = {e.source: e for e in done.errors}
                    for e in done.entries:
                        on_article(e.source, failed.get(e.source))
        finally:
            profile.mark("processing_done")
            executor.close()
            profile.worker_init_s.update(getattr(executor, "init_s", {}))
        profile.mark("workers_closed")
        result.n_skipped = skipped[0]
        result.counts = finalize(manifest, out, formats, link_options(rules), timings=profile.finalize,
                                 copy_options=copies, copy_stats=result.copy_stats)
        profile.mark("finalize_done")
        profile.main_cpu_s = time.process_time() - cpu0
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
