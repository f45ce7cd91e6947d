"""The extraction as a spaCy component, for a spaCy pipeline you already have (docs/api.md)::

    nlp = spacy.blank("id")            # or any pipeline
    nlp.add_pipe("pipeline_extract")   # found through the spacy_factories entry point (pyproject.toml)
    doc = nlp(text)
    doc._.officials, doc._.quotes      # the API's rows as plain dicts (str, int, float, bool, None, lists)
    doc.spans["quotes"]                # one span per row, span.id_ = the row's rule id

The component runs an :class:`~pipeline.api.Extractor` (its own tokenizer, sentences and NER
model, the ones ``pipeline run`` uses) on ``doc.text`` and maps the rows' offsets onto the doc:
the extensions' ``start_char``/``end_char`` index ``doc.text`` (not the normalized text the
API's offsets index), and the spans cover the doc's tokens those characters touch
(``doc.char_span(..., alignment_mode="expand")``). Metadata lines in the text (``TITLE:``,
``DATE:``, ...) are read as ``pipeline run`` reads a .txt file.

spaCy imports this module whenever it builds a Language (to register the factory), so it
imports nothing of the pipeline until a component is made.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from .api import Extractor, TextMap
    from .result import Result

FACTORY = "pipeline_extract"
# Doc extensions the component fills: the articles row (without its text) and the rows of each table.
EXTENSIONS = ("article", "officials", "people", "places", "dates", "quotes")
# doc.spans groups it sets: one span per row of the table (rows with no place in the text, the
# publication date, have none), and every entity span of the mentions table.
SPAN_GROUPS = ("officials", "people", "places", "dates", "quotes", "mentions")


USER_DATA = "pipeline_extract"  # doc.user_data[(USER_DATA, extension)] holds each extension's value


def register_extensions() -> None:
    """Register the Doc extensions (``doc._.officials`` ...). Making the component does it; call
    it yourself before reading a DocBin the component filled in a process that has none.

    The values live in ``doc.user_data`` (so ``Doc.to_bytes`` and ``DocBin(store_user_data=True)``
    keep them) and read back as lists and dicts, as they were set, where msgpack would give
    tuples."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=partial(_get, name), setter=partial(_set, name))


def _get(name: str, doc: Doc) -> Any:
    return _as_lists(doc.user_data.get((USER_DATA, name)))


def _set(name: str, doc: Doc, value: Any) -> None:
    doc.user_data[(USER_DATA, name)] = value


def _as_lists(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return [_as_lists(x) for x in v]
    if isinstance(v, dict):
        return {k: _as_lists(x) for k, x in v.items()}
    return v


@lru_cache(maxsize=4)
def shared_extractor(rules: Optional[str] = None, ner: bool = True, parser: Optional[str] = None) -> "Extractor":
    """One Extractor per rules folder, NER and parser setting in this process, built on first
    use: every component (and every copy of one sent to another process) with the same
    settings shares it."""
    from .api import Extractor

    return Extractor(rules, ner, parser=parser)


class PipelineExtract:
    """The ``pipeline_extract`` component. Pickles as its settings: a process that unpickles it
    (``nlp.pipe(n_process=2)`` where processes are spawned) builds its own Extractor."""

    def __init__(self, name: str = FACTORY, rules: Optional[str] = None, ner: bool = True,
                 parser: Optional[str] = None):
        self.name, self.rules, self.ner, self.parser = name, rules, ner, parser
        register_extensions()
        self.extractor = shared_extractor(str(Path(rules).resolve()) if rules else None, ner, parser)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.text.strip():
            fill_doc(doc, None, None)
            return doc
        result, text_map = self.extractor.extract_with_map(doc.text)
        fill_doc(doc, result, text_map)
        return doc

    def __reduce__(self):
        return (PipelineExtract, (self.name, self.rules, self.ner, self.parser))


@Language.factory(FACTORY, default_config={"rules": None, "ner": True, "parser": None},
                  assigns=[f"doc._.{e}" for e in EXTENSIONS])
def make_pipeline_extract(nlp: Language, name: str, rules: Optional[str], ner: bool,
                          parser: Optional[str]) -> PipelineExtract:
    """``rules``: a folder of your own rule files (added to the bundled ones, as ``--rules``);
    ``ner``: the shipped NER model for people and speakers; ``parser``: "stanza" or none."""
    return PipelineExtract(name, rules, ner, parser)


_LABEL = {"places": "PLACE", "dates": "DATE", "quotes": "QUOTE"}
_KB = {"people": "person_key", "officials": "person_key", "places": "region_code", "quotes": "speaker_key"}


def doc_rows(result: "Result", text_map: "TextMap") -> dict[str, list[dict[str, Any]]]:
    """The Result's rows as plain dicts per table, offsets moved onto the given text (a row
    with an empty span, the publication date at 0/0, keeps its offsets)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in ("people", "places", "dates", "quotes", "mentions"):
        rows = []
        for row in getattr(result, table):
            d = asdict(row)
            if d["end_char"] > d["start_char"]:
                d["start_char"], d["end_char"] = text_map.span(d["start_char"], d["end_char"])
            rows.append(d)
        out[table] = rows
    out["officials"] = [d for d in out["people"] if d["is_official"]]
    return out


def fill_doc(doc: Doc, result: Optional["Result"], text_map: Optional["TextMap"]) -> None:
    """Set the extensions and span groups of ``doc`` from ``result`` (nothing found when None)."""
    if result is not None and text_map is not None:
        rows = doc_rows(result, text_map)
    else:
        rows = {t: [] for t in SPAN_GROUPS}
    if result is not None and result.article is not None:
        doc._.article = {k: v for k, v in asdict(result.article).items() if k != "text"}
    else:
        doc._.article = None
    for table in EXTENSIONS[1:]:
        setattr(doc._, table, rows[table])
    for group in SPAN_GROUPS:
        spans = []
        for d in rows[group]:
            if d["end_char"] <= d["start_char"]:
                continue
            if group == "mentions":
                label = d["label"]
            elif group in ("people", "officials"):
                label = "OFFICIAL" if d["is_official"] else "PERSON"
            else:
                label = _LABEL[group]
            kb_id = d[_KB[group]] if group in _KB else None
            span = doc.char_span(d["start_char"], d["end_char"], label=label, kb_id=kb_id or "",
                                 span_id=d["rule_id"], alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[group] = spans


def spacy_pipeline_path() -> Path:
    """A spaCy pipeline folder shipped with the package: ``spacy.load(spacy_pipeline_path())``
    gives a blank Indonesian pipeline with ``pipeline_extract`` (the bundled rules, the NER model)."""
    return Path(__file__).resolve().parent / "spacy_pipeline"


__all__ = ["EXTENSIONS", "FACTORY", "PipelineExtract", "SPAN_GROUPS", "doc_rows", "fill_doc",
           "make_pipeline_extract", "register_extensions", "shared_extractor", "spacy_pipeline_path"]
