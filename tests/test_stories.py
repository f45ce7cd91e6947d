"""Stories and statements (pipeline/resolve/copies.py): near-copy articles are one story and
near-copy quotes of one speaker one statement, found incrementally with stable ids.

The articles are written for these tests (fictional people and events): a police press release
(A), a regional outlet's copy of it with its own first and last lines (B), another outlet's
rewrite of the same event in its own words that quotes the Kapolres word for word (C), and an
unrelated article (D)."""

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipeline.resolve.copies import CopyOptions
from pipeline.resolve.grouping import assign_groups
from pipeline.resolve.minhash import ARTICLE_SHINGLING, QUOTE_SHINGLING
from pipeline.resolve.near_copies import share
from pipeline.runner import run

QUOTE = ("Kami sudah menyiagakan tiga pos pengamanan di jalur mudik dan meminta warga melapor "
         "bila melihat kendaraan yang berhenti terlalu lama di bahu jalan")
RELEASE = [
    "Kepolisian Resor Sragen menyiapkan pengamanan arus mudik Lebaran di sepanjang jalur Solo-Ngawi. "
    "Sebanyak 420 personel gabungan dari Polri, TNI dan Dinas Perhubungan dikerahkan mulai Senin "
    "(3/3/2025) hingga sepekan setelah hari raya.",
    "Kapolres Sragen AKBP Wirawan Hadiprojo memimpin apel gelar pasukan di halaman Mapolres Sragen. "
    "Ia memeriksa kesiapan kendaraan patroli, ambulans dan perlengkapan rambu lalu lintas.",
    f'"{QUOTE}," kata Wirawan usai apel.',
    "Menurut Wirawan, titik rawan kemacetan berada di Pasar Gemolong dan simpang empat Tangen. "
    "Petugas akan mengatur arus dengan sistem buka tutup bila antrean kendaraan melebihi satu kilometer.",
    "Polres Sragen juga membuka posko kesehatan bagi pemudik yang kelelahan. Posko dilengkapi tempat "
    "istirahat, air minum gratis dan petugas medis dari Dinas Kesehatan Kabupaten Sragen.",
]
COPY = (["Sragen - Jelang Lebaran, aparat keamanan bersiap menghadapi lonjakan pemudik."] + RELEASE[:3]
        + [RELEASE[3].replace("Pasar Gemolong", "Pasar Gemolong, Kecamatan Gemolong,"), RELEASE[4],
           "Ikuti berita terbaru seputar mudik Lebaran hanya di portal kami."])
REWRITE = [
    "Arus mudik tahun ini diperkirakan lebih padat dari tahun lalu, sehingga aparat di Sragen "
    "menambah jumlah petugas di lapangan sejak awal Maret.",
    "Dalam keterangannya kepada wartawan, Kapolres Sragen AKBP Wirawan Hadiprojo menyebut ratusan "
    "personel akan berjaga bergantian siang dan malam.",
    f'"{QUOTE}," ujar Wirawan.',
    "Warga di sekitar Gemolong berharap petugas juga memperhatikan truk besar yang kerap parkir di "
    "pinggir jalan pada malam hari.",
]
OTHER = [
    "Petani di Kecamatan Sambirejo memulai panen raya padi pada pekan ini. Harga gabah kering panen "
    "di tingkat petani tercatat Rp 6.500 per kilogram.",
    'Ketua Kelompok Tani Sri Rejeki, Suparno, mengatakan hasil panen tahun ini lebih baik. "Hama '
    'wereng tidak banyak menyerang, jadi kami bisa panen tepat waktu," kata Suparno.',
    "Dinas Pertanian Kabupaten Sragen mencatat luas lahan yang dipanen mencapai 1.200 hektare.",
]


def _write(folder: Path, name: str, title: str, date: str, url: str, paragraphs: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(paragraphs)
    (folder / name).write_text(f"TITLE: {title}\nDATE: {date}\nSOURCE: test | {url}\n\n{body}\n", encoding="utf-8")


def _release(folder):
    _write(folder, "a-release.txt", "Polres Sragen Siagakan 420 Personel Amankan Mudik", "Senin, 03 Mar 2025 10:00 WIB",
           "https://sragen.polri-contoh.id/berita/1", RELEASE)


def _copy(folder, date="Senin, 03 Mar 2025 13:30 WIB"):
    _write(folder, "b-copy.txt", "420 Personel Gabungan Amankan Jalur Mudik Sragen", date,
           "https://sragen.soloraya-contoh.com/2", COPY)


def _rewrite(folder):
    _write(folder, "c-rewrite.txt", "Arus Mudik Diprediksi Padat, Sragen Tambah Petugas", "Selasa, 04 Mar 2025 08:15 WIB",
           "https://www.jatengkini-contoh.com/3", REWRITE)


def _other(folder):
    _write(folder, "d-other.txt", "Panen Raya Padi di Sambirejo", "Selasa, 04 Mar 2025 09:00 WIB",
           "https://www.jatengkini-contoh.com/4", OTHER)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in ("articles", "quotes", "stories", "statements")}


