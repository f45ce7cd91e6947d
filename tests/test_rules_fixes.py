"""Regression tests for bundled rules that never fired and for known extraction bugs, on
sentences written for the project (fictional people)."""

from pipeline.models import RawRecord


def run(processor, body, date="Senin, 16 Jun 2025 10:00 WIB"):
    text = f"TITLE: contoh\nDATE: {date}\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def officials(res):
    return [r for r in res.people if r["is_official"]]


def test_person_keys_are_unique_when_a_cue_name_is_ambiguous(processor):
    # "Farhan" fits two people, so the cue's speaker is looked up by its fullest form, which is
    # someone already: no second row with the same (article_id, person_key)
    body = ("Wali Kota Bandung Muhammad Farhan meninjau pasar. Pedagang Farhan Hidayat ikut mendampingi.\n"
            "\"Kami akan memperbaiki atap pasar yang bocor tahun ini,\" kata Farhan.\n"
            "\"Pedagang tidak perlu pindah selama perbaikan berlangsung,\" ujar Farhan.")
    res = run(processor, body)
    keys = [r["person_key"] for r in res.people]
    assert len(keys) == len(set(keys)), [(r["name"], r["person_key"]) for r in res.people]


def test_two_people_of_one_name_get_two_keys(processor):
    # ranks that conflict keep two entities apart; each still needs its own key
    res = run(processor, "AKBP Bayu Santoso memimpin apel. Di tempat lain, Kompol Bayu Santoso memeriksa pos jaga.")
    rows = {r["rank"]: r["person_key"] for r in res.people}
    assert set(rows) == {"AKBP", "Kompol"} and rows["AKBP"] != rows["Kompol"]


def test_navy_corps_in_brackets_belongs_to_the_rank(processor):
    res = run(processor, "Upacara dipimpin Kolonel Laut (P) Ahmad Sudrajat di dermaga.")
    (r,) = officials(res)
    assert (r["name"], r["rank"]) == ("Ahmad Sudrajat", "Kolonel Laut (P)")


def test_womens_corps_after_a_corps_and_retired_marker(processor):
    res = run(processor, "Hadir Letkol Inf (K) Siti Aminah dan Brigjen TNI (Purn.) Joko Susilo di balai desa.")
    got = {(r["name"], r["rank"]) for r in officials(res)}
    assert got == {("Siti Aminah", "Letkol Inf (K)"), ("Joko Susilo", "Brigjen TNI (Purn.)")}


def test_ranks_written_with_dots_the_tokenizer_splits(processor):
    res = run(processor, "Acara dihadiri Jend. Pol. Bagus Wirawan. Hadir pula Brig. Pol. Dedi Kurnia di lokasi.")
    got = {(r["name"], r["rank_full"]) for r in officials(res)}
    assert got == {("Bagus Wirawan", "Jenderal Polisi"), ("Dedi Kurnia", "Brigadir Polisi")}


def test_dotted_office_abbreviation(processor):
    res = run(processor, "Jembatan itu diresmikan Gub. Jatim Siti Rahayu pada Senin.")
    (r,) = officials(res)
    assert (r["position"], r["unit"], r["name"]) == ("Gub.", "Jatim", "Siti Rahayu")


def test_a_bare_rank_of_two_services_takes_the_one_the_office_fits(processor):
    res = run(processor, "Panglima TNI Jenderal Agus Wiranto meninjau pasukan di perbatasan.")
    (r,) = officials(res)
    assert (r["name"], r["position"], r["rank_full"]) == ("Agus Wiranto", "Panglima TNI", "Jenderal TNI")


def test_organisation_acronym_after_an_office_is_the_unit(processor):
    res = run(processor, "Presiden FIFA Gianni Infantino tiba di Jakarta. Presiden FIFA juga menyapa warga.")
    got = {(r["name"], r["position"], r["unit"]) for r in officials(res)}
    assert got == {("Gianni Infantino", "Presiden", "FIFA")}
    res = run(processor, "Surat itu ditandatangani Presiden FIFA pekan lalu.")
    assert [(r["name"], r["unit"]) for r in officials(res)] == [(None, "FIFA")]


