"""Stanza as an optional backend for POS, lemma and dependency parse (``pip install '.[stanza]'``).

Nothing here is imported by the default pipeline; stanza (and torch) load only when these functions run.

    from pipeline.nlp.stanza_backend import load_pipeline, parse, speech_subjects, speech_verbs
    from pipeline.rules import load_rules

    nlp = load_pipeline()                          # models from STANZA_RESOURCES_DIR (never downloads)
    sents = parse(nlp, text)                       # plain values: tokens, offsets, upos, lemma, head, deprel
    for s in speech_subjects(sents, text, speech_verbs(load_rules())):
        s.text, s.start_char, s.end_char, s.verb  # "Dimas Prasetyo", 41, 55, "mengatakan"

Models: stanza's Indonesian models (UD GSD) are *not* downloaded by this code.  On a connected machine run
``python -c "import stanza; stanza.download('id')"``, copy the folder it fills (``~/stanza_resources`` by
default) here, and set ``STANZA_RESOURCES_DIR`` to it (or pass ``dir=``).  :func:`load_pipeline` raises
:class:`StanzaModelsMissing` with those instructions when the folder or the Indonesian models are absent.

The adapter functions (:func:`sentences`, :func:`speech_subjects`) need no model: they read any stanza
``Document`` whose words carry character offsets, e.g. one from
``stanza.utils.conll.CoNLL.conll2doc(path, reconstruct_text=True)`` (see :func:`read_conllu`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

LANG = "id"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")  # mwt only where the models have one

GET_MODELS = (
    "On a machine with internet access run\n"
    "    pip install stanza && python -c \"import stanza; stanza.download('id')\"\n"
    "then copy the folder it fills (~/stanza_resources by default) to this machine and set\n"
    "    export STANZA_RESOURCES_DIR=/path/to/stanza_resources\n"
    "(or pass dir= to load_pipeline)."
)

# dependency relations that join the words of one name ("Dimas" <-flat- "Prasetyo"), by UD base relation
NAME_RELS = frozenset({"flat", "compound"})
# ... and, for the whole description, also the nominal modifiers ("Juru" <-nmod- "bicara" <-nmod- "parlemen")
PHRASE_RELS = NAME_RELS | {"nmod", "amod", "nummod"}
SUBJECT_RELS = frozenset({"nsubj"})  # nsubj and nsubj:pass (base relation)


class StanzaUnavailable(ImportError):
    """stanza is not installed (it is an optional extra)."""


class StanzaModelsMissing(FileNotFoundError):
    """The stanza resources folder or its Indonesian models are not on this machine."""


# --- loading ------------------------------------------------------------------------------------------------

def resources_dir(dir: str | os.PathLike | None = None) -> Path:
    """``dir`` if given, else ``$STANZA_RESOURCES_DIR``, else stanza's default (``~/stanza_resources``).

    The environment is read at call time, so setting the variable after ``import stanza`` still counts."""
    if dir is not None:
        return Path(dir).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / "stanza_resources"


def _import_stanza():
    from ..lean import allow_torch

    allow_torch()  # stanza needs torch, which `pipeline run` keeps out of processes that do not (pipeline/lean.py)
    try:
        import stanza
    except ImportError as e:  # pragma: no cover - exercised only where stanza is absent
        raise StanzaUnavailable(
            "stanza is not installed: pip install torch==2.13.0 (CPU build) and then pip install '.[stanza]'"
        ) from e
    return stanza


def available_processors(dir: str | os.PathLike | None = None, lang: str = LANG) -> tuple[str, ...]:
    """The processors of :data:`PROCESSORS` the resources folder has for ``lang`` (``mwt`` is dropped when
    the language's models have none).  Raises :class:`StanzaModelsMissing` if the folder, its
    ``resources.json`` or the language's model folder is missing."""
    d = resources_dir(dir)
    res_file = d / "resources.json"
    lang_dir = d / lang
    if not res_file.is_file() or not lang_dir.is_dir():
        what = res_file if not res_file.is_file() else lang_dir
        raise StanzaModelsMissing(f"stanza models for '{lang}' not found: {what} does not exist.\n{GET_MODELS}")
    try:
        resources = json.loads(res_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StanzaModelsMissing(f"{res_file} is not a readable stanza resources.json ({e}).\n{GET_MODELS}") from e
    entry = resources.get(lang, {})
    if "alias" in entry:
        entry = resources.get(entry["alias"], {})
    defaults = entry.get("default_processors", {})
    if not defaults:
        raise StanzaModelsMissing(f"{res_file} lists no default processors for '{lang}'.\n{GET_MODELS}")
    return tuple(p for p in PROCESSORS if p != "mwt" or p in defaults)


def check_models(dir: str | os.PathLike | None = None) -> tuple[str, ...]:
    """What :func:`load_pipeline` needs, checked without loading a model (fast, for start-up): stanza is
    installed and the Indonesian models are in the resources folder.  Returns the processors."""
    _import_stanza()
    return available_processors(dir)


def load_pipeline(dir: str | os.PathLike | None = None, *, use_gpu: bool = False, **kwargs):
    """A ``stanza.Pipeline`` for Indonesian (tokenize, mwt if the models have it, pos, lemma, depparse).

    Never downloads (``download_method=None``); models come from :func:`resources_dir`.  Raises
    :class:`StanzaUnavailable` without stanza and :class:`StanzaModelsMissing` (saying how to get the
    models) when they are not there.  Extra ``kwargs`` go to ``stanza.Pipeline``."""
    stanza = _import_stanza()
    d = resources_dir(dir)
    processors = available_processors(d)
    try:
        return stanza.Pipeline(LANG, dir=str(d), processors=",".join(processors), download_method=None,
                               use_gpu=use_gpu, **kwargs)
    except FileNotFoundError as e:  # stanza's LanguageNotDownloadedError, a missing model file
        raise StanzaModelsMissing(f"stanza could not load its '{LANG}' models from {d}: {e}\n{GET_MODELS}") from e
    except KeyError as e:  # a resources.json without the entries stanza looks up (an incomplete copy)
        raise StanzaModelsMissing(f"{d / 'resources.json'} is incomplete (no {e} entry for '{LANG}').\n"
                                  f"{GET_MODELS}") from e


# --- plain values -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    """One syntactic word.  ``id`` and ``head`` are 1-based within the sentence (head 0 = root); offsets
    index the text the document was parsed from (plus ``base``).  Words of a multi-word token whose forms
    are not substrings of it (rare) take the whole token's offsets."""

    id: int
    text: str
    lemma: str | None
    upos: str | None
    xpos: str | None
    feats: str | None
    head: int
    deprel: str
    start_char: int
    end_char: int

    @property
    def base_rel(self) -> str:
        """The UD relation without its subtype: ``nsubj:pass`` -> ``nsubj``."""
        return self.deprel.split(":", 1)[0]


@dataclass(frozen=True)
class Sentence:
    index: int
    start_char: int
    end_char: int
    words: tuple[Word, ...]

    def word(self, i: int) -> Word:
        """The word with 1-based id ``i``."""
        return self.words[i - 1]

    def children(self, i: int) -> list[Word]:
        return [w for w in self.words if w.head == i]


@dataclass(frozen=True)
class SpeechSubject:
    """The subject of a speech verb: the head nominal and the ``flat``/``compound`` words of its name,
    as a character span.  ``appositions`` are the spans of its ``appos`` dependents ("Kepala Dinas, dr.
    Ani, mengatakan" -> the span of "dr. Ani").  ``via`` says how it was found: ``nsubj`` (a dependent of
    the verb), ``conj``/``xcomp`` (the subject of the verb it is coordinated with / controlled by), or
    ``relcl`` ("X yang mengatakan": the noun the relative clause modifies).  ``phrase_start/phrase_end``
    widen the span to the nominal modifiers too ("Juru bicara parlemen Malaysia"), without appositions,
    relative clauses or punctuation."""

    sentence: int
    verb: str
    verb_start: int
    verb_end: int
    text: str
    start_char: int
    end_char: int
    head_upos: str | None
    via: str
    phrase_start: int
    phrase_end: int
    appositions: tuple[tuple[int, int], ...] = ()


def sentences(doc, base: int = 0) -> list[Sentence]:
    """The sentences of a stanza ``Document`` as plain :class:`Sentence` values.

    ``base`` is added to every offset (the position of the parsed text in a longer one).  Raises
    ValueError if the document has no character offsets (a CoNLL-U file read without
    ``reconstruct_text=True``)."""
    out: list[Sentence] = []
    for si, sent in enumerate(doc.sentences):
        words: list[Word] = []
        for tok in sent.tokens:
            if tok.start_char is None or tok.end_char is None:
                raise ValueError("the stanza document has no character offsets; read CoNLL-U with "
                                 "CoNLL.conll2doc(path, reconstruct_text=True) or parse text with a Pipeline")
            for w in tok.words:
                s = w.start_char if w.start_char is not None else tok.start_char
                e = w.end_char if w.end_char is not None else tok.end_char
                words.append(Word(id=int(w.id), text=w.text, lemma=w.lemma, upos=w.upos, xpos=w.xpos,
                                  feats=w.feats, head=int(w.head) if w.head is not None else 0,
                                  deprel=w.deprel or "dep", start_char=base + s, end_char=base + e))
        if words:
            out.append(Sentence(si, words[0].start_char, words[-1].end_char, tuple(words)))
    return out


def parse(nlp, text: str, base: int = 0) -> list[Sentence]:
    """Run a stanza pipeline on ``text`` and return :func:`sentences` of the result."""
    return sentences(nlp(text), base=base)


def read_conllu(path: str | os.PathLike):
    """A stanza ``Document`` from a CoNLL-U file, with the text rebuilt from ``# text`` / SpaceAfter and
    character offsets set (``doc.text`` is that text).  Needs stanza, no model."""
    _import_stanza()
    from stanza.utils.conll import CoNLL

    return CoNLL.conll2doc(input_file=str(path), reconstruct_text=True)


# --- speech-verb subjects -----------------------------------------------------------------------------------

def speech_verbs(rules, kinds: Iterable[str] = ("indirect",)) -> tuple[tuple[str, ...], ...]:
    """The speech verbs of ``rules`` (a :class:`pipeline.rules.RuleSet`; ``rules/speech.yaml``) of the
    given kinds, each as a tuple of lower-case words ("memberikan saran" -> ("memberikan", "saran"))."""
    kinds = set(kinds)
    out: list[tuple[str, ...]] = []
    for v in rules.speech_verbs:
        if v.kind in kinds:
            for phrase in v.words:
                key = tuple(phrase.lower().split())
                if key and key not in out:
                    out.append(key)
    return tuple(out)


def _name_span(sent: Sentence, head: Word, rels: frozenset = NAME_RELS) -> tuple[int, int]:
    """Word ids (first, last) of ``head`` and its descendants through ``rels`` (default: flat/compound),
    kept contiguous around it."""
    ids = {head.id}
    frontier = [head.id]
    while frontier:
        i = frontier.pop()
        for c in sent.children(i):
            if c.base_rel in rels and c.id not in ids:
                ids.add(c.id)
                frontier.append(c.id)
    lo = hi = head.id
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    return lo, hi


def _subject_of(sent: Sentence, verb: Word, seen: frozenset = frozenset()) -> tuple[Word, str] | None:
    for c in sent.children(verb.id):
        if c.base_rel in SUBJECT_RELS:
            return c, "nsubj"
    if verb.id in seen or verb.head == 0:
        return None
    head = sent.word(verb.head)
    if verb.base_rel in ("conj", "xcomp"):
        found = _subject_of(sent, head, seen | {verb.id})
        return (found[0], verb.base_rel) if found else None
    return None


def _is_relative(w: Word) -> bool:
    return w.lemma is not None and w.lemma.lower() == "yang" or w.text.lower() == "yang"


def speech_subjects(sents: Sequence[Sentence], text: str, verbs: Iterable[Sequence[str]],
                    base: int = 0) -> list[SpeechSubject]:
    """The subject of every speech verb in ``sents`` (one per verb occurrence that has one).

    ``verbs``: word tuples from :func:`speech_verbs` (a multi-word cue is matched on consecutive words and
    its first word is the verb).  ``text`` is the string the offsets index (``base`` = where it starts in
    the offsets' frame), used for ``SpeechSubject.text``.  Pronoun subjects ("ia mengatakan") are kept
    with ``head_upos == "PRON"`` so the caller can resolve them."""
    verb_keys = [tuple(v) for v in verbs]
    out: list[SpeechSubject] = []
    for sent in sents:
        forms = [w.text.lower() for w in sent.words]
        for k, verb in enumerate(sent.words):
            if not any(tuple(forms[k:k + len(v)]) == v for v in verb_keys):
                continue
            found = _verb_subject(sent, verb, text, base)
            if found is not None:
                out.append(found)
    return out


def subject_at(sents: Sequence[Sentence], text: str, offset: int, base: int = 0) -> SpeechSubject | None:
    """The subject of the word that starts at ``offset`` (a speech verb the caller has already found, e.g.
    a quote's cue), whatever its form; None when no word starts there or it has no subject.  Same
    conventions as :func:`speech_subjects`."""
    for sent in sents:
        if sent.start_char <= offset < sent.end_char:
            for w in sent.words:
                if w.start_char == offset:
                    return _verb_subject(sent, w, text, base)
    return None


def _verb_subject(sent: Sentence, verb: Word, text: str, base: int) -> SpeechSubject | None:
    found = _subject_of(sent, verb)
    if found is None:
        return None
    subj, via = found
    if _is_relative(subj):  # "... pihak yang mengklaim": the clause's verb modifies the speaker
        clause = sent.word(subj.head) if subj.head else verb
        if clause.base_rel != "acl" or not clause.head:
            return None
        subj, via = sent.word(clause.head), "relcl"
    lo, hi = _name_span(sent, subj)
    plo, phi = _name_span(sent, subj, PHRASE_RELS)
    start, end = sent.word(lo).start_char, sent.word(hi).end_char
    appos = []
    for c in sent.children(subj.id):
        if c.base_rel == "appos":
            a, b = _name_span(sent, c)
            appos.append((sent.word(a).start_char, sent.word(b).end_char))
    return SpeechSubject(
        sentence=sent.index, verb=verb.text, verb_start=verb.start_char, verb_end=verb.end_char,
        text=text[start - base:end - base], start_char=start, end_char=end, head_upos=subj.upos,
        via=via, phrase_start=sent.word(plo).start_char, phrase_end=sent.word(phi).end_char,
        appositions=tuple(appos))


__all__ = ["GET_MODELS", "SpeechSubject", "Sentence", "StanzaModelsMissing", "StanzaUnavailable", "Word",
           "available_processors", "check_models", "load_pipeline", "parse", "read_conllu", "resources_dir",
           "sentences", "speech_subjects", "speech_verbs", "subject_at"]
