"""Stage 3: spaCy's Indonesian language with the project's tokenizer exceptions and
sentence boundaries that respect paragraphs, quotes and abbreviations.

Degrees ("S.H.", "M.Si."), honorifics ("H.", "Hj.") and place abbreviations ("Kec.", "Kab.")
come from ``rules/*.yaml`` and become tokenizer special cases, so a dot inside them never
ends a sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from ..rules.loader import RuleSet

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
    for r in rules.ranks:
        words.update(v for v in [r.abbr, *r.variants] if v.endswith(".") and " " not in v)
    return words


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """Sentence starts: after a paragraph break, and after . ! ? (outside a quote) when the
    next token opens a sentence (capital, digit or quote)."""
    in_quote = False
    start_next = True
    for i, tok in enumerate(doc):
        if tok.is_space and "\n" in tok.text:
            in_quote = False
            start_next = True
            tok.is_sent_start = i == 0
            continue
        if i > 0:
            tok.is_sent_start = start_next
        elif i == 0:
            tok.is_sent_start = True
        start_next = False
        if tok.text == '"':
            in_quote = not in_quote
            # A closing quote after a sentence end lets the next sentence start.
            if not in_quote and i > 0 and doc[i - 1].text in _SENT_END:
                start_next = _opens_sentence(doc, i + 1)
        elif tok.text in _SENT_END and not in_quote:
            start_next = _opens_sentence(doc, i + 1)
        elif tok.text in _SENT_END and in_quote:
            start_next = False
    return doc


def _opens_sentence(doc: Doc, i: int) -> bool:
    if i >= len(doc):
        return False
    t = doc[i].text
    return t[:1].isupper() or t[:1].isdigit() or t == '"' or "\n" in t


def _load_model(path: Path) -> Language:
    """``spacy.load(path)``, building the tokenizer once instead of twice: spaCy makes the
    language's default tokenizer (about 32,000 Indonesian special cases, over a second) and then
    rebuilds it from the model's ``tokenizer`` file. That file is nearly always the default
    tokenizer saved; only when it differs is it loaded."""
    nlp = spacy.load(path, exclude=["tokenizer"])
    saved = path / "tokenizer"
    if saved.is_file() and saved.read_bytes() != nlp.tokenizer.to_bytes(exclude=["vocab"]):
        nlp.tokenizer.from_disk(saved, exclude=["vocab"])
    return nlp


def build_nlp(rules: RuleSet, ner_model: Optional[Path] = None) -> Language:
    """``spacy.blank("id")`` + special cases from the rules + the sentence component.

    With ``ner_model`` (a spaCy pipeline folder such as ``pipeline.ner.model_path()``) the
    pipeline is that model, loaded fresh for this caller, with the same special cases and the
    sentence component first: one tokenization gives tokens, sentences and ``doc.ents``."""
    nlp = _load_model(Path(ner_model)) if ner_model is not None else spacy.blank("id")
    for abbr in sorted(abbreviations(rules)):
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    nlp.add_pipe("news_sentences", first=True)
    nlp.max_length = 50_000_000
    return nlp
