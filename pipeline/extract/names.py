"""The name model: is a capitalised word part of a person's name, and is a run of them a name?

Every "is this a person's name, and where does it end" decision of the pipeline asks this
model: the rule scanner (``people.py``), the gate of the NER model's spans (``nlp/ner.py``)
and the speakers named after a cue (``resolve/people.py``). It weighs evidence, not lists of
names:

- the corpus statistics of ``resources/wordstats.py``: how often news writes the word in lower
  case inside a sentence (a common word: "wilayah", "telah"), how often inside names after a
  rank or an honorific or inside the PER spans of the NER corpora (a name word, even when it is
  also a common word: "Putra", "Bagus"), and how often right after a word that introduces a
  place or a body ("di Parma", "pihak Boeing");
- the word classes of ``rules/``: stop words, organisation, title and product words, honorifics,
  degrees, office prefixes, noun shapes (``people.yaml``);
- the gazetteer: a regency, city or province name is not a person.

Each word gets one :class:`WordVerdict` (its kind and why); :meth:`NameModel.judge` decides on a
run of words. The thresholds are ``name_model`` in ``rules/people.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..resources.gazetteer import Gazetteer
from ..resources.wordstats import Counts, WordStats
from ..rules.schema import NameModelParams
from .lexicon import Lexicon

# kinds of word
RULE = "rule"          # a word class of rules/ that is never a name word
FUNCTION = "function"  # almost always written in lower case: a function word or a verb ("dengan", "telah")
COMMON = "common"      # a common word as often as not ("wilayah", "pesawat")
PLACE_ORG = "place_org"  # seen after "di", "pihak", "klub" ... more than in names ("Parma", "Boeing")
NAME = "name"          # seen inside names (strong contexts, NER PER spans), whatever else it is
PROPER = "proper"      # written with a capital, no evidence either way ("Hartono")
UNKNOWN = "unknown"    # too rare to say

NAME_KINDS = frozenset({NAME, PROPER, UNKNOWN})
_NOT_A_PERSON_LEVELS = ("provinsi", "kabupaten", "kota")
_PARAGRAPH = re.compile(r"[^\n]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


@dataclass(frozen=True)
class WordVerdict:
    word: str
    kind: str
    why: str
    evidence: int = 0  # times seen inside names

    @property
    def name_word(self) -> bool:
        return self.kind in NAME_KINDS


@dataclass(frozen=True)
class NameVerdict:
    """A run of words judged: ``ok``, and the part of it that is the name (``start``:``end``)."""

    ok: bool
    start: int
    end: int
    why: str


class NameModel:
    """Built once per process from the lexicon, the gazetteer and the word statistics."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, stats: WordStats,
                 params: Optional[NameModelParams] = None):
        self.lx = lexicon
        self.gz = gazetteer
        self.stats = stats
        self.p = params or NameModelParams()
        self._cache: dict[str, WordVerdict] = {}

    # -- one word -------------------------------------------------------------------------
    def word(self, w: str) -> WordVerdict:
        key = w.lower()
        v = self._cache.get(key)
        if v is None:
            v = self._cache[key] = self._word(w, key)
        return v

    def _word(self, w: str, key: str) -> WordVerdict:
        lx = self.lx
        for name, words in (("name_stop_words", lx.name_stop), ("not_name_words", lx.not_name_words),
                            ("honorifics", lx.honorifics), ("degrees", lx.degrees),
                            ("office_prefixes", lx.office_prefixes)):
            if key in words:
                return WordVerdict(w, RULE, name)
        if lx.not_name_shape is not None and lx.not_name_shape.match(key):
            return WordVerdict(w, RULE, "not_name_shapes")
        c = self.stats.get(key)
        return self._by_counts(w, c)

    def _by_counts(self, w: str, c: Counts) -> WordVerdict:
        p = self.p
        seen = c.lower + c.cap
        evidence = c.strong + c.per
        share = c.lower / seen if seen else 0.0
        namey = evidence >= p.name_min_evidence and evidence >= p.name_evidence_share * c.lower
        counts = f"lower {c.lower}, cap {c.cap}, in names {evidence}, after place/org words {c.place_org}"
        if c.lower >= p.function_min_lower and share >= p.function_share and not namey:
            return WordVerdict(w, FUNCTION, counts, evidence)
        if c.lower >= p.common_min_lower and share >= p.common_share and not namey:
            return WordVerdict(w, COMMON, counts, evidence)
        place_org = c.place_org + c.other
        if place_org >= p.place_org_min and place_org >= p.place_org_ratio * max(evidence, 1) \
                and place_org >= p.place_org_cap_share * c.cap and not namey:
            return WordVerdict(w, PLACE_ORG, counts, evidence)
        if namey or evidence >= 1 and c.lower == 0:
            return WordVerdict(w, NAME, counts, evidence)
        if c.cap >= p.common_min_lower:
            return WordVerdict(w, PROPER, counts, evidence)
        return WordVerdict(w, UNKNOWN, counts, evidence)

    def person_evidence(self, w: str) -> bool:
        """Was ``w`` seen as a person's: after a rank or "Pak", inside an NER corpus PER, or
        speaking ("kata X", "X mengatakan"), and is it no place or function word ("Hari" is a common word and a name)?"""
        c = self.stats.get(w)
        return c.strong + c.per + c.said > 0 and self.word(w).kind not in (PLACE_ORG, FUNCTION, RULE)

    def known_thing(self, words: Sequence[str]) -> bool:
        """Is ``words`` a team, a product or a place the corpus knows, not a person? Every word
        seen capitalised ``attested_min_cap`` times or more and none ever as a person's (after a
        rank or "Pak", inside an NER corpus PER, speaking: ``person_evidence``), none a name word,
        and one of them seen after place or organisation words ``place_org_min`` times ("Maung
        Bandung", "Old Trafford", "Astra Otoparts"). Many footballers' and celebrities' names
        are known words never seen as a person's too ("Takefusa Kubo"): the place evidence is
        what tells a thing."""
        if not words:
            return False
        p = self.p
        for w in words:
            c = self.stats.get(w)
            if c.cap < p.attested_min_cap or self.person_evidence(w) or self.word(w).kind == NAME:
                return False
        return any(self.stats.get(w).place_org >= p.place_org_min for w in words)

    def not_prose(self, text: str) -> list[tuple[int, int]]:
        """The paragraphs of ``text`` that are no Indonesian prose: most of their lower-case
        words are no function or common words of the corpus ("Allahumma Shalli Ala Sayyidina
        Muhammadin, Wa Asyghili Dzalimin bi Dzalimin ..."; a list "1. Pertamina (ke-3)2. PLN
        (ke-6)"). A football line-up has too few lower-case words to be judged. Over the shipped
        corpus: 8 paragraphs of 4,635 articles, with 6 people rows, none a person."""
        p = self.p
        out: list[tuple[int, int]] = []
        for m in _PARAGRAPH.finditer(text):
            low = _LOWER_WORD.findall(m.group(0))
            if len(low) < p.prose_min_lower:
                continue
            known = sum(1 for w in low if self.word(w).kind in (FUNCTION, COMMON, RULE))
            if known < p.prose_known_share * len(low):
                out.append((m.start(), m.end()))
        return out

    def breaks_name(self, w: str) -> bool:
        """A word no name runs across ("dengan", "Dalam", a stop word): the name ends before it."""
        return self.word(w).kind in (RULE, FUNCTION)

    # -- a run of words -------------------------------------------------------------------
    def judge(self, words: Sequence[str], sentence_initial: bool = False) -> NameVerdict:
        """Is ``words`` (capitalised, no rank, honorific or degree) a person's name, and which
        part of it?

        - The name ends before a function or rule word ("Hartono Dengan ...").
        - Common words never seen in a name are cut from its end ("Hartono Wilayah"; not
          "Joko Prihatin"), function words from its start when it opens a sentence ("Disusul
          Ganjar"). Inside a name a common word stays: "Sahat Tua Simanjuntak".
        - What is left must hold a word that can be a name word: a place ("Parma", "Sleman") or
          common words alone are no name. Many names are common words ("Bunga Citra Lestari"):
          one name word is enough.
        - A run followed by the word of a body's or a title's name ("Mitsubishi Motors") is no
          name.
        - One word of one or two letters is initials ("Kades Keroya, Is,"), no name.
        """
        n = len(words)
        if n == 0:
            return NameVerdict(False, 0, 0, "empty")
        verdicts = [self.word(w) for w in words]
        start = 0
        if sentence_initial:  # "Disusul Ganjar ...": a capitalised verb or noun opening the sentence
            while start < n - 1 and verdicts[start].kind == FUNCTION:
                start += 1
        end = next((i for i in range(start, n) if verdicts[i].kind in (RULE, FUNCTION)), n)
        if end == start:
            v = verdicts[start]
            return NameVerdict(False, start, start, f"{v.word}: {v.kind} ({v.why})")
        if end < n and verdicts[end].why == "not_name_words":
            return NameVerdict(False, start, end, f"{words[end]}: the word of a body's or a title's name")
        while end > start + 1 and verdicts[end - 1].kind == COMMON and verdicts[end - 1].evidence == 0:
            end -= 1
        kept = verdicts[start:end]
        if end - start == 1 and len(words[start].strip(".")) <= 2:
            return NameVerdict(False, start, end, f"{words[start]}: initials, not a name")  # "Kades Keroya, Is,"
        if n == 1 and words[0].isupper() and words[0].isalpha():
            # "pasangan AMIN", "pihak KPU": one word in capitals is an acronym (people known by
            # initials are no persons); a name in a headline in capitals has more words
            return NameVerdict(False, 0, 1, f"{words[0]}: an acronym, not a name")
        if not any(v.name_word for v in kept):
            return NameVerdict(False, start, end, "no name word: " + ", ".join(f"{v.word} {v.kind}" for v in kept))
        name = " ".join(words[start:end])
        if self.gz.lookup(name, _NOT_A_PERSON_LEVELS):
            return NameVerdict(False, start, end, f"{name}: a place in the gazetteer")
        return NameVerdict(True, start, end, "name")

    def explain(self, words: Sequence[str]) -> list[WordVerdict]:
        return [self.word(w) for w in words]


