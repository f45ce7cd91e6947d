"""The optional stanza backend: loading errors, and the adapter on stanza Documents built from CoNLL-U
(sentences written here, and the UD Indonesian treebanks in ../shared/ud). No stanza model is needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("stanza")

from stanza.utils.conll import CoNLL  # noqa: E402

from pipeline.nlp import stanza_backend as sb  # noqa: E402
from pipeline.rules import load_rules  # noqa: E402
from pipeline.rules.schema import SpeechVerb  # noqa: E402

from .conftest import SHARED  # noqa: E402

needs_shared = pytest.mark.skipif(not (SHARED / "ud").is_dir(), reason="../shared/ud is not beside the repo")
UD_FILES = [SHARED / "ud" / "UD_Indonesian-GSD" / "id_gsd-ud-dev.conllu",
            SHARED / "ud" / "UD_Indonesian-CSUI" / "id_csui-ud-test.conllu"]


def conllu(text: str, rows: list[tuple]) -> str:
    """A CoNLL-U sentence from (form, lemma, upos, head, deprel[, misc]) rows."""
    lines = [f"# text = {text}"]
    for i, r in enumerate(rows, 1):
        form, lemma, upos, head, deprel = r[:5]
        misc = r[5] if len(r) > 5 else "_"
        lines.append("\t".join([str(i), form, lemma, upos, "_", "_", str(head), deprel, "_", misc]))
    return "\n".join(lines) + "\n\n"


# Sentences written for this test, annotated by hand in UD style.
KAPOLSEK = conllu(
    "Kapolsek Sukorejo AKP Dimas Prasetyo mengatakan bahwa patroli ditingkatkan.",
    [("Kapolsek", "kapolsek", "NOUN", 6, "nsubj"), ("Sukorejo", "Sukorejo", "PROPN", 1, "flat:name"),
     ("AKP", "AKP", "PROPN", 1, "flat:name"), ("Dimas", "Dimas", "PROPN", 1, "flat:name"),
     ("Prasetyo", "Prasetyo", "PROPN", 4, "flat:name"), ("mengatakan", "kata", "VERB", 0, "root"),
     ("bahwa", "bahwa", "SCONJ", 9, "mark"), ("patroli", "patroli", "NOUN", 9, "nsubj:pass"),
     ("ditingkatkan", "tingkat", "VERB", 6, "ccomp", "SpaceAfter=No"), (".", ".", "PUNCT", 6, "punct")])
RELATIVE = conllu(
    "Warga yang menyampaikan keluhan itu bernama Siti Aminah.",
    [("Warga", "warga", "NOUN", 6, "nsubj"), ("yang", "yang", "PRON", 3, "nsubj"),
     ("menyampaikan", "sampai", "VERB", 1, "acl:relcl"), ("keluhan", "keluh", "NOUN", 3, "obj"),
     ("itu", "itu", "DET", 4, "det"), ("bernama", "nama", "VERB", 0, "root"),
     ("Siti", "Siti", "PROPN", 6, "obj"), ("Aminah", "Aminah", "PROPN", 7, "flat:name", "SpaceAfter=No"),
     (".", ".", "PUNCT", 6, "punct")])
COORDINATED = conllu(
    "Rina Wulandari datang ke balai desa dan menjelaskan rencana itu.",
    [("Rina", "Rina", "PROPN", 3, "nsubj"), ("Wulandari", "Wulandari", "PROPN", 1, "flat:name"),
     ("datang", "datang", "VERB", 0, "root"), ("ke", "ke", "ADP", 5, "case"),
     ("balai", "balai", "NOUN", 3, "obl"), ("desa", "desa", "NOUN", 5, "compound"),
     ("dan", "dan", "CCONJ", 8, "cc"), ("menjelaskan", "jelas", "VERB", 3, "conj"),
     ("rencana", "rencana", "NOUN", 8, "obj"), ("itu", "itu", "DET", 9, "det", "SpaceAfter=No"),
     (".", ".", "PUNCT", 3, "punct")])
NO_SUBJECT = conllu(
    "Hal itu disampaikan dalam rapat.",
    [("Hal", "hal", "NOUN", 3, "nsubj:pass"), ("itu", "itu", "DET", 1, "det"),
     ("disampaikan", "sampai", "VERB", 0, "root"), ("dalam", "dalam", "ADP", 5, "case"),
     ("rapat", "rapat", "NOUN", 3, "obl", "SpaceAfter=No"), (".", ".", "PUNCT", 3, "punct")])


def doc_of(*sentences: str):
    return CoNLL.conll2doc(input_str="".join(sentences), reconstruct_text=True)


@pytest.fixture(scope="module")
def verbs():
    return sb.speech_verbs(load_rules())


# --- loading -------------------------------------------------------------------------------------------------

def test_loading_without_models_raises_the_clear_error(tmp_path):
    with pytest.raises(sb.StanzaModelsMissing) as e:
        sb.load_pipeline(dir=tmp_path / "nowhere")
    msg = str(e.value)
    assert "stanza.download('id')" in msg and "STANZA_RESOURCES_DIR" in msg and "nowhere" in msg


def test_the_resources_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "from-env"))
    assert sb.resources_dir() == tmp_path / "from-env"
    with pytest.raises(sb.StanzaModelsMissing, match="from-env"):
        sb.load_pipeline()
    assert sb.resources_dir(tmp_path / "explicit") == tmp_path / "explicit"  # dir= wins over the variable


@pytest.mark.parametrize("with_mwt", [True, False])
def test_a_resources_file_without_the_model_files_raises_the_clear_error(tmp_path, with_mwt):
    (tmp_path / "id").mkdir()
    defaults = {"tokenize": "gsd", "pos": "gsd", "lemma": "gsd", "depparse": "gsd"} | (
        {"mwt": "gsd"} if with_mwt else {})
    (tmp_path / "resources.json").write_text(json.dumps({"id": {"lang_name": "Indonesian",
                                                                "default_processors": defaults}}))
    expected = ("tokenize", "mwt", "pos", "lemma", "depparse") if with_mwt else ("tokenize", "pos", "lemma", "depparse")
    assert sb.available_processors(tmp_path) == expected  # mwt only where the models list one
    with pytest.raises(sb.StanzaModelsMissing) as e:
        sb.load_pipeline(dir=tmp_path)
    assert "stanza.download('id')" in str(e.value)


# --- the adapter on written sentences ------------------------------------------------------------------------

def test_words_carry_offsets_heads_and_relations():
    doc = doc_of(KAPOLSEK, RELATIVE)
    sents = sb.sentences(doc, base=100)
    assert len(sents) == 2
    w = sents[0].word(5)
    assert (w.text, w.upos, w.lemma, w.head, w.deprel, w.base_rel) == (
        "Prasetyo", "PROPN", "Prasetyo", 4, "flat:name", "flat")
    assert doc.text[w.start_char - 100:w.end_char - 100] == "Prasetyo"
    assert sents[0].word(6).head == 0 and sents[1].word(3).deprel == "acl:relcl"
    assert doc.text[sents[1].start_char - 100:sents[1].end_char - 100] == \
        "Warga yang menyampaikan keluhan itu bernama Siti Aminah."


def test_the_subject_of_a_speech_verb_is_its_nsubj_with_the_flat_name(verbs):
    doc = doc_of(KAPOLSEK)
    [s] = sb.speech_subjects(sb.sentences(doc), doc.text, verbs)
    assert (s.text, s.verb, s.via, s.head_upos) == ("Kapolsek Sukorejo AKP Dimas Prasetyo", "mengatakan", "nsubj", "NOUN")
    assert doc.text[s.start_char:s.end_char] == s.text and doc.text[s.verb_start:s.verb_end] == "mengatakan"


def test_relative_clause_and_coordinated_verbs_reach_the_speaker(verbs):
    doc = doc_of(RELATIVE, COORDINATED, NO_SUBJECT)
    found = {(s.sentence, s.text, s.via) for s in sb.speech_subjects(sb.sentences(doc), doc.text, verbs)}
    # "disampaikan" is not a listed verb and has no agent: nothing for sentence 2
    assert found == {(0, "Warga", "relcl"), (1, "Rina Wulandari", "conj")}


def test_offsets_are_mapped_into_the_longer_text(verbs):
    doc = doc_of(KAPOLSEK)
    article = "JUDUL BERITA\n\n" + doc.text
    base = article.index(doc.text)
    [s] = sb.speech_subjects(sb.sentences(doc, base=base), article, verbs, base=0)
    assert article[s.start_char:s.end_char] == "Kapolsek Sukorejo AKP Dimas Prasetyo"


def test_the_verb_list_comes_from_the_rules():
    doc = doc_of(KAPOLSEK)
    sents = sb.sentences(doc)

    class Rules:  # a RuleSet with one indirect verb that is not in the sentence, one direct that is
        speech_verbs = [SpeechVerb(id="a", kind="indirect", words=["berkisah"]),
                        SpeechVerb(id="b", kind="direct", words=["Mengatakan", "memberikan saran"])]

    assert sb.speech_verbs(Rules()) == (("berkisah",),)
    assert sb.speech_verbs(Rules(), kinds=("direct",)) == (("mengatakan",), ("memberikan", "saran"))
    assert sb.speech_subjects(sents, doc.text, sb.speech_verbs(Rules())) == []
    assert [s.text for s in sb.speech_subjects(sents, doc.text, sb.speech_verbs(Rules(), kinds=("direct",)))] == [
        "Kapolsek Sukorejo AKP Dimas Prasetyo"]
    assert ("mengatakan",) in sb.speech_verbs(load_rules())  # the bundled rules/speech.yaml


def test_a_document_without_offsets_is_refused():
    with pytest.raises(ValueError, match="reconstruct_text"):
        sb.sentences(CoNLL.conll2doc(input_str=KAPOLSEK))


# --- the UD treebanks ----------------------------------------------------------------------------------------

def _columns(path: Path):
    """(form, lemma, upos, head, deprel) per sentence, read straight from the file's columns."""
    out, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                out.append(cur)
            cur = []
        elif not line.startswith("#"):
            c = line.split("\t")
            if c[0].isdigit():
                cur.append((c[1], None if c[2] == "_" else c[2], c[3], int(c[6]), c[7]))
    if cur:
        out.append(cur)
    return out


