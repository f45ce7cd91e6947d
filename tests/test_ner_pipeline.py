"""The NER model inside `pipeline run`: the precedence of rule spans over model spans (hand-made
spans), the gate from model PER spans to people (hand-made Docs), and the whole Processor on
sentences written for the project that any decent Indonesian NER model gets right."""

import pytest
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.models import RawRecord
from pipeline.nlp.ner import ModelPeople, SpanClaim, rules_over_model
from pipeline.process import Processor

MODEL = "ner_test-0.0.1"


def rule(s, e, label="PERSON"):
    return SpanClaim(s, e, label, "people.position_rank_name")


def model(s, e, label="PER"):
    return SpanClaim(s, e, label, MODEL)


def test_rule_official_and_place_win_over_overlapping_model_spans():
    rules = [rule(0, 30), rule(40, 52, "PLACE")]
    models = [model(10, 30), model(25, 35), model(45, 60, "LOC"), model(60, 70), model(30, 40, "ORG")]
    kept = rules_over_model(rules, models)
    assert [c for c in kept if c.source != MODEL] == rules  # rule spans are never dropped or changed
    assert [(c.start, c.end) for c in kept if c.source == MODEL] == [(30, 40), (60, 70)]


def test_spans_that_only_touch_do_not_overlap_and_empty_rule_spans_claim_nothing():
    kept = rules_over_model([rule(0, 10), rule(20, 20)], [model(10, 15), model(18, 25)])
    assert [(c.start, c.end) for c in kept if c.source == MODEL] == [(10, 15), (18, 25)]


def test_precedence_holds_inside_long_rule_spans():
    # a long rule span before many short ones still blocks a model span at its end
    rules = [rule(0, 100)] + [rule(10 + i, 11 + i) for i in range(20)]
    kept = rules_over_model(rules, [model(90, 95), model(100, 105)])
    assert [(c.start, c.end) for c in kept if c.source == MODEL] == [(100, 105)]


def test_the_filter_is_registered_by_name():
    assert registry.misc.get("pipeline.rules_over_model_filter.v1")() is rules_over_model


def _doc(processor, words, ents, spaces=None):
    return Doc(processor.nlp.vocab, words=words, spaces=spaces, ents=ents)


def test_gate_keeps_names_and_refuses_offices_places_things_and_initials(processor):
    gate = ModelPeople(processor.lx, processor.gz)
    assert gate.name_of(["Ahmad", "Ghozali"]) == "Ahmad Ghozali"
    assert gate.name_of(["BUDI", "SANTOSO"]) == "Budi Santoso"
    for words in (["Kapolres", "Pasuruan"], ["Desa", "Kronto"], ["Jawa", "Timur"], ["Pak", "Budi"],
                  ["SL"], ["Budi"], ["Adendum", "AMDAL"], ["Polres", "Pasuruan"], ["Sky", "Sports"],
                  ["Half", "Marathon"], ["PDIPHasto", "Kristiyanto"], ["Evan", "DC", "Music"]):
        assert gate.name_of(words) is None, words


def test_gate_trims_degrees_and_skips_things_and_bylines(processor):
    gate = ModelPeople(processor.lx, processor.gz)
    words = ["Hadir", "Rina", "Wulandari", "S.H.", "dan", "mobil", "Toyota", "Avanza", ".", "\n\n", "Dimas", "Prasetyo"]
    ents = ["O", "B-PER", "I-PER", "I-PER", "O", "O", "B-PER", "I-PER", "O", "O", "B-PER", "I-PER"]
    spaces = [True, True, True, True, True, True, True, False, False, False, True, False]
    doc = _doc(processor, words, ents, spaces)
    kept = [SpanClaim(e.start_char, e.end_char, e.label_, MODEL) for e in doc.ents]
    found = gate.mentions(doc, kept, MODEL, lambda _o: 0, [])
    assert [m.name for m in found] == ["Rina Wulandari"]
    assert doc.text[found[0].start:found[0].end] == "Rina Wulandari" and found[0].rule_id == MODEL


def run(proc, body):
    text = f"TITLE: contoh\nDATE: Senin, 16 Jun 2025 10:00 WIB\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return proc.process(RawRecord("t.txt", "txt", text))


@pytest.fixture(scope="module")
def rules_only(processor):
    return Processor(processor.rules, gazetteer=processor.gz, ner=False)


def test_model_finds_people_no_rule_names(processor, rules_only):
    body = "Pertemuan itu juga dihadiri Budi Santoso dan Siti Aminah dari Surabaya."
    res = run(processor, body)
    by_name = {r["name"]: r for r in res.people}
    assert {"Budi Santoso", "Siti Aminah"} <= set(by_name)
    assert by_name["Budi Santoso"]["rule_id"] == processor.ner_id
    assert any(m["label"] == "PERSON" and m["text"] == "Budi Santoso" and m["rule_id"] == processor.ner_id
               for m in res.mentions)
    assert not run(rules_only, body).people


