"""One article through every stage: ingest metadata -> normalize -> nlp -> extract ->
resolve. Returns plain rows for the writer; never raises for bad input (the runner turns
exceptions into ``errors`` rows naming the file and the stage).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from datetime import date
from pathlib import Path
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Optional, Sequence, Union

from .extract.dates import DateFinder
from .extract.lexicon import Lexicon, build_lexicon
from .extract.names import NameModel
from .extract.people import PeopleScanner
from .extract.places import PlaceFinder
from .extract.quotes import QuoteFinder, quote_spans
from .extract.tickets import ticket_mentions
from .ingest.metadata import find_dateline, parse_metadata
from .models import ArticleMeta, DateRow, Mention, PersonRow, QuoteRow, RawRecord
from .nlp.language import build_nlp
from .nlp.tokens import doc_tokens
from .nlp.ner import ModelPeople, SpanClaim, model_claims, rules_over_model
from .normalize import compile_noise, compile_unglue, normalize_text
from .normalize.offsets import OffsetText
from .normalize.cleaner import glued_function_words
from .normalize.glued import GluedWordSplitter
from .resolve.people import (Entity, expand_honorific_names, initials_holders, join_aliases, make_unit_key,
                             resolve_people, settle_spellings, written_as_class)
from .resolve.appositions import abbreviated_positions, is_abbreviation, join_office_appositions
from .resolve.places import link_places
from .resolve.speakers import SpeakerResolver
from .resources.gazetteer import Gazetteer, load_gazetteer
from .resources.wordstats import load_wordstats
from .rules.loader import RuleSet

if TYPE_CHECKING:  # the parse is optional (--parser): stanza is imported only when one is asked for
    from .nlp.parser import ParseProvider

MODEL_VERSION = "rules"
# Docs the NER model runs on at once in ``process_many``. Larger batches are no faster on CPU
# here, and 100 at once took a worker's peak RSS from 468 MB to 1,058 MB (docs/performance.md).
NLP_BATCH = 8


class StageError(Exception):
    def __init__(self, stage: str, exc: BaseException):
        super().__init__(f"{stage}: {type(exc).__name__}: {exc}")
        self.stage = stage
        self.exc = exc


@dataclass
class Prepared:
    """An article after ingest and normalize: what the spaCy pipeline and the extraction need."""

    rec: RawRecord
    aid: str
    meta: ArticleMeta
    ot: OffsetText

    @property
    def text(self) -> str:
        return self.ot.text


@dataclass
class ArticleResult:
    article: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)


def article_id(rec: RawRecord) -> str:
    """Stable id: the same source path and content give the same id on every machine."""
    h = hashlib.sha1()
    h.update(rec.source.replace("\\", "/").encode("utf-8"))
    h.update(b"\0")
    h.update(rec.text.encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()[:16]


def build_name_model(rules: RuleSet, lexicon: Optional[Lexicon] = None, gazetteer: Optional[Gazetteer] = None,
                     wordstats: Optional[str] = None) -> NameModel:
    """The name model of ``rules`` over the shipped word statistics (or those at ``wordstats``)."""
    lx = lexicon or build_lexicon(rules)
    gz = gazetteer or load_gazetteer(tuple((a.short, a.long) for a in rules.name_abbreviations))
    return NameModel(lx, gz, load_wordstats(wordstats), rules.name_model)


class Processor:
    """Holds what is built once per process: rules, spaCy pipeline (with the NER model unless
    ``ner`` is false), lexicon, gazetteer. ``ner_model`` is a spaCy pipeline folder with a
    ``ner`` component (default: the shipped model, ``pipeline.ner.model_path()``). ``parser``
    (``"stanza"`` or a :class:`~pipeline.nlp.parser.ParseProvider`) gives the quotes the rules
    leave without a speaker the subject of their speech verb (docs/stanza.md); default none."""

    def __init__(self, rules: RuleSet, gazetteer: Optional[Gazetteer] = None, ner: bool = True,
                 ner_model: Optional[Path] = None, parser: Union[str, "ParseProvider", None] = None):
        self.rules = rules
        self.ner_id: Optional[str] = None
        if ner:
            from .ner import model_id, model_path

            path = Path(ner_model) if ner_model is not None else model_path()
            if not (path / "meta.json").is_file():
                raise FileNotFoundError(f"no NER model at {path}: train one with `pipeline ner train --out {path}`"
                                        " or run without the model (--no-ner)")
            self.nlp = build_nlp(rules, path)
            self.ner_id = model_id(self.nlp)
        else:
            self.nlp = build_nlp(rules)
        self.noise = compile_noise(rules)
        self.unglue = compile_unglue(rules)
        self.function_words = glued_function_words(rules)
        self.lx: Lexicon = build_lexicon(rules, self.nlp.tokenizer)
        self.gz = gazetteer or load_gazetteer(tuple((a.short, a.long) for a in rules.name_abbreviations))
        self.splitter = GluedWordSplitter.from_rules(rules, load_wordstats(), self.gz.has)
        self.names = build_name_model(rules, self.lx, self.gz)
        self.people = PeopleScanner(self.lx, self.gz, self.names)
        self.places = PlaceFinder(self.lx, self.gz, self.names, self.splitter.p.max_whole_cap)
        self.dates = DateFinder(self.lx)
        self.quotes = QuoteFinder(self.lx)
        self.unit_key = make_unit_key(self.lx, self.gz)
        enum = "|".join(r"\s+".join(map(re.escape, w.split())) for w in self.lx.enumeration_words) or r"(?!x)x"
        self._enumeration = re.compile(rf"\b(?:{enum})\s*:?\s*$", re.I)  # "yaitu X dan Y": people listed
        self.model_people = ModelPeople(self.lx, self.gz, self.names)
        self.speakers = SpeakerResolver(self.lx, self.gz, self.names)
        self.parse_speakers = None
        if parser is not None:
            from .nlp.parser import load_parser
            from .resolve.parse_speakers import ParseSpeakers

            self.parse_speakers = ParseSpeakers(load_parser(parser) if isinstance(parser, str) else parser,
                                                self.lx, self.gz)

    def process(self, rec: RawRecord) -> ArticleResult:
        return self.process_prepared(rec)[0]

    def process_prepared(self, rec: RawRecord) -> tuple[ArticleResult, "Prepared"]:
        """:meth:`process`, and the article as prepared (its offset map back to the raw body)."""
        prep = self.prepare(rec)
        try:
            doc = self.nlp(prep.text)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an errors row
            raise StageError("nlp", exc) from exc
        return self.extract(prep, doc), prep

    def prepare(self, rec: RawRecord) -> "Prepared":
        """Ingest and normalize: the text the spaCy pipeline runs on. Raises :class:`StageError`."""
        stage = "ingest"
        try:
            meta = parse_metadata(rec)
            aid = article_id(rec)
            stage = "normalize"
            ot = normalize_text(meta.body, self.noise, self.unglue, meta.title, self.function_words,
                                self.splitter)
            meta.dateline = meta.dateline or find_dateline(ot.text)
            return Prepared(rec, aid, meta, ot)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an errors row
            raise StageError(stage, exc) from exc

    def extract(self, prep: "Prepared", doc) -> ArticleResult:
        """Extract and resolve on the article's doc. Raises :class:`StageError`."""
        try:
            return self._extract(prep.aid, prep.rec, prep.meta, prep.text, doc, prep.ot)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an errors row
            raise StageError("extract", exc) from exc

    def process_many(self, recs: Sequence[RawRecord],
                     guard: Optional[Callable[[int], ContextManager[Any]]] = None) -> list[Union[ArticleResult, StageError]]:
        """Like :meth:`process` for each record, with the spaCy pipeline (and the NER model) run
        once over the batch (``nlp.pipe``). One result per record, in order: its rows, or the
        :class:`StageError` that stopped it; a failing article never stops the others.

        ``guard(n)``, if given, wraps the work for ``n`` articles (a time limit: batch.py); what
        it raises counts as a failure of that step. If the batched nlp step fails, each article
        goes through the spaCy pipeline alone, so only the article that fails gets an error."""
        guard = guard or (lambda _n: nullcontext())
        out: list[Union[ArticleResult, StageError, None]] = [None] * len(recs)
        preps: list[tuple[int, Prepared]] = []
        for k, rec in enumerate(recs):
            try:
                with guard(1):
                    preps.append((k, self.prepare(rec)))
            except StageError as exc:
                out[k] = exc
            except Exception as exc:  # noqa: BLE001 - the guard's own error (a time limit)
                out[k] = StageError("normalize", exc)
        docs: Optional[list] = None
        if preps:
            try:
                with guard(len(preps)):
                    docs = list(self.nlp.pipe([p.text for _k, p in preps], batch_size=NLP_BATCH))
            except Exception:  # noqa: BLE001 - redo one by one: only the article that fails fails
                docs = None
        for n, (k, prep) in enumerate(preps):
            try:
                with guard(1):
                    if docs is not None:
                        doc = docs[n]
                    else:
                        try:
                            doc = self.nlp(prep.text)
                        except Exception as exc:  # noqa: BLE001
                            raise StageError("nlp", exc) from exc
                    out[k] = self.extract(prep, doc)
            except StageError as exc:
                out[k] = exc
            except Exception as exc:  # noqa: BLE001 - the guard's own error (a time limit)
                out[k] = StageError("extract", exc)
            if docs is not None:
                docs[n] = None  # each doc is let go once its rows are made
        return out  # type: ignore[return-value]

    def _add_model_spans(self, doc, pmentions, place_rows, sent_of, qspans):
        """Rule spans win over overlapping model spans (``rules_over_model``); kept PER spans that
        pass the name gate join the person mentions. Returns the mentions (in text order) and the
        model's other kept spans (ORG, LOC) for the mentions table."""
        if self.ner_id is None:
            return pmentions, []
        rule_spans = [SpanClaim(m.start, m.end, "PERSON", m.rule_id) for m in pmentions]
        rule_spans += [SpanClaim(p.start_char, p.end_char, "PLACE", p.rule_id) for p in place_rows]
        kept = [c for c in rules_over_model(rule_spans, model_claims(doc, self.ner_id)) if c.source == self.ner_id]
        found = self.model_people.mentions(doc, kept, self.ner_id, sent_of, qspans)
        if found:
            pmentions = sorted(pmentions + found, key=lambda m: m.start)
        return pmentions, [c for c in kept if c.label != "PER"]

    def _extract(self, aid, rec, meta, text, doc, ot) -> ArticleResult:
        published = _date_of(meta.published_at)
        sent_of = _sentence_index(doc)
        qspans = [(s, e) for s, e, _p in quote_spans(text)]
        pmentions = self.people.scan(doc, qspans)
        place_rows = link_places(self.places.find(doc, meta.dateline), self.gz,
                                 self.places.outlet_region(meta.outlet, meta.url))
        pmentions, model_spans = self._add_model_spans(doc, pmentions, place_rows, sent_of, qspans)
        tickets = ticket_mentions(doc, pmentions, self.names, self.lx, qspans)
        if tickets:  # "Prabowo-Gibran unggul atas Anies-Muhaimin"
            pmentions = sorted(pmentions + tickets, key=lambda m: m.start)
        foreign = self.names.not_prose(text)
        if foreign:  # a prayer in transliteration, a ranked list: a bare name there is no person's
            pmentions = [m for m in pmentions if m.rank or m.position or m.honorific
                         or not any(s <= m.start < e for s, e in foreign)]
        # "yaitu Caswiyono dan Risharyudi", "seperti Nia, Jennifer, dan Sally": people listed, no one in focus
        mark_name_lists(pmentions, text, self.lx.list_joins, self._enumeration)
        join_office_appositions(pmentions, text, self.names)
        abbreviated_positions(pmentions, text)
        join_aliases(pmentions, text, self.lx)
        entities, of = resolve_people(pmentions, self.unit_key)
        pmentions = [m for m in pmentions if not m.in_building]  # they told a holder's unit; no one speaks there
        expand_honorific_names(entities, text, self.lx, self.gz)
        settle_spellings(entities, text)
        date_cands = self.dates.find(text, published)
        direct = self.quotes.direct(text, pmentions)
        indirect = self.quotes.indirect(doc, text, pmentions, qspans)

        res = ArticleResult(article=dict(
            article_id=aid, source=rec.source, outlet=meta.outlet, title=meta.title, author=meta.author,
            url=meta.url, published_at=meta.published_at, dateline=meta.dateline, text=text, n_tokens=len(doc)))

        # who said it (resolve/speakers.py); statements of institutions are no quotes
        parsed = self.parse_speakers.article(text, pmentions, of, entities, qspans) if self.parse_speakers else None
        org_spans = [(c.start, c.end) for c in model_spans if c.label == "ORG"]
        attributions = self.speakers.attribute(text, direct + indirect, pmentions, of, entities, qspans,
                                               org_spans, parsed)
        attributed = [(a.quote, a.entity) for a in attributions if not a.institution]
        merged = initials_holders(entities, text)  # "KIP, Gubernur Jawa Timur": the office of Khofifah Indar Parawansa
        if merged:
            attributed = [(q, merged.get(id(ent), ent)) for q, ent in attributed]
        # An office written with neither a holder's name nor a unit ("Kepala Desa" in a story
        # about village heads in general) is no one in particular, unless that holder speaks or
        # is one of a list of attending offices.
        # The same for an office the article also writes as a class ("para Bhabinkamtibmas",
        # "Kades se-Kecamatan Abab"): its bare mentions are the class, even in a list.
        speaking = {id(ent) for _q, ent in attributed if ent is not None}
        # An office with one holder in the country ("Presiden", "Menteri Dalam Negeri") or one
        # addressed with an honorific ("Pak Gubernur") is that holder.
        entities = [e for e in entities
                    if e.name or e.unit or ((id(e) in speaking or any(m.in_list or m.one_holder or m.honorific
                                                                      for m in e.mentions))
                                            and not written_as_class(e.position, text, self.lx))]
        keys: dict[int, str] = {}
        used: set[str] = set()
        for e in entities:
            row = _person_row(e, aid)
            n = 0
            while row.person_key in used:  # one key per row: the DuckDB primary key
                n += 1
                row.person_key = e.key(aid, n)
            used.add(row.person_key)
            keys[id(e)] = row.person_key
            res.people.append({"article_id": aid, **_fields(row)})
        for q, ent in attributed:
            row = QuoteRow(kind=q.kind, text=q.text, cue=q.cue, speaker=q.speaker_text, paragraph=q.paragraph,
                           start_char=q.start, end_char=q.end, rule_id=q.rule_id)
            if ent is not None:
                row.speaker_name = ent.name
                row.speaker_position = ent.position
                row.speaker_unit = ent.unit
                row.speaker_key = keys.get(id(ent))
                if row.speaker is None:
                    row.speaker = ent.name or " ".join(x for x in (ent.position, ent.unit) if x) or ent.best("role")
            res.quotes.append({"article_id": aid, **_fields(row)})
        # places and dates
        seen_places = set()
        for p in place_rows:  # once per article and (name, level); every span stays in mentions
            k = (p.name.lower(), p.level)
            if k not in seen_places:
                seen_places.add(k)
                res.places.append({"article_id": aid, **_fields(p)})
        seen_dates = set()
        for d in date_cands:
            if d.value in seen_dates and d.kind != "publication":
                continue
            seen_dates.add(d.value)
            row = DateRow(text=d.text, value=d.value, kind=d.kind, weekday_consistent=d.weekday_consistent,
                          start_char=d.start, end_char=d.end, rule_id=d.rule_id)
            res.dates.append({"article_id": aid, **_fields(row)})
        if meta.published_at:
            res.dates.append({"article_id": aid, **_fields(DateRow(
                text=meta.published_raw or meta.published_at, value=meta.published_at[:10], kind="publication",
                start_char=0, end_char=0, rule_id="ingest.published"))})
        # mentions: every entity span, with its sentence and rule
        for m in pmentions:
            label = "OFFICIAL" if m.is_official else ("COLLECTIVE" if m.position_kind == "collective" else "PERSON")
            res.mentions.append(_mention(aid, label, text, m.start, m.end, sent_of, m.rule_id, ot))
        for p in place_rows:
            res.mentions.append(_mention(aid, "PLACE", text, p.start_char, p.end_char, sent_of, p.rule_id, ot))
        for c in model_spans:  # the model's ORG and LOC spans that no rule span overlaps
            res.mentions.append(_mention(aid, c.label, text, c.start, c.end, sent_of, c.source, ot))
        for d in date_cands:
            res.mentions.append(_mention(aid, "DATE", text, d.start, d.end, sent_of, d.rule_id, ot))
        for q in res.quotes:
            res.mentions.append(_mention(aid, "QUOTE", text, q["start_char"], q["end_char"], sent_of, q["rule_id"], ot))
        return res


