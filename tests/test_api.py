"""The Python API (docs/api.md): ``pipeline.Extractor`` gives the rows ``pipeline run`` writes for
the same articles, ``extract_many`` isolates bad items like a run does, keywords win over an
article's metadata lines, and ``pipeline.run`` is the command's function."""

import itertools
import subprocess
import sys
from dataclasses import asdict

import pandas as pd
import pytest

import pipeline
from pipeline.batch import Limits
from pipeline.models import ArticleRow, Mention, PersonRow, QuoteRow
from pipeline.write.tables import TABLES

from .written_articles import ARTICLES, FLOOD, POLICE, VILLAGE

COMPARED = ["articles", "mentions", "people", "officials", "places", "dates", "quotes"]


def keyless(rows):
    """Rows without the person keys, which are made from the article id (its source and text)."""
    return [asdict(r) | {"person_key": None, "speaker_key": None} for r in rows]


@pytest.fixture(scope="module")
def extractor():
    return pipeline.Extractor()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The written articles (and an empty file) as ``pipeline run`` writes them."""
    root = tmp_path_factory.mktemp("api")
    src = root / "in"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "kosong.txt").write_text("", encoding="utf-8")
    result = pipeline.run([src], root / "out", workers=1, formats="parquet")
    return result, {name: pd.read_parquet(root / "out" / f"{name}.parquet") for name in TABLES}


def test_import_pipeline_imports_no_stage():
    code = ("import sys, pipeline; pipeline.__version__; "
            "print(sorted(m for m in ('spacy', 'pandas', 'pydantic', 'pipeline.api', 'pipeline.process') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert pipeline.Extractor.__module__ == "pipeline.api" and pipeline.Result.__module__ == "pipeline.result"


def test_the_api_gives_the_tables_pipeline_run_writes(extractor, written):
    run_result, tables = written
    assert run_result.n_articles == len(ARTICLES) and [e.error for e in run_result.errors] == ["empty"]
    results = [extractor.extract(ARTICLES[name], source=name) for name in sorted(ARTICLES)]  # the run's order
    api = pipeline.tables(results)
    for name in COMPARED:
        corpus_level = ["person_id", "story_id", "statement_id"]  # given across the corpus at the end of a run
        want = tables[name].drop(columns=corpus_level, errors="ignore")
        got = api[name].drop(columns=corpus_level, errors="ignore")
        pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=name)
    # what was compared is there: each article's officials, speakers, places and dates
    assert set(api["officials"]["name"]) == {"Hendra Wiratama", "Rina Kartikasari", "Sugeng Wibisono",
                                            "Slamet Riyadi", "Budi Santoso"}
    assert set(api["quotes"]["speaker_name"]) == {"Hendra Wiratama", "Rina Kartikasari", "Sugeng Wibisono",
                                                 "Slamet Riyadi", "Suparmi", "Budi Santoso"}
    assert {"Mantingan", "Kepuh", "Sawahan"} <= set(api["places"]["name"])
    assert {"2025-03-11", "2025-06-08"} <= set(api["dates"]["value"])
    # person_id is the corpus-level column: the run fills it, a Result leaves it empty
    assert tables["people"]["person_id"].notna().all() and api["people"]["person_id"].isna().all()
    assert list(api["people"].columns) == list(tables["people"].columns)
    assert list(api) == [t for t in TABLES if t not in ("persons", "stories", "statements")]  # corpus-level tables


def test_a_result_holds_typed_rows(extractor):
    r = extractor.extract(POLICE)
    assert isinstance(r.article, ArticleRow) and r.article.source is None and r.ok
    kap = next(p for p in r.officials if p.position == "Kapolres")
    assert isinstance(kap, PersonRow)
    assert (kap.name, kap.rank, kap.unit, kap.rank_level) == ("Hendra Wiratama", "AKBP", "Ngawi", 17)
    q = next(q for q in r.quotes if q.kind == "direct")
    assert isinstance(q, QuoteRow) and q.speaker_key == kap.person_key
    assert r.article.text[q.start_char:q.end_char] == q.text
    assert all(isinstance(m, Mention) and m.raw_start is not None for m in r.mentions)
    # without a source, the id is the text's alone: the same text gives the same id
    assert extractor.extract(POLICE).article_id == r.article_id != extractor.extract(POLICE, source="a.txt").article_id


def test_keywords_win_over_the_metadata_lines(extractor):
    header = extractor.extract(POLICE)
    assert (header.article.title, header.article.published_at) == (
        "Polres Ngawi Siagakan 250 Personel Jelang Arus Mudik", "2025-03-12T09:15")
    kw = extractor.extract(POLICE, title="Judul Lain", published="2026-03-12", url="https://lain.contoh.id/x",
                           author="Ani")
    a = kw.article
    assert (a.title, a.published_at, a.url, a.outlet, a.author) == (
        "Judul Lain", "2026-03-12", "https://lain.contoh.id/x", "contoh.id", "Ani")
    assert a.text == header.article.text  # the header lines are still no part of the body
    # the given date is the one the article's dates are read against: "Selasa (11/3)" of 2026 is a Wednesday
    event = next(d for d in kw.dates if d.kind == "event")
    assert (event.value, event.weekday_consistent) == ("2026-03-11", False)
    assert [d.value for d in kw.dates if d.kind == "publication"] == ["2026-03-12"]
    # a date object is a date
    from datetime import date, datetime

    assert extractor.extract(POLICE, published=date(2026, 3, 12)).article.published_at == "2026-03-12"
    assert extractor.extract(POLICE, published=datetime(2026, 3, 12, 7, 5)).article.published_at == "2026-03-12T07:05"


def test_a_bare_body_with_keywords_gives_the_rows_of_its_header_lines(extractor):
    header, body = POLICE.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in header.splitlines())
    bare = extractor.extract(body, title=meta["TITLE"], published=meta["DATE"], url=meta["SOURCE"].split(" | ")[1])
    full = extractor.extract(POLICE)
    for name in ("people", "places", "dates", "quotes", "mentions"):
        assert keyless(getattr(bare, name)) == keyless(getattr(full, name)), name
    assert bare.quotes and bare.quotes[0].speaker_key == bare.people[0].person_key
    assert asdict(bare.article) | {"article_id": None} == asdict(full.article) | {"article_id": None}


def test_extract_many_never_stops_for_a_bad_item(extractor, monkeypatch):
    monkeypatch.setattr(extractor, "limits", Limits(max_chars=5_000, seconds=0))
    quotes = extractor._proc.quotes
    direct = quotes.direct

    def breaks_on_a_word(text, mentions):  # a stage that fails on one article
        if "MELEDAK" in text:
            raise RuntimeError("boom")
        return direct(text, mentions)

    monkeypatch.setattr(quotes, "direct", breaks_on_a_word)
    items = [POLICE, "", None, {"judul": "x", "isi": "y"}, {"text": FLOOD, "source": "banjir.txt"},
             "MELEDAK. " + VILLAGE, "x " * 3_000, {"title": "no text"}, {"text": VILLAGE, "published": 2025}, VILLAGE]
    out = list(extractor.extract_many(items, batch_size=3))
    assert len(out) == len(items)
    errors = [(r.error.source, r.error.stage, r.error.error) if r.error else None for r in out]
    assert errors == [None, ("item 1", "ingest", "empty"), ("item 2", "ingest", "TypeError"),
                      ("item 3", "ingest", "TypeError"), None, ("item 5", "extract", "RuntimeError"),
                      ("item 6", "ingest", "too_long"), ("item 7", "ingest", "no_body"),
                      ("item 8", "ingest", "TypeError"), None]
    assert all(not r.people and r.article is None for r in out if r.error)
    assert "boom" in out[5].error.message and out[5].error.article_id
    assert out[4].article.source == "banjir.txt"
    assert out[4].people == extractor.extract(FLOOD, source="banjir.txt").people
    assert out[9].quotes == extractor.extract(VILLAGE).quotes
    # an error row is a row of the errors table
    errs = pipeline.tables(out)["errors"]
    assert list(errs["error"]) == [e[2] for e in errors if e] and errs["source"].iloc[0] == "item 1"
    # extract() of one bad text raises, with the same row
    with pytest.raises(pipeline.ExtractError) as exc:
        extractor.extract("   \n")
    assert exc.value.error.error == "empty"


def test_extract_many_is_lazy_and_batched(extractor):
    """An endless stream: the generator reads a batch, not everything, before its first Result."""
    first = next(extractor.extract_many(itertools.repeat(VILLAGE), batch_size=2))
    assert first.ok and first.quotes


def test_two_processes_give_the_results_of_one(extractor):
    items = [POLICE, {"text": FLOOD, "source": "banjir.txt"}, "", VILLAGE, {"text": POLICE, "title": "T"}]
    one = list(extractor.extract_many(items))
    two = list(extractor.extract_many(items, n_process=2, batch_size=1))
    assert two == one
    assert [r.ok for r in one] == [True, True, False, True, True] and one[4].article.title == "T"


def test_run_refuses_bad_options_before_anything_is_written(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(VILLAGE, encoding="utf-8")
    out = tmp_path / "out"
    for kw, option in (({"formats": "parquet,xlsx"}, "formats"), ({"engine": "spark"}, "engine"),
                       ({"scheduler": "tcp://x:8786"}, "scheduler"), ({"parser": "udpipe"}, "parser")):
        with pytest.raises(pipeline.OptionError) as exc:
            pipeline.run([src], out, workers=1, **kw)
        assert exc.value.option == option
    with pytest.raises(FileNotFoundError):
        pipeline.run([tmp_path / "missing"], out, workers=1)
    from pipeline.rules import RuleError

    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "mine.yaml").write_text("version: 1\nranks: 3\n", encoding="utf-8")
    with pytest.raises(RuleError):
        pipeline.run(src, out, rules=bad, workers=1)
    assert not out.exists()
