"""Read the BIO corpora in ``../shared/ner`` and write spaCy ``DocBin`` files with labels PER, ORG, LOC.

Formats (one token a line, a blank line between sentences; all files UTF-8):

==========================  ======================================  ==========================================
corpus (key)                folder / files                          line format
==========================  ======================================  ==========================================
idner-news-2k (``idner``)   ``idner-news-2k/{train,dev,test}.txt``  ``token POS tag``, one space apart, CRLF
NERGrit (``nergrit``)       ``indonlu-nergrit_ner-grit/``           ``token<TAB>tag``
                            ``{train,valid,test}_preprocess.txt``
NERP (``nerp``)             ``indonlu-nerp_ner-prosa/``             ``token<TAB>tag``, all text lower-case
                            ``{train,valid,test}_preprocess.txt``
NER-UI (``nerui``)          ``indolem-nerui/{train,dev,test}.01``   ``token<TAB>tag`` (fold 1 of 5)
                            ``.tsv``  -- evaluation only
==========================  ======================================  ==========================================

The ``*_masked_label.txt`` files (labels hidden) are never read.  A line with the wrong number of
columns, or a tag that is neither ``O`` nor ``B-X``/``I-X``, raises :class:`FormatError` naming file
and line.  CRLF and a UTF-8 BOM are accepted.

Label mapping (source label -> model label; anything not listed is dropped, i.e. becomes ``O``):

==========  ===============  ========  =====================================================
corpus      source label     model     note
==========  ===============  ========  =====================================================
idner       PER / ORG / LOC  same
nergrit     PERSON           PER
nergrit     ORGANISATION     ORG
nergrit     PLACE            LOC
nerp        PPL              PER
nerp        PLC              LOC       NERP has no organisation label (see below)
nerp        IND, EVT, FNB    dropped   products/brands (also companies, media, clubs), events, food and drink
nerui       PERSON           PER       evaluation only
nerui       ORGANIZATION     ORG       evaluation only
nerui       LOCATION         LOC       evaluation only
==========  ===============  ========  =====================================================

BIO decoding happens in the source label set *before* mapping, so an ``I-EVT`` after ``B-PPL`` ends the
person; an ``I-X`` with no ``B-X`` before it (or after a different type) opens a new entity (counted as
``bio_repairs``).

NERP IND ("industry": companies, media, clubs, but also products such as "android") is ORG in the other
corpora's conventions for companies ("samsung", "telkom" in NER-UI) and O for products.  It stays ``O``:
marking its spans *missing* instead (``CorpusSpec.unknown``) was tried (run G in docs/ner.md) and made
the model tag companies as PER/LOC in NERP text (NERP test F1 0.803 -> 0.782) without helping ORG.

NERP and ORG: NERP annotates no organisations, so an organisation in NERP text is tagged ``O`` (or,
inconsistently, ``PLC``: "universitas harvard").  Training on that as gold ``O`` would teach the model
that organisations are not entities.  So for the NERP *training* split, a token sequence that the
idner/NERGrit training sets label ``ORG`` (compared lower-case; only names labelled ORG in at least half of
their occurrences there, so "antara" (between / the news agency) is not one) is marked *missing* (unknown) rather than ``O`` where it is not a PER entity; the
loss ignores missing tokens.  A NERP PLC span that is such an ORG name is marked missing too.  Evaluation on
NERP uses PER and LOC only.

Leaks: before training, every training or dev sentence that is in one of the evaluation test sets (idner
test, NERGrit test, NERP test, NER-UI fold 1 test) is dropped: same lower-cased tokens, or at least half of
its word 5-grams found in those test sets (near-duplicates: the same sentence re-punctuated or cut
differently).  NERP and idner-news-2k come from overlapping news text: NERP train holds about 200 of the
idner test sentences verbatim and about 200 more nearly so; NERP test repeats 66 NERP train sentences.
Whole stories still overlap (same people, same events), so idner-news-2k test figures of a model trained
with NERP are optimistic; see docs/ner.md.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

LABELS = ("PER", "ORG", "LOC")


class FormatError(ValueError):
    """A corpus line that does not fit its corpus's format."""


@dataclass(frozen=True)
class CorpusSpec:
    key: str
    folder: str
    files: dict[str, str]  # split -> file name
    columns: int  # columns a line must have; the token is the first, the tag the last
    sep: str  # " " or "\t"
    mapping: dict[str, str]  # source label -> PER/ORG/LOC
    labels: tuple[str, ...] = LABELS  # labels this corpus annotates (for evaluation)
    train_ok: bool = True  # licensed for training a shipped model
    lower: bool = False  # text is all lower-case
    unknown: tuple[str, ...] = ()  # source labels whose spans become *missing* (no loss), not O


