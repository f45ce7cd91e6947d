"""The faster paths give what the plain ones gave: sentence starts, the token table, name
resolution in long texts, and the batch entry point with per-article error isolation."""

from __future__ import annotations

import time

import pandas as pd

from pipeline.batch import Limits, process_batch
from pipeline.models import RawRecord
from pipeline.nlp.language import sentence_starts
from pipeline.nlp.tokens import doc_tokens
from pipeline.process import StageError
from pipeline.resolve.people import resolve_people

TEXT = ('Kapolres Pasuruan AKBP Bayu Pratama S.H. mengatakan patroli ditambah. "Kami siap. Semua aman," '
        'ujarnya. Lalu pergi ke Kec. Lumbang!\n\nBupati Pasuruan Ipuk hadir? ya. Kapolres Bayu menambahkan, '
        'warga bernama Sutrisno (45) ikut.')


def _old_starts(doc) -> list[bool]:
    """The rule as it was written per token (Token.is_sent_start), kept here as the reference."""
    ends = {".", "!", "?", "...", "!!", "?!", "!?"}

    def opens(i):
        if i >= len(doc):
            return False
        t = doc[i].text
        return t[:1].isupper() or t[:1].isdigit() or t == '"' or "\n" in t

    out, in_quote, start_next = [], False, True
    for i, tok in enumerate(doc):
        if tok.is_space and "\n" in tok.text:
            in_quote, start_next = False, True
            out.append(i == 0)
            continue
        out.append(start_next if i > 0 else True)
        start_next = False
        if tok.text == '"':
            in_quote = not in_quote
            if not in_quote and i > 0 and doc[i - 1].text in ends:
                start_next = opens(i + 1)
        elif tok.text in ends and not in_quote:
            start_next = opens(i + 1)
    return out


def test_sentence_starts_follow_the_per_token_rule(processor):
    doc = processor.nlp(TEXT)
    assert [t.is_sent_start for t in doc] == _old_starts(doc)
    sents = [s.text for s in doc.sents]
    assert sents[0].startswith("Kapolres Pasuruan") and sents[0].endswith("ditambah.")
    assert sents[1].startswith('"Kami siap. Semua aman,"')  # no break inside the quote
    assert any(s.startswith("Bupati Pasuruan Ipuk hadir?") for s in sents)  # after the paragraph break
    assert not any(s.startswith("ya.") for s in sents)  # a lower-case word does not open a sentence
    assert "Kec. Lumbang" in TEXT and not any(s.startswith("Lumbang") for s in sents)


def test_sentence_starts_on_plain_lists():
    assert sentence_starts(["A", ".", "B", "x"], [False] * 4) == [True, False, True, False]
    assert sentence_starts(["\n\n", "a", "!", "b"], [True, False, False, False]) == [True, True, False, False]
    assert sentence_starts(['"', "A", ".", '"', "B"], [False] * 5) == [True, False, False, False, True]


def test_doc_tokens_match_the_doc(processor):
    doc = processor.nlp(TEXT)
    dt = doc_tokens(doc)
    assert dt.text == doc.text
    assert dt.texts == [t.text for t in doc] and dt.idx == [t.idx for t in doc]
    assert dt.keys == [t.text.lower() for t in doc]
    assert dt.sents == [(s.start, s.end) for s in doc.sents]
    assert [dt.sentence_of(s.start_char) for s in doc.sents] == list(range(len(dt.sents)))
    assert doc_tokens(doc) is dt  # built once per doc


def test_scan_finds_people_after_lower_case_words(processor):
    doc = processor.nlp("kemarin warga bernama Sutrisno datang bersama Kapolres Pasuruan AKBP Bayu Pratama, "
                        "ada yang bernama Joko Susilo di sana.")
    found = {(m.name, m.rule_id) for m in processor.people.scan(doc, [])}
    assert ("Sutrisno", "people.role_name") in found  # a lower-case role noun starts the pattern
    assert ("Joko Susilo", "people.named") in found  # a lower-case naming word starts the pattern
    assert ("Bayu Pratama", "people.position_rank_name") in found


def test_one_person_named_many_times_is_one_entity_with_the_fullest_name(processor):
    text = "Kapolres Pasuruan AKBP Bayu Pratama Putra hadir, " + "AKBP Bayu hadir, " * 300 + "Bayu Pratama hadir."
    doc = processor.nlp(text)
    entities, of = resolve_people(processor.people.scan(doc, []))
    bayu = [e for e in entities if e.name and "Bayu" in e.name]
    assert len(bayu) == 1 and bayu[0].name == "Bayu Pratama Putra" and len(bayu[0].mentions) >= 300
    # a rank of another level is another person
    doc = processor.nlp("AKBP Bayu Pratama hadir. Bripda Bayu Pratama juga hadir.")
    entities, _of = resolve_people(processor.people.scan(doc, []))
    assert len([e for e in entities if e.name == "Bayu Pratama"]) == 2


ARTICLES = [
    "Kapolsek Ponggok AKP Bagus Santoso hadir di Desa Dadaplangu, Senin (14/7/2025).",
    "Bupati Blitar Rini Syarifah meninjau banjir. \"Kami kirim bantuan,\" kata Rini.",
    "Camat Lumbang Sutrisno membuka acara di Kecamatan Lumbang.",
]