_SCALAR = (str, int, float, bool, type(None))



@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _fields(row) -> dict[str, Any]:
    """``dataclasses.asdict`` for the flat row dataclasses of models.py, without its recursive
    deep copy (lists are copied; anything else nested goes through ``asdict``)."""
    out: dict[str, Any] = {}
    for name in _field_names(type(row)):
        v = getattr(row, name)
        if isinstance(v, list) and all(isinstance(x, _SCALAR) for x in v):
            v = list(v)
        elif not isinstance(v, _SCALAR):
            return asdict(row)
        out[name] = v
    return out


def mark_name_lists(mentions: list, text: str, joins: set[str], enumeration: Optional[re.Pattern] = None,
                    least: int = 3) -> None:
    """Named people in a row, joined by commas and "dan" (with names the model missed between
    them): three or more, or two after an enumeration word ("seperti Nia Ramadhani, Jennifer
    Bachdim, Dr Irene, dan Sally Adelia"), are listed: none of them is in focus."""
    run: list = []

    def close() -> None:
        listed = bool(run) and enumeration is not None and enumeration.search(
            text, max(0, run[0].start - 25), run[0].start) is not None
        if len(run) >= least or (listed and len(run) >= 2):
            for m in run:
                m.in_list = True

    for m in mentions:
        if run and m.name and m.sentence == run[-1].sentence and _joined(text[run[-1].end:m.start], joins):
            run.append(m)
            continue
        close()
        run = [m] if m.name else []
    close()