CORPORA: dict[str, CorpusSpec] = {
    "idner": CorpusSpec(
        key="idner", folder="idner-news-2k",
        files={"train": "train.txt", "dev": "dev.txt", "test": "test.txt"},
        columns=3, sep=" ", mapping={"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    ),
    "nergrit": CorpusSpec(
        key="nergrit", folder="indonlu-nergrit_ner-grit",
        files={"train": "train_preprocess.txt", "dev": "valid_preprocess.txt", "test": "test_preprocess.txt"},
        columns=2, sep="\t", mapping={"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"},
    ),
    "nerp": CorpusSpec(
        key="nerp", folder="indonlu-nerp_ner-prosa",
        files={"train": "train_preprocess.txt", "dev": "valid_preprocess.txt", "test": "test_preprocess.txt"},
        columns=2, sep="\t", mapping={"PPL": "PER", "PLC": "LOC"}, labels=("PER", "LOC"), lower=True,
    ),
    "nerui": CorpusSpec(
        key="nerui", folder="indolem-nerui",
        files={"train": "train.01.tsv", "dev": "dev.01.tsv", "test": "test.01.tsv"},
        columns=2, sep="\t", mapping={"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"},
        train_ok=False,
    ),
}

TRAIN_CORPORA = ("idner", "nergrit", "nerp")
DEV_CORPORA = ("idner", "nergrit")  # NERP dev has no ORG, so it would punish every ORG the model finds
EVAL_SETS = ("idner", "nergrit", "nerp", "nerui")  # test splits


@dataclass
class Sentence:
    words: list[str]
    spans: list[tuple[int, int, str]]  # token start, end (exclusive), model label
    missing: list[tuple[int, int]] = field(default_factory=list)  # token ranges with unknown labels


@dataclass
class ReadStats:
    sentences: int = 0
    tokens: int = 0
    source_entities: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)
    unknown: Counter = field(default_factory=Counter)
    bio_repairs: int = 0

    def as_dict(self) -> dict:
        return {"sentences": self.sentences, "tokens": self.tokens,
                "entities": dict(sorted(self.entities.items())),
                "dropped": dict(sorted(self.dropped.items())), "unknown": dict(sorted(self.unknown.items())),
                "bio_repairs": self.bio_repairs}


def _lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def bio_spans(tags: list[str]) -> tuple[list[tuple[int, int, str]], int]:
    """Entity spans ``(start, end, label)`` from BIO tags, and how many I- tags opened an entity."""
    spans: list[tuple[int, int, str]] = []
    repairs = 0
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, lab = tag.partition("-")
        if prefix == "I" and label == lab:
            continue
        if label is not None:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I"):
            repairs += prefix == "I"
            start, label = i, lab
    return spans, repairs


def read_bio(path: Path, spec: CorpusSpec, stats: ReadStats | None = None) -> list[Sentence]:
    """Sentences of one BIO file, labels mapped by ``spec.mapping``."""
    stats = stats if stats is not None else ReadStats()
    out: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not words:
            return
        src_spans, repairs = bio_spans(tags)
        spans = []
        missing = []
        for s, e, lab in src_spans:
            stats.source_entities[lab] += 1
            if lab in spec.mapping:
                spans.append((s, e, spec.mapping[lab]))
                stats.entities[spec.mapping[lab]] += 1
            elif lab in spec.unknown:
                missing.append((s, e))
                stats.unknown[lab] += 1
            else:
                stats.dropped[lab] += 1
        stats.bio_repairs += repairs
        stats.sentences += 1
        stats.tokens += len(words)
        out.append(Sentence(list(words), spans, missing))
        words.clear()
        tags.clear()

    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            flush()
            continue
        cols = line.split(spec.sep)
        if len(cols) != spec.columns or not cols[0]:
            raise FormatError(f"{path}:{n}: expected {spec.columns} columns split by {spec.sep!r}, got {line!r}")
        tag = cols[-1].strip()
        if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
            raise FormatError(f"{path}:{n}: not a BIO tag: {tag!r}")
        words.append(cols[0])
        tags.append(tag)
    flush()
    return out


def read_corpus(data_dir: Path, key: str, split: str, stats: ReadStats | None = None) -> list[Sentence]:
    spec = CORPORA[key]
    path = Path(data_dir) / spec.folder / spec.files[split]
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing (is --data the folder with {spec.folder}/ in it?)")
    return read_bio(path, spec, stats)


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in words)


LEAK_N = 5  # n-gram length for near-duplicate detection
LEAK_SHARE = 0.5  # a sentence with at least this share of its 5-grams in a test set is a leak


def _grams(words, n: int = LEAK_N) -> set[tuple[str, ...]]:
    w = _key(words)
    return {w[i:i + n] for i in range(len(w) - n + 1)}


def leak_filter(data_dir: Path, sets: Iterable[str] = EVAL_SETS):
    """A predicate: is a sentence in (or a near-duplicate of one in) the test splits of ``sets``?"""
    test_keys: set = set()
    test_grams: set = set()
    for key in sets:
        for s in read_corpus(data_dir, key, "test"):
            test_keys.add(_key(s.words))
            test_grams |= _grams(s.words)

    def leaks(s: Sentence) -> bool:
        if _key(s.words) in test_keys:
            return True
        g = _grams(s.words)
        return bool(g) and len(g & test_grams) >= LEAK_SHARE * len(g)

    return leaks


