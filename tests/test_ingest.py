import json

from pipeline.ingest import iter_records, parse_metadata, parse_published
from pipeline.models import ErrorRow, RawRecord


def test_bad_inputs_become_error_rows_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "latin.txt").write_bytes("Kepala Desa Sukamaju berkata caf\xe9".encode("latin-1"))
    lines = [json.dumps({"judul": "A", "isi_berita": "Camat Kejayan hadir di balai desa."}), "{broken",
             json.dumps({"title": "B", "content": "Bupati Blitar meninjau lokasi."})]
    (tmp_path / "x.jsonl").write_text("\n".join(lines) + "\n")
    out = list(iter_records([tmp_path]))
    errors = {e.source: e.error for e in out if isinstance(e, ErrorRow)}
    assert errors == {"bin.txt": "binary", "empty.txt": "empty", "latin.txt": "decode", "x.jsonl:2": "json"}
    recs = [r for r in out if isinstance(r, RawRecord)]
    assert [r.source for r in recs] == ["x.jsonl:1", "x.jsonl:3"]
    assert recs[1].fields["title"] == "B"


def test_field_override(tmp_path):
    (tmp_path / "a.csv").write_text('headline,teks\n"Judul","Isi berita tentang Kapolsek Ponggok."\n')
    recs = list(iter_records([tmp_path / "a.csv"], {"body": "teks", "title": "headline"}))
    assert isinstance(recs[0], RawRecord) and recs[0].text.startswith("Isi berita")


def test_seed_style_header():
    text = ("\n\n# NEWS\n\n## Judul Berita Contoh\n\nBudi Santoso - [KOTA.CONTOH.ID](http://KOTA.CONTOH.ID)\n\n"
            "Aug 9, 2023 - 18:00\n\n\n\nBLITAR - Kapolsek Ponggok hadir.")
    m = parse_metadata(RawRecord("a.md", "md", text))
    assert (m.title, m.author, m.outlet, m.published_at, m.dateline) == (
        "Judul Berita Contoh", "Budi Santoso", "KOTA.CONTOH.ID", "2023-08-09T18:00", "BLITAR")
    assert text.endswith(m.body)


def test_published_formats():
    assert parse_published("Sabtu, 31 Mei  2025 12:03 WIB") == "2025-05-31T12:03"
    assert parse_published("Diperbarui 18 Jun 2025, 14:05 WIB") == "2025-06-18T14:05"
    assert parse_published("Kompas.com - 10/06/2025, 20:18 WIB") == "2025-06-10T20:18"
    assert parse_published("Kamis (29/02/2024)") == "2024-02-29"
    assert parse_published("tidak ada tanggal") is None
