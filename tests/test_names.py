"""The name model: word statistics counted from text, the kind of each word, the verdict on a
run of words, and what the scanner, the NER gate and the speaker stage make of it."""

import gzip

import pytest

from pipeline.extract.names import COMMON, FUNCTION, NAME, PLACE_ORG, PROPER, UNKNOWN, NameModel
from pipeline.models import RawRecord
from pipeline.process import build_lexicon
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.resources.wordstats import Counts, WordStats, build, count_text, load_wordstats
from pipeline.rules.schema import NameModelParams


# -- counting ---------------------------------------------------------------------------------

def test_count_text_separates_lower_capital_name_and_place_contexts():
    counts: dict = {}
    count_text([
        "Warga di wilayah itu bertemu AKBP Hartono Saputra di Parma kemarin.",
        "Kepala Wilayah datang, kata Pak Hartono.",
        "Wilayah ini luas.",  # sentence-initial: no evidence of case
        "BERITA WILAYAH HARI INI",  # an all-caps line says nothing
    ], frozenset({"akbp", "pak"}), frozenset({"di"}), counts)
    wilayah = Counts(*counts["wilayah"])
    assert (wilayah.lower, wilayah.cap) == (1, 1)
    hartono = Counts(*counts["hartono"])
    assert hartono.strong == 2 and hartono.lower == 0
    assert Counts(*counts["saputra"]).strong == 1
    assert Counts(*counts["parma"]).place_org == 1
    assert Counts(*counts["itu"]).lower == 1


def test_count_text_counts_speaking_runs_but_not_offices_or_pronouns():
    counts: dict = {}
    count_text([
        '"Kami siap," kata Moriyasu. Menurut Kluivert, timnya bermain baik.',
        "Pelatih itu menilai, dan Chivu mengatakan timnya siap.",
        '"Aman," kata Kapolres Pasuruan. Ia mengatakan patroli ditambah.',
        "Laga berikutnya melawan Maung Bandung digelar di Bandung.",
    ], frozenset(), frozenset({"di"}), counts, frozenset({"kata", "menurut"}), frozenset({"mengatakan"}),
        frozenset({"kapolres", "ia"}))
    said = {w: Counts(*c).said for w, c in counts.items()}
    assert said["moriyasu"] == 1 and said["kluivert"] == 1 and said["chivu"] == 1
    assert said["kapolres"] == 0 and said["pasuruan"] == 0 and said["ia"] == 0
    assert said["maung"] == 0 and said["bandung"] == 0


def test_known_thing_needs_place_evidence_and_no_person_evidence(rules):
    stats = WordStats({
        "maung": Counts(lower=2, cap=22), "bandung": Counts(lower=8, cap=423, place_org=159, said=5),
        "takefusa": Counts(cap=30), "kubo": Counts(cap=40),            # a footballer: never quoted here
        "moriyasu": Counts(cap=38, said=6),                             # quoted: a person
        "gao": Counts(cap=1), "xiang": Counts(cap=1),                   # rare: says nothing
    })
    model = NameModel(build_lexicon(rules), load_gazetteer(()), stats, NameModelParams())
    assert model.known_thing(["Maung", "Bandung"])        # a place word's own evidence does not count
    assert not model.known_thing(["Takefusa", "Kubo"])    # no place evidence: maybe a person
    assert not model.known_thing(["Hajime", "Moriyasu"])
    assert not model.known_thing(["Gao", "Xiang"])


def test_wordstats_round_trip_and_refuses_other_files(tmp_path):
    stats = build(["Ia tinggal di Parma bersama AKBP Hartono.", "Ia datang ke Parma lagi."],
                  [(["Joko", "Widodo", "datang"], [(0, 2, "PER")], False)], ["AKBP"], ["di", "ke"], "written")
    path = tmp_path / "w.tsv.gz"
    assert stats.save(path, min_total=1) == sum(1 for c in stats.table.values() if sum(c))  # "Ia", "AKBP": no count
    back = WordStats.load(path)
    assert back.get("Parma") == stats.get("parma") and back.get("parma").place_org == 2
    assert back.get("joko").per == 1 and back.sources == "written"
    bad = tmp_path / "bad.tsv.gz"
    with gzip.open(bad, "wt") as f:
        f.write("word\tcount\n")
    with pytest.raises(ValueError, match="pipeline names build"):
        WordStats.load(bad)


# -- the decision table on written counts -----------------------------------------------------

