"""Glued-word repair (pipeline/normalize/glued.py): written text, written and shipped counts."""

import pytest

from pipeline.models import RawRecord
from pipeline.normalize.glued import GluedWordSplitter
from pipeline.normalize.offsets import OffsetText
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.resources.wordstats import Counts, WordStats, load_wordstats
from pipeline.rules.schema import GluedSplitParams


def _split(sp, text):
    ot = OffsetText(text)
    sp.split(ot)
    return ot


@pytest.fixture(scope="module")
def written():
    """A splitter over counts written here, so each decision below follows from them."""
    stats = WordStats({
        "telah": Counts(lower=2600, cap=9),        # a function word
        "nya": Counts(lower=900),                   # a clitic, never a word of its own here
        "ikan": Counts(lower=117, cap=10),          # a short noun: not common enough to split off
        "sudirman": Counts(cap=23, per=7),          # a name
        "hartono": Counts(cap=40),
        "hartonotelah": Counts(cap=1),              # the glued form, seen once
        "perda": Counts(cap=30),
        "trimegah": Counts(cap=9),                  # a firm's name seen often: a word of its own
        "tri": Counts(cap=200),
        "megah": Counts(lower=400, cap=20),
        "aba": Counts(cap=10),
        "sura": Counts(cap=10),
        "menjangan": Counts(cap=1),
        "men": Counts(cap=50),
        "jangan": Counts(lower=1500, cap=40),
    })
    gz = load_gazetteer()
    return GluedWordSplitter(stats, gz.has, ["nya", "kan"], GluedSplitParams())


def test_name_glued_to_a_function_word_splits_and_keeps_offsets(written):
    text = "Kata Hartonotelah tiba."
    ot = _split(written, text)
    assert ot.text == "Kata Hartono telah tiba."
    s = ot.text.index("telah")
    assert text[slice(*ot.raw_span(s, s + 5))] == "telah"
    assert text[slice(*ot.raw_span(5, 12))] == "Hartono"


@pytest.mark.parametrize("word", [
    "Perdanya",     # a clitic ending
    "Abaikan",      # "kan" is a suffix, not a word
    "Trimegah",     # the whole is a word news writes (9 times)
    "Sudirman",     # no lower-case word at its end
    "Menjangan",    # a region name in the gazetteer
])
def test_one_word_stays_whole(written, word):
    assert _split(written, f"Di {word} itu.").text == f"Di {word} itu."


def test_short_common_nouns_need_more_evidence(written):
    assert _split(written, "Sura Abaikan Suraikan.").text == "Sura Abaikan Suraikan."


def test_brackets_and_short_camel_words(written):
    ot = _split(written, "Gubernur Jawa Timur (Jatim)Khofifah Indar Parawansa(KIP) hadir.")
    assert ot.text == "Gubernur Jawa Timur (Jatim) Khofifah Indar Parawansa (KIP) hadir."


def test_shipped_statistics_split_real_glue_and_keep_names(rules):
    sp = GluedWordSplitter.from_rules(rules, load_wordstats(), load_gazetteer().has)
    assert _split(sp, "kata Yolla Yulianatelah dikutip").text == "kata Yolla Yuliana telah dikutip"
    assert _split(sp, "Musisi Ari Lassoyang turut hadir").text == "Musisi Ari Lasso yang turut hadir"
    kept = "Hidayat Purnama Setiawan Gunawan Sudirman Mangkunegara Perdanya McDonald YouTube"
    assert _split(sp, kept).text == kept


def test_the_processor_reads_the_repaired_name(processor):
    # "Kartikasari" is in no statistics: the article writing it alone is the evidence
    r = processor.process(RawRecord(source="t.txt", fmt="txt", text=(
        'Pelatih voli putri, Rina Kartikasaritelah memberi pesan. "Tetap fokus berlatih," kata Kartikasari.')))
    assert "Rina Kartikasari" in {p["name"] for p in r.people}
    q = r.quotes[0]
    assert q["speaker_name"] == "Rina Kartikasari"
    assert r.article["text"][q["start_char"]:q["end_char"]].startswith("Tetap fokus")


def test_an_acronym_glued_to_the_next_capitalised_word_is_split_where_the_article_writes_it_alone(rules):
    from pipeline.process import Processor
    from pipeline.models import RawRecord
    proc = Processor(rules, ner=False)
    text = ("TITLE: Uji\n\nWakil Ketua Komisi III DPRAhmad Suhendra mengatakan aplikasi BRImo aman. Anggota DPR lain "
            "setuju. Ahmad juga hadir bersama Direktur JPMorgan.")
    body = proc.process(RawRecord("t.txt", "txt", text)).article["text"]
    assert "DPR Ahmad Suhendra" in body
    assert "BRImo" in body and "JPMorgan" in body  # "BR", "JP" are never written alone


def test_a_name_glued_to_a_verb_known_by_its_root_is_split(rules):
    from pipeline.process import Processor
    from pipeline.models import RawRecord
    proc = Processor(rules, ner=False)
    text = "TITLE: Uji\n\nBeredar klaim Prabowo Subiantokembalikan empat pulau. Warga Padamkan api di Perdanya."
    body = proc.process(RawRecord("t.txt", "txt", text)).article["text"]
    assert "Prabowo Subianto kembalikan empat pulau" in body  # kembali + -kan
    assert "Padamkan" in body and "Perdanya" in body


def test_acronyms_glued_to_each_other_split_where_the_article_writes_each_alone(rules):
    sp = GluedWordSplitter
    assert sp.acronyms_split("DPRRI", {"DPR", "RI", "DPRRI"}) == [3]
    assert sp.acronyms_split("IIDPRRI", {"II", "DPR", "RI"}) == [2, 5]
    assert sp.acronyms_split("POLRI", {"RI", "POLRI"}) == []  # "POL" is never written alone
    assert sp.acronyms_split("TNTN", {"TN", "TNTN"}) == []  # one acronym written twice is one name
    from pipeline.process import Processor
    proc = Processor(rules, ner=False)
    text = ("TITLE: Uji\n\nWakil Ketua Komisi II DPRRI Dede Suryadi meminta peta batas wilayah disusun. Anggota DPR "
            "dan pemerintah RI setuju. POLRI ikut mengawasi.")
    res = proc.process(RawRecord("t.txt", "txt", text))
    assert "Komisi II DPR RI Dede" in res.article["text"] and "POLRI" in res.article["text"]
    assert [(p["name"], p["position"]) for p in res.people] == [("Dede Suryadi", "Wakil Ketua Komisi II DPR RI")]


def test_a_long_lower_case_word_glued_to_an_unknown_name_splits_and_a_short_one_does_not(rules):
    from pipeline.process import Processor
    proc = Processor(rules, ner=False)
    text = "TITLE: Uji\n\nAktris Prilly Latuconsinaseringkali tampil. Karya drg. Hardini Dyah Astuti dipamerkan."
    body = proc.process(RawRecord("t.txt", "txt", text)).article["text"]
    assert "Latuconsina seringkali" in body
    assert "Hardini" in body  # "Hard" + "ini": too little on either side to tell
