"""All four output formats, schema.json, the DuckDB keys and views, and `pipeline query`."""

import csv
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
ENV = {"COLUMNS": "160"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(app, ["run", str(ROOT / "data" / "raw"), "--out", str(out), "--workers", "1",
                                   "--format", "parquet,csv,jsonl,duckdb"], env=ENV)
    assert res.exit_code == 0, res.output
    return out


def test_every_format_holds_the_same_rows_and_schema_json_lists_the_columns(out):
    schema = json.loads((out / "schema.json").read_text())
    for name, cols in schema.items():
        pq = pd.read_parquet(out / f"{name}.parquet")
        assert list(pq.columns) == cols, name
        assert list(pd.read_csv(out / f"{name}.csv").columns) == cols, name
        lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert all(line.strip() for line in lines), name  # no blank lines (strict JSONL readers refuse them)
        assert len(lines) == len(pq), name
        if lines:
            assert list(json.loads(lines[0])) == cols, name
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    for name, cols in schema.items():
        assert [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()] == cols, name
    con.close()
    # the texts are the same in every format: the first quote, say
    q = pd.read_parquet(out / "quotes.parquet")
    first = json.loads((out / "quotes.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["text"] == q["text"][0] and first["start_char"] == q["start_char"][0]


def test_only_the_formats_asked_for_are_written(tmp_path):
    res = CliRunner().invoke(app, ["run", str(ROOT / "data" / "raw" / "2025-06-klaten-banjir.txt"),
                                   "--out", str(tmp_path), "--workers", "1", "--format", "jsonl"], env=ENV)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "quotes.jsonl").exists() and (tmp_path / "schema.json").exists()
    assert not list(tmp_path.glob("*.parquet")) and not (tmp_path / "pipeline.duckdb").exists()
    bad = CliRunner().invoke(app, ["run", str(ROOT / "data" / "raw"), "--out", str(tmp_path), "--format", "xlsx"],
                             env=ENV)
    assert bad.exit_code == 2 and "unknown format 'xlsx'" in bad.output


def test_duckdb_keys_hold_and_refuse_a_duplicate(out):
    con = duckdb.connect(str(out / "pipeline.duckdb"))
    keys = {(t, tuple(c)) for t, c in con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
    assert {("articles", ("article_id",)), ("persons", ("person_id",)),
            ("people", ("article_id", "person_key"))} <= keys
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO articles SELECT * FROM articles LIMIT 1")
    con.close()


def test_a_key_the_data_breaks_is_left_out_with_a_note():
    from pipeline.write.duckdb_schema import add_keys

    con = duckdb.connect()
    con.execute("CREATE TABLE articles AS SELECT 'a' AS article_id UNION ALL SELECT 'a'")
    for t, cols in (("persons", "person_id"), ("people", "article_id, 'k' AS person_key"),
                    ("officials", "article_id, 'k' AS person_key")):
        con.execute(f"CREATE TABLE {t} AS SELECT DISTINCT {'article_id AS ' if t == 'persons' else ''}{cols} "
                    "FROM articles")
    notes = add_keys(con)
    assert len(notes) == 1 and notes[0].startswith("articles: no primary key")


def test_views_join_quotes_to_people_to_articles(out):
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    quotes = pd.read_parquet(out / "quotes.parquet")
    people = pd.read_parquet(out / "people.parquet")
    arts = pd.read_parquet(out / "articles.parquet").set_index("article_id")
    qa = con.execute("SELECT * FROM quotes_articles").df()
    assert len(qa) == len(quotes)
    # each quote's speaker fields come from its people row, the title from its article
    for _, q in qa.iterrows():
        assert q["title"] == arts.loc[q["article_id"], "title"]
    named = qa[qa["person_id"].notna()].iloc[0]
    src = quotes[(quotes["article_id"] == named["article_id"]) & (quotes["start_char"] == named["start_char"])].iloc[0]
    p = people[(people["article_id"] == src["article_id"]) & (people["person_key"] == src["speaker_key"])].iloc[0]
    assert named["position"] == p["position"] and named["person_name"] is not None
    oa = con.execute("SELECT name, position, n_quotes, outlet FROM officials_articles WHERE position = 'Kapolres' "
                     "AND unit = 'Ngawi'").fetchall()
    n_kap = int(((quotes["speaker_position"] == "Kapolres") & (quotes["speaker_unit"] == "Ngawi")).sum())
    assert oa and oa[0][0] == "Galih Sasongko Wibisono" and oa[0][2] == n_kap > 0
    by_kab = con.execute("SELECT kabupaten, count(*) FROM places_articles WHERE kabupaten IS NOT NULL "
                         "GROUP BY 1").fetchall()
    assert ("Ngawi", ) in {(k,) for k, _n in by_kab}
    con.close()


def test_query_prints_a_table_and_csv(out):
    db = str(out / "pipeline.duckdb")
    sql = "SELECT name, rank, position FROM officials WHERE rank = 'AKBP' ORDER BY name"
    res = CliRunner().invoke(app, ["query", sql, "--db", db], env=ENV)
    assert res.exit_code == 0, res.output
    assert "Galih Sasongko Wibisono" in res.output and "┃ name" in res.output
    res = CliRunner().invoke(app, ["query", sql, "--db", db, "--csv"], env=ENV)
    assert res.exit_code == 0
    rows = list(csv.reader(io.StringIO(res.output)))
    off = pd.read_parquet(out / "officials.parquet")
    assert rows[0] == ["name", "rank", "position"]
    assert sorted(r[0] for r in rows[1:]) == sorted(off.loc[off["rank"] == "AKBP", "name"])


def test_query_errors_are_clear(out, tmp_path):
    res = CliRunner().invoke(app, ["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")], env=ENV)
    assert res.exit_code == 2 and "no such database" in res.output
    res = CliRunner().invoke(app, ["query", "SELEC name FROM officials", "--db", str(out / "pipeline.duckdb")],
                             env=ENV)
    assert res.exit_code == 2 and "SQL error" in res.output and "syntax error" in res.output
    res = CliRunner().invoke(app, ["query", "SELECT * FROM offcials", "--db", str(out / "pipeline.duckdb")], env=ENV)
    assert res.exit_code == 2 and "quotes_articles" in res.output  # the names it could have meant


def test_views_keep_one_row_per_quote_when_a_person_key_repeats(out):
    """A people row written twice with one key (seen on the corpus) must not double its quotes."""
    from pipeline.write.duckdb_schema import create_views

    con = duckdb.connect()
    schema = json.loads((out / "schema.json").read_text())
    for name in schema:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{out / (name + '.parquet')}')")
    n_quotes = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    con.execute("""INSERT INTO people SELECT p.* FROM people p JOIN quotes q
                   ON q.article_id = p.article_id AND q.speaker_key = p.person_key LIMIT 1""")
    create_views(con)
    for view in ("quotes_people", "quotes_articles"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == n_quotes, view
    con.close()
