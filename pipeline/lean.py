"""Keep torch out of ``pipeline run`` processes.

thinc (under spaCy) imports torch whenever it is installed (it is, for the ``[stanza]`` extra
and pretraining), although the shipped NER model runs on thinc's numpy ops and never calls
it. That import costs about 1 CPU-second and 180 MB of memory in every process: the main one,
the forkserver, each worker. :func:`keep_torch_out` makes ``import torch`` fail with
ModuleNotFoundError, which thinc treats as "not installed". It does nothing if torch is already
imported, or if ``PIPELINE_TORCH=1`` is set (for a spaCy model that needs torch).

Importing this module applies it: the forkserver can only import modules (pipeline/pool.py).
"""

from __future__ import annotations

import os
import sys

TORCH_ENV = "PIPELINE_TORCH"


def keep_torch_out() -> bool:
    """Block ``import torch`` for this process; True if it is now blocked."""
    if os.environ.get(TORCH_ENV) == "1" or sys.modules.get("torch", None) is not None:
        return False
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ModuleNotFoundError
    return True


def allow_torch() -> None:
    """Undo :func:`keep_torch_out` in this process (a worker that needs torch, e.g. for the
    stanza parse, forked from a server that blocked it)."""
    if "torch" in sys.modules and sys.modules["torch"] is None:
        del sys.modules["torch"]


keep_torch_out()
