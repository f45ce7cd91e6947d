"""The spaCy component (pipeline/spacy_components.py): found through its entry point, its doc
extensions are the API's rows with offsets into ``doc.text``, its span groups carry the rule
ids, and both survive a DocBin round trip and ``nlp.pipe(n_process=2)``."""

import pickle
import subprocess
import sys
from dataclasses import asdict

import pytest
import spacy
from spacy.tokens import DocBin

import pipeline
from pipeline.spacy_components import EXTENSIONS, SPAN_GROUPS, PipelineExtract

from .written_articles import ARTICLES, FLOOD, POLICE, VILLAGE

OFFSETS = ("start_char", "end_char")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("id")
    nlp.add_pipe("pipeline_extract")
    return nlp


def _without(d, keys):
    return {k: v for k, v in d.items() if k not in keys}


def _spans(doc):
    return {g: [(s.start, s.end, s.label_, s.id_, s.kb_id_) for s in doc.spans[g]] for g in SPAN_GROUPS}


def _extensions(doc):
    return {e: getattr(doc._, e) for e in EXTENSIONS}


def test_spacy_finds_the_factory_through_the_entry_point():
    code = ("import sys, spacy; from spacy.language import Language; spacy.blank('id'); "
            "print(Language.has_factory('pipeline_extract'), 'pipeline.api' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]  # registered, and nothing of the pipeline imported for it


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_the_extensions_are_the_api_rows_on_the_doc(nlp, name):
    text = ARTICLES[name]
    doc = nlp(text)
    result = nlp.get_pipe("pipeline_extract").extractor.extract(text)
    a = result.article
    assert doc._.article == _without(asdict(a), {"text"})
    for table in ("people", "officials", "places", "dates", "quotes"):
        rows = [asdict(r) for r in getattr(result, table)]
        got = getattr(doc._, table)
        assert [_without(d, OFFSETS) for d in got] == [_without(d, OFFSETS) for d in rows], table
        for d, row in zip(got, rows):  # the same words, found in doc.text
            if row["end_char"] > row["start_char"]:
                assert doc.text[d["start_char"]:d["end_char"]] == a.text[row["start_char"]:row["end_char"]], table
            else:  # the publication date has no place in the text
                assert (d["start_char"], d["end_char"]) == (0, 0) and row["rule_id"] == "ingest.published"
        plain = (str, int, float, bool, type(None))
        assert all(isinstance(v, plain) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
                   for d in got for v in d.values())
    # one span per row with a place in the text: its rule id, its label, the doc's tokens over it
    for table in ("people", "officials", "places", "quotes"):
        spans, rows = doc.spans[table], getattr(doc._, table)
        assert [s.id_ for s in spans] == [r["rule_id"] for r in rows], table
        for s, r in zip(spans, rows):
            assert s.start_char <= r["start_char"] < r["end_char"] <= s.end_char
    assert {s.label_ for s in doc.spans["officials"]} == {"OFFICIAL"}
    assert [s.kb_id_ for s in doc.spans["quotes"]] == [q["speaker_key"] or "" for q in doc._.quotes]
    assert len(doc.spans["mentions"]) == len(result.mentions)


def test_offsets_move_past_the_header_and_the_noise(nlp):
    """VILLAGE has scraping noise the normalizer drops, POLICE header lines: doc offsets are not the API's."""
    for text, who in ((VILLAGE, "Budi Santoso"), (POLICE, "Rina Kartikasari")):
        doc = nlp(text)
        row = next(p for p in doc._.people if p["name"] == who)
        api = next(p for p in nlp.get_pipe("pipeline_extract").extractor.extract(text).people if p.name == who)
        assert row["start_char"] > api.start_char
        assert who in doc.text[row["start_char"]:row["end_char"]]
        assert who in doc.spans["people"][doc._.people.index(row)].text


def test_a_docbin_round_trip_keeps_extensions_and_spans(nlp):
    docs = list(nlp.pipe([POLICE, FLOOD, VILLAGE, ""]))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(spacy.blank("id").vocab))
    assert [_extensions(d) for d in back] == [_extensions(d) for d in docs]
    assert [_spans(d) for d in back] == [_spans(d) for d in docs]
    assert back[0]._.officials and back[3]._.people == [] and back[3]._.article is None


def test_nlp_pipe_in_two_processes_gives_the_docs_of_one(nlp):
    texts = [POLICE, FLOOD, VILLAGE, "", POLICE]
    one = list(nlp.pipe(texts))
    two = list(nlp.pipe(texts, n_process=2, batch_size=1))
    assert [_extensions(d) for d in two] == [_extensions(d) for d in one]
    assert [_spans(d) for d in two] == [_spans(d) for d in one]
    assert [len(d._.quotes) for d in one] == [3, 2, 3, 0, 3]


def test_the_component_pickles_as_its_settings(nlp):
    comp = nlp.get_pipe("pipeline_extract")
    copy = pickle.loads(pickle.dumps(comp))
    assert isinstance(copy, PipelineExtract) and (copy.rules, copy.ner, copy.parser) == (None, True, None)
    assert copy.extractor is comp.extractor  # one Extractor per settings and process


def test_spacy_loads_the_shipped_pipeline():
    nlp = spacy.load(pipeline.spacy_pipeline_path())
    assert nlp.pipe_names == ["pipeline_extract"] and nlp.lang == "id"
    doc = nlp("Kapolres Pasuruan AKBP Bayu Pratama mengatakan patroli ditambah.")
    assert [(p["name"], p["rank"], p["position"]) for p in doc._.officials] == [("Bayu Pratama", "AKBP", "Kapolres")]
    assert [s.id_ for s in doc.spans["officials"]] == ["people.position_rank_name"]
