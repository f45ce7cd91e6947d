"""Stage 3: spaCy's Indonesian language with the project's tokenizer exceptions and
sentence boundaries that respect paragraphs, quotes and abbreviations.

Degrees ("S.H.", "M.Si."), honorifics ("H.", "Hj.") and place abbreviations ("Kec.", "Kab.")
come from ``rules/*.yaml`` and become tokenizer special cases, so a dot inside them never
ends a sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy
import spacy
from spacy.language import Language
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.symbols import ORTH
from spacy.tokens import Doc

from ..rules.loader import RuleSet
from .tokenizer import TOKENIZER_CONFIG

# Abbreviations that are not rule data but spelling facts of Indonesian news.
_FIXED_ABBREVIATIONS = ["Jl.", "Jln.", "No.", "Pol.", "Kol.", "Prof.", "Dr.", "Drs.", "Ir.", "dr.", "drg.", "St.",
                        "Tbk.", "Kp.", "Gg.", "Dsn.", "dkk.", "dll.", "dsb.", "a.n.", "u.p.", "Bpk.", "Sdr.", "Sdri."]
_SENT_END = {".", "!", "?", "...", "!!", "?!", "!?"}


def abbreviations(rules: RuleSet) -> set[str]:
    words = set(_FIXED_ABBREVIATIONS)
    for d in rules.degrees:
        words.update(v for v in [d.canonical, *d.variants] if "." in v)
    for wl in ("honorifics", "office_prefixes", "unit_prefixes"):
        words.update(w for w in rules.word_list(wl) if w.endswith("."))
    for cue in rules.place_cues:
        words.update(w for w in cue.words if w.endswith("."))
    # every dotted word of a rank or office ("Jend." of "Jend. Pol.", "Gub."): one token, so the
    # dot never ends a sentence between the rank and the name
    for r in rules.ranks:
        words.update(w for v in [r.abbr, *r.variants] for w in v.split() if w.endswith(".") and len(w) > 2)
    for p in rules.positions:
        words.update(w for v in [p.acronym, *p.variants] for w in v.split() if w.endswith(".") and len(w) > 2)
    return words


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """Sentence starts: after a paragraph break, and after . ! ? (outside a quote) when the
    next token opens a sentence (capital, digit or quote).

    The starts are computed over the token texts once and written in one ``Doc.from_array``
    (setting ``Token.is_sent_start`` per token re-checks the whole doc's annotation each time)."""
    if len(doc) == 0:
        return doc
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, IS_SPACE]).tolist()
    flags = sentence_starts([strings[o] for o, _s in arr], [bool(s) for _o, s in arr])
    values = numpy.array([1 if f else -1 for f in flags], dtype="int64").astype("uint64")  # -1 as spaCy stores it
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc


def sentence_starts(texts: list[str], is_space: list[bool]) -> list[bool]:
    """For each token, whether it starts a sentence (the rule of :func:`news_sentences`)."""
    n = len(texts)
    out = [False] * n
    in_quote = False
    start_next = True
    for i in range(n):
        t = texts[i]
        if is_space[i] and "\n" in t:
            in_quote = False
            start_next = True
            out[i] = i == 0
            continue
        out[i] = start_next if i > 0 else True
        start_next = False
        if t == '"':
            in_quote = not in_quote
            # A closing quote after a sentence end lets the next sentence start.
            if not in_quote and i > 0 and texts[i - 1] in _SENT_END:
                start_next = _opens_sentence(texts, i + 1)
        elif t in _SENT_END and not in_quote:
            start_next = _opens_sentence(texts, i + 1)
    return out


def _opens_sentence(texts: list[str], i: int) -> bool:
    if i >= len(texts):
        return False
    t = texts[i]
    return t[:1].isupper() or t[:1].isdigit() or t == '"' or "\n" in t


def _load_model(path: Path) -> Language:
    """``spacy.load(path)`` with the :class:`~pipeline.nlp.tokenizer.DeferredSpecialsTokenizer`
    instead of spaCy's, whose ~16,000 special cases would be built first from the language's
    defaults and then again from the model's ``tokenizer`` file. That file is nearly always the
    default tokenizer saved; only when it differs is it loaded."""
    nlp = spacy.load(path, exclude=["tokenizer"], config=TOKENIZER_CONFIG)
    saved = path / "tokenizer"
    if saved.is_file() and saved.read_bytes() != nlp.tokenizer.to_bytes(exclude=["vocab"]):
        nlp.tokenizer.from_disk(saved, exclude=["vocab"])
    return nlp


def blank() -> Language:
    """``spacy.blank("id")`` with the :class:`~pipeline.nlp.tokenizer.DeferredSpecialsTokenizer`
    (the same tokens, without building its 15,600 hyphenated special cases up front)."""
    return spacy.blank("id", config=TOKENIZER_CONFIG)


def build_nlp(rules: RuleSet, ner_model: Optional[Path] = None) -> Language:
    """``spacy.blank("id")`` (its tokens, built fast: :func:`blank`) + special cases from the
    rules + the sentence component.

    With ``ner_model`` (a spaCy pipeline folder such as ``pipeline.ner.model_path()``) the
    pipeline is that model, loaded fresh for this caller, with the same special cases and the
    sentence component first: one tokenization gives tokens, sentences and ``doc.ents``."""
    nlp = _load_model(Path(ner_model)) if ner_model is not None else blank()
    for abbr in sorted(abbreviations(rules)):
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    nlp.add_pipe("news_sentences", first=True)
    nlp.max_length = 50_000_000
    return nlp