def test_roman_numeral_after_an_office_is_not_an_acronym_unit(processor):
    res = run(processor, "Rapat dipimpin Ketua Komisi III pada Selasa.")
    assert all(r["unit"] != "III" for r in res.people)


def test_naming_phrase_of_two_words(processor):
    res = run(processor, "Uang itu dikirim ke rekening atas nama Budi Hartono oleh pelaku.")
    assert ("Budi Hartono", "people.named") in {(r["name"], r["rule_id"]) for r in res.people}  # not only the NER model's


def test_according_to_and_complementizers_come_from_the_rules(rules, tmp_path):
    from pipeline.extract.lexicon import build_lexicon

    lx = build_lexicon(rules)
    assert "menurut" in lx.according_to
    assert {"agar", "apabila"} <= lx.complementizers and "bahwa" in lx.dropped_complementizers


def test_bundled_rules_have_no_lint_warnings(rules):
    from pipeline.rules.lint import lint, read_word_lists

    assert "shared_offices" in read_word_lists(rules)  # read by the persons linking (finalize)
    assert [i.message for i in lint(rules)] == []


def test_the_pronoun_after_a_cue_comes_from_pronoun_speakers():
    """'", kata beliau.' points to the person in focus because 'beliau' is in pronoun_speakers
    (speech.yaml); a word the list does not have is not read as that pronoun."""
    from dataclasses import replace

    from pipeline.extract.lexicon import build_lexicon
    from pipeline.extract.quotes import QuoteFinder
    from pipeline.rules import load_rules

    lx = build_lexicon(load_rules())
    text = 'Bupati Sleman Rina Wulandari hadir. "Kami siap membantu," kata beliau.'
    q = QuoteFinder(lx).direct(text, [])[0]
    assert q.use_focus and q.cue == "kata"
    without = replace(lx, pronouns=lx.pronouns - {"beliau"})
    assert QuoteFinder(without).cue_after.match(", kata beliau").group(2) is None
    assert QuoteFinder(lx).cue_after.match(", kata beliau").group(2) == "beliau"


def test_division_name_before_a_comma_is_part_of_the_office(processor):
    # "Bidang Hubungan Luar Negeri" names the division; the person is after the comma, with a title
    res = run(processor, "Ketua MUI Bidang Hubungan Luar Negeri, Profesor Darmawan Abdul Hakim, menyatakan sikapnya.")
    (p,) = [r for r in res.people if r["position"]]
    assert p["position"] == "Ketua MUI Bidang Hubungan Luar Negeri" and p["name"] == "Darmawan Abdul Hakim"
    assert p["degrees"] == ["Profesor"]
    # a connector from division_name_connectors inside the division's name, an honorific before the person
    res = run(processor, "Ketua Partai Bidang Politik dan Keamanan, Pak Budi Hartono, hadir di lokasi.")
    (p,) = [r for r in res.people if r["position"]]
    assert p["position"] == "Ketua Partai Bidang Politik dan Keamanan" and p["name"] == "Budi Hartono"
    assert p["honorific"] == "Pak"
    # without the closing comma the words after "Bidang" may be a name: the office stops at the division word
    res = run(processor, "Kepala Bidang Humas Polda Jatim Kombes Pol Arif Santoso hadir.")
    assert any(r["name"] == "Arif Santoso" for r in res.people)


def test_hakim_ends_a_name_but_does_not_open_one(processor):
    res = run(processor, "Warga bernama Lukman Hakim melapor ke polisi. Hakim Ketua Sutrisno membacakan putusan.")
    names = {r["name"] for r in res.people}
    assert "Lukman Hakim" in names and not any(n and n.startswith("Hakim") for n in names)