@pytest.fixture(scope="module")
def table_model(rules):
    stats = WordStats({
        "dengan": Counts(lower=900, cap=20),                # a function word
        "wilayah": Counts(lower=800, cap=80),               # a common noun
        "prihatin": Counts(lower=8, cap=1, per=1),          # common, but seen once in a name
        "putra": Counts(lower=140, cap=80, strong=10, per=7),  # a common word and a name word
        "parma": Counts(lower=1, cap=25, place_org=3),      # a place
        "jaya": Counts(lower=4, cap=184, other=6, place_org=3),  # in place names and in names
        "hartono": Counts(cap=40),
        "sulastri": Counts(strong=3, cap=2),
    })
    lx = build_lexicon(rules)
    gz = load_gazetteer(tuple((a.short, a.long) for a in rules.name_abbreviations))
    return NameModel(lx, gz, stats, NameModelParams())


@pytest.mark.parametrize("word,kind", [
    ("Dengan", FUNCTION), ("Wilayah", COMMON), ("Prihatin", COMMON), ("Putra", NAME), ("Parma", PLACE_ORG),
    ("Jaya", PROPER), ("Hartono", PROPER), ("Sulastri", NAME), ("Xyzabc", UNKNOWN),
])
def test_word_kinds_follow_the_counts(table_model, word, kind):
    assert table_model.word(word).kind == kind


@pytest.mark.parametrize("words,ok,kept", [
    ("Hartono Wilayah", True, "Hartono"),         # a common word never seen in a name is cut
    ("Joko Prihatin", True, "Joko Prihatin"),     # ... one seen in a name is not
    ("Hartono Dengan Putra", True, "Hartono"),    # a function word ends the name
    ("Parma", False, ""),                         # a place alone
    ("Wilayah Parma", False, ""),                 # no word of it can be a name's
    ("Andi Jaya", True, "Andi Jaya"),             # "Jaya" is too often a name to be a place word
    ("Putra Wilayah", True, "Putra"),
])
def test_judge_on_written_counts(table_model, words, ok, kept):
    ws = words.split()
    v = table_model.judge(ws)
    assert v.ok is ok, v.why
    if ok:
        assert " ".join(ws[v.start:v.end]) == kept


def test_sentence_initial_function_word_is_skipped(table_model):
    v = table_model.judge(["Dengan", "Hartono"], sentence_initial=True)
    assert v.ok and (v.start, v.end) == (1, 2)
    assert not table_model.judge(["Dengan", "Hartono"]).ok


def test_paragraphs_whose_lower_case_words_are_no_indonesian_prose(table_model):
    prose = "Hartono datang dengan putra wilayah dengan wilayah dengan."
    prayer = "Qaluu Hartono, ya zabbi wa rabbi, qul huwa fiha wa bihi."  # no function or common word
    lineup = "Hartono; Sulastri, Putra dan Joko."  # too few lower-case words to judge
    text = "\n".join([prose, prayer, lineup])
    start = text.index(prayer)
    assert table_model.not_prose(text) == [(start, start + len(prayer))]


def test_a_bare_name_in_a_paragraph_that_is_no_prose_is_no_person(processor):
    from pipeline.models import RawRecord
    text = ("TITLE: contoh\n\nWarga membaca doa bersama di masjid desa.\n\n"
            "Allahumma Barik Lana Fiima Razaqtana, wa qina adzaban naar, ya Rabbal Alamin, wa shallallahu ala "
            "Sayyidina Muhammadin\n\nKetua takmir, Ahmad Fauzi, mengatakan doa itu dibaca tiap pekan.")
    res = processor.process(RawRecord("t.txt", "txt", text))
    assert [p["name"] for p in res.people] == ["Ahmad Fauzi"]


def test_thresholds_are_the_rules(rules):
    """The thresholds in rules/people.yaml are the ones the processor's model uses."""
    assert rules.name_model.place_org_min == 3
    strict = NameModelParams(function_min_lower=10_000)
    stats = WordStats({"dengan": Counts(lower=900, cap=20)})
    lx = build_lexicon(rules)
    gz = load_gazetteer(())
    assert NameModel(lx, gz, stats, strict).word("Dengan").kind == COMMON


def test_shipped_statistics_load():
    stats = load_wordstats()
    assert len(stats) > 10_000
    assert stats.get("dengan").lower > 1000 and stats.get("dengan").cap < stats.get("dengan").lower / 20


# -- the model in the pipeline (written text, shipped statistics) ------------------------------

def _people(processor, text):
    r = processor.process(RawRecord(source="t.txt", fmt="txt", text=text))
    return r


