"""Indirect speech beyond "X mengatakan ...": passive cues, "menurut" forms, a cue between
commas, described speakers that point back, acronym speakers, paragraphs an export joined
with commas. Sentences written for the project (fictional people)."""

import pytest

from pipeline.models import RawRecord


def run(processor, body):
    text = f"TITLE: contoh\nDATE: Senin, 16 Jun 2025 10:00 WIB\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def indirect(res):
    return [(q["text"].split()[0], q["speaker_name"], q["rule_id"]) for q in res.quotes if q["kind"] == "indirect"]


def test_passive_cue_with_the_speaker_before_the_comma(processor):
    res = run(processor, "Dikatakan Direktur Pemasaran PT Sinar Baru Hendra Wijaya, penjualan mobil listrik naik "
                         "tajam tahun ini.")
    assert indirect(res) == [("penjualan", "Hendra Wijaya", "quotes.indirect_passive")]


def test_passive_cue_alone_is_the_person_in_focus(processor):
    res = run(processor, "Kapolsek Ngadiluwih AKP Bambang Sutrisno meninjau lokasi banjir. Dikatakan, jika hujan "
                         "turun lagi warga akan dievakuasi ke balai desa.")
    assert indirect(res) == [("jika", "Bambang Sutrisno", "quotes.indirect_passive")]
    res = run(processor, "Kapolsek Ngadiluwih AKP Bambang Sutrisno meninjau lokasi banjir. Disampaikannya, warga "
                         "akan dievakuasi ke balai desa.")
    assert indirect(res) == [("warga", "Bambang Sutrisno", "quotes.indirect_passive")]


def test_menurutnya_without_a_comma(processor):
    res = run(processor, "Pelatih Joko Susilo memuji timnya. Sebab menurutnya segala latihan pekan ini "
                         "berjalan sangat baik.")
    assert ("segala", "Joko Susilo", "quotes.indirect_menurutnya") in indirect(res)


def test_menurut_a_role_is_a_described_speaker(processor):
    res = run(processor, "Kemudian pada 30 Mei, menurut juru bicara, perusahaan telah membayar bonus kepada "
                         "semua karyawan.")
    (q,) = [q for q in res.quotes if q["kind"] == "indirect"]
    assert q["text"].startswith("perusahaan telah membayar") and q["speaker"] == "juru bicara"


def test_cue_between_commas_without_quote_marks(processor):
    res = run(processor, "Pengamat energi Fahmi Rusdi menilai rencana itu tepat. Pasalnya, kata Fahmi, kontraktor "
                         "lama sudah paham seluk beluk blok minyak itu.")
    assert ("kontraktor", "Fahmi Rusdi", "quotes.indirect_mid_cue") in indirect(res)


def test_described_speaker_pointing_back_is_the_person_in_focus(processor):
    res = run(processor, "Rina Kartika (31) menutup musim dengan gelar juara. Atlet berusia 31 tahun ini juga "
                         "mengingatkan para juniornya agar tetap fokus pada karier.")
    assert ("para", "Rina Kartika", "quotes.indirect_verb") in indirect(res)


def test_a_thing_pointed_back_to_does_not_speak(processor):
    res = run(processor, "Rina Kartika (31) menutup musim dengan gelar juara. Kebijakan tersebut menegaskan bahwa "
                         "atlet muda wajib ikut seleksi.")
    assert not [q for q in res.quotes if q["kind"] == "indirect" and q["speaker_name"] == "Rina Kartika"]


def test_name_with_an_apostrophe_before_the_verb(processor):
    res = run(processor, "Ketua umum baru, Akhmad Ma'ruf Hidayat, dilantik kemarin. Dalam pidatonya, Ma'ruf "
                         "menyampaikan terima kasih atas kepercayaan yang diberikan kepadanya.")
    assert ("terima", "Akhmad Ma'ruf Hidayat", "quotes.indirect_verb") in indirect(res)


def test_acronym_of_a_body_makes_no_quote_and_of_a_person_does(processor):
    res = run(processor, "Hasil hitung cepat sudah tampil. KPU juga menyatakan penghitungan suara masih "
                         "berlangsung di semua daerah.")
    assert not [q for q in res.quotes if q["kind"] == "indirect"]
    res = run(processor, "Mantan presiden itu berpidato semalam. SBY mengatakan pemilu harus berjalan jujur dan adil.")
    assert [q["speaker"] for q in res.quotes if q["kind"] == "indirect"] == ["SBY"]


def test_paragraphs_joined_with_a_comma_are_split(processor):
    res = run(processor, "Saham perusahaan itu naik tajam pada Rabu (1/7/2020).,Seorang sumber menyebut "
                         "rencana merger segera diumumkan.")
    assert "\n\nSeorang sumber" in res.article["text"]
    assert ".," not in res.article["text"]


def test_quoted_titles_and_themes_without_a_cue_are_no_quotes(processor):
    from pipeline.models import RawRecord
    text = ("TITLE: contoh\n\nPameran tahun ini mengusung tema \"Bersama Membangun Kota yang Lebih Maju dan Sejahtera\". "
            "Penyanyi itu membawakan lagu \"Aku Percaya Aku Bisa Terbang Tinggi ke Awan\". \"Kami sangat senang bisa "
            "tampil di sini malam ini,\" kata Rudi Hartanto.")
    res = processor.process(RawRecord("t.txt", "txt", text))
    assert [q["text"][:10] for q in res.quotes] == ["Kami sanga"]
