"""Stage 1: reading every input format, error rows, header metadata, publication dates, datelines.

All article text here is written for these tests (fictional people and places).
"""

import codecs
import json
import random
from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest import iter_records, parse_metadata, parse_published
from pipeline.ingest.metadata import find_dateline, outlet_of
from pipeline.ingest.published import load_calendar
from pipeline.models import ErrorRow, RawRecord

from .conftest import SHARED

BODY = "Karangsari - Kepala Desa Karangsari Budi Wiranto membuka kerja bakti di balai desa, Senin (3/2/2025)."
CORPUS_TXT = ("TITLE: Warga Karangsari Kerja Bakti Bersihkan Saluran\n"
              "DATE: Senin, 03 Feb 2025 09:15 WIB\n"
              "SOURCE: hand-written test | https://warta.kabarsolok.co.id/daerah/2025/02/03/kerja-bakti\n"
              "\n" + BODY + "\n\nWarga membawa cangkul sendiri.\n")
SEED_MD = ("\n\n# REGIONAL\n\n## Polsek Tanjung Lor Gelar Patroli Malam\n\n"
           "Sari Wulandari - [TANJUNGLOR.CONTOH.ID](http://TANJUNGLOR.CONTOH.ID)\n\n"
           "Mar 4, 2024 - 21:30\n\n\n\nTANJUNG LOR - Kapolsek Tanjung Lor AKP Dimas Arya memimpin patroli.\n")


def _read(paths, field_map=None):
    return list(iter_records([Path(p) for p in paths], field_map))


def _records(items):
    return [r for r in items if isinstance(r, RawRecord)]


def _errors(items):
    return {e.source: e.error for e in items if isinstance(e, ErrorRow)}


# --- formats -----------------------------------------------------------------------------------

def test_every_format_is_read_with_its_source_and_fmt(tmp_path):
    (tmp_path / "a.txt").write_text(CORPUS_TXT, encoding="utf-8")
    (tmp_path / "b.md").write_text(SEED_MD, encoding="utf-8")
    (tmp_path / "c.markdown").write_text("Catatan singkat dari Karangsari.", encoding="utf-8")
    sub = tmp_path / "exports"
    sub.mkdir()
    (sub / "d.jsonl").write_text(json.dumps({"judul": "J1", "isi_berita": "Isi satu."}) + "\n"
                                 + json.dumps({"judul": "J2", "isi_berita": "Isi dua."}) + "\n", encoding="utf-8")
    (sub / "e.ndjson").write_text(json.dumps({"title": "N1", "content": "Isi."}) + "\n", encoding="utf-8")
    (sub / "f.json").write_text(json.dumps([{"title": "L1", "text": "Isi a."}, {"title": "L2", "text": "Isi b."}]),
                                encoding="utf-8")
    (sub / "g.json").write_text(json.dumps({"title": "Satu", "body": "Isi tunggal."}), encoding="utf-8")
    (sub / "h.csv").write_text('judul,isiberita,tgl\n"C1","Isi, dengan koma.",2025-02-03\n"C2","Baris\ndua.",'
                               '2025-02-04\n', encoding="utf-8")
    (sub / "gold.json").write_text(json.dumps({"article": "a.txt", "meta": {}, "officials": []}), encoding="utf-8")
    (tmp_path / "i.html").write_text(
        "<html><head><title>Judul | Warta Solok</title><meta property='og:site_name' content='Warta Solok'>"
        "<meta property='article:published_time' content='2025-02-03T09:15:00+07:00'>"
        "<meta name='author' content='Rina Kusuma'><link rel='canonical' href='https://wartasolok.id/a/1'></head>"
        "<body><nav><p>Beranda</p></nav><article><h1>Warga Gotong Royong</h1><p>SOLOK - Warga &amp; perangkat "
        "desa bekerja.</p><p>Kedua paragraf.</p></article><footer><p>Hak cipta</p></footer></body></html>",
        encoding="utf-8")
    items = _read([tmp_path])
    assert not _errors(items)
    got = [(r.source, r.fmt) for r in items]
    assert got == [("a.txt", "txt"), ("b.md", "md"), ("c.markdown", "md"),
                   ("exports/d.jsonl:1", "jsonl"), ("exports/d.jsonl:2", "jsonl"), ("exports/e.ndjson:1", "jsonl"),
                   ("exports/f.json:1", "json"), ("exports/f.json:2", "json"), ("exports/g.json:1", "json"),
                   ("exports/h.csv:1", "csv"), ("exports/h.csv:2", "csv"), ("i.html", "html")]
    by = {r.source: r for r in items}
    assert by["a.txt"].text == CORPUS_TXT  # txt keeps the whole file, header included
    assert by["exports/h.csv:1"].text == "Isi, dengan koma." and by["exports/h.csv:2"].text == "Baris\ndua."
    assert by["exports/h.csv:1"].fields == {"title": "C1", "body": "Isi, dengan koma.", "date": "2025-02-03"}
    html = by["i.html"]
    assert html.text == "SOLOK - Warga & perangkat desa bekerja.\n\nKedua paragraf."
    assert html.fields["title"] == "Warga Gotong Royong"
    assert html.fields["url"] == "https://wartasolok.id/a/1" and html.fields["author"] == "Rina Kusuma"
    m = parse_metadata(html)
    assert (m.outlet, m.published_at, m.dateline) == ("Warta Solok", "2025-02-03T09:15", "SOLOK")


