"""``--engine dask``: the batches of a run as tasks on a Dask cluster (the ``[dask]`` extra).

The same :func:`pipeline.batch.process_batch` runs on the Dask workers: each worker builds its
Processor once (cached by rules version) and writes the batch's part files into ``--out``, so
``--out`` must be a folder every worker can write (a shared filesystem on a real cluster).
The client reads the inputs, commits the manifest and builds the final tables exactly as the
local engine does. Without ``--scheduler`` a LocalCluster of ``workers`` processes is started.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .batch import BatchDone, Item, Limits, process_batch
from .process import Processor
from .rules.loader import RuleSet

# per Dask worker process: (rules version, ner, parser) -> Processor
_PROCESSORS: dict[tuple[str, bool, Optional[str]], Processor] = {}


def _dask_batch(rules: RuleSet, out: str, n: int, items: list[Item], limits: Limits, ner: bool = True,
                parser: Optional[str] = None) -> BatchDone:
    key = (rules.version, ner, parser)
    proc = _PROCESSORS.get(key)
    if proc is None:
        proc = _PROCESSORS[key] = Processor(rules, ner=ner, parser=parser)
    return process_batch(proc, Path(out), n, items, limits)


class DaskExecutor:
    """Runs batches on a Dask cluster, at most two per worker thread in flight, results in batch order."""

    def __init__(self, rules: RuleSet, out: Path, workers: int, limits: Limits, scheduler: Optional[str] = None,
                 ner: bool = True, parser: Optional[str] = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError("--engine dask needs dask and distributed") from exc
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        threads = sum(self.client.nthreads().values()) or 1
        self.window = 2 * threads
        self.out = str(Path(out).resolve())
        self.rules = self.client.scatter(rules, broadcast=True)
        self.limits = limits
        self.ner = ner
        self.parser = parser

    def map(self, batches: Iterable[tuple[int, list[Item]]]) -> Iterator[BatchDone]:
        pending: deque = deque()
        for n, items in batches:
            pending.append(self.client.submit(_dask_batch, self.rules, self.out, n, items, self.limits, self.ner,
                                              self.parser, pure=False))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
