"""Places linked to Kemendagri codes (extract/places.py, resolve/places.py), on sentences
written for the project with real place names so the gazetteer can confirm them."""

import pytest

from pipeline.models import RawRecord
from pipeline.resources.gazetteer import edit_distance


def run(processor, body, url="https://contoh.id/a"):
    text = f"TITLE: contoh\nDATE: Senin, 16 Jun 2025 10:00 WIB\nSOURCE: test | {url}\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def places(res):
    return {(p["name"], p["level"]): p for p in res.places}


def test_every_row_has_a_method_and_a_score(processor):
    res = run(processor, "Warga Desa Wonorejo, Dusun Krajan dan Desa Tanggulengin hadir di Kabupaten Lumajang.")
    assert res.places
    for p in res.places:
        assert p["link_method"] and isinstance(p["link_score"], float)
        assert (p["region_code"] is None) == (p["link_score"] == 0.0)


def test_spelling_variant_under_the_stated_parent_with_abbreviated_cues(processor):
    got = places(run(processor, "Panen raya digelar di Ds. Tanggulengin Kec. Kejayan Kab. Pasuruan pekan lalu."))
    t = got[("Tanggulengin", "desa")]
    assert (t["region_code"], t["link_method"], t["kecamatan"]) == ("35.14.06.2017", "fuzzy", "Kejayan")
    assert got[("Kejayan", "kecamatan")]["region_code"] == "35.14.06"
    assert got[("Pasuruan", "kabupaten")]["region_code"] == "35.14"


def test_spelling_variant_without_a_parent_is_not_guessed(processor):
    t = places(run(processor, "Warga Desa Tanggulengin mengikuti kerja bakti."))[("Tanggulengin", "desa")]
    assert t["region_code"] is None and t["link_method"] == "not_found" and t["n_candidates"] == 0


def test_known_name_under_a_different_parent_is_a_variant_of_the_one_there(processor):
    # Tuban's kecamatan Soko has Sokosari; "Sukosari" exists only elsewhere in the country
    got = places(run(processor, "Kecelakaan terjadi di Desa Sukosari, Kecamatan Soko, Kabupaten Tuban."))
    s = got[("Sukosari", "desa")]
    assert (s["region_code"], s["link_method"], s["kecamatan"]) == ("35.23.11.2015", "fuzzy", "Soko")


def test_edit_distance_is_bounded():
    assert edit_distance("tanggulengin", "tanggulangin", 2) == 1
    assert edit_distance("kepuh", "kedungrejo", 2) == 3  # beyond the limit: limit + 1


def test_homonym_village_by_sentence_article_or_dateline(processor):
    alone = places(run(processor, "Warga Desa Wonorejo mengikuti kerja bakti."))[("Wonorejo", "desa")]
    assert alone["region_code"] is None and alone["link_method"] == "ambiguous" and alone["n_candidates"] > 10
    same = places(run(processor, "Kegiatan digelar di Desa Kepuh, Kecamatan Kejayan."))[("Kepuh", "desa")]
    assert (same["region_code"], same["link_method"]) == ("35.14.06.2005", "sentence")
    other = places(run(processor, "Kegiatan digelar di Desa Kepuh. Desa itu berada di Kecamatan Kejayan."))
    assert (other[("Kepuh", "desa")]["region_code"], other[("Kepuh", "desa")]["link_method"]) == ("35.14.06.2005",
                                                                                                "article")
    dl = places(run(processor, "PASURUAN - Warga Desa Kepuh mengikuti kerja bakti."))
    assert (dl[("Kepuh", "desa")]["region_code"], dl[("Kepuh", "desa")]["link_method"]) == ("35.14.06.2005",
                                                                                          "dateline")
    assert dl[("Pasuruan", "kabupaten")]["region_code"] == "35.14"  # the dateline, from the village in it


@pytest.mark.parametrize("url", ["https://tribratanews.lumajang.jatim.polri.go.id/berita/a",
                                 "https://lumajangkab.go.id/berita/a"])
def test_outlet_region_decides_last(processor, url):
    w = places(run(processor, "Warga Desa Wonorejo mengikuti kerja bakti.", url))[("Wonorejo", "desa")]
    assert (w["region_code"], w["link_method"], w["kabupaten"]) == ("35.08.16.2004", "outlet", "Lumajang")


def test_outlet_regions_come_from_the_rules(processor):
    assert processor.places.outlet_region("detik.com", "https://www.detik.com/jatim/berita/d-1") == ["35"]
    assert set(processor.places.outlet_region("x", "https://magelang.newspaper.co.id/a")) == {"33.08", "33.71"}
    assert processor.places.outlet_region("detik.com", "https://news.detik.com/berita/d-1") == []