def test_html_without_article_uses_paragraphs_and_falls_back_to_title(tmp_path):
    (tmp_path / "p.htm").write_text("<html><head><title>Judul Halaman</title></head><body><div><p>Paragraf "
                                    "pertama<br>baris dua</p><p>Paragraf kedua</p></div><script>var p = 1;</script>"
                                    "<time datetime='2024-12-01'>1 Des</time></body></html>", encoding="utf-8")
    [rec] = _read([tmp_path / "p.htm"])
    assert rec.text == "Paragraf pertama\nbaris dua\n\nParagraf kedua"
    assert rec.fields["title"] == "Judul Halaman" and rec.fields["date"] == "2024-12-01"


@pytest.mark.parametrize("record,expected", [
    ({"judul": "T", "isi_berita": "B", "tanggal_publikasi": "Senin, 03 Feb 2025 09:15 WIB", "author": "A",
      "sumber": "contoh.id", "url": "https://contoh.id/1"},
     {"title": "T", "body": "B", "date": "Senin, 03 Feb 2025 09:15 WIB", "author": "A", "outlet": "contoh.id",
      "url": "https://contoh.id/1"}),
    ({"judul": "T", "isiberita": "B", "tgl": "2025-02-03", "link_judul": "https://contoh.id/2"},
     {"title": "T", "body": "B", "date": "2025-02-03", "url": "https://contoh.id/2"}),
    ({"judul": "T", "berita": "B"}, {"title": "T", "body": "B"}),
    ({"": "0", "judul": "T", "paragraf": "B", "tanggal_berita": "03/02/2025, 09:15 WIB"},
     {"title": "T", "body": "B", "date": "03/02/2025, 09:15 WIB"}),
    ({"headline": "T", "isi": "B", "tanggal": "3 Februari 2025", "penulis": "P", "media": "M", "link_berita": "u"},
     {"title": "T", "body": "B", "date": "3 Februari 2025", "author": "P", "outlet": "M", "url": "u"}),
    ({"Title": "T", "Content": "B", "Published_At": "2025-02-03", "Reporter": "R", "Site": "S", "Link": "u"},
     {"title": "T", "body": "B", "date": "2025-02-03", "author": "R", "outlet": "S", "url": "u"}),
    ({"title": "T", "content": ["Paragraf satu.", "Paragraf dua."], "date": "03 Feb 2025", "time": "09:15",
      "source": "berita.contoh.id"},
     {"title": "T", "body": "Paragraf satu.\n\nParagraf dua.", "date": "03 Feb 2025 09:15",
      "outlet": "berita.contoh.id"}),
])
def test_scraper_field_names_map_to_canonical_keys(tmp_path, record, expected):
    (tmp_path / "x.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    [rec] = _read([tmp_path / "x.jsonl"])
    assert rec.fields == expected and rec.text == expected["body"]


def test_field_override_beats_the_defaults(tmp_path):
    (tmp_path / "a.csv").write_text('headline,teks,isi\n"Judul","Isi yang benar.","ringkasan"\n', encoding="utf-8")
    [rec] = _read([tmp_path / "a.csv"], {"body": "teks", "title": "headline"})
    assert rec.text == "Isi yang benar." and rec.fields["title"] == "Judul"
    (tmp_path / "b.jsonl").write_text(json.dumps({"judul": "J", "isi": "ringkasan", "naskah": "Isi penuh."}) + "\n",
                                      encoding="utf-8")
    [rec] = _read([tmp_path / "b.jsonl"], {"body": "naskah"})
    assert rec.text == "Isi penuh."


def test_field_override_naming_a_missing_column_is_reported_once_for_a_csv(tmp_path):
    (tmp_path / "a.csv").write_text("judul,isi\nA,B\nC,D\n", encoding="utf-8")
    items = _read([tmp_path / "a.csv"], {"body": "naskah"})
    assert len(items) == 1 and items[0].error == "no_body"
    assert "a.csv" in items[0].message and "naskah" in items[0].message and "--field body=" in items[0].message


def test_unknown_field_map_key_fails_at_once():
    with pytest.raises(ValueError, match="bdoy"):
        iter_records([Path(".")], {"bdoy": "naskah"})


def test_json_object_wrapping_a_list_of_records(tmp_path):
    (tmp_path / "w.json").write_text(json.dumps({"count": 2, "data": [{"judul": "A", "isi": "Satu."},
                                                                      {"judul": "B", "isi": "Dua."}]}), encoding="utf-8")
    assert [(r.source, r.text) for r in _read([tmp_path])] == [("w.json:1", "Satu."), ("w.json:2", "Dua.")]


def test_semicolon_csv_and_utf8_bom(tmp_path):
    (tmp_path / "s.csv").write_bytes(codecs.BOM_UTF8 + "judul;isi_berita\nA;Isi berita titik koma.\n".encode())
    [rec] = _read([tmp_path / "s.csv"])
    assert rec.fields["title"] == "A" and rec.text == "Isi berita titik koma."


def test_utf16_with_bom_is_accepted(tmp_path):
    (tmp_path / "u.txt").write_bytes("Warga Sukorejo berkumpul.".encode("utf-16"))
    (tmp_path / "u.jsonl").write_bytes((json.dumps({"judul": "J", "isi_berita": "Isi é."}) + "\n").encode("utf-16"))
    items = _read([tmp_path])
    assert not _errors(items)
    assert [r.text for r in items] == ["Isi é.", "Warga Sukorejo berkumpul."]


# --- bad input -----------------------------------------------------------------------------------

def test_bad_inputs_become_error_rows_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.md").write_text("  \n\n")
    (tmp_path / "nul.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "control.txt").write_bytes(bytes(range(1, 9)) * 40)
    (tmp_path / "latin.txt").write_bytes("Kepala Desa Sukamaju berkata caf\xe9".encode("latin-1"))
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    lines = [json.dumps({"judul": "A", "isi_berita": "Camat Kejayan hadir."}), "{broken",
             json.dumps({"judul": "B"}), json.dumps(["not", "an", "object"]),
             json.dumps({"title": "C", "content": "Bupati Sumberjati meninjau lokasi."})]
    (tmp_path / "x.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "y.jsonl").write_bytes(b'{"judul": "D", "isi": "caf\xe9"}\n' + json.dumps({"isi": "Baik."}).encode())
    (tmp_path / "z.csv").write_text("judul,tanggal\nA,2025-01-01\n", encoding="utf-8")
    items = _read([tmp_path])
    assert _errors(items) == {
        "bad.json": "json", "blank.md": "empty", "control.txt": "binary", "empty.txt": "empty",
        "latin.txt": "decode", "nul.txt": "binary", "x.jsonl:2": "json", "x.jsonl:3": "no_body",
        "x.jsonl:4": "json", "y.jsonl:1": "decode", "z.csv": "no_body"}
    assert [r.source for r in _records(items)] == ["x.jsonl:1", "x.jsonl:5", "y.jsonl:2"]
    for e in items:
        if isinstance(e, ErrorRow):
            assert e.stage == "ingest" and e.message.startswith(e.source.split(":")[0])


def test_unreadable_and_missing_inputs_are_io_errors(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text("Isi rahasia.", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    items = _read([locked, tmp_path / "nowhere"])
    assert [(e.error, e.stage) for e in items] == [("io", "ingest"), ("io", "ingest")]
    assert "Permission denied" in items[0].message and "nowhere" in items[1].message


def test_random_bytes_never_raise(tmp_path):
    rng = random.Random(7)
    for i, ext in enumerate([".txt", ".md", ".json", ".jsonl", ".csv", ".html", ".ndjson", ".parquet"] * 3):
        (tmp_path / f"r{i}{ext}").write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))))
    for item in iter_records([tmp_path]):
        assert isinstance(item, (RawRecord, ErrorRow))
        if isinstance(item, RawRecord):
            parse_metadata(item)


# --- walking -------------------------------------------------------------------------------------

def test_walk_is_sorted_and_skips_hidden_index_readme_and_non_articles(tmp_path):
    for rel in ["b/2.txt", "a.txt", "b/1.txt", "c/z/9.md", ".hidden/x.txt", "b/.secret.txt", "INDEX.tsv",
                "README.md", "b/README.txt", "photo.png", "data.feather", "notes.docx"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("Isi berita dari Karangsari.", encoding="utf-8")
    first = [r.source for r in iter_records([tmp_path])]
    assert first == ["a.txt", "b/1.txt", "b/2.txt", "c/z/9.md"]
    assert [r.source for r in iter_records([tmp_path])] == first
    # a file named directly: its own name is the source; several inputs keep their order
    assert [r.source for r in iter_records([tmp_path / "b" / "2.txt", tmp_path / "a.txt"])] == ["2.txt", "a.txt"]
    assert list(iter_records([tmp_path / "photo.png"])) == []


def test_jsonl_is_streamed_a_line_at_a_time(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"judul": "1", "isi": "Satu."}) + "\n", encoding="utf-8")
    gen = iter_records([path])
    assert next(gen).source == "s.jsonl:1"
    with open(path, "a", encoding="utf-8") as fh:  # a line added after the first record was read
        fh.write(json.dumps({"judul": "2", "isi": "Dua."}) + "\n")
    assert [r.source for r in gen] == ["s.jsonl:2"]