def test_model_person_is_a_quote_speaker(processor):
    res = run(processor, 'Budi Santoso datang dari Malang bersama keluarganya. "Kami sudah siap sejak pagi tadi," ujar Budi.')
    (q,) = res.quotes
    assert q["speaker_name"] == "Budi Santoso" and q["speaker_key"] in {r["person_key"] for r in res.people}


def test_rule_official_keeps_its_span_and_fields_with_the_model(processor, rules_only):
    body = "Kapolres Pasuruan AKBP Bayu Wicaksono hadir bersama Ahmad Fauzi di Desa Kronto."
    res, base = run(processor, body), run(rules_only, body)
    off = [m for m in res.mentions if m["label"] == "OFFICIAL"]
    assert off == [m for m in base.mentions if m["label"] == "OFFICIAL"]
    model_rows = [m for m in res.mentions if m["rule_id"] == processor.ner_id]
    assert not any(m["start_char"] < o["end_char"] and o["start_char"] < m["end_char"] for m in model_rows for o in off)
    officials = [(r["name"], r["rank"], r["position"], r["unit"]) for r in res.people if r["is_official"]]
    assert officials == [("Bayu Wicaksono", "AKBP", "Kapolres", "Pasuruan")]
    assert "Ahmad Fauzi" in {r["name"] for r in res.people}


def test_model_id_names_the_shipped_model(processor):
    from pipeline.ner import model_id

    assert processor.ner_id == model_id()


def test_gate_trims_lower_case_words_and_unglues_a_verb(processor):
    gate = ModelPeople(processor.lx, processor.gz)
    words = ["Ia", "menyampaikan", "apresiasi", "Gianto", "Wibisono", ".", "Gianto", "Wibisonomenandatangani",
             "perjanjian", "itu", "."]
    ents = ["O", "O", "B-PER", "I-PER", "I-PER", "O", "B-PER", "I-PER", "O", "O", "O"]
    spaces = [True, True, True, True, False, True, True, True, True, False, False]
    doc = _doc(processor, words, ents, spaces)
    kept = [SpanClaim(e.start_char, e.end_char, e.label_, MODEL) for e in doc.ents]
    found = gate.mentions(doc, kept, MODEL, lambda _o: 0, [])
    assert [m.name for m in found] == ["Gianto Wibisono", "Gianto Wibisono"]
    assert [doc.text[m.start:m.end] for m in found] == ["Gianto Wibisono", "Gianto Wibisono"]


def test_items_of_a_list_a_thing_noun_opens_are_no_people(processor):
    from pipeline.models import RawRecord
    text = ("TITLE: Mobil baru\n\nMobil listrik itu tersedia dalam tiga varian, Standard Range, Long Range Pro dan "
            "Performance, dengan warna Crescent Silver, Dark Night Black, Nebula White, dan Matte Gray. Direktur "
            "pemasaran Hendra Wijaya mengatakan harga diumumkan pekan depan.")
    names = {p["name"] for p in processor.process(RawRecord("t.txt", "txt", text)).people}
    assert not names & {"Standard Range", "Matte Gray", "Nebula White", "Crescent Silver"}
    assert "Hendra Wijaya" in names


def test_holidays_after_a_bracket_and_club_nicknames_are_no_people(processor):
    from pipeline.models import RawRecord
    text = ("TITLE: Libur\n\nWisatawan ramai saat libur panjang (long weekend) Isra Mikraj dan Tahun Baru Imlek. "
            "Kabar Rachmat Irianto kembali perkuat Bajul Ijo \u2013julukan Persebaya\u2013 itu diketahui pekan lalu. "
            "Pelatih Persebaya Paul Munster menyambutnya.")
    names = {p["name"] for p in processor.process(RawRecord("t.txt", "txt", text)).people}
    assert "Isra Mikraj" not in names and "Bajul Ijo" not in names
    assert "Paul Munster" in names


def test_gate_carries_a_name_on_after_an_initial_and_skips_holidays(processor):
    gate = ModelPeople(processor.lx, processor.gz, processor.names)
    words = ["Kata", "Randy", "R.", "Murdoko", "saat", "libur", "Kenaikan", "Isa", "Almasih", "kemarin", "."]
    ents = ["O", "B-PER", "I-PER", "O", "O", "O", "O", "B-PER", "I-PER", "O", "O"]
    doc = _doc(processor, words, ents)
    kept = [SpanClaim(e.start_char, e.end_char, e.label_, MODEL) for e in doc.ents]
    found = gate.mentions(doc, kept, MODEL, lambda _o: 0, [])
    assert [m.name for m in found] == ["Randy R. Murdoko"]
    assert doc.text[found[0].start:found[0].end] == "Randy R. Murdoko"