def test_process_many_gives_what_process_gives(processor):
    recs = [RawRecord(f"a{i}.txt", "txt", t) for i, t in enumerate(ARTICLES)]
    many = processor.process_many(recs)
    for rec, res in zip(recs, many):
        one = processor.process(rec)
        assert res.article == one.article and res.mentions == one.mentions and res.quotes == one.quotes
        assert res.people == one.people and res.places == one.places and res.dates == one.dates


def test_one_failing_article_in_a_batch_is_one_errors_row(processor, tmp_path, monkeypatch):
    real = processor.extract

    def extract(prep, doc):
        if prep.rec.source == "bad.txt":
            raise ValueError("boom")
        return real(prep, doc)

    monkeypatch.setattr(processor, "extract", lambda prep, doc: _stage(extract, prep, doc))
    items = [RawRecord("a.txt", "txt", ARTICLES[0]), RawRecord("bad.txt", "txt", ARTICLES[1]),
             RawRecord("c.txt", "txt", ARTICLES[2])]
    done = process_batch(processor, tmp_path, 0, items)
    assert done.n_articles == 2 and [e.status for e in done.entries] == ["article", "error", "article"]
    assert [(e.source, e.stage, e.error) for e in done.errors] == [("bad.txt", "extract", "ValueError")]
    arts = pd.read_parquet(tmp_path / "_parts" / "articles" / "part-00000000.parquet")
    assert sorted(arts["source"]) == ["a.txt", "c.txt"]
    errs = pd.read_parquet(tmp_path / "_parts" / "errors" / "part-00000000.parquet")
    assert list(errs["source"]) == ["bad.txt"] and "boom" in errs["message"][0]


def _stage(fn, prep, doc):
    try:
        return fn(prep, doc)
    except Exception as exc:
        raise StageError("extract", exc) from exc


def test_a_failing_batch_nlp_step_falls_back_to_one_article_at_a_time(processor, monkeypatch):
    nlp = processor.nlp

    class Flaky:
        def pipe(self, texts, **kw):
            raise RuntimeError("batch failed")

        def __call__(self, text):
            if "Rini" in text:
                raise RuntimeError("this one fails")
            return nlp(text)

    monkeypatch.setattr(processor, "nlp", Flaky())
    recs = [RawRecord(f"a{i}.txt", "txt", t) for i, t in enumerate(ARTICLES)]
    out = processor.process_many(recs)
    assert isinstance(out[1], StageError) and out[1].stage == "nlp"
    assert out[0].article["source"] == "a0.txt" and out[2].article["source"] == "a2.txt"


def test_the_time_limit_still_holds_per_article(processor, tmp_path, monkeypatch):
    real = processor.extract

    def slow(prep, doc):
        if prep.rec.source == "slow.txt":
            try:
                time.sleep(5)
            except Exception as exc:  # the time limit fires inside the stage
                raise StageError("extract", exc) from exc
        return real(prep, doc)

    monkeypatch.setattr(processor, "extract", slow)
    items = [RawRecord("slow.txt", "txt", ARTICLES[0]), RawRecord("ok.txt", "txt", ARTICLES[2])]
    done = process_batch(processor, tmp_path, 0, items, Limits(seconds=0.3))
    assert done.n_articles == 1
    assert [(e.source, e.stage, e.error) for e in done.errors] == [("slow.txt", "extract", "ArticleTimeout")]
    assert "--article-timeout" in done.errors[0].message


def test_too_long_articles_are_error_rows_before_any_work(processor, tmp_path):
    items = [RawRecord("long.txt", "txt", "x " * 600), RawRecord("ok.txt", "txt", ARTICLES[0])]
    done = process_batch(processor, tmp_path, 0, items, Limits(max_chars=1000))
    assert [(e.source, e.error) for e in done.errors] == [("long.txt", "too_long")] and done.n_articles == 1


def test_row_dicts_are_what_asdict_gives():
    from dataclasses import asdict

    from pipeline.models import DateRow, Mention, PersonRow, PlaceRow, QuoteRow
    from pipeline.process import _fields

    rows = [Mention("PERSON", "Bayu", 0, 4, 0, "people.named"),
            PersonRow("k1", name="Bayu", degrees=["S.H.", "M.Si."], rank_level=3, is_official=True),
            PlaceRow("Lumbang", "kecamatan", link_score=0.5), DateRow("Senin", "2025-07-14", "event", True),
            QuoteRow("direct", "Kami siap", speaker="Bayu")]
    for row in rows:
        assert _fields(row) == asdict(row)
    person = rows[1]
    d = _fields(person)
    d["degrees"].append("x")
    assert person.degrees == ["S.H.", "M.Si."]  # a copy, as asdict makes


def test_phrase_trie_longest_match():
    from pipeline.extract.lexicon import PhraseTrie

    t = PhraseTrie()
    t.add("Kepala Desa", "kades")
    t.add("Kepala", "head")
    t.add("Kepala Dinas Pendidikan", "kadisdik")
    keys = ["kepala", "dinas", "pendidikan", "kepala", "desa", "x"]
    assert t.match(keys, 0) == (3, "kadisdik")
    assert t.match(keys, 3) == (5, "kades")
    assert t.match(["kepala", "dinas"], 0) == (1, "head")  # the longest complete phrase
    assert t.match(keys, 5) is None and t.match(keys, 6) is None and t.match([], 0) is None


def test_text_between_is_the_text_between_offsets(processor):
    from pipeline.extract.people import text_between

    doc = processor.nlp(TEXT)
    assert text_between(doc, 9, 17) == TEXT[9:17] == "Pasuruan"