# --- metadata ------------------------------------------------------------------------------------

def test_corpus_header_metadata_and_body_is_a_suffix():
    m = parse_metadata(RawRecord("a.txt", "txt", CORPUS_TXT))
    assert m.title == "Warga Karangsari Kerja Bakti Bersihkan Saluran"
    assert m.url == "https://warta.kabarsolok.co.id/daerah/2025/02/03/kerja-bakti"
    assert m.outlet == "kabarsolok.co.id"
    assert (m.published_raw, m.published_at) == ("Senin, 03 Feb 2025 09:15 WIB", "2025-02-03T09:15")
    assert m.dateline == "Karangsari"
    assert m.body.startswith("Karangsari - Kepala Desa") and CORPUS_TXT.endswith(m.body)


def test_corpus_header_without_date_or_url():
    text = "TITLE:   Judul Tanpa Tanggal  \nDATE: (not given)\nSOURCE: scraper export row 4\n\nIsi berita."
    m = parse_metadata(RawRecord("n.txt", "txt", text))
    assert (m.title, m.published_raw, m.published_at, m.url, m.outlet) == ("Judul Tanpa Tanggal", None, None,
                                                                           None, None)
    assert m.body == "Isi berita."


def test_seed_markdown_header():
    m = parse_metadata(RawRecord("b.md", "md", SEED_MD))
    assert (m.title, m.author, m.outlet, m.url) == ("Polsek Tanjung Lor Gelar Patroli Malam", "Sari Wulandari",
                                                    "TANJUNGLOR.CONTOH.ID", "http://TANJUNGLOR.CONTOH.ID")
    assert (m.published_raw, m.published_at, m.dateline) == ("Mar 4, 2024 - 21:30", "2024-03-04T21:30", "TANJUNG LOR")
    assert m.body.startswith("TANJUNG LOR - Kapolsek") and SEED_MD.endswith(m.body)