def test_pasuruan_kabupaten_and_kota_by_their_titles(processor):
    got = places(run(processor, "Wali Kota Pasuruan meresmikan pasar. Sementara Bupati Pasuruan menghadiri rapat "
                                "di Kabupaten Pasuruan."))
    assert got[("Pasuruan", "kota")]["region_code"] == "35.75"
    assert got[("Pasuruan", "kabupaten")]["region_code"] == "35.14"


def test_the_level_a_civil_title_implies_is_a_rule(tmp_path):
    """A researcher adds 'Walkot' to civil_titles_kota (rules/places.yaml) and 'Walkot Pasuruan'
    becomes the kota; with the bundled rules it is no title."""
    from pipeline.process import Processor
    from pipeline.rules import load_rules

    bundled = load_rules()
    words = bundled.word_list("civil_titles_kota")
    assert "Walkot" not in words
    (tmp_path / "walkot.yaml").write_text(
        "version: 1\nword_lists:\n  - id: civil_titles_kota\n    words: [" + ", ".join(f'"{w}"' for w in words)
        + ', "Walkot"]\n', encoding="utf-8")
    body = "Walkot Pasuruan meresmikan pasar baru."
    before = places(run(Processor(bundled, ner=False), body))
    after = places(run(Processor(load_rules([tmp_path]), ner=False), body))
    assert ("Pasuruan", "kota") not in before
    assert after[("Pasuruan", "kota")]["region_code"] == "35.75"
    assert after[("Pasuruan", "kota")]["rule_id"] == "places.civil_title"


def test_bare_regency_name_without_context_is_the_kota(processor):
    p = places(run(processor, "PASURUAN - Hujan deras turun sejak pagi."))[("Pasuruan", "kota")]
    assert p["region_code"] == "35.75" and p["n_candidates"] == 2 and p["link_method"] == "bare_kota"
    assert p["link_score"] < 0.75


def test_a_body_named_after_the_regency_decides_its_level(processor):
    got = places(run(processor, "PASURUAN - Kapolres Pasuruan memimpin apel pagi itu."))
    assert got[("Pasuruan", "kabupaten")]["region_code"] == "35.14"
    got = places(run(processor, "MALANG - Kapolresta Malang memimpin apel pagi itu."))
    assert got[("Malang", "kota")]["region_code"] == "35.73"
    got = places(run(processor, "PASURUAN - Polres Pasuruan Kota menggelar apel pagi itu."))
    assert got[("Pasuruan", "kota")]["region_code"] == "35.75"


def test_dateline_that_is_a_province_and_a_kota_is_the_kota(processor):
    got = run(processor, "JAMBI, Kompas.com - Hujan deras turun sejak pagi.")
    assert [(p["name"], p["level"], p["region_code"]) for p in got.places] == [("Jambi", "kota", "15.71")]
    got = places(run(processor, "JAKARTA - Hujan deras turun sejak pagi."))
    assert got[("Jakarta", "provinsi")]["region_code"] == "31"


def test_bare_regencies_standing_alone_without_a_preposition(processor):
    got = places(run(processor, "Pemudik menuju Surabaya naik 24 persen. Wilayah itu meliputi Surabaya, "
                                "Sidoarjo, Gresik dan Jombang."))
    for name, level in (("Surabaya", "kota"), ("Sidoarjo", "kabupaten"), ("Gresik", "kabupaten"),
                        ("Jombang", "kabupaten")):
        assert got[(name, level)]["rule_id"] == "places.bare_regency", name


@pytest.mark.parametrize("body", [
    "Pemain itu kembali ke Persebaya Surabaya musim ini.",  # inside a club's name
    "Ia diperiksa di gedung KPK, Kuningan, Jakarta Selatan, kemarin.",  # a smaller place of Jakarta
    "Bima mengatakan timnya siap.",  # a word the corpus reads in names
    "Ia membawa batu besar. Batu itu dilempar ke jalan.",  # a common word
    "Polda Metro Jaya menggelar apel.",  # a word of names, not of places
])
def test_bare_regency_words_that_are_no_place(processor, body):
    got = run(processor, body)
    assert not [p for p in got.places if p["rule_id"] == "places.bare_regency"], got.places


def test_yogyakarta_alone_is_the_kota_and_the_special_region_the_province(processor):
    got = places(run(processor, "Ia membuka klinik di Yogyakarta. Hotel di Daerah Istimewa Yogyakarta penuh."))
    assert got[("Yogyakarta", "kota")]["region_code"] == "34.71"
    assert got[("Daerah Istimewa Yogyakarta", "provinsi")]["region_code"] == "34"


