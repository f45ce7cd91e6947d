"""The optional dependency parse behind ``--parser``: a provider turns one article's text into parsed
sentences (docs/stanza.md).

A provider is any callable ``text -> stanza Document`` (or ``-> list[Sentence]`` of
:mod:`pipeline.nlp.stanza_backend`): :class:`StanzaParser` runs a real stanza pipeline, tests pass a
function that returns Documents built from CoNLL-U.  Nothing here imports stanza until a parser is loaded.
"""

from __future__ import annotations

import os
from typing import Any, Protocol, Sequence

from .stanza_backend import Sentence, check_models, load_pipeline, sentences

PARSERS = ("stanza",)


class ParseProvider(Protocol):
    def __call__(self, text: str) -> Any:
        """A stanza ``Document`` of ``text`` (offsets into ``text``), or its :class:`Sentence` values."""
        ...


class StanzaParser:
    """stanza's Indonesian pipeline (tokenize, pos, lemma, depparse) from ``STANZA_RESOURCES_DIR`` or ``dir``;
    raises ``StanzaModelsMissing`` / ``StanzaUnavailable`` (with how to get them) when it cannot load."""

    def __init__(self, dir: str | os.PathLike | None = None):
        self.nlp = load_pipeline(dir)

    def __call__(self, text: str):
        return self.nlp(text)


def _known(name: str) -> str:
    if name not in PARSERS:
        raise ValueError(f"unknown parser {name!r}; choose from {', '.join(PARSERS)}")
    return name


def check_parser(name: str, dir: str | os.PathLike | None = None) -> None:
    """Fail fast, before any article: the parser's package is installed and its models are on disk.
    Raises ValueError (unknown name), ``StanzaUnavailable`` or ``StanzaModelsMissing``."""
    _known(name)
    check_models(dir)


def load_parser(name: str, dir: str | os.PathLike | None = None) -> ParseProvider:
    """The provider called ``name`` (``stanza``), loaded."""
    _known(name)
    return StanzaParser(dir)


def parsed_sentences(provider: ParseProvider, text: str) -> list[Sentence]:
    """``provider(text)`` as plain :class:`Sentence` values (offsets into ``text``)."""
    parsed = provider(text)
    if isinstance(parsed, Sequence) and not isinstance(parsed, str):
        if not all(isinstance(s, Sentence) for s in parsed):
            raise TypeError("a parse provider returns a stanza Document or a list of stanza_backend.Sentence")
        return list(parsed)
    return sentences(parsed)


__all__ = ["PARSERS", "ParseProvider", "StanzaParser", "check_parser", "load_parser", "parsed_sentences"]
