"""Quote speakers from the dependency parse (``--parser stanza``, docs/stanza.md), for the quotes the rules
leave without one: the subject (nsubj) of the quote's speech verb, mapped onto the article's person
mentions, else made a speaker the way the rules make one from a name after a cue.

The rules always win: only a quote with neither a speaker mention nor a written speaker asks the parse
(an indirect quote, or a direct quote with a cue).  A speaker found here marks the quote's rule_id with
``+stanza``.  The article is parsed once, on the first quote that needs it.
"""

from __future__ import annotations

from typing import Optional

from ..extract.lexicon import Lexicon
from ..extract.people import PersonMention
from ..extract.quotes import QuoteCandidate
from ..nlp.parser import ParseProvider, parsed_sentences
from ..nlp.stanza_backend import Sentence, SpeechSubject, subject_at
from ..resources.gazetteer import Gazetteer
from .people import Entity, anonymous_speaker, find_by_name, speaker_entity

PARSE_TAG = "+stanza"


def wants_parse(q: QuoteCandidate) -> bool:
    """The rules found no speaker: no mention and no written speaker (a cue is needed to ask for its subject).
    A cue with the clitic "-nya" ("ujarnya", "Menurutnya") names its speaker already, as a pronoun: the
    focus timeline resolves it."""
    return q.speaker_mention is None and not q.speaker_text and bool(q.cue) \
        and not q.cue.split()[-1].lower().endswith("nya")


class ParseSpeakers:
    """Built once per process with the provider; :meth:`article` gives the lookup for one article."""

    def __init__(self, provider: ParseProvider, lx: Lexicon, gz: Gazetteer):
        self.provider, self.lx, self.gz = provider, lx, gz

    def article(self, text: str, mentions: list[PersonMention], of: dict[int, Entity], entities: list[Entity],
                quoted: list[tuple[int, int]]) -> "ArticleSpeakers":
        """``quoted``: the (open, close) mark offsets of the direct quotes, where no speaker is."""
        return ArticleSpeakers(self, text, mentions, of, entities, quoted)


class ArticleSpeakers:
    tag = PARSE_TAG  # appended to the rule_id of a quote whose speaker came from the parse

    def __init__(self, owner: ParseSpeakers, text: str, mentions: list[PersonMention], of: dict[int, Entity],
                 entities: list[Entity], quoted: list[tuple[int, int]] = ()):
        self.owner, self.text, self.mentions, self.of, self.entities = owner, text, mentions, of, entities
        self.quoted = list(quoted)
        self._sents: Optional[list[Sentence]] = None

    @property
    def sents(self) -> list[Sentence]:
        if self._sents is None:  # one provider call per article, only when a quote needs it
            self._sents = parsed_sentences(self.owner.provider, self.text)
        return self._sents

    def subject(self, q: QuoteCandidate) -> Optional[SpeechSubject]:
        """The parse's subject of the quote's cue verb."""
        if not q.cue:
            return None
        at = q.cue_start
        if at is None:  # a cue before a direct quote: its last occurrence in the paragraph, before the quote
            first = q.cue.split()[0].lower()
            para = self.text.rfind("\n", 0, q.start) + 1
            hits = [w.start_char for s in self.sents for w in s.words
                    if para <= w.start_char < q.start and w.text.lower() == first]
            if not hits:
                return None
            at = hits[-1]
        return subject_at(self.sents, self.text, at)

    def speaker(self, q: QuoteCandidate) -> Optional[Entity]:
        """The entity the parse names as the speaker of ``q``; None when the rules found a speaker
        (:func:`wants_parse`), or the parse has no subject or only a pronoun."""
        if not wants_parse(q):
            return None
        subj = self.subject(q)
        if subj is None or subj.head_upos == "PRON":  # "ia mengatakan": the focus timeline resolves it
            return None
        if any(a <= subj.start_char < b for a, b in self.quoted):  # a word of the quoted speech: a misparse
            return None
        spans = [(subj.start_char, subj.end_char), *subj.appositions, (subj.phrase_start, subj.phrase_end)]
        for a, b in spans:  # a person mention under the subject (its name, an apposed name, its phrase)
            for m in self.mentions:
                if m.start < b and a < m.end and id(m) in self.of:
                    return self.of[id(m)]
        lx, gz = self.owner.lx, self.owner.gz
        for a, b in [*subj.appositions, (subj.start_char, subj.end_char)]:
            written = self.text[a:b]
            ent = find_by_name(self.entities, written) or speaker_entity(
                self.text, written, a, self.entities, lx, gz, rule_id="people.quote_speaker" + PARSE_TAG)
            if ent is not None:
                return ent
        if subj.head_upos == "NOUN":  # "Warga setempat menjelaskan": a role, no name (as "kata polisi jaga")
            words = self.text[subj.phrase_start:subj.phrase_end].split()[:4]
            if words[0][1:2].islower():  # "Warga" at a sentence start, not "BPBD"
                words[0] = words[0][0].lower() + words[0][1:]
            return anonymous_speaker(" ".join(words), subj.start_char)
        return None