def test_ambiguous_kecamatan_by_the_village_the_article_names(processor):
    got = places(run(processor, "Camat Grabag membuka acara itu. Warga Desa Sumurarum ikut hadir."))
    g = got[("Grabag", "kecamatan")]
    assert (g["region_code"], g["link_method"], g["n_candidates"]) == ("33.08.18", "child", 2)


def test_village_list_without_cue_words(processor):
    got = places(run(processor, "Warga Desa Kepuh, Patebon dan Sumberejo mengikuti lomba di Kecamatan Kejayan."))
    assert {n for n, lv in got if lv == "desa"} == {"Kepuh", "Patebon", "Sumberejo"}
    assert got[("Patebon", "desa")]["region_code"] == "35.14.06.2023"
    assert got[("Kepuh", "desa")]["region_code"] == "35.14.06.2005"


def test_glued_words_split_off_place_names(processor):
    got = places(run(processor, "Polisi menangkap pelaku di Bandar Lampungditemukan barang bukti. Wali Kota "
                                "SurabayaEri Santosomenggelar rapat."))
    assert got[("Bandar Lampung", "kota")]["region_code"] == "18.71"
    assert got[("Surabaya", "kota")]["region_code"] == "35.78"
    assert all(" " not in n or n == "Bandar Lampung" for n, _ in got)


def test_regency_after_cue_must_be_known(processor):
    got = places(run(processor, "Prakiraan Kota Malang Cuaca cerah. Wisatawan memadati Kota Tua dan Kota Global."))
    assert set(got) == {("Malang", "kota")} and got[("Malang", "kota")]["region_code"] == "35.73"


def test_alias_after_a_cue_takes_the_alias_code(processor):
    got = places(run(processor, "Warga Provinsi Jatim menyambut baik program itu."))
    assert (got[("Jatim", "provinsi")]["region_code"], got[("Jatim", "provinsi")]["link_method"]) == ("35", "alias")


def test_lower_case_word_inside_a_known_name_after_a_title(processor):
    got = places(run(processor, "MURATARA - Acara dibuka Camat Karang jaya, lalu warga berdialog."))
    k = got[("Karang jaya", "kecamatan")]
    assert k["region_code"] == "16.13.06"


def test_dateline_after_the_outlet_name(processor):
    got = places(run(processor, "Liputan6.com, Banyuwangi - Warga berkumpul di balai desa."))
    assert got[("Banyuwangi", "kabupaten")]["region_code"] == "35.10"


def test_dateline_glued_to_the_first_word_and_not_inside_an_organisation(processor):
    got = places(run(processor, "Liputan6.com, JakartaPT Sinar Jaya menyiapkan belanja modal tahun depan."))
    assert got[("Jakarta", "provinsi")]["rule_id"] == "places.dateline"
    assert not places(run(processor, "Polres Pekalongan – Polda Jateng – Polsek Lebakbarang menggelar patroli."))


def test_parenthesised_list_after_a_province_cue_takes_known_names_only(processor):
    got = places(run(processor, "Pemerintah Provinsi (Pemprov)Jawa Baratsegera mengoperasikan Zona 5 di Tempat "
                                "Pembuangan Akhir (TPA) Sarimukti."))
    assert all(lv != "provinsi" or p["region_code"] for (n, lv), p in got.items())
    assert ("Zona", "provinsi") not in got and ("Barat", "provinsi") not in got


def test_abbreviated_cues_and_a_name_written_as_one_word(processor):
    got = places(run(processor, "Penggerebekan dilakukan di Kel. Malabar, Kec. Lengkong, Kota Bandung, dan di Dsn. "
                                "Krajan. Warga Kecamatan Pancurbatu, Kabupaten Deli Serdang, ikut berkumpul."))
    assert got[("Malabar", "kelurahan")]["region_code"] == "32.73.13.1006"
    assert got[("Lengkong", "kecamatan")]["region_code"] == "32.73.13"
    assert got[("Krajan", "dusun")]["link_method"] == "no_code"
    assert got[("Pancurbatu", "kecamatan")]["region_code"] == "12.07.05"  # "Pancur Batu" in the list


def test_smaller_place_written_before_a_bare_regency_decides_it(processor):
    got = places(run(processor, "Kecelakaan terjadi di Cileungsi, Bogor, Jawa Barat, pagi tadi."))
    assert got[("Bogor", "kabupaten")]["region_code"] == "32.01"
    got = places(run(processor, "Sidang digelar di Pengadilan Negeri (PN) Surabaya kemarin."))
    assert ("Surabaya", "kota") not in got