def test_plain_text_without_header_is_all_body():
    text = "Sukamaju - Warga Sukamaju menanam pohon.\n"
    m = parse_metadata(RawRecord("p.txt", "txt", text))
    assert m.body == text and m.title is None and m.dateline == "Sukamaju"


def test_structured_record_metadata_and_outlet_fallback():
    rec = RawRecord("x.jsonl:1", "jsonl", "Isi.", {"title": " Judul  Dua ", "body": "Isi.", "date": "2025-02-03",
                                                    "url": "https://daerah.beritadesa.com/a"})
    m = parse_metadata(rec)
    assert (m.title, m.outlet, m.published_at, m.body) == ("Judul Dua", "beritadesa.com", "2025-02-03", "Isi.")
    rec.fields["outlet"] = "Berita Desa"
    assert parse_metadata(rec).outlet == "Berita Desa"


def test_reporter_credited_in_the_body():
    body = "Isi berita tentang Desa Karangsari.\n\nPenulis : Lestari Handayani\n"
    assert parse_metadata(RawRecord("r.txt", "txt", body)).author == "Lestari Handayani"
    body = "Isi berita tentang Desa Karangsari berakhir di sini. [wahyudi]\n"
    assert parse_metadata(RawRecord("r.txt", "txt", body)).author == "Wahyudi"
    body = "Skor akhir 2-1 (Liga Desa)\n"  # a bracket after a score is not a byline
    assert parse_metadata(RawRecord("r.txt", "txt", body)).author is None