@pytest.fixture(scope="module", params=UD_FILES, ids=lambda p: p.parent.name)
def treebank(request):
    if not request.param.is_file():
        pytest.skip(f"{request.param} not there")
    doc = sb.read_conllu(request.param)
    return request.param, doc, sb.sentences(doc)


@needs_shared
def test_treebank_offsets_line_up_with_the_text(treebank):
    _, doc, sents = treebank
    for stz, s in zip(doc.sentences, sents):
        for tok in stz.tokens:
            assert doc.text[tok.start_char:tok.end_char] == tok.text
        for w in s.words:  # a word is its own text, or (part of a multi-word token) inside its token
            piece = doc.text[w.start_char:w.end_char]
            assert piece == w.text or (w.start_char < w.end_char and piece not in ("", " "))
        if stz.text:
            assert doc.text[s.start_char:s.end_char] == stz.text.strip()


@needs_shared
def test_treebank_heads_and_relations_read_correctly(treebank):
    path, _, sents = treebank
    cols = _columns(path)
    assert len(cols) == len(sents)
    for rows, s in zip(cols, sents):
        assert [(w.text, w.lemma, w.upos, w.head, w.deprel) for w in s.words] == rows
        assert sum(w.head == 0 for w in s.words) == 1


@needs_shared
def test_treebank_speech_verbs_with_a_subject_get_one(treebank, verbs):
    """Every listed speech verb with an nsubj dependent in the gold tree yields that subject's span."""
    _, doc, sents = treebank
    keys = {v[0] for v in verbs if len(v) == 1}
    expected = set()
    for s in sents:
        for w in s.words:
            if w.text.lower() in keys:
                subj = [c for c in s.children(w.id) if c.base_rel == "nsubj"]
                if subj and subj[0].lemma != "yang":
                    expected.add((s.index, w.start_char, subj[0].start_char))
    got = {(x.sentence, x.verb_start): x for x in sb.speech_subjects(sents, doc.text, verbs)}
    assert len(expected) >= 15
    for si, vstart, sstart in expected:
        x = got[(si, vstart)]
        assert x.start_char <= sstart < x.end_char and x.via == "nsubj"
        assert doc.text[x.start_char:x.end_char] == x.text


@needs_shared
def test_treebank_official_with_apposed_name():
    path = UD_FILES[1]
    if not path.is_file():
        pytest.skip(f"{path} not there")
    doc = sb.read_conllu(path)
    subs = sb.speech_subjects(sb.sentences(doc), doc.text, sb.speech_verbs(load_rules()))
    hit = [s for s in subs if s.text == "Menteri Keuangan Indonesia"]
    assert hit and hit[0].verb == "mengemukakan"
    assert [doc.text[a:b] for a, b in hit[0].appositions] == ["Sri Mulyani"]


def test_stanza_still_imports_in_a_process_that_keeps_torch_out():
    """`pipeline run` blocks `import torch` (pipeline/lean.py) unless --parser asks for stanza;
    a worker forked from a server that blocked it must still be able to load stanza."""
    import subprocess
    import sys

    code = ("import sys, pipeline.lean; assert sys.modules['torch'] is None, 'torch not blocked'; "
            "from pipeline.nlp.stanza_backend import _import_stanza; _import_stanza(); import torch; "
            "print(torch.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "torch"
