"""The project's Indonesian NER model (labels PER, ORG, LOC), shipped in ``pipeline/ner/model/``.

    import spacy
    from pipeline.ner import model_path, load_model
    nlp = load_model()            # == spacy.load(model_path())
    [(e.text, e.label_) for e in nlp("Joko Susilo bekerja di Universitas Gadjah Mada.").ents]

Training and evaluation: ``pipeline ner train`` / ``pipeline ner evaluate`` (see docs/ner.md),
code in :mod:`pipeline.ner.convert`, :mod:`pipeline.ner.train`, :mod:`pipeline.ner.evaluate`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LABELS = ("PER", "ORG", "LOC")


def model_path() -> Path:
    """The shipped model directory (``spacy.load(model_path())`` loads it)."""
    return Path(__file__).resolve().parent / "model"


@lru_cache(maxsize=4)
def _load(path: str):
    import spacy

    return spacy.load(path)


def load_model(path: Path | None = None):
    """The spaCy pipeline at ``path`` (default: the shipped model); cached per path.

    Raises FileNotFoundError with the command to make one if the folder has no model."""
    p = Path(path) if path is not None else model_path()
    if not (p / "meta.json").is_file():
        raise FileNotFoundError(f"no NER model at {p}: train one with `pipeline ner train --out {p}`")
    return _load(str(p))


def model_id(nlp=None) -> str:
    """``name-version`` of a loaded model (for rule_id / provenance), e.g. ``ner_id_news-0.1.0``."""
    nlp = nlp if nlp is not None else load_model()
    return f"{nlp.meta.get('name', 'ner')}-{nlp.meta.get('version', '0')}"


__all__ = ["LABELS", "load_model", "model_id", "model_path"]
