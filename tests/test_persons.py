"""One person_id per person across articles (resolve/persons.py)."""

import shutil

import pytest

from pipeline.runner import collect

from .conftest import SHARED


def _write(folder, name, date, body):
    (folder / name).write_text(f"TITLE: t\nDATE: {date}\nSOURCE: test | https://contoh.id/{name}\n\n{body}")


def test_same_person_across_articles_and_short_names_kept_apart(tmp_path, processor):
    _write(tmp_path, "a.txt", "2024-03-01", "Kapolres Blitar AKP Dimas Arya Saputra memimpin apel. Bhabinkamtibmas "
                                            "Ponggok Brigadir Aris hadir.")
    _write(tmp_path, "b.txt", "2024-05-02", "Kapolres Blitar Kompol Dimas Arya Saputra meninjau pos. Babinsa "
                                            "Kademangan Serda Aris mendampingi.")
    _write(tmp_path, "c.txt", "2024-06-10", '"Kami siap," kata Kapolres Blitar kepada wartawan yang hadir di lokasi.')
    res = collect([tmp_path], processor=processor)
    persons = res.tables["persons"]
    dimas = persons[persons["name"] == "Dimas Arya Saputra"]
    assert len(dimas) == 1 and dimas.iloc[0]["n_articles"] == 3  # promotion AKP -> Kompol; unnamed Kapolres in c
    assert list(dimas.iloc[0]["ranks"]) == ["AKP", "Kompol"]
    assert (persons["name"] == "Aris").sum() == 2  # two different men called Aris
    q = res.tables["quotes"]
    assert q.iloc[0]["person_id"] == dimas.iloc[0]["person_id"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repo")
def test_seed_kapolres_is_one_person_in_two_articles(tmp_path, processor):
    for p in (SHARED / "eval" / "dev").glob("seed-*.txt"):
        shutil.copy(p, tmp_path / p.name)
    persons = collect([tmp_path], processor=processor).tables["persons"]
    bayu = persons[persons["name"] == "Bayu Pratama Gubunagi"]
    assert len(bayu) == 1 and bayu.iloc[0]["n_articles"] == 2


def test_short_name_joins_the_one_full_name_in_the_same_office(tmp_path, processor):
    _write(tmp_path, "a.txt", "2025-01-05", "Presiden Joko Santoso meresmikan bendungan di Kabupaten Blitar.")
    _write(tmp_path, "b.txt", "2025-01-09", "Presiden Joko menerima tamu negara di istana.")
    persons = collect([tmp_path], processor=processor).tables["persons"]
    joko = persons[persons["name"] == "Joko Santoso"]
    assert len(joko) == 1 and joko.iloc[0]["n_articles"] == 2


def test_units_held_over_time(tmp_path, processor):
    _write(tmp_path, "a.txt", "2023-02-01", "Kapolsek Ponggok AKP Rendra Wijayakusuma memimpin patroli malam.")
    _write(tmp_path, "b.txt", "2024-09-01", "Kapolres Blitar Kompol Rendra Wijayakusuma membuka lomba.")
    persons = collect([tmp_path], processor=processor).tables["persons"]
    (r,) = persons[persons["name"] == "Rendra Wijayakusuma"].itertuples()
    assert list(r.units) == ["Ponggok", "Blitar"] and list(r.ranks) == ["AKP", "Kompol"] and r.n_articles == 2


def test_same_name_with_ranks_that_cannot_be_one_career(tmp_path, processor):
    _write(tmp_path, "a.txt", "2024-01-10", "Kapolsek Kademangan AKP Yoga Prasetya memimpin apel.")
    _write(tmp_path, "b.txt", "2024-02-10", "Danramil Kademangan Kapten Inf Yoga Prasetya meninjau sawah.")
    _write(tmp_path, "c.txt", "2024-08-10", "Bhabinkamtibmas Brigadir Yoga Prasetya menyambangi warga.")
    persons = collect([tmp_path], processor=processor).tables["persons"]
    yoga = persons[persons["name"] == "Yoga Prasetya"]
    # a police officer, a soldier, and a Brigadir after an AKP: three people
    assert len(yoga) == 3 and set(yoga["n_articles"]) == {1}


def test_short_name_in_the_same_office_of_another_unit_stays_apart(tmp_path, processor):
    _write(tmp_path, "a.txt", "2025-01-05", "Kapolsek Ponggok AKP Hadi Susanto memimpin apel pagi.")
    _write(tmp_path, "b.txt", "2025-01-09", "Kapolsek Kademangan AKP Hadi membagikan takjil.")
    persons = collect([tmp_path], processor=processor).tables["persons"]
    assert (persons["name"] == "Hadi").sum() == 1
    hadi = persons[persons["name"] == "Hadi Susanto"]
    assert len(hadi) == 1 and hadi.iloc[0]["n_articles"] == 1


def test_one_word_name_without_an_office_is_not_linked_across_articles(tmp_path, processor):
    _write(tmp_path, "a.txt", "2025-03-01", 'Warga bernama Fajar melapor ke polisi. "Motor saya hilang," kata Fajar.')
    _write(tmp_path, "b.txt", "2025-03-02", 'Pedagang bernama Fajar membuka lapak. "Ramai sekali," kata Fajar.')
    res = collect([tmp_path], processor=processor)
    fajar = res.tables["persons"][res.tables["persons"]["name"] == "Fajar"]
    assert len(fajar) == 2 and set(fajar["n_articles"]) == {1}


def test_unnamed_holders_across_articles_only_where_the_office_is_one_persons(tmp_path, processor):
    for i, day in enumerate(["2023-08-02", "2023-08-20"]):
        _write(tmp_path, f"k{i}.txt", day, '"Kami siaga," kata Kapolres Pasuruan kepada wartawan. "Kami dukung," '
                                           'ujar Wakil Ketua MPR RI di tempat yang sama.')
    people = collect([tmp_path], processor=processor).tables["people"]
    kapolres = people[(people["position"] == "Kapolres") & people["name"].isna()]
    wakil = people[people["position"].str.startswith("Wakil Ketua", na=False) & people["name"].isna()]
    assert len(kapolres) == 2 and kapolres["person_id"].nunique() == 1  # Kapolres Pasuruan, August 2023
    assert len(wakil) == 2 and wakil["person_id"].nunique() == 2  # the MPR has several Wakil Ketua


def test_apostrophe_spellings_are_one_name(tmp_path, processor):
    _write(tmp_path, "a.txt", "2025-04-01", "Ketua Panitia Yahya Zainul Ma'arif membuka acara pengajian.")
    _write(tmp_path, "b.txt", "2025-04-03", "Ketua Panitia Yahya Zainul Maarif menutup acara pengajian.")
    people = collect([tmp_path], processor=processor).tables["people"]
    assert people["person_id"].nunique() == 1 and len(people) == 2


def test_shorter_full_name_in_the_same_office_joins_the_longer(tmp_path, processor):
    _write(tmp_path, "a.txt", "2025-06-10", "Wali Kota Bandung Muhammad Farhan meninjau pasar. Hadir pula Wali Kota "
                                            "Cimahi Ngatiyana Hartono.")
    _write(tmp_path, "b.txt", "2025-06-12", "Wali Kota Bandung M Farhan membuka festival kuliner.")
    _write(tmp_path, "c.txt", "2025-06-13", "Wali Kota Cimahi Dedi Farhan membuka lomba.")
    persons = collect([tmp_path], processor=processor).tables["persons"]
    farhan = persons[persons["name"] == "Muhammad Farhan"]
    assert len(farhan) == 1 and farhan.iloc[0]["n_articles"] == 2
    assert (persons["name"] == "Dedi Farhan").sum() == 1  # another city: stays apart