def _joined(gap: str, joins: set[str]) -> bool:
    """A gap between two listed names: commas, list words and other capitalised names."""
    words = gap.replace(",", " , ").split()
    if len(words) == 1 and words[0].lower() in joins:
        return True
    return "," in words and len(words) <= 12 and all(
        w == "," or w.lower() in joins or (w[:1].isupper() and w.replace(".", "").isalpha()) for w in words)


def _person_row(e: Entity, aid: str) -> PersonRow:
    first = e.first
    degrees: list[str] = []
    for m in e.mentions:
        for d in m.degrees:
            if d not in degrees:
                degrees.append(d)
    rank_m = next((m for m in sorted(e.mentions, key=lambda m: m.start) if m.rank), None)
    pos_m = next((m for m in sorted(e.mentions, key=lambda m: (m.position_kind != "official", m.unit is None, m.start))
                  if m.position), None)
    position = pos_m.position if pos_m else None
    if position and len(position.split()) > 1:
        # "juru bicara KPK, Budi" ... "Jubir KPK Budi": the abbreviation, as with "Full form (Abbrev)"
        position = next((m.position for m in e.mentions if m.position and m.position != position
                         and len(m.position.split()) < len(position.split()) and is_abbreviation(m.position, position)),
                        position)
    return PersonRow(
        person_key=e.key(aid), name=e.name,
        rank=rank_m.rank if rank_m else None, rank_full=rank_m.rank_full if rank_m else None,
        rank_level=rank_m.rank_level if rank_m else None,
        position=position,
        position_full=(pos_m.position_full or (pos_m.position if position != pos_m.position else None)) if pos_m else None,
        unit=pos_m.unit if pos_m else None, institution=pos_m.institution if pos_m else None,
        degrees=degrees, honorific=e.best("honorific"), role=e.best("role"), is_official=e.is_official,
        start_char=first.start, end_char=first.end, rule_id=first.rule_id, n_mentions=len(e.mentions))


def _mention(aid, label, text, s, e, sent_of, rule, ot) -> dict[str, Any]:
    rs, re_ = ot.raw_span(s, e)
    return {"article_id": aid, **_fields(Mention(label, text[s:e], s, e, sent_of(s), rule)),
            "raw_start": rs, "raw_end": re_}


def _sentence_index(doc):
    return doc_tokens(doc).sentence_of


def _date_of(iso: Optional[str]) -> Optional[date]:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None