def _story_of(t, source: str) -> str:
    a = t["articles"]
    return a.loc[a["source"] == source, "story_id"].item()


def _kapolres_statement(t) -> pd.Series:
    st = t["statements"]
    rows = st[st["text"].str.contains("tiga pos pengamanan", na=False)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_signatures_are_deterministic_and_the_estimate_is_datasketchs():
    from datasketch import MinHash

    a, b = " ".join(RELEASE), " ".join(COPY)
    assert ARTICLE_SHINGLING.sign(a) == ARTICLE_SHINGLING.sign(a)
    (na, sa), (nb, sb) = ARTICLE_SHINGLING.sign(a), ARTICLE_SHINGLING.sign(b)
    ma, mb = MinHash(num_perm=128, seed=1), MinHash(num_perm=128, seed=1)
    ma.update_batch(ARTICLE_SHINGLING.shingles(a))
    mb.update_batch(ARTICLE_SHINGLING.shingles(b))
    assert np.frombuffer(sa, "<u4").tolist() == ma.hashvalues.tolist()
    j, c = share(np.frombuffer(sa, "<u4")[None], np.frombuffer(sb, "<u4")[None], np.array([na]), np.array([nb]))
    assert j[0] == pytest.approx(ma.jaccard(mb))
    assert c[0] > 0.5  # the copy keeps most of the release
    # a quote shorter than its shingle holds all its words as one shingle; no text, no shingle
    assert QUOTE_SHINGLING.shingles("Siap, Pak!") == {b"siap pak"}
    assert ARTICLE_SHINGLING.sign(None)[0] == 0 == ARTICLE_SHINGLING.sign("  ")[0]


def test_copy_is_one_story_rewrite_and_other_are_not_and_the_quote_is_one_statement(tmp_path, processor):
    src = tmp_path / "in"
    for w in (_release, _copy, _rewrite, _other):
        w(src)
    out = tmp_path / "out"
    res = run([src], out, processor=processor, formats=("parquet",))
    assert res.n_articles == 4
    t = _tables(out)
    a, c, r, o = (_story_of(t, s) for s in ("a-release.txt", "b-copy.txt", "c-rewrite.txt", "d-other.txt"))
    assert a == c and len({a, r, o}) == 3
    stories = t["stories"].set_index("story_id")
    assert len(stories) == 3
    s = stories.loc[a]
    release_id = t["articles"].loc[t["articles"]["source"] == "a-release.txt", "article_id"].item()
    assert (s["n_articles"], s["n_outlets"], s["canonical_article_id"]) == (2, 2, release_id)
    assert s["first_published_at"] < s["last_published_at"]
    assert stories.loc[o, "n_articles"] == 1  # a story of one
    # the Kapolres's words in three articles of three outlets: one statement, said on two days
    st = _kapolres_statement(t)
    assert (st["n_articles"], st["n_outlets"], st["n_quotes"]) == (3, 3, 3)
    assert (st["first_seen"], st["last_seen"]) == ("2025-03-03", "2025-03-04")
    assert st["article_id"] == release_id and st["kind"] == "direct"
    assert st["speaker_name"] and "Wirawan" in st["speaker_name"]
    q = t["quotes"]
    assert q.loc[q["text"].str.contains("tiga pos pengamanan", na=False), "statement_id"].nunique() == 1
    assert q["statement_id"].notna().all() and t["articles"]["story_id"].notna().all()
    # statements are fewer than quotes only by the copies
    assert len(t["statements"]) == q["statement_id"].nunique() < len(q)


def test_a_rerun_that_adds_a_copy_joins_its_story_and_keeps_every_id(tmp_path, processor):
    src = tmp_path / "in"
    for w in (_release, _rewrite, _other):
        w(src)
    out = tmp_path / "out"
    run([src], out, processor=processor, formats=("parquet",))
    before = _tables(out)
    old_story = _story_of(before, "a-release.txt")
    old_statement = _kapolres_statement(before)
    assert old_statement["n_articles"] == 2
    # the copy appears later, dated before the release: it joins, the story keeps its id
    _copy(src, date="Senin, 03 Mar 2025 09:00 WIB")
    res = run([src], out, processor=processor, formats=("parquet",))
    assert res.n_articles == 1 and res.n_skipped == 3
    assert res.copy_stats["articles_added"] == 1 and res.copy_stats["story_pairs_new"] == 1
    after = _tables(out)
    assert _story_of(after, "b-copy.txt") == old_story == _story_of(after, "a-release.txt")
    s = after["stories"].set_index("story_id").loc[old_story]
    copy_id = after["articles"].loc[after["articles"]["source"] == "b-copy.txt", "article_id"].item()
    assert s["n_articles"] == 2 and s["canonical_article_id"] == copy_id  # the earliest article now
    st = _kapolres_statement(after)
    assert st["statement_id"] == old_statement["statement_id"] and st["n_articles"] == 3
    # everything that did not change keeps its id
    ids = lambda t, tab, col: set(t[tab][col])  # noqa: E731
    assert ids(before, "stories", "story_id") <= ids(after, "stories", "story_id")
    assert ids(before, "statements", "statement_id") <= ids(after, "statements", "statement_id")
    # a run with nothing new compares nothing and changes nothing
    res = run([src], out, processor=processor, formats=("parquet",))
    assert res.copy_stats["articles_added"] == 0 and res.copy_stats["quotes_added"] == 0
    for name, df in _tables(out).items():
        pd.testing.assert_frame_equal(df, after[name], obj=name)


def test_ids_are_the_same_in_two_fresh_runs_and_without_stored_signatures(tmp_path, processor):
    src = tmp_path / "in"
    for w in (_release, _copy, _rewrite, _other):
        w(src)
    one, two = tmp_path / "one", tmp_path / "two"
    run([src], one, processor=processor, formats=("parquet",))
    run([src], two, processor=processor, formats=("parquet",))
    a, b = _tables(one), _tables(two)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    # an output folder written before signatures were stored: they are made at the end of the run
    import shutil

    shutil.rmtree(two / "_parts" / "signatures")
    shutil.rmtree(two / "_parts" / "_copies")
    res = run([src], two, processor=processor, formats=("parquet",))
    assert res.n_articles == 0 and res.copy_stats["articles_added"] == 4
    c = _tables(two)
    for name in a:
        pd.testing.assert_frame_equal(a[name], c[name], obj=name)


def test_a_higher_threshold_parts_the_copy_without_processing_again(tmp_path, processor):
    src = tmp_path / "in"
    for w in (_release, _copy):
        w(src)
    out = tmp_path / "out"
    run([src], out, processor=processor, formats=("parquet",))
    assert len(pd.read_parquet(out / "stories.parquet")) == 1
    res = run([src], out, processor=processor, formats=("parquet",), copies=CopyOptions(story_threshold=0.99))
    assert res.n_articles == 0
    stories = pd.read_parquet(out / "stories.parquet")
    assert len(stories) == 2 and set(stories["n_articles"]) == {1}


def test_groups_keep_their_ids_through_merges_and_splits():
    con = duckdb.connect()
    nodes = "SELECT * FROM (VALUES (10, 'a', 1), (20, 'b', 2), (30, 'c', 3), (40, 'd', 4)) t(id, key, rank)"

    def groups(edges: str) -> dict[str, str]:
        assign_groups(con, "g", "x", nodes, edges)
        return dict(con.execute("SELECT key, group_id FROM g_groups").fetchall())

    first = groups("SELECT * FROM (VALUES (10, 20), (30, 40)) t(a, b)")
    assert first["a"] == first["b"] != first["c"] == first["d"]
    merged = groups("SELECT * FROM (VALUES (10, 20), (30, 40), (20, 30)) t(a, b)")
    assert set(merged.values()) == {first["a"]}  # the earliest member's id wins
    split = groups("SELECT * FROM (VALUES (10, 20), (30, 40)) t(a, b)")
    assert split["a"] == split["b"] == first["a"]
    assert split["c"] == split["d"] != first["a"]  # the later part gets a new id
    assert len(set(split.values())) == 2


def test_a_broken_state_file_is_started_again(tmp_path, processor):
    src = tmp_path / "in"
    for w in (_release, _copy):
        w(src)
    out = tmp_path / "out"
    run([src], out, processor=processor, formats=("parquet",))
    before = _tables(out)
    (out / "_parts" / "_copies" / "copies.duckdb").write_bytes(b"not a database")
    res = run([src], out, processor=processor, formats=("parquet",))
    assert res.n_articles == 0 and res.copy_stats["articles_added"] == 2
    for name, df in _tables(out).items():
        pd.testing.assert_frame_equal(df, before[name], obj=name)