def test_role_noun_before_a_place_or_common_words_is_no_person(processor):
    r = _people(processor, "Pelatih Parma mengaku puas. Dukungan untuk pelaku Usaha Mikro Kecil terus mengalir. "
                           "Pelatih Hartono Saputra mengaku puas.")
    names = {p["name"] for p in r.people}
    assert "Hartono Saputra" in names
    assert not names & {"Parma", "Usaha Mikro Kecil", "Usaha"}


def test_common_word_glued_after_a_name_is_cut(processor):
    r = _people(processor, "Warga bernama Hartono Wilayah itu ditemukan selamat. Warga bernama Sahat Tua "
                           "Simanjuntak juga selamat.")
    assert [p["name"] for p in r.people] == ["Hartono", "Sahat Tua Simanjuntak"]


def test_common_word_names_stay_after_a_rank_or_in_apposition(processor):
    r = _people(processor, "Kegiatan dibuka oleh Staf Ahli Bupati, Agen. Hadir pula Bripka Bunga Citra Lestari.")
    names = {p["name"] for p in r.people}
    assert {"Agen", "Bunga Citra Lestari"} <= names


def test_organisation_named_after_a_cue_is_no_speaker_person(processor):
    r = _people(processor, '"Pengiriman ditunda sampai Juli," kata pihak Boeing. '
                           '"Kami tetap optimistis," ujar Hartono Saputra, warga setempat.')
    names = {p["name"] for p in r.people}
    assert "Hartono Saputra" in names
    assert not any("Boeing" in (n or "") for n in names)


# -- an office and its holder in apposition (resolve/appositions.py) --------------------------

def test_office_then_holder_after_its_qualifiers_is_one_official(processor):
    r = _people(processor, "Hal itu disampaikan Komandan Rayon Militer (Danramil) 23 Magelang Utara, Mayor (Inf) "
                           "Joko Nugroho saat membuka apel. Bintara Pembina Desa (Babinsa) Koramil 0602-02/Kasemen "
                           "Kodim 0602/Serang, Sersan Dua (Serda) Munawir, melaksanakan pendampingan.")
    by_name = {p["name"]: p for p in r.people if p["name"]}
    assert by_name["Joko Nugroho"]["position"] == "Danramil"
    assert by_name["Munawir"]["position"] == "Babinsa"
    assert by_name["Munawir"]["rank"] == "Serda"  # "Sersan Dua (Serda)": the rank as abbreviated
    assert not any(p["position"] and not p["name"] for p in r.people)


def test_office_apposition_stops_at_a_second_office_or_a_lower_case_word(processor):
    r = _people(processor, "Kapolsek Sukorejo, Kanit Reskrim Aipda Bagus Setiawan dan warga datang. "
                           "Camat Purwosari yang baru dilantik bertemu Joko Santoso di balai desa.")
    by_name = {p["name"]: p for p in r.people if p["name"]}
    assert by_name["Bagus Setiawan"]["position"] == "Kanit Reskrim"
    assert by_name.get("Joko Santoso", {}).get("position") is None


def test_quote_after_cue_goes_to_the_holder_in_apposition(processor):
    r = _people(processor, '"Saksi tidak hadir dan minta dijadwalkan ulang," kata juru bicara KPK, Budi Prasetyo, '
                           'kepada wartawan. "Pasar mencari aset aman," jelas Direktur World Competitive Center '
                           '(WCC) IMD, Arturo Bris, dalam keterangannya.')
    speakers = [q["speaker_name"] for q in r.quotes]
    assert speakers == ["Budi Prasetyo", "Arturo Bris"]


# -- who said it (resolve/speakers.py) --------------------------------------------------------

def test_statements_of_institutions_are_no_quotes(processor):
    r = _people(processor, '"Pengiriman pesawat ditunda sampai bulan Juli," kata pihak Boeing dalam pernyataannya. '
                           '"Kami tetap optimistis dengan pasar ini," ujar Hartono Saputra, warga setempat.')
    assert [q["speaker_name"] for q in r.quotes] == ["Hartono Saputra"]


def test_outlets_and_bodies_written_before_a_speaker_make_it_an_institution(processor):
    r = _people(processor, "Rudi Hartanto diminati beberapa klub. Media Spanyol, Mundo Deportivo, menyebut Rudi akan "
                           "bergabung dengan klub itu. LRT Jabodebek menyatakan komitmennya terhadap rencana perluasan "
                           "jalur tersebut. Sementara, pihak Pemerintah Mauritania membantah adanya kabar soal pesawat "
                           "yang jatuh itu.")
    assert r.quotes == []
    assert [p["name"] for p in r.people] == ["Rudi Hartanto"]
    # a rank or an office right before a name is the person's, not a body's
    r = _people(processor, "Kapolres Pasuruan AKBP Gubunagi mengatakan bahwa situasi di wilayahnya aman terkendali.")
    assert [q["speaker_name"] for q in r.quotes] == ["Gubunagi"]
    # an office's body and then its holder's name
    r = _people(processor, "Deputi Statistik Bidang Distribusi dan Jasa BPS Pudji Ismartanti mengatakan telah terjadi kenaikan harga "
                           "beras di zona satu.")
    assert [q["speaker_name"] for q in r.quotes] == ["Pudji Ismartanti"]