def name_contexts(rules) -> tuple[set[str], list[str]]:
    """The words the statistics count names after (every rank, ``strong_name_context``) and
    places or organisations after (``place_org_context``), from ``rules/people.yaml``."""
    strong: set[str] = set(rules.word_list("strong_name_context"))
    for r in rules.ranks:
        strong.update(w for w in (r.abbr, *r.variants) if " " not in w)
    return strong, list(rules.word_list("place_org_context"))


def speech_contexts(rules) -> tuple[set[str], set[str], set[str]]:
    """The words a speaker is named after (the direct cue words of ``rules/speech.yaml`` and
    ``according_to``), the verbs of saying a speaker is named before (its indirect verbs), and
    the words that open no speaker's name (the first word of every office, office head, body,
    rank, honorific, role, pronoun and name stop word: "kata Kapolres ...", "Ia mengatakan")."""
    before: set[str] = set(rules.word_list("according_to"))
    after: set[str] = set()
    for sv in rules.speech_verbs:
        for w in sv.words:
            if " " not in w:
                (before if sv.kind == "direct" else after).add(w.lower())
    skip: set[str] = set()
    for p in rules.positions:
        skip.update(w.split()[0].lower() for w in (p.acronym, *p.variants))
    for section in (rules.position_heads, rules.bodies):
        for entry in section:
            skip.update(w.split()[0].lower() for w in entry.words)
    for r in rules.ranks:
        skip.update(w.split()[0].lower() for w in (r.abbr, *r.variants))
    for wl in ("honorifics", "person_roles", "name_stop_words", "office_prefixes", "pronoun_speakers",
               "institution_openers", "naming_words"):
        skip.update(w.split()[0].lower() for w in rules.word_list(wl))
    return before, after, skip


def build_wordstats(rules, corpus: Path, ner_dir: Optional[Path] = None) -> WordStats:
    """Count the word statistics over the ``.txt`` articles under ``corpus`` and the training
    splits of the NER corpora under ``ner_dir`` (``pipeline/ner/convert.py`` reads them), with the
    strong name contexts (every rank, ``strong_name_context``) and the place and organisation
    contexts (``place_org_context``) of ``rules``."""
    from ..resources.wordstats import build, corpus_bodies

    strong, place_org = name_contexts(rules)

    def ner_sentences():
        if ner_dir is None:
            return
        from ..ner.convert import CORPORA, TRAIN_CORPORA, read_corpus

        for key in TRAIN_CORPORA:
            for s in read_corpus(Path(ner_dir), key, "train"):
                yield s.words, s.spans, CORPORA[key].lower

    n_files = sum(1 for _ in Path(corpus).rglob("*.txt"))
    sources = f"{n_files} articles under {Path(corpus).name}/" + (
        f"; NER training splits under {Path(ner_dir).name}/" if ner_dir else "")
    before, after, skip = speech_contexts(rules)
    return build(corpus_bodies(Path(corpus)), ner_sentences(), strong, place_org, sources, before, after, skip)
