"""What the forkserver builds before it forks workers (pipeline/pool.py): one Processor for the
rules and NER setting ``pool.start_early`` named, so each worker starts with it ready.

A forkserver can only import modules, so the Processor is built at import time, and only in a
process that has ``PIPELINE_FORKSERVER_PRELOAD`` set (the forkserver started by
``start_early``); anywhere else importing this module builds nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from .pool import PRELOAD_ENV
from .process import Processor
from .rules.loader import RuleSet, load_rules


def _build() -> Optional[tuple[str, bool, Processor]]:
    spec = os.environ.get(PRELOAD_ENV)
    if not spec:
        return None
    try:
        cfg = json.loads(spec)
        rules = load_rules([Path(d) for d in cfg["rules"]])
        return rules.version, bool(cfg["ner"]), Processor(rules, ner=bool(cfg["ner"]))
    except Exception:  # noqa: BLE001 - the workers then build their own and report any error themselves
        return None


_PRELOADED = _build()  # (rules version, ner, Processor) in the forkserver and the workers it forks
if _PRELOADED is not None:
    import gc

    gc.collect()
    gc.freeze()  # the collector never walks the preloaded objects, so forked workers do not copy their pages


def processor_for(rules: RuleSet, ner: bool) -> Optional[Processor]:
    """The preloaded Processor if it was built for these rules and NER setting, else None."""
    if _PRELOADED is not None and _PRELOADED[0] == rules.version and _PRELOADED[1] == ner:
        return _PRELOADED[2]
    return None