def test_an_office_speaking_is_not_an_institution(processor):
    r = _people(processor, '"Pelaku pasar masih mencari aset yang aman," kata Kepala Riset sebuah perusahaan '
                           'pialang di Jakarta.')
    assert len(r.quotes) == 1


def test_description_pointing_back_is_the_person_in_focus(processor):
    r = _people(processor, 'Hartono Saputra sudah menabung sejak lama. "Dana darurat ini sangat penting bagi '
                           'keluarga kami," kata ayah tiga anak ini.')
    assert [q["speaker_name"] for q in r.quotes] == ["Hartono Saputra"]


def test_one_word_speaker_needs_to_be_written_as_a_name_in_the_corpus(processor):
    r = _people(processor, '"Kulit pisang memberi hidrasi ringan bagi kulit," menurut Xqzlinewell. '
                           '"Kami akan datang lagi tahun depan," kata Irfan.')
    names = {p["name"] for p in r.people}
    assert "Irfan" in names and "Xqzlinewell" not in names


def test_persons_the_ner_or_the_statistics_might_take_for_bodies_still_speak(processor):
    r = _people(processor, 'Politikus Hartono Nur Wahid (HNW) hadir. "Jangan lupakan Gaza," kata HNW. '
                           'Dokter Diana Lilim menjelaskan penyakit itu. "Tidak akan sembuh dengan obat saja," '
                           'kata Diana.')
    assert len(r.quotes) == 2



def test_a_pronoun_subject_points_to_the_last_subject_whatever_its_verb(processor):
    r = _people(processor, "Rina Kartika (30) bersyukur punya banyak teman, termasuk Dodi Santoso. Dodi Santoso memberikan "
                           "bantuan uang untuk pengobatan ibunda Rina Kartika. Rina tak bisa menyembunyikan rasa haru. "
                           "Dia mengaku sangat tersentuh dengan kebaikan Dodi Santoso.")
    assert [q["speaker_name"] for q in r.quotes] == ["Rina Kartika"]


def test_a_speaker_written_with_a_title_is_the_person_named_before(processor):
    r = _people(processor, "Dokter spesialis anak, Djatmika Setiawan, mengatakan vaksin bukanlah hal baru. \"Vaksin "
                           "menyelamatkan jutaan nyawa setiap tahun,\" kata dr Djatmika. \"Saat kita divaksin, kita "
                           "melindungi orang lain,\" kata dia.")
    assert [q["speaker_name"] for q in r.quotes] == ["Djatmika Setiawan"] * 3


def test_the_name_at_the_end_of_a_long_office_run_after_a_cue(processor):
    r = _people(processor, "\"Kami memahami situasi global yang penuh ketidakpastian,\" ujar Chief Operating Officer "
                           "(COO) Upbit Indonesia Resna Ranadi.")
    assert [q["speaker_name"] for q in r.quotes] == ["Resna Ranadi"]
    # a body's or a title's name ends in name-like words: no person
    r = _people(processor, "Balai Taman Nasional Tesso Nilo menyebut, kantor seksi dirusak oknum warga kemarin.")
    assert [p["name"] for p in r.people] == []


def test_people_named_in_a_sentence_about_someone_else_or_in_a_list_take_no_focus(processor):
    r = _people(processor, "Dalam program itu, Edwin Suryadarma menyatakan bahwa pembayaran terlambat karena kendala "
                           "teknis. Edwin tidak yakin dengan pernyataan Wakil Gubernur Banten Bambang Susanto di media "
                           "massa. \"Pak Wagub pasti akan bicara langsung,\" ujarnya.")
    assert [q["speaker_name"] for q in r.quotes] == ["Edwin Suryadarma", "Edwin Suryadarma"]
    r = _people(processor, "Jesika Halimah mengaku jarang kumpul dengan gengnya. Geng itu terdiri dari sejumlah "
                           "selebritas, seperti Nia Ramadhina, Jennifer Bachtiar, Theresa Wijaya, dan Sally Adelina. "
                           "\"Komunikasi masih ada, cuma jarang bertemu,\" ceritanya.")
    assert r.quotes[-1]["speaker_name"] == "Jesika Halimah"
