"""Who said it: the speaker of every quote of an article, and which quotes are no one's.

The extract stage finds quotes and what their cue says of the speaker (``QuoteCandidate``: a
person mention right at the cue, a name or a description written after it, or nothing but
"-nya"/"dia"). This stage turns that into an entity, in text order, with a focus timeline for
the quotes whose speaker is only pointed at. For each quote the candidates are, in the order
they are tried (the first that yields an entity wins; each attribution records its ``source``):

1. ``cue_mention``: the person mention at the cue ("kata Kapolres Pasuruan AKBP Bayu");
2. ``cue_name``: a name written after the cue ("jelas Sony"), as an entity of the article, or a
   new person when the name model accepts the name (``names.py``);
3. ``description``: an unnamed speaker described by a role ("kata polisi jaga"); one that points
   back ("ayah tiga anak ini", "ibu dua orang putri": a demonstrative or a count of children,
   ``anaphoric_description_words`` in ``rules/speech.yaml``) is the person in focus;
4. ``parse``: with ``--parser``, the subject of the cue verb in the dependency parse;
5. ``focus``: the person in focus (the last speaker named by a cue, the last sentence subject,
   the last speaker again after "pihaknya").

A quote whose cue names an organisation ("menurut BMKG", "kata pihak Boeing": a span the NER
model reads as ORG, a body of ``rules/people.yaml``, or words the name model knows as place or
organisation words and none as a name's) is a statement of an institution, which the gold
conventions do not count as a quote: it is marked ``institution`` and left out of the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from ..extract.lexicon import Lexicon
from ..extract.names import COMMON, NAME, PLACE_ORG, RULE, NameModel
from ..extract.people import PersonMention
from ..extract.quotes import QuoteCandidate
from ..resources.gazetteer import Gazetteer
from .people import (Entity, Focus, drop_org_prefix, anonymous_speaker, find_by_name, fullest_name,
                     name_part_subjects, sentence_end, speaker_entity)

if TYPE_CHECKING:
    from .parse_speakers import ArticleSpeakers


@dataclass
class Attribution:
    quote: QuoteCandidate
    entity: Optional[Entity]
    source: str  # cue_mention | cue_name | description | parse | focus | none
    institution: bool = False  # the cue names an organisation: not a quote


# the words of the clause right before a speaker ("Media Spanyol, " before "Mundo Deportivo")
_WORDS_BEFORE = re.compile(r"(?:[\w'’.-]+,?[ \t]+){1,3}$")


class SpeakerResolver:
    """Built once per process from the lexicon, the gazetteer and the name model."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, names: Optional[NameModel] = None):
        self.lx = lexicon
        self.gz = gazetteer
        self.names = names
        words = sorted(lexicon.back_references, key=len, reverse=True)
        self.back_ref = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I) if words else None
        # ", Name," after a description, maybe with a qualifier between ("saat itu": apposition_qualifiers)
        quals = "|".join(r"\s+".join(map(re.escape, q)) for q in lexicon.apposition_qualifiers)
        openers = "|".join(r"\s+".join(map(re.escape, o.split())) for o in
                           sorted(lexicon.sentence_openers, key=len, reverse=True)) or "(?!)"
        self.sentence_subject = re.compile(r"(?:^|(?<=[.!?\"]\s)|(?<=\n))\s*(?:(?:" + openers + r"),?\s+)?"
                                           r"([A-Z][a-z]{2,})\s+(?=[a-z])", re.M)
        self.apposed_name = re.compile((rf"(?:\s+(?i:{quals}))?" if quals else "") +
                                       r"\s*,\s*((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,3})\s*[,.]")

    # -- what the cue names ---------------------------------------------------------------
    def is_institution(self, written: str, at: int, text: str, org_spans: Sequence[tuple[int, int]]) -> bool:
        """Does the speaker written after a cue name an organisation, not a person?"""
        words = written.split()
        if not words:
            return False
        keys = [w.lower() for w in words]
        if keys[0] in self.lx.institution_openers:  # "pihak Boeing dalam pernyataannya": the capitalised run
            run = []
            for w in words[1:]:
                if not w[:1].isupper():
                    break
                run.append(w)
            if not run:
                return False  # "pihak keluarga": a description
            if self.names is not None and len(run) == 1 and not self.names.person_evidence(run[0]):
                return True  # "pihak Jaecoo": one word never seen as a person's ("pihak Yoni Dores" is his side)
            words, keys = run, [w.lower() for w in run]
        pos = text.find(written, at) if at is not None else -1
        before = text.rfind(written, max(0, at - 120), at) if at is not None else -1  # "X menyatakan"
        if before >= 0 and self._named_as_body(words, text, before) or pos >= 0 and self._named_as_body(words, text, pos):
            return True
        if len(words) >= 2 and words[-1] in self.lx.company_words:
            return True  # "kata Counterpoint Research": a firm
        if self.lx.positions.match(keys, 0) or self.lx.heads.match(keys, 0) or self.lx.person_roles.match(keys, 0):
            return False  # "Kepala Riset ...": an office speaks, its holder unnamed
        if self.names is not None and self.names.word(words[0]).kind == RULE and not self.lx.bodies.match(keys, 0):
            return False  # "Plh ...", "Anggota KPU ...": an office or a title, not a body
        acronyms = all(w.isupper() and len(w) >= 3 for w in words)
        if acronyms and len(words) == 1 and self.names is not None:
            c = self.names.stats.get(words[0])
            if c.other + c.place_org > c.per + c.strong:
                return True  # "KPU menjelaskan": the corpus reads the acronym as a body, not a person (SBY)
        if acronyms and len(words) == 1 and self._initials_of_a_name(words[0], text):
            return False  # "Hidayat Nur Wahid (HNW)": a person known by initials may speak
        full = fullest_name(text, words, self.lx, self.gz, self.names) if not acronyms else words
        if len(full) > len(words) and (self.names is None or self.names.judge(full).ok):
            return False  # "Diana" of "Diana Lilim", "Adhi" of "Tubagus Adhi": the article writes a longer name
        judged = self.names.judge(words) if self.names is not None and all(w[:1].isupper() for w in words) else None
        if pos >= 0 and any(s < pos + len(written) and pos < e for s, e in org_spans) \
                and (acronyms or judged is not None and not judged.ok):
            return True  # the NER model reads an ORG there, and it is an acronym or no name
        if self.lx.bodies.match(keys, 0) and not any(w[:1].isupper() and self._name_word(w) for w in words[1:]):
            return True
        if judged is not None and not judged.ok and all(
                self.names.word(w).kind in (PLACE_ORG, COMMON) for w in words) \
                and any(self.names.word(w).kind == PLACE_ORG for w in words):
            return True  # "Instagram Persebaya", "Dunia Amazon": place and organisation words only
        return False

    def _pronoun_subject(self, q: QuoteCandidate, text: str) -> bool:
        """Is the cue's subject a pronoun ("Dia mengaku ...", "Ia pun menegaskan ...")?"""
        if q.speaker_text:
            return q.speaker_text.lower() in self.lx.pronouns
        if q.cue_start is None:
            return False
        words = re.findall(r"[\w'’]+", text[max(0, q.cue_start - 40):q.cue_start])
        while words and words[-1].lower() in self.lx.adverbs_before_cue:
            words.pop()
        return bool(words) and words[-1].lower() in self.lx.pronouns

    def _pronoun_sentences(self, text: str, qspans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Spans of the sentences outside quotes whose subject is a pronoun of ``pronoun_speakers``
        ("Dia mengaku ...", "Namun, ia menegaskan ...")."""
        out = []
        for m in self.sentence_subject.finditer(text):
            if m.group(1).lower() in self.lx.pronouns and not any(qs <= m.start(1) < qe for qs, qe in qspans):
                out.append((m.start(1), sentence_end(text, m.end())))
        return out

    def _named_as_body(self, words: list[str], text: str, pos: int) -> bool:
        """Is the speaker at ``pos`` a body by the words written right before it: an outlet word
        ("Media Spanyol, Mundo Deportivo", ``outlet_words``), or, for a name no word of which the
        corpus has seen as a person's, an acronym or a body word in the same run ("LRT
        Jabodebek", "pihak Pemerintah Mauritania")? Names of two words are a holder after his
        office's body ("Deputi ... BPS Pudji Ismartini")."""
        before = _WORDS_BEFORE.search(text, max(0, pos - 60), pos)
        if before is None:
            return False
        prev = before.group(0).replace(",", " ").split()
        keys = [w.lower() for w in prev]
        for k in range(len(keys)):
            m = self.lx.outlet_words.match(keys, k)
            if m and m[0] >= len(keys) - 2:  # "Media Spanyol, X", "laman X"
                return True
        if self.names is None or len(words) > 1 or self.names.person_evidence(words[0]) \
                or self.names.word(words[0]).kind == NAME:
            return False  # "BPS Pudji Ismartini mengatakan": the office's body, then its holder
        if text[before.end() - 1:pos].strip():
            return False
        last = prev[-1] if prev else ""
        lk = last.lower()
        if not last or self.lx.ranks.match([lk], 0) or lk in self.lx.honorifics or lk in self.lx.degrees \
                or self.lx.positions.match([lk], 0) or self.lx.heads.match([lk], 0):
            return False  # "AKBP Gubunagi", "KH Anwar", "Kapolres X": a person's rank, title or office
        return text[pos - 1] == " " and (
            (last.isupper() and last.isalpha() and len(last) >= 2) or bool(self.lx.bodies.match([last.lower()], 0)))

    def _apposed_name(self, description: str, at: int, text: str) -> Optional[str]:
        """A name in apposition right after a described speaker ("jubir KPK saat itu, Tessa
        Mahardhika,"), when the name model takes it for a name."""
        pos = text.find(description, at)
        if pos < 0 or pos - at > 40:
            return None
        m = self.apposed_name.match(text, pos + len(description))
        if not m or self.names is None:
            return None
        words = m.group(1).split()
        v = self.names.judge(words)
        return " ".join(words) if v.ok and v.start == 0 and v.end == len(words) else None

    @staticmethod
    def _spelled_out_runs(acronym: str, text: str) -> Iterator[list[str]]:
        """The words an acronym stands for where the article writes "Full Name (ACR)": the last
        words before the bracket whose initials spell it ("Susilo Bambang Yudhoyono (SBY)")."""
        for m in re.finditer(r"((?:[A-Z][\w'-]*\s+){1,5})\(\s*" + re.escape(acronym) + r"\s*\)", text):
            run = m.group(1).split()[-len(acronym):]
            if "".join(w[0] for w in run).upper() == acronym.upper():
                yield run

    def _spelled_out(self, acronym: str, text: str, entities: list[Entity]) -> Optional[Entity]:
        """The person an acronym speaker stands for where the article spells it out: "SBY" of
        "Susilo Bambang Yudhoyono (SBY)"."""
        if not acronym.isupper() or not acronym.isalpha() or len(acronym) < 2 or " " in acronym:
            return None
        for words in self._spelled_out_runs(acronym, text):
            run = " ".join(words)
            hits = [e for e in entities if e.name and (e.name == run or e.name.endswith(" " + run))]
            if len(hits) == 1:
                return hits[0]
        return None

    def _initials_of_a_name(self, acronym: str, text: str) -> bool:
        """Does the article spell ``acronym`` out as a person's name ("Agus Harimurti Yudhoyono (AHY)")?"""
        return self.names is not None and any(self.names.judge(run).ok for run in self._spelled_out_runs(acronym, text))

    _RUN = re.compile(r"(?:[A-Z][\w.'&-]*|dan|&)(?:\s+(?:[A-Z][\w.'&-]*|dan|&))*")

    def _holder_in_run(self, written: str, at: Optional[int], text: str,
                       entities: list[Entity]) -> Optional[Entity]:
        """An office written after a cue, its holder named at the end of the same run of
        capitalised words: "kata Kepala Riset dan Edukasi Monex Investindo Futures Ariston
        Tjendra" is Ariston Tjendra, when the article names him elsewhere (an entity)."""
        keys = written.lower().split()
        if at is None or not keys or not (self.lx.positions.match(keys, 0) or self.lx.heads.match(keys, 0)):
            return None
        pos = text.find(written, at)
        m = self._RUN.match(text, pos) if pos >= 0 else None
        if m is None:
            return None
        run = m.group(0)
        hits = [(run.rfind(e.name), e) for e in entities
                if e.name and re.search(r"\b" + re.escape(e.name) + r"\b", run)]
        return max(hits, key=lambda h: h[0])[1] if hits else None

    def _speaks(self, words: list[str]) -> bool:
        """Do the words after a sentence's subject open with a verb of saying, adverbs skipped
        ("turut menyampaikan", "juga mengatakan")?"""
        keys = [w.lower().strip(",.") for w in words[:4]]
        k = 0
        while k < len(keys) and keys[k] in self.lx.adverbs_before_cue:
            k += 1
        return k < len(keys) and (keys[k] in self.lx.direct_cues or bool(self.lx.indirect_verbs.match(keys, k)))

    def _name_word(self, w: str) -> bool:
        return self.names is not None and self.names.word(w).name_word

    def _anaphoric(self, description: str) -> bool:
        """ "ayah tiga anak ini", "ibu dua orang putri": a description of someone already named."""
        keys = description.lower().split()
        return bool(keys) and (keys[-1] in self.lx.anaphoric_description_words
                               or any(k in self.lx.description_numerals or k.isdigit() for k in keys[1:]))

    # -- the stage ------------------------------------------------------------------------
    def attribute(self, text: str, quotes: list[QuoteCandidate], mentions: list[PersonMention],
                  of: dict[int, Entity], entities: list[Entity], qspans: list[tuple[int, int]],
                  org_spans: Sequence[tuple[int, int]] = (),
                  parsed: Optional["ArticleSpeakers"] = None) -> list[Attribution]:
        """One attribution per quote, in text order; new speaker entities join ``entities``."""
        # speakers named only after a cue ("jelas Sony") become people first, so that a later
        # "kata Sony" and the focus see them
        for q in quotes:
            if q.speaker_mention is None and q.speaker_text:
                # "kata dr Djatnika", "ujar Pak Budi": the name without the title or honorific before it
                words = q.speaker_text.split()
                while len(words) > 1 and (words[0].lower() in self.lx.degrees or words[0].lower() in self.lx.honorifics
                                          or words[0].lower() in self.lx.name_titles) and words[1][:1].isupper():
                    words = words[1:]
                q.speaker_text = " ".join(words)
            if q.speaker_mention is None and q.speaker_text and q.speaker_text[:1].isupper():
                keys = q.speaker_text.lower().split()
                if not (self.lx.positions.match(keys, 0) or self.lx.heads.match(keys, 0)):
                    # "kata Perencana Keuangan Jouska Farah Dini Novita": the name at the run's end
                    # (an office first is the office speaking: _holder_in_run)
                    q.speaker_text = " ".join(drop_org_prefix(text, q.speaker_text.split(), self.names))
        for q in quotes:
            if q.speaker_mention is None and q.speaker_text and q.speaker_text[:1].isupper() \
                    and find_by_name(entities, q.speaker_text) is None \
                    and not self.is_institution(q.speaker_text, q.cue_start or q.start, text, org_spans):
                speaker_entity(text, q.speaker_text, q.cue_start or q.start, entities, self.lx, self.gz, names=self.names)
        # people named inside reported speech ("Menurutnya, ... dibuka oleh Bupati X") are not
        # the ones who speak next, as people named inside quote marks are not
        for q in quotes:
            if q.kind == "indirect":
                for m in mentions:
                    if q.start <= m.start < q.end:
                        m.in_quote = True
        subjects = name_part_subjects(text, entities, self.names, self.sentence_subject, qspans, self._speaks)
        focus = Focus(mentions, of, [(o, e) for o, e, said in subjects if said], self._pronoun_sentences(text, qspans),
                      [(o, e) for o, e, _said in subjects], text)
        back_refs = [m.start() for m in self.back_ref.finditer(text)
                     if not any(qs <= m.start() < qe for qs, qe in qspans)] if self.back_ref else []
        last_speaker: Optional[Entity] = None
        out: list[Attribution] = []
        for q in sorted(quotes, key=lambda q: q.start):
            while back_refs and back_refs[0] < q.start:
                off = back_refs.pop(0)
                if last_speaker is not None:
                    focus.add(off, last_speaker)  # "pihaknya": back to the last person quoted
            ent, source = self._candidate(q, text, of, entities, focus, parsed, org_spans)
            if source == "institution":
                out.append(Attribution(q, None, "none", institution=True))
                continue
            if source == "parse" and parsed is not None:
                q.rule_id += parsed.tag
            if ent is not None and q.cue_start is not None:
                focus.add(q.cue_start, ent)
                last_speaker = ent
            out.append(Attribution(q, ent, source if ent is not None else "none"))
        return out

    def _candidate(self, q: QuoteCandidate, text: str, of: dict[int, Entity], entities: list[Entity],
                   focus: Focus, parsed, org_spans) -> tuple[Optional[Entity], str]:
        if q.speaker_mention is not None:
            ent = of.get(id(q.speaker_mention))
            if ent is not None:
                return ent, "cue_mention"
        elif q.speaker_text:
            written = q.speaker_text
            if written[:1].isupper() or written.split()[0].lower() in self.lx.institution_openers:
                if self.is_institution(written, q.cue_start or q.start, text, org_spans):
                    return None, "institution"
            if written[:1].islower() and q.cue_start is not None:
                named = self._apposed_name(written, q.cue_start, text)
                if named:  # "kata jubir KPK saat itu, Tessa Mahardhika, di gedung ...": the name after the role
                    ent = find_by_name(entities, named) or speaker_entity(
                        text, named, q.cue_start, entities, self.lx, self.gz, names=self.names)
                    if ent is not None:
                        return ent, "cue_name"
            ent = find_by_name(entities, written) or self._spelled_out(written, text, entities)
            if ent is not None and not ent.name:
                ent = self._holder_in_run(written, q.cue_start, text, entities) or ent
            elif ent is None:
                ent = self._holder_in_run(written, q.cue_start, text, entities)
            if ent is None and written[:1].isupper():
                ent = speaker_entity(text, written, q.cue_start or q.start, entities, self.lx, self.gz, names=self.names)
            if ent is not None:
                return ent, "cue_name"
            if written[:1].islower() and q.cue_start is not None:
                if self._anaphoric(written):
                    ent = focus.at(q.start)
                    if ent is not None:
                        return ent, "description"
                return anonymous_speaker(written, q.cue_start), "description"  # "polisi jaga": a role
        if parsed is not None:
            ent = parsed.speaker(q)  # only if the cue named no one: the parse's subject of the cue verb
            if ent is not None:
                return ent, "parse"
        if q.use_focus or q.speaker_text is None:
            # "Dia mengaku ...": the last subject, whatever its verb; "ujarnya": the last one speaking
            ent = focus.at(q.start, pronoun=self._pronoun_subject(q, text))
            if ent is not None:
                return ent, "focus"
        return None, "none"
