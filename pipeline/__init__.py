"""Indonesian news extraction pipeline.

The Python API (docs/api.md)::

    import pipeline

    ex = pipeline.Extractor()                 # rules validated, models loaded: once
    result = ex.extract(text, title="...", published="2025-06-16")
    result.quotes, result.officials           # typed rows (pipeline/models.py)
    result.tables()["quotes"]                 # the columns and dtypes of the written tables
    for r in ex.extract_many(texts): ...      # a generator; a bad text gives a Result with .error
    pipeline.run(["data/raw"], "data/processed")   # what `pipeline run` does

``import pipeline`` imports none of the stages: the names below load their module on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "Extractor": "api", "ExtractError": "api", "OptionError": "api", "TextMap": "api", "run": "api",
    "Result": "result", "tables": "result",
    "spacy_pipeline_path": "spacy_components",
}
__all__ = sorted(_LAZY)

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ imports on first use
    from .api import ExtractError, Extractor, OptionError, TextMap, run
    from .result import Result, tables
    from .spacy_components import spacy_pipeline_path


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
