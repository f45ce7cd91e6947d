"""PersonLinker (resolve/persons.py) on its own: rows in many batches, ids streamed back in order,
the work folder and DuckDB's memory limit. The linking rules themselves: tests/test_persons.py."""

import pyarrow as pa

from pipeline.resolve.persons import PersonLinker, _pid
from pipeline.write.finalize import _take
from pipeline.write.tables import arrow_schema

FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Yanti", "Eko", "Rina"]
LAST = ["Santoso", "Rahayu", "Wibowo", "Lestari", "Hidayat", "Kusuma", "Pratama"]


def _people(rows: list[dict]) -> pa.Table:
    cols = {c: [r.get(c) for r in rows] for c in PersonLinker.COLUMNS}
    types = {"rank_level": pa.int64(), "is_official": pa.bool_()}
    return pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in cols.items()})


def _articles(ids: list[str], day: str) -> pa.Table:
    return pa.table({"article_id": ids, "published_at": [day] * len(ids)})


def test_ids_come_back_in_row_order_across_batches_and_chunks(tmp_path):
    rows = []
    for i in range(3000):  # more than DuckDB's 2,048-row vectors and the chunks below
        name = f"{FIRST[i % 8]} {LAST[(i // 8) % 7]} {chr(97 + i % 26)}{chr(97 + (i // 26) % 26)}"
        rows.append({"article_id": f"a{i // 3}", "person_key": f"k{i}", "name": name})
    with PersonLinker(tmp_path / "link") as linker:
        for start in range(0, len(rows), 7):
            part = rows[start:start + 7]
            linker.add(_people(part), _articles(sorted({r["article_id"] for r in part}), "2024-05-01"))
        linker.link()
        stream, carry, got = linker.person_ids(chunk=64), [], []
        for start in range(0, len(rows), 7):  # as finalize takes them: one people batch at a time
            got += _take(stream, len(rows[start:start + 7]), carry).to_pylist()
        assert not carry and next(stream, None) is None
        persons = pa.concat_tables(linker.persons(arrow_schema("persons"), chunk=100))
    want = [_pid("name", r["name"].lower()) for r in rows]
    assert got == want
    assert persons.num_rows == len(set(want)) and persons["person_id"].to_pylist() == sorted(set(want))
    assert not (tmp_path / "link").exists()  # the work folder goes with the linker


def test_memory_limit_and_spill_folder_are_set(tmp_path):
    linker = PersonLinker(tmp_path / "link", memory_limit="64MB", threads=1)
    try:
        limit = linker.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        spill = linker.con.execute("SELECT current_setting('temp_directory')").fetchone()[0]
        assert limit.replace(" ", "").upper().startswith(("61", "64"))  # 64 MB, shown in MiB by some versions
        assert spill.startswith(str(tmp_path / "link"))
    finally:
        linker.close()
    assert not (tmp_path / "link").exists()


def test_persons_row_aggregates(tmp_path):
    """persons: longest name, ranks in order seen, sorted offices, first/last seen, articles and quotes."""
    p = [
        {"article_id": "a1", "person_key": "k1", "name": "Dimas Arya", "rank": "AKP", "rank_full": "Ajun Komisaris Polisi",
         "rank_level": 7, "position": "Kapolsek", "unit": "Ponggok", "is_official": True},
        {"article_id": "a2", "person_key": "k1", "name": "Dimas Arya", "rank": "Kompol",
         "rank_full": "Komisaris Polisi", "rank_level": 8, "position": "Kapolres", "unit": "Blitar", "is_official": True},
        {"article_id": "a2", "person_key": "k2", "name": None, "position": "Kapolres", "unit": "Blitar"},
    ]
    with PersonLinker(tmp_path / "link") as linker:
        linker.add(_people(p[:1]), _articles(["a1"], "2024-03-01"))
        linker.add(_people(p[1:]), _articles(["a2"], "2024-05-02"),
                   pa.table({"article_id": ["a2", "a2"], "speaker_key": ["k2", "k1"]}))
        linker.link()
        ids = pa.concat_arrays(list(linker.person_ids())).to_pylist()
        (row,) = pa.concat_tables(linker.persons(arrow_schema("persons"))).to_pylist()
    assert len(set(ids)) == 1  # a promotion, and the unnamed Kapolres Blitar of the same days
    assert row["ranks"] == ["AKP", "Kompol"] and row["positions"] == ["Kapolres Blitar", "Kapolsek Ponggok"]
    assert row["units"] == ["Ponggok", "Blitar"] and row["first_seen"] == "2024-03-01"
    assert row["last_seen"] == "2024-05-02" and row["n_articles"] == 2 and row["n_quotes"] == 2