@pytest.mark.parametrize("url,outlet", [
    ("https://oto.detik.com/berita/d-1", "detik.com"),
    ("https://www.liputan6.com/news/read/1", "liputan6.com"),
    ("http://PASURUAN.MAGZ.CO.ID", "magz.co.id"),
    ("https://tribratanews.sukamaju.jateng.polri.go.id/a", "tribratanews.sukamaju.jateng.polri.go.id"),
    ("https://kodim0000.tni-ad.mil.id/x", "kodim0000.tni-ad.mil.id"),
    ("https://www.news.example.co.uk/a", "example.co.uk"),
    ("contohberita.com/a", "contohberita.com"),
    (None, None),
])
def test_outlet_of(url, outlet):
    assert outlet_of(url) == outlet


# --- publication dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw,iso", [
    ("Aug 9, 2023 - 18:00", "2023-08-09T18:00"),
    ("Sabtu, 31 Mei  2025 12:03 WIB", "2025-05-31T12:03"),
    ("Minggu, 15 Jun 2025 08:05 WIB", "2025-06-15T08:05"),
    ("Diperbarui 18 Jun 2025, 14:05 WIB", "2025-06-18T14:05"),
    ("Kompas.com - 10/06/2025, 20:18 WIB", "2025-06-10T20:18"),
    ("Kompas.com- Diperbarui 19/06/2025, 10:19 WIB", "2025-06-19T10:19"),
    ("Kamis (29/02/2024)", "2024-02-29"),
    ("Jum’at (15/12/2023)", "2023-12-15"),
    ("Jumat (11/12/20)", "2020-12-11"),
    ("(Kamis,06/08/2020)", "2020-08-06"),
    ("Minggu dini hari (18/9/2023)", "2023-09-18"),
    ("2024-02-12", "2024-02-12"),
    ("2024-02-12 10:00:00", "2024-02-12T10:00"),
    ("2024-11-18T09:05:00+07:00", "2024-11-18T09:05"),
    ("2024-11-18T02:05:00Z", "2024-11-18T02:05"),
    ("2019/02/08", "2019-02-08"),
    ("12/02/2024", "2024-02-12"),
    ("10/9/24", "2024-09-10"),
    ("06 Jun 2025 13:04", "2025-06-06T13:04"),
    ("Rabu   18 Jun 2025  22:05 WIB", "2025-06-18T22:05"),
    (",\u00a0Jurnalis-Jum'at, 13 Juni 2025 |19:04 WIB", "2025-06-13T19:04"),
    ("19 Juni 2025 | 08.18 WIB", "2025-06-19T08:18"),
    ("Minggu 22 Desember 2024", "2024-12-22"),
    ("10 Oktober 2023", "2023-10-10"),
    ("5 Peb 2021", "2021-02-05"),
    ("1 Agt 2022", "2022-08-01"),
    ("7 Agu 2022", "2022-08-07"),
    ("2 Sept 2022", "2022-09-02"),
    ("30 Okt 2022", "2022-10-30"),
    ("3 Nop 2021", "2021-11-03"),
    ("24 Des 2021", "2021-12-24"),
    ("September 5, 2021", "2021-09-05"),
    ("Dec 1, 2020 - 7:45 PM", "2020-12-01T19:45"),
    ("31/02/2024", None),
    ("(not given)", None),
    ("(not given; the only date belongs to a teaser: Senin (3/2/2025))", None),
    ("tidak ada tanggal", None),
    ("kemarin sore", None),
    ("", None),
    (None, None),
])
def test_parse_published(raw, iso):
    assert parse_published(raw) == iso


