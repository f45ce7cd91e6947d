"""The statistical NER model next to the rules: which model spans the pipeline keeps, and
which of them become people.

The model (``pipeline.ner``, labels PER, ORG, LOC) runs in the same spaCy pipeline as the
tokenizer, so each article is tokenized once and ``doc.ents`` holds its spans. Two steps:

1. **Precedence** (:func:`rules_over_model`, registered in spaCy's ``misc`` registry as
   ``pipeline.rules_over_model_filter.v1``, in the manner of spaCy's span filters): a span a
   rule made (an official, a person, a place) wins over every model span it overlaps; model
   spans that overlap no rule span are kept. Rule spans are never changed by the model.
2. **Gate** (:meth:`ModelPeople.mentions`): a kept PER span becomes a person mention only
   when every word looks like part of a name by the rules' own word lists (no stop word,
   honorific, degree, rank, office, organisation body, role noun, place cue; no initials;
   not a regency or province name). The model tags some persons as LOC and some places as
   PER (docs/ner.md), so nothing else of the model's enters people, officials or places.

Kept model spans go to the ``mentions`` table with the model's label and ``rule_id`` = the
model id (``ner_id_news-0.1.0``); persons that only the model found carry that rule_id in
``people`` too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from spacy.tokens import Doc
from spacy.util import registry

from ..extract.lexicon import Lexicon
from ..extract.names import COMMON, NameModel
from ..extract.people import PersonMention
from ..resources.gazetteer import Gazetteer
from .tokens import doc_tokens

_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'-]*(?:['-][^\W\d_]+)*\.?$")
_INNER_CAP = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")  # a glued word ("PDIPHasto"); "McDonald" is rare in this news
_NOT_A_PERSON_LEVELS = ("provinsi", "kabupaten", "kota", "kecamatan")


@dataclass(frozen=True)
class SpanClaim:
    """A span of the article (char offsets) claimed by a rule or by the model."""

    start: int
    end: int
    label: str
    source: str  # rule_id or model id

    def overlaps(self, other: "SpanClaim") -> bool:
        return self.start < other.end and other.start < self.end


def rules_over_model(rule_spans: Iterable[SpanClaim], model_spans: Iterable[SpanClaim]) -> list[SpanClaim]:
    """Every rule span, plus the model spans that overlap no rule span, in text order.

    Empty rule spans (a speaker known only at its cue) claim nothing."""
    rules = [s for s in rule_spans if s.end > s.start]
    covered: list[list[int]] = []  # the rule spans merged into disjoint [start, end) intervals
    for s in sorted(rules, key=lambda s: s.start):
        if covered and s.start < covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], s.end)
        else:
            covered.append([s.start, s.end])
    starts = [c[0] for c in covered]
    out = list(rules)
    for m in model_spans:
        k = bisect.bisect_left(starts, m.end) - 1  # the last interval starting before m ends
        if k < 0 or covered[k][1] <= m.start:
            out.append(m)
    out.sort(key=lambda s: (s.start, s.end))
    return out


@registry.misc("pipeline.rules_over_model_filter.v1")
def make_rules_over_model_filter() -> Callable[[Iterable[SpanClaim], Iterable[SpanClaim]], list[SpanClaim]]:
    return rules_over_model


def _offsets(span) -> Optional[tuple[int, int]]:
    """Char offsets of a span without the whitespace tokens at its ends (a model span may end in "\n\n")."""
    toks = [t for t in span if not t.is_space]
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text)) if toks else None


def model_claims(doc: Doc, source: str) -> list[SpanClaim]:
    """The model's entities as claims (``doc.ents``, whitespace trimmed)."""
    out = []
    for e in doc.ents:
        off = _offsets(e)
        if off is not None:
            out.append(SpanClaim(off[0], off[1], e.label_, source))
    return out


_INITIAL = re.compile(r"^[A-Z]\.$")
_NAME_AFTER_INITIAL = re.compile(r"[ \t]+([A-Z][a-z]{2,})(?![\w'’-])")


def _title(word: str) -> str:
    return word.capitalize() if word.isupper() and len(word) > 2 else word


_DOUBLE_BARREL = re.compile(r"-([A-Z][a-z]{2,})\b(?!-|\s+[A-Z])")


