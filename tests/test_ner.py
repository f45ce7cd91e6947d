"""The shipped NER model, the corpus conversion, and `pipeline ner train/evaluate` on a tiny corpus."""

from __future__ import annotations

import json

import pytest
import spacy
from typer.testing import CliRunner

from pipeline.ner import LABELS, load_model, model_id, model_path
from pipeline.ner.cli import ner_app
from pipeline.ner.convert import CORPORA, FormatError, bio_spans, convert, read_corpus
from pipeline.ner.evaluate import score_spans

# --- the shipped model ------------------------------------------------------------------------------------

# Sentences written for this test (fictional people and villages); each with the entities the model must find.
SHIPPED_CASES = [
    ("Joko Susilo, warga Desa Sukamaju, bekerja di Universitas Gadjah Mada sejak 2010.",
     {("Joko Susilo", "PER"), ("Universitas Gadjah Mada", "ORG")}),
    ("Dewi Lestari, dosen Institut Teknologi Bandung, menjadi pembicara dalam seminar itu.",
     {("Dewi Lestari", "PER"), ("Institut Teknologi Bandung", "ORG")}),
    ("Sekretaris PT Sumber Makmur, Hendra Wijaya, membantah tuduhan tersebut.",
     {("PT Sumber Makmur", "ORG"), ("Hendra Wijaya", "PER")}),
    ("Ahmad Ghozali warga Dusun Kronto mengaku melihat kejadian itu.",
     {("Ahmad Ghozali", "PER"), ("Dusun Kronto", "LOC")}),
    ("Menurut Bambang Hartono, Bank Indonesia akan menaikkan suku bunga bulan depan.",
     {("Bambang Hartono", "PER"), ("Bank Indonesia", "ORG")}),
    ("Polisi menangkap Ahmad Fauzi di Surabaya, Jawa Timur, pada Senin malam.",
     {("Ahmad Fauzi", "PER"), ("Surabaya", "LOC")}),
]


@pytest.fixture(scope="module")
def shipped():
    return load_model()


def test_shipped_model_is_a_loadable_spacy_pipeline_with_three_labels(shipped):
    path = model_path()
    assert path.is_dir() and (path / "meta.json").is_file()
    assert isinstance(shipped, spacy.language.Language)  # load_model() is spacy.load(model_path())
    assert shipped.pipe_names[-1] == "ner" and set(shipped.get_pipe("ner").labels) == set(LABELS)
    assert model_id(shipped).startswith("ner_id_news-")
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= 25 * 1024 * 1024
    assert not any(p.name in {"model-last", "model-best", "train.spacy"} for p in path.rglob("*"))


@pytest.mark.parametrize("text,expected", SHIPPED_CASES)
def test_shipped_model_finds_people_and_organisations(shipped, text, expected):
    found = {(e.text, e.label_) for e in shipped(text).ents}
    assert expected <= found, found


def test_shipped_model_does_not_tag_plain_words(shipped):
    doc = shipped("Harga beras di pasar naik karena hujan turun sepanjang minggu ini.")
    assert [e.label_ for e in doc.ents if e.label_ in ("PER", "ORG")] == []


# --- conversion -------------------------------------------------------------------------------------------

def test_bio_spans_decodes_and_repairs():
    spans, repairs = bio_spans(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER"])
    assert spans == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "PER")]
    assert repairs == 2


def _write(path, sents, fmt, crlf=False):
    """sents: list of [(token, tag), ...]; fmt 'space3' (token POS tag) or 'tab2' (token<TAB>tag)."""
    lines = []
    for s in sents:
        for tok, tag in s:
            lines.append(f"{tok} X {tag}" if fmt == "space3" else f"{tok}\t{tag}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n" if crlf else "\n").join(lines).encode("utf-8"))


def _bio(text: str):
    """'Joko/B-PER Susilo/I-PER pergi ke Bandung/B-LOC .' -> [(tok, tag)]"""
    out = []
    for w in text.split():
        tok, _, tag = w.partition("/")
        out.append((tok, tag or "O"))
    return out