def test_weekday_without_year_takes_the_url_year_or_the_one_recent_year_that_fits():
    # 8 September is a Monday in 2025 and in 2014; only 2025 lies in the ten years up to 2026.
    assert parse_published("Senin (8/9)", ref=date(2026, 11, 23)) == "2025-09-08"
    # 25 April is a Thursday in 2019 and 2024: ambiguous, so no date is invented.
    assert parse_published("Kamis malam (25/04)", ref=date(2026, 11, 23)) is None
    assert parse_published("Kamis malam (25/04)", year_hint=2019) == "2019-04-25"
    assert parse_published("Jumat (25/04)", year_hint=2019) is None  # the weekday disagrees with the hint
    url = "https://warta.contoh.id/2024/04/patroli-malam"
    text = f"TITLE: Patroli\nDATE: Kamis (25/04)\nSOURCE: test | {url}\n\nIsi."
    assert parse_metadata(RawRecord("w.txt", "txt", text)).published_at == "2024-04-25"


def test_calendar_file_and_custom_calendar(tmp_path):
    cal = load_calendar()
    assert cal.months["mei"] == 5 and cal.months["peb"] == 2 and cal.months["agt"] == 8
    assert cal.weekdays["senin"] == 0 and cal.weekdays["jum'at"] == 4 and cal.weekdays["ahad"] == 6
    assert cal.weekdays["sunday"] == 6
    own = tmp_path / "cal.yaml"
    own.write_text("version: 1\nmonths:\n  1: [sasih-siji]\nweekdays:\n  0: [soma]\n", encoding="utf-8")
    assert load_calendar(own).months == {"sasih-siji": 1} and load_calendar(own).weekdays == {"soma": 0}


# --- datelines -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body,place", [
    ("KARANGSARI - Warga berkumpul.", "KARANGSARI"),
    ("Sukamaju - Warga berkumpul.", "Sukamaju"),
    ("TANJUNG LOR – Warga berkumpul.", "TANJUNG LOR"),
    ("Batu Hijau | Warga berkumpul.", "Batu Hijau"),
    ("SUKAMAJU, KOMPAS.com - Warga berkumpul.", "SUKAMAJU"),
    ("Liputan6.com, Sukamaju - Warga berkumpul.", "Sukamaju"),
    ("Liputan6.com, SukamajuWarga berkumpul di balai.", "Sukamaju"),
    ("Liputan6.com, Tanjung LorPT Desa Makmur berdiri.", "Tanjung Lor"),
    ("Liputan6.com, Sukamaju-Warga berkumpul.", "Sukamaju"),
    ("SUKAMAJU-Warga berkumpul.", "SUKAMAJU"),
    ("Karangsari (wartadesa.id) - Warga berkumpul.", "Karangsari"),
    ("Karangsari, wartadesa.com – Warga berkumpul.", "Karangsari"),
    ("KARANGSARI, detikJateng - Warga berkumpul.", "KARANGSARI"),
    ("WartaDesa.co.id, Karangsari – Jawa | Warga berkumpul.", "Karangsari"),
    ("Polres Karangsari,-(WD)-wartadesa.com.- Warga berkumpul.", "Karangsari"),
    ("Batu Hijau, wartadesa.com\n\nWarga berkumpul di balai desa Batu Hijau.", "Batu Hijau"),
    ("Karangsari\n\n-\n\nWarga berkumpul.", "Karangsari"),
    ("Berita\n\nSukamaju – Warga berkumpul.", "Sukamaju"),
    ("SCROLL TO CONTINUE WITH CONTENT\n\nSukamaju - Warga berkumpul.", "Sukamaju"),
    ("Warga Sukamaju berkumpul di balai desa - semuanya.", None),
    ("Gara-gara hujan, warga berkumpul.", None),
    ("TEKA-teki itu terjawab.", None),
    ("Budi Wiranto-Santoso hadir.", None),
    ("WartaDesa.com - Kapolsek Karangsari hadir.", None),
    ("Baca Juga - Kapolsek Karangsari hadir.", None),
    ("Warga Karangsari berkumpul sejak pagi di balai desa untuk membersihkan saluran air bersama-sama.\n\n"
     "Sukamaju - Ini paragraf lain.", None),
])
def test_find_dateline(body, place):
    assert find_dateline(body) == place