class ModelPeople:
    """The gate from kept model PER spans to person mentions, by the rules' word lists.

    A span is first trimmed of honorifics and degrees at its ends ("Hendri Jaya SE.MM"), then
    kept only if it has ``min_words`` words or more, every word is a name word, it does not
    follow a thing noun ("mobil Toyota Avanza"), it is not the tail of a place name the
    gazetteer knows ("Padang | Lawas Utara"), and it is not alone in its paragraph (a byline)."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, names: Optional[NameModel] = None,
                 min_words: int = 2):
        self.lx = lexicon
        self.gz = gazetteer
        self.names = names
        self.min_words = min_words

    def _trim(self, words: list[str]) -> tuple[int, int]:
        """Honorifics, lower-case words ("apresiasi Gianni ...") and degrees off the span's ends."""
        lx = self.lx
        a, b = 0, len(words)
        while a < b and (words[a].lower() in lx.honorifics or not words[a][:1].isupper()):
            a += 1
        while b > a and (words[b - 1].lower() in lx.degrees or not _NAME_WORD.match(words[b - 1])
                         or not words[b - 1][:1].isupper()):
            b -= 1
        return a, b

    def _unglue(self, words: list[str], text: str) -> list[str]:
        """A name word glued to the next word ("Infantinomenandatangani Host ...") ends the name
        where the article writes the name word alone ("Infantino")."""
        for i, w in enumerate(words):
            if len(w) < 10 or not w[:1].isupper():
                continue
            for k in range(len(w) - 3, 3, -1):
                head = w[:k]
                if w[k:].islower() and w[k:].startswith(self.lx.glued_word_starts) and re.search(r"\b" + re.escape(head) + r"\b", text):
                    return words[:i] + [head]
        return words

    def name_of(self, words: list[str]) -> Optional[str]:
        """The name the words spell, or None when a word is not a name word by the rules."""
        lx = self.lx
        keys = [w.lower() for w in words]
        if not words or len(words) > 6 or len(words) < self.min_words:
            return None
        if all(w.isupper() and len(w.rstrip(".")) <= 3 for w in words):
            return None  # initials ("SL", "IKS")
        if not all(w.isupper() for w in words) and any(
                (w.isupper() and len(w.rstrip(".")) >= 2) or _INNER_CAP.search(w) for w in words):
            return None  # an acronym or a glued word inside a title-case phrase ("Adendum AMDAL", "PDIPHasto")
        for i, (w, k) in enumerate(zip(words, keys)):
            if k in lx.name_particles and 0 < i < len(words) - 1:
                continue
            if not w[:1].isupper() or not _NAME_WORD.match(w):
                return None
            if k in lx.name_stop or k in lx.not_name_words or k in lx.honorifics or k in lx.degrees \
                    or k in lx.office_prefixes:
                return None
            if lx.not_name_shape is not None and lx.not_name_shape.match(k):
                return None
            for trie in (lx.ranks, lx.positions, lx.heads, lx.bodies, lx.person_roles, lx.place_cues,
                         lx.unit_prefixes, lx.unit_aliases):
                m = trie.match(keys, i)
                if m and trie is lx.bodies:
                    written = " ".join(words[i:m[0]])
                    if not any(b.lower() == written.lower() and (not b.isupper() or b == written) for b in m[1].words):
                        continue  # "Brin" of "Sergey Brin" is no "BRIN": an acronym body matches in capitals
                if m:
                    return None
            if k in lx.region_aliases:
                return None
        if lx.company_words and words[-1] in lx.company_words:
            return None  # "Wunderlich Securities": a firm
        name = " ".join(_title(w) for w in words)
        if self.gz.lookup(name, _NOT_A_PERSON_LEVELS):
            return None  # "Bali", "Sleman": the model's PER on a place
        return name

    def _thing_before_bracket(self, doc: Doc, close: int) -> bool:
        """Does a thing noun (alone or with a lower-case adjective) stand before the bracket that
        closes at token ``close`` ("libur panjang (long weekend)")?"""
        k = close
        while k > 0 and doc[k].text != "(" and close - k < 8:
            k -= 1
        if k == 0 or doc[k].text != "(":
            return False
        words = [t for t in doc[max(0, k - 3):k] if not t.is_space][-2:]
        if not words or not words[-1].text.islower():
            return False
        return words[-1].lower_ in self.lx.thing_nouns or (
            len(words) == 2 and words[0].text.islower() and words[0].lower_ in self.lx.thing_nouns)

    def _listed_after_thing_noun(self, doc: Doc, i: int, end: int, longest: int = 30) -> bool:
        """Is the span (tokens i:end) an item of a list of three or more that a thing noun opens
        ("dengan warna Crescent Silver, Nebula White, dan Matte Gray", "tiga varian, Standard
        Range, Long Range Pro, dan ...")? Items are capitalised words (a bracket after one is
        part of it: "Joey Pelupessy (Lommel SK)") joined by commas, "dan", "serta", "atau". Two
        items may be an apposition ("pemilik klub, Sheikh Mansour"): no list."""
        joins = self.lx.list_joins
        seps = 0
        k = i - 1
        depth = 0
        while k >= 0 and i - k <= longest:
            t = doc[k]
            if t.text == ")":
                depth += 1
            elif t.text == "(":
                depth -= 1
            elif depth > 0 or t.is_space:
                pass
            elif t.text == "," or t.lower_ in joins:
                seps += 1 if t.text == "," or doc[k - 1].text != "," else 0
            elif not t.text[:1].isupper():
                break
            k -= 1
        if k < 0 or depth or doc[k].lower_ not in self.lx.thing_nouns:
            return False
        if doc[k + 1].text == ",":
            seps -= 1  # "varian, A, B": the comma after the noun joins no items
        k, depth = end, 0
        while k + 1 < len(doc) and k - end <= longest:  # the items after it
            t = doc[k]
            if t.text in ("(", ")"):
                depth += 1 if t.text == "(" else -1
            elif depth > 0 or t.is_space:
                pass
            elif (t.text == "," or t.lower_ in joins) and doc[k + 1].text[:1].isupper():
                seps += 1
            elif t.text == "," and doc[k + 1].lower_ in joins:
                pass  # ", dan C"
            elif not t.text[:1].isupper():
                break
            k += 1
        return seps >= 2

    def mentions(self, doc: Doc, kept: Iterable[SpanClaim], source: str, sent_of: Callable[[int], int],
                 quote_spans: list[tuple[int, int]]) -> list[PersonMention]:
        out: list[PersonMention] = []
        by_offsets = {_offsets(e): e for e in doc.ents if e.label_ == "PER"}
        text = doc_tokens(doc).text
        for c in kept:
            if c.source != source or c.label != "PER":
                continue
            span = by_offsets.get((c.start, c.end))
            if span is None:
                continue
            toks = [t for t in span if not t.is_space]
            a, b = self._trim([t.text for t in toks])
            if b <= a:
                continue
            toks = toks[a:b]
            words = self._unglue([t.text for t in toks], text)
            if self.names is not None and self.name_of(words) is not None:
                # the name model ends and judges the span the word lists let through ("Prabowo Tegaskan")
                v = self.names.judge(words, sentence_initial=bool(toks[0].is_sent_start))
                if not v.ok:
                    continue
                toks, words = toks[v.start:v.end], words[v.start:v.end]
            name = self.name_of(words)
            if name is None:
                continue
            if self.names is not None and self.names.known_thing(words):
                continue  # "Maung Bandung", "Old Trafford": words the corpus knows, never as a person's
            toks = toks[:len(words)]
            first, last = toks[0], toks[-1]
            start, end = first.idx, last.idx + len(words[-1])
            joined = _DOUBLE_BARREL.match(text, end)
            if joined and not re.search(r"(?<![-\w])" + re.escape(joined.group(1)) + r"\b", text):
                # "Trent Alexander-Arnold": a double-barrelled surname; "Prabowo Subianto-Gibran
                # Rakabuming" (a name goes on) or "Prabowo-Gibran" where the article also writes
                # "Gibran" alone, is two people
                name, end = f"{name}-{joined.group(1)}", joined.end()
            if _INITIAL.match(words[-1]):
                more = _NAME_AFTER_INITIAL.match(text, end)
                if more and self.names is not None and not self.names.breaks_name(more.group(1)) \
                        and self.names.word(more.group(1)).kind != COMMON:
                    name, end = f"{name} {more.group(1)}", more.end()  # "Randy R. Murdoko": the name goes on
            prev = doc[first.i - 1] if first.i > 0 else None
            while prev is not None and prev.is_space and prev.i > 0:
                prev = doc[prev.i - 1]
            if prev is not None and prev.text == ")" and self._thing_before_bracket(doc, prev.i):
                continue  # "libur panjang (long weekend) Isra Mikraj"
            if prev is not None and (prev.lower_ in self.lx.thing_nouns
                                     or (prev.text[:1].isupper() and self.gz.has(f"{prev.text} {name}"))):
                continue
            after = [t for t in doc[last.i + 1:last.i + 4] if not t.is_space and not t.is_punct]
            if after and after[0].lower_.lstrip("-(") in self.lx.nickname_markers:
                continue  # "Bajul Ijo -julukan Persebaya-": the nickname of a club
            if self._listed_after_thing_noun(doc, first.i, last.i + 1):
                continue  # "tiga varian, Standard Range, Long Range Pro", "warna ..., dan Matte Gray"
            ps = text.rfind("\n", 0, start) + 1
            pe = text.find("\n", end)
            pe = len(text) if pe < 0 else pe
            if not any(ch.isalnum() for ch in text[ps:start] + text[end:pe]):
                continue  # the name alone in its paragraph: a byline or photo credit
            pm = PersonMention(start=start, end=end, sentence=sent_of(start), rule_id=source, name=name,
                               position_kind="non_official")
            pm.is_object = prev is not None and self.lx.marks_object(prev.text)
            pm.in_quote = any(qs <= start < qe for qs, qe in quote_spans)
            out.append(pm)
        return out