TINY = [
    "Joko/B-PER Susilo/I-PER bekerja di Universitas/B-ORG Gadjah/I-ORG Mada/I-ORG ./O",
    "Rina/B-PER Wulandari/I-PER tinggal di Desa/B-LOC Sukamaju/I-LOC ,/O Sleman/B-LOC ./O",
    "Kepala Dinas Bambang/B-PER Hartono/I-PER hadir di kantor KPK/B-ORG di Jakarta/B-LOC ./O",
    "Harga beras di pasar Bandung/B-LOC naik sejak Senin ./O",
    "Ahmad/B-PER Fauzi/I-PER ,/O anggota Partai/B-ORG Golkar/I-ORG ,/O berbicara di Surabaya/B-LOC ./O",
]


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    """A tiny copy of the shared/ner layout, each corpus in its own format."""
    root = tmp_path_factory.mktemp("ner_data")
    base = [_bio(t) for t in TINY]
    grit = [[(w, t.replace("PER", "PERSON").replace("ORG", "ORGANISATION").replace("LOC", "PLACE")) for w, t in s]
            for s in base]
    nerp = [[(w.lower(), t.replace("PER", "PPL").replace("B-ORG", "B-IND").replace("I-ORG", "I-IND")
              .replace("LOC", "PLC")) for w, t in s] for s in base]
    nerp_org_as_o = [[(w.lower(), "O" if "ORG" in t else t.replace("PER", "PPL").replace("LOC", "PLC"))
                      for w, t in s] for s in base]
    ui = [[(w, t.replace("PER", "PERSON").replace("ORG", "ORGANIZATION").replace("LOC", "LOCATION")) for w, t in s]
          for s in base]
    test_only = [_bio("Susi/B-PER Handayani/I-PER datang ke Medan/B-LOC ./O")]
    ui_test = [_bio("Dewi/B-PERSON Lestari/I-PERSON dari Bank/B-ORGANIZATION Mandiri/I-ORGANIZATION ke Bogor/B-LOCATION")]
    for split in ("train", "dev"):
        _write(root / "idner-news-2k" / f"{split}.txt", base * 4, "space3", crlf=True)
    _write(root / "idner-news-2k" / "test.txt", test_only, "space3", crlf=True)
    g = root / "indonlu-nergrit_ner-grit"
    _write(g / "train_preprocess.txt", grit * 4, "tab2")
    _write(g / "valid_preprocess.txt", grit, "tab2")
    _write(g / "test_preprocess.txt", grit[:1], "tab2")  # sentence 1 leaks into every train file
    p = root / "indonlu-nerp_ner-prosa"
    _write(p / "train_preprocess.txt", nerp * 2 + nerp_org_as_o * 2, "tab2")
    _write(p / "valid_preprocess.txt", nerp, "tab2")
    _write(p / "test_preprocess.txt", nerp[3:4], "tab2")  # and sentence 4 too (compared lower-case)
    _write(root / "indolem-nerui" / "test.01.tsv", ui_test + ui[1:2], "tab2")  # ... and sentence 2
    return root


def test_read_each_format_and_map_labels(tiny_data):
    idner = read_corpus(tiny_data, "idner", "train")
    grit = read_corpus(tiny_data, "nergrit", "train")
    nerp = read_corpus(tiny_data, "nerp", "train")
    assert len(idner) == len(grit) == 20 and len(nerp) == 20
    assert idner[0].words[:2] == ["Joko", "Susilo"] and "\r" not in "".join(idner[0].words)
    assert idner[0].spans == grit[0].spans == [(0, 2, "PER"), (4, 7, "ORG")]
    assert nerp[0].spans == [(0, 2, "PER")] and nerp[0].missing == []  # IND dropped, not mapped to ORG
    assert {lab for s in read_corpus(tiny_data, "nerui", "test") for _, _, lab in s.spans} == set(LABELS)
    assert read_corpus(tiny_data, "nerui", "test")[0].spans == [(0, 2, "PER"), (3, 5, "ORG"), (6, 7, "LOC")]
    assert CORPORA["nerp"].labels == ("PER", "LOC") and not CORPORA["nerui"].train_ok


def test_bad_line_is_a_format_error(tmp_path):
    _write(tmp_path / "idner-news-2k" / "train.txt", [[("Joko", "B-PER")]], "tab2")
    with pytest.raises(FormatError, match="train.txt:1"):
        read_corpus(tmp_path, "idner", "train")


def test_convert_drops_test_leaks_and_masks_nerp_orgs(tiny_data, tmp_path):
    from spacy.tokens import DocBin

    rep = convert(tiny_data, tmp_path)
    # sentences 1, 2 and 4 are in a test set (4 copies each in every train file)
    assert rep["leaks_dropped"] == {"idner/train": 12, "nergrit/train": 12, "nerp/train": 12, "idner/dev": 12,
                                    "nergrit/dev": 3}
    assert rep["train_sentences"] == 24 and rep["dev_sentences"] == 10
    assert rep["nerp_org_masked"] > 0
    nlp = spacy.blank("id")
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab))
    assert len(docs) == rep["train_sentences"]
    # "kpk" and "partai golkar" are ORG in idner/NERGrit: in NERP they are unknown, not O
    masked = [t.text for d in docs for t in d if t.ent_iob == 0]
    assert "kpk" in masked and "golkar" in masked
    assert {e.label_ for d in docs for e in d.ents} == set(LABELS)
    assert json.loads((tmp_path / "stats.json").read_text())["train_sentences"] == len(docs)


