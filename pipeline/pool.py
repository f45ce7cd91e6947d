"""The forkserver the local engine's worker processes fork from, started as early as possible.

Building a worker's :class:`~pipeline.process.Processor` (spaCy with the NER model, the
gazetteer index, the lexicon) takes several CPU-seconds, and importing the stages about two
more. :func:`start_early` starts the forkserver at the very beginning of ``pipeline run``
(before the main process has loaded the rules or imported the stages), telling it which rules
and NER setting the run will use; the server imports the stages and builds one Processor while
the main process starts up, and every worker forked from it starts with that Processor ready
(copy-on-write, so its pages are shared). A worker whose rules or NER setting differ from what
was preloaded builds its own, as without the preload.

This module imports nothing heavy: the CLI calls it before anything else.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
from pathlib import Path
from typing import Iterable, Optional

PRELOAD_ENV = "PIPELINE_FORKSERVER_PRELOAD"  # JSON {"rules": [dirs], "ner": bool}, read by the forkserver only
_MODULES = ["pipeline.lean", "pipeline.batch", "pipeline.preload"]  # lean first: no torch


def context() -> mp.context.BaseContext:
    """The multiprocessing context of the process pool (forkserver; spawn on Windows)."""
    if sys.platform == "win32":  # pragma: no cover
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_MODULES)
    return ctx


def start_early(rules_dirs: Iterable[Path] = (), ner: bool = True) -> Optional[mp.context.BaseContext]:
    """Start the forkserver now, preloading a Processor for these rule folders and NER setting.
    Returns the context, or None where there is no forkserver. Harmless if it is already running."""
    if sys.platform == "win32":  # pragma: no cover
        return None
    from multiprocessing import forkserver

    ctx = context()
    os.environ[PRELOAD_ENV] = json.dumps({"rules": [str(Path(d).resolve()) for d in rules_dirs], "ner": bool(ner)})
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(PRELOAD_ENV, None)  # only the server needs it; workers inherit the server's copy
    return ctx


def stop_forkserver() -> None:
    """Stop the forkserver once the pool is done: it holds the preloaded Processor (several
    hundred MB), which the end of a run (finalize) does not need. The next pool starts a new one."""
    if sys.platform == "win32":  # pragma: no cover
        return
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)  # CPython's, since 3.8
    if stop is not None:
        try:
            stop()
        except OSError:  # already gone
            pass