def org_lexicon(sentences: Iterable[Sentence], min_share: float = 0.5) -> set[tuple[str, ...]]:
    """Lower-cased token sequences labelled ORG in at least ``min_share`` of all their occurrences
    (as an entity or not) in ``sentences``: "kpk", "partai golkar", but not "antara" or "wali"."""
    sentences = list(sentences)
    org: Counter = Counter()
    for s in sentences:
        for a, b, lab in s.spans:
            if lab == "ORG":
                org[_key(s.words[a:b])] += 1
    lengths = {len(k) for k in org}
    seen: Counter = Counter()
    for s in sentences:
        low = _key(s.words)
        for ln in lengths:
            for i in range(len(low) - ln + 1):
                k = low[i:i + ln]
                if k in org:
                    seen[k] += 1
    return {k for k, n in org.items() if n >= min_share * seen[k]}


def mask_orgs(sent: Sentence, lexicon: set[tuple[str, ...]], max_len: int) -> int:
    """Mark ORG names from ``lexicon`` as missing in a sentence that has no ORG annotation. Returns how many."""
    low = _key(sent.words)
    n = len(low)
    found = 0
    per = [(a, b) for a, b, lab in sent.spans if lab == "PER"]
    i = 0
    while i < n:
        hit = 0
        for ln in range(min(max_len, n - i), 0, -1):
            if low[i:i + ln] in lexicon:
                hit = ln
                break
        if hit and not any(a < i + hit and i < b for a, b in per):
            sent.missing.append((i, i + hit))
            found += 1
            i += hit
        else:
            i += 1
    if sent.missing:
        keep = []
        for a, b, lab in sent.spans:
            if any(ma < b and a < mb for ma, mb in sent.missing):
                sent.missing.append((a, b))  # a LOC that overlaps an ORG name: unknown
            else:
                keep.append((a, b, lab))
        sent.spans = keep
        merged: list[tuple[int, int]] = []
        for a, b in sorted(sent.missing):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        sent.missing = merged
    return found


def to_docbin(sentences: Iterable[Sentence], vocab=None):
    """A ``DocBin`` with one Doc a sentence; missing ranges get no entity annotation."""
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

    vocab = vocab if vocab is not None else Vocab()  # spacy.blank("id") costs seconds (16k tokenizer exceptions)
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for s in sentences:
        doc = Doc(vocab, words=s.words)
        ents = [Span(doc, a, b, label=lab) for a, b, lab in s.spans]
        missing = [doc[a:b] for a, b in s.missing]
        doc.set_ents(ents, missing=missing, default="outside")
        db.add(doc)
    return db


def convert(data_dir: Path, out_dir: Path, train_corpora: Iterable[str] = TRAIN_CORPORA,
            dev_corpora: Iterable[str] = DEV_CORPORA, mask_nerp_orgs: bool = True) -> dict:
    """Write ``train.spacy`` and ``dev.spacy`` into ``out_dir``; returns (and writes ``stats.json``) counts."""
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for key in train_corpora:
        if not CORPORA[key].train_ok:
            raise ValueError(f"{key} is for evaluation only and may not be used for training")

    leaks = leak_filter(data_dir)
    report: dict = {"data_dir": str(data_dir), "read": {}, "leaks_dropped": {}, "nerp_org_masked": 0}
    splits: dict[str, list[Sentence]] = {"train": [], "dev": []}
    per_corpus: dict[tuple[str, str], list[Sentence]] = {}
    for split, keys in (("train", train_corpora), ("dev", dev_corpora)):
        for key in keys:
            st = ReadStats()
            sents = read_corpus(data_dir, key, split, st)
            report["read"][f"{key}/{split}"] = st.as_dict()
            kept = [s for s in sents if not leaks(s)]
            report["leaks_dropped"][f"{key}/{split}"] = len(sents) - len(kept)
            per_corpus[(key, split)] = kept

    if mask_nerp_orgs and ("nerp", "train") in per_corpus:
        org_sources = [s for (k, sp), v in per_corpus.items() if sp == "train" and k != "nerp" for s in v]
        lex = org_lexicon(org_sources)
        max_len = max((len(k) for k in lex), default=0)
        report["org_lexicon_size"] = len(lex)
        report["nerp_org_masked"] = sum(mask_orgs(s, lex, max_len) for s in per_corpus[("nerp", "train")])

    for (key, split), sents in per_corpus.items():
        splits[split].extend(sents)
    for split, sents in splits.items():
        to_docbin(sents).to_disk(out_dir / f"{split}.spacy")
        report[f"{split}_sentences"] = len(sents)
        report[f"{split}_tokens"] = sum(len(s.words) for s in sents)
    (out_dir / "stats.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return report