def test_score_spans_exact_span_and_type():
    gold = [{(0, 2, "PER"), (4, 7, "ORG")}, {(1, 2, "LOC")}]
    pred = [{(0, 2, "PER"), (4, 6, "ORG")}, {(1, 2, "ORG")}]
    s = score_spans(gold, pred, LABELS)
    assert s["all"]["tp"] == 1 and s["all"]["pred"] == 3 and s["all"]["gold"] == 3
    assert s["PER"]["f"] == 1.0 and s["LOC"]["r"] == 0.0


# --- train and evaluate commands on the tiny corpus ------------------------------------------------------

def test_train_and_evaluate_commands_on_tiny_corpus(tiny_data, tmp_path):
    out = tmp_path / "model"
    res = CliRunner().invoke(ner_app, ["train", "--data", str(tiny_data), "--out", str(out), "--max-steps", "5",
                                       "--seed", "1"], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    nlp = spacy.load(out)
    assert set(nlp.get_pipe("ner").labels) == set(LABELS)
    assert nlp.meta["training"]["seed"] == 1 and nlp.meta["training"]["max_steps"] == 5
    assert {p.name for p in out.iterdir()} <= {"config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner"}
    nlp("Joko Susilo bekerja di Universitas Gadjah Mada.")  # runs

    res = CliRunner().invoke(ner_app, ["evaluate", "--model", str(out), "--data", str(tiny_data),
                                       "--json", str(tmp_path / "r.json")], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "NER-UI" in res.output and "tokens/s" in res.output
    r = json.loads((tmp_path / "r.json").read_text())
    assert set(r["sets"]) == {"idner", "nergrit", "nerp", "nerui"}
    assert r["speed"]["model_tokens_per_s"] > 0 and r["speed"]["tokenizer_tokens_per_s"] > 0


def test_pretrain_then_train_starts_from_the_pretrained_weights(tiny_data, tmp_path):
    import hashlib

    import numpy

    pt = tmp_path / "pt"
    res = CliRunner().invoke(ner_app, ["pretrain", "--out", str(pt), "--data", str(tiny_data), "--no-corpus",
                                       "--no-ud", "--epochs", "1", "--seed", "0"], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    summary = json.loads((pt / "pretrain.json").read_text())
    # sentences 3 and 5 do not leak; cased (idner = NERGrit text) and lower-cased (NERP): 4 distinct lines
    assert summary["raw_text"]["ner_train"]["lines"] == 4
    assert not list(pt.glob("*.jsonl")) or {p.name for p in pt.glob("*.jsonl")} == {"log.jsonl"}  # no raw text kept
    weights = pt / "model-last.bin"
    out = tmp_path / "model"
    res = CliRunner().invoke(ner_app, ["train", "--data", str(tiny_data), "--out", str(out), "--max-steps", "2",
                                       "--seed", "1", "--pretrained", str(weights)], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    nlp = spacy.load(out)
    info = nlp.meta["training"]["pretrained_tok2vec"]
    assert info["sha256"] == hashlib.sha256(weights.read_bytes()).hexdigest()
    assert nlp.config["initialize"]["init_tok2vec"] is None  # the weights are inside the model

    def tables(model):
        return [n.get_param("E") for n in model.walk() if n.name.startswith("hashembed")]

    pre = spacy.load(out).get_pipe("tok2vec").model.from_bytes(weights.read_bytes())  # the pretrained layer
    got = tables(nlp.get_pipe("tok2vec").model)
    assert len(got) == 4
    # after two steps at lr 0.001 the embeddings are still the pretrained ones (seed 0), not seed 1's random draw
    for g, p in zip(got, tables(pre)):
        assert numpy.abs(g - p).max() < 0.05


def test_train_refuses_to_overwrite_a_folder_that_is_not_a_model(tiny_data, tmp_path):
    from pipeline.ner.train import _clear_model_dir

    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(FileExistsError):
        _clear_model_dir(tmp_path)
    assert (tmp_path / "keep.txt").exists()
