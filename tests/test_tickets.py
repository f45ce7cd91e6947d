"""Election tickets written as one hyphenated word (pipeline/extract/tickets.py). Sentences
written for the project; the candidates are fictional, their first names common ones."""

from pipeline.models import RawRecord


def run(processor, body):
    text = f"TITLE: contoh\nDATE: Senin, 16 Jun 2025 10:00 WIB\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def names(res):
    return sorted(p["name"] for p in res.people)


def test_each_side_of_a_ticket_is_a_person(processor):
    res = run(processor, "Hasil hitung cepat Pilkada 2024 menunjukkan keunggulan Ahmad-Taufik atas Wahyu-Purnomo. "
                         "Disusul Hendra-Bambang di urutan ketiga, sementara Wahyu-Purnomo unggul di kota.")
    assert names(res) == ["Ahmad", "Bambang", "Hendra", "Purnomo", "Taufik", "Wahyu"]
    assert {p["rule_id"] for p in res.people} == {"people.ticket"}


def test_a_ticket_outside_a_contest_sentence_counts_where_one_side_is_known(processor):
    res = run(processor, "Calon gubernur Wahyu Santoso berkampanye di pasar. Di kampung itu, baliho Wahyu-Purnomo "
                         "terpasang di setiap gang.")
    assert "Purnomo" in names(res)
    # neither side known, no contest: two words joined by a hyphen are left alone
    res = run(processor, "Di kampung itu, baliho Hendra-Bambang terpasang di setiap gang.")
    assert names(res) == []


def test_hyphenated_names_places_and_routes_are_no_tickets(processor):
    res = run(processor, "Pelatih baru klub itu adalah Jean-Paul van Gastel. Pemilu di jalur Jawa-Bali dan "
                         "Sabang-Merauke lancar. Calon penumpang tiba di Bandara Soekarno-Hatta. Pasangan "
                         "Surabaya-Malang diuji.")
    got = names(res)
    for word in ("Jean", "Jawa", "Bali", "Sabang", "Merauke", "Soekarno", "Hatta", "Surabaya", "Malang"):
        assert word not in got


def test_ticket_people_take_no_focus(processor):
    res = run(processor, "Ketua KPU Kota Wates, Rudi Hartanto, membacakan hasil Pilkada. Paslon Ahmad-Taufik "
                         "unggul tipis. \"Semua saksi sudah tanda tangan,\" ujarnya.")
    q = [q for q in res.quotes if q["text"].startswith("Semua saksi")]
    assert q and q[0]["speaker_name"] == "Rudi Hartanto"