def test_dateline_skips_a_title_repeat_and_an_outlet_named_first():
    body = "Warga Gelar Kerja Bakti\n\nSUKAMAJU - Warga berkumpul."
    assert find_dateline(body, title="warga gelar kerja bakti") == "SUKAMAJU"
    assert find_dateline("Wartadesa, Sukamaju - Warga berkumpul.", url="https://wartadesa.com/a") == "Sukamaju"


# --- the dev set's own metadata ------------------------------------------------------------------

DEV = SHARED / "eval" / "dev"


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not beside the repo")
def test_dev_meta_matches_gold():
    records = _read([DEV])
    assert len(records) == 32 and not _errors(records)
    wrong = []
    for rec in records:
        gold = json.loads((DEV / (Path(rec.source).stem + ".json")).read_text(encoding="utf-8"))["meta"]
        m = parse_metadata(rec)
        assert rec.text.endswith(m.body)
        got = {"title": m.title, "url": m.url, "published": m.published_at, "dateline": m.dateline}
        wrong += [(rec.source, k, v, gold[k]) for k, v in got.items() if v != gold[k]]
    assert not wrong


def test_a_weekday_header_takes_its_year_from_the_years_the_body_writes():
    text = ("TITLE: Rupiah melemah\nDATE: Jumat (26/6)\n\nRupiah ditutup melemah Jumat (26/6). Sepanjang 2020 "
            "rupiah tertekan, lebih dalam dari 2019; target 2020 sulit.")
    assert parse_metadata(RawRecord("a.txt", "txt", text)).published_at == "2020-06-26"
    # no year the weekday agrees with: no date rather than a guess
    text = "TITLE: Rupiah melemah\nDATE: Jumat (26/6)\n\nRupiah ditutup melemah. Sepanjang 2019 rupiah tertekan."
    assert parse_metadata(RawRecord("a.txt", "txt", text)).published_at is None


def test_a_date_line_at_the_top_of_the_body_is_the_publication_date():
    text = "TITLE: Rupiah melemah\n\nSenin 09 Dec 2024 - 10:15 WIB\n\nRupiah ditutup melemah pada Senin (9/12)."
    meta = parse_metadata(RawRecord("a.txt", "txt", text))
    assert meta.published_at == "2024-12-09T10:15"
    # a date inside a sentence of the body is not a date line
    text = "TITLE: Rupiah melemah\n\nRupiah ditutup melemah pada 9 Desember 2024 pukul 10.15 di Jakarta.\n\nItu saja."
    assert parse_metadata(RawRecord("a.txt", "txt", text)).published_at is None


def test_without_a_publication_date_dates_take_the_year_of_the_latest_full_date_of_the_body(processor):
    text = ("TITLE: Bonus karyawan\nDATE: (not given)\n\nPerusahaan itu memberi bonus kepada karyawan, kata direkturnya, "
            "Selasa (30/6/2020). Bonus serupa pernah dibagikan pada 30 Mei dan pada 2 Maret 2015. Besok ada rapat.")
    dates = {d["text"]: d["value"] for d in processor.process(RawRecord("a.txt", "txt", text)).dates}
    assert dates["30 Mei"] == "2020-05-30"
    assert dates["2 Maret 2015"] == "2015-03-02"
    assert "Besok" not in dates and "besok" not in dates  # a relative day needs the publication day itself
